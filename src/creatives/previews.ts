// Posters and thumbnails: a video's poster is the frame at one second (the first frame is often black),
// scaled to at most 720 px; every file gets a thumbnail of at most 320 px. Each is written to a temporary
// name and renamed into place. Without ffmpeg the media is still stored; its previews say why they are missing.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from './ffmpeg.ts';
import { mediaTempDir, posterPath, thumbnailPath } from './media-paths.ts';

export interface Previews {
  has_poster: boolean;
  has_thumbnail: boolean;
  preview_error: string | null;
}

const fit = (max: number): string =>
  `scale=w='min(${max},iw)':h='min(${max},ih)':force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2`;

/** Output options that keep a preview the same bytes for the same input (no encoder version or dates). */
const STABLE = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags', '+bitexact'];

export async function makePreviews(
  dataDir: string,
  media: { sha256: string; kind: 'video' | 'image'; path: string; duration_s: number | null },
): Promise<Previews> {
  const poster = posterPath(dataDir, media.sha256);
  const thumb = thumbnailPath(dataDir, media.sha256);
  const wantPoster = media.kind === 'video';
  if (fs.existsSync(thumb) && (!wantPoster || fs.existsSync(poster))) {
    return { has_poster: wantPoster, has_thumbnail: true, preview_error: null };
  }
  const tempDir = mediaTempDir(dataDir);
  await fsp.mkdir(tempDir, { recursive: true });
  const id = randomUUID();
  const tempPoster = path.join(tempDir, `${id}.poster.jpg`);
  const tempThumb = path.join(tempDir, `${id}.thumb.jpg`);
  try {
    const seek = media.kind === 'video' && (media.duration_s ?? 0) >= 2 ? ['-ss', '1'] : [];
    const posterOut = wantPoster
      ? ['-frames:v', '1', '-vf', fit(720), '-q:v', '3', ...STABLE, tempPoster]
      : [];
    await runFfmpeg([
      ...seek,
      '-i',
      media.path,
      ...posterOut,
      ...['-frames:v', '1', '-vf', fit(320), '-q:v', '4', ...STABLE, tempThumb],
    ]);
    if (wantPoster) await fsp.rename(tempPoster, poster);
    await fsp.rename(tempThumb, thumb);
    return { has_poster: wantPoster, has_thumbnail: true, preview_error: null };
  } catch (error) {
    await Promise.all([fsp.rm(tempPoster, { force: true }), fsp.rm(tempThumb, { force: true })]);
    return { has_poster: false, has_thumbnail: false, preview_error: (error as Error).message };
  }
}

export async function removeMediaFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => fsp.rm(p, { force: true })));
}
