// The creative library (Assets → Creatives) as the API answers it: each creative with its file's real
// properties, where it is used, and its results across those ads. Shared by the server, the CLI and the web.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const MediaFile = z.object({
  sha256: z.string(),
  /** TikTok's video_signature / image_signature. */
  md5: z.string(),
  size_bytes: z.number(),
  format: z.enum(['mp4', 'mov', 'jpeg', 'png']),
  video_codec: z.string(),
  audio_codec: z.string().nullable(),
  has_poster: z.boolean(),
  has_thumbnail: z.boolean(),
  /** Why the poster or thumbnail is missing (ffmpeg not installed, say). */
  preview_error: z.string().nullable(),
});
export type MediaFile = z.infer<typeof MediaFile>;

export const CreativeUse = z.object({
  ad_id: z.string(),
  ad_name: z.string(),
  adgroup_id: z.string(),
  adgroup_name: z.string(),
  campaign_id: z.string(),
  campaign_name: z.string(),
  operation_status: z.string(),
});
export type CreativeUse = z.infer<typeof CreativeUse>;

/** Across every ad using the creative over the range; null where the ratio has no denominator. */
export const CreativeResults = z.object({
  spend: z.number().nullable(),
  impressions: z.number().nullable(),
  ctr: z.number().nullable(),
  hook_rate: z.number().nullable(),
  hold_rate: z.number().nullable(),
  conversion: z.number().nullable(),
  cost_per_conversion: z.number().nullable(),
});
export type CreativeResults = z.infer<typeof CreativeResults>;
export const RESULT_METRICS = Object.keys(CreativeResults.shape) as (keyof CreativeResults)[];

export const CreativeAsset = z.object({
  creative_id: z.string(),
  advertiser_id: z.string(),
  file_name: z.string(),
  kind: z.enum(['video', 'image']),
  /** True for files uploaded to the library; false for the creatives that came with the ads. */
  uploaded: z.boolean(),
  create_time: z.string(),
  width: z.number(),
  height: z.number(),
  /** Reduced, e.g. "9:16"; "≈9:16" when only close to a common ratio. */
  aspect_ratio: z.string(),
  duration_s: z.number().nullable(),
  media: MediaFile.nullable(),
  file_url: z.string().nullable(),
  poster_url: z.string().nullable(),
  thumbnail_url: z.string().nullable(),
  used_in: z.array(CreativeUse),
  results: CreativeResults,
});
export type CreativeAsset = z.infer<typeof CreativeAsset>;

export const CreativeLibraryQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });

export const CreativeLibrary = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  currency: z.string(),
  creatives: z.array(CreativeAsset),
});
export type CreativeLibrary = z.infer<typeof CreativeLibrary>;

export const CreativeUploadQuery = z.object({
  /** The file's name as the advertiser knows it: its extension must match what the file really is. */
  file_name: z.string().min(1).max(100),
});

export const CreativeUploaded = z.object({
  creative: CreativeAsset,
  /** True when the advertiser's library already held this very file: nothing new was stored. */
  duplicate: z.boolean(),
  message: z.string(),
});
export type CreativeUploaded = z.infer<typeof CreativeUploaded>;

export const CreativeDeleted = z.object({
  creative_id: z.string(),
  /** Whether the file itself was removed (no other advertiser's creative uses it). */
  file_removed: z.boolean(),
});
