// TikTok's upload limits for ad creatives (file/video/ad/upload and file/image/ad/upload): size, pixels and
// duration. Each refusal names the limit and the file's own value, so the advertiser knows what to change.
import type { MediaInfo } from './media-info.ts';

export const LIMITS = {
  video: {
    maxBytes: 500 * 1024 * 1024,
    /** 540 × 960, 960 × 540 and 640 × 640 are TikTok's smallest video sizes: 540 px on the shorter side. */
    minShortSide: 540,
    minSeconds: 5,
    maxSeconds: 600,
  },
  image: {
    maxBytes: 50 * 1024 * 1024,
    maxPixels: 3_686_400,
    /** Smaller images are rejected as blurry by review; TikTok's smallest image sizes are 640 px wide. */
    minShortSide: 360,
  },
} as const;

export type Limits = typeof LIMITS;

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const fmt = (n: number): string => n.toLocaleString('en-US');

export function sizeLimitMessage(kind: 'video' | 'image', limits: Limits = LIMITS): string {
  return kind === 'video'
    ? `Videos may be at most ${mb(limits.video.maxBytes)} (TikTok's limit); compress it or shorten it.`
    : `Images may be at most ${mb(limits.image.maxBytes)} (TikTok's limit); save it smaller or as JPEG.`;
}

/** Every limit the file breaks, each as its own sentence (empty when it passes). */
export function limitProblems(
  kind: 'video' | 'image',
  info: MediaInfo,
  limits: Limits = LIMITS,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const shortSide = Math.min(info.width, info.height);
  const pixels = info.width * info.height;
  if (kind === 'video') {
    if (shortSide < limits.video.minShortSide) {
      problems.push({
        field: 'pixel_count',
        message: `The video is ${info.width}×${info.height} (${fmt(pixels)} pixels); TikTok needs at least ${limits.video.minShortSide} px on the shorter side (540×960, 960×540 or 640×640 and up).`,
      });
    }
    const seconds = info.duration_s ?? 0;
    if (seconds < limits.video.minSeconds) {
      problems.push({
        field: 'duration',
        message: `The video lasts ${seconds} s; TikTok needs at least ${limits.video.minSeconds} s.`,
      });
    }
    if (seconds > limits.video.maxSeconds) {
      problems.push({
        field: 'duration',
        message: `The video lasts ${seconds} s; TikTok takes at most ${limits.video.maxSeconds / 60} minutes.`,
      });
    }
  } else {
    if (pixels > limits.image.maxPixels) {
      problems.push({
        field: 'pixel_count',
        message: `The image is ${info.width}×${info.height} (${fmt(pixels)} pixels); TikTok takes at most ${fmt(limits.image.maxPixels)} pixels (e.g. 1920×1920). Scale it down.`,
      });
    }
    if (shortSide < limits.image.minShortSide) {
      problems.push({
        field: 'pixel_count',
        message: `The image is ${info.width}×${info.height} (${fmt(pixels)} pixels); it needs at least ${limits.image.minShortSide} px on the shorter side.`,
      });
    }
  }
  return problems;
}

/** "9:16", "16:9", "1:1", "4:5"… reduced; an odd size is named by its nearest common ratio, e.g. "≈9:16". */
export function aspectRatio(width: number, height: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(width, height);
  const exact = `${width / d}:${height / d}`;
  if (width / d <= 32 && height / d <= 32) return exact;
  const common = ['9:16', '16:9', '1:1', '4:5', '5:4', '4:3', '3:4', '2:3', '3:2', '1.91:1'];
  const value = width / height;
  const nearest = common.reduce((best, ratio) =>
    Math.abs(ratioValue(ratio) - value) < Math.abs(ratioValue(best) - value) ? ratio : best,
  );
  return `≈${nearest}`;
}

function ratioValue(ratio: string): number {
  const [w, h] = ratio.split(':').map(Number);
  return w! / h!;
}
