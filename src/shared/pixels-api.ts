// Pixel tokens and pixel activity, as the API answers them (shared by the server and the web app).
import { z } from 'zod';

export const PixelTokenInfo = z.object({
  token_id: z.string(),
  pixel_id: z.string(),
  name: z.string(),
  /** The token's first characters, to tell tokens apart; the token itself is shown only at creation. */
  prefix: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type PixelTokenInfo = z.infer<typeof PixelTokenInfo>;

export const PixelTokenList = z.object({ tokens: z.array(PixelTokenInfo) });

export const PixelTokenCreateRequest = z.object({
  name: z.string().trim().min(1).max(100).default('Events API'),
});

export const PixelTokenCreated = z.object({
  token: PixelTokenInfo,
  /** The Access-Token to send; shown this once. */
  secret: z.string(),
});

export const PixelStatus = z.enum(['Active', 'No recent activity', 'Never fired']);

export const PixelActivityInfo = z.object({
  pixel_id: z.string(),
  pixel_code: z.string(),
  pixel_name: z.string(),
  status: PixelStatus,
  /** When its last event arrived (ISO 8601), null when none ever did. */
  last_event_time: z.string().nullable(),
});
export type PixelActivityInfo = z.infer<typeof PixelActivityInfo>;

export const PixelActivityList = z.object({ pixels: z.array(PixelActivityInfo) });
