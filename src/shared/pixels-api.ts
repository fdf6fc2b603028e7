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

// ---- Assets → Pixels ----

export const PixelCreateRequest = z.object({
  name: z.string().trim().min(1, 'Give the pixel a name.').max(100, 'Use at most 100 characters.'),
});

/** A pixel as the Pixels screen lists it: its status and how many events it had lately. */
export const PixelInfo = PixelActivityInfo.extend({
  create_time: z.string(),
  /** Events that arrived in the last 24 hours / 7 days (counted ones and duplicate copies; no tests). */
  events_24h: z.number(),
  events_7d: z.number(),
});
export type PixelInfo = z.infer<typeof PixelInfo>;

export const PixelList = z.object({ pixels: z.array(PixelInfo) });

export const EventSources = z.enum(['browser', 'server', 'both']);
export type EventSources = z.infer<typeof EventSources>;

export const PixelEventCount = z.object({
  event: z.string(),
  /** One of TikTok's standard events (after the 2025 renames); otherwise a custom event. */
  standard: z.boolean(),
  count_24h: z.number(),
  count_7d: z.number(),
  /** Copies that arrived from the browser pixel / from the Events API in the 7 days, duplicates included. */
  browser_7d: z.number(),
  server_7d: z.number(),
  duplicates_7d: z.number(),
  sources: EventSources,
  last_received_at: z.string(),
});
export type PixelEventCount = z.infer<typeof PixelEventCount>;

export const PixelEventSummary = z.object({
  pixel_id: z.string(),
  /** The instant the counts are taken at (ISO 8601). */
  as_of: z.string(),
  events: z.array(PixelEventCount),
});
export type PixelEventSummary = z.infer<typeof PixelEventSummary>;

// ---- Assets → Events: the live feed ----

export const EventOutcome = z.enum(['counted', 'duplicate', 'test']);
export type EventOutcome = z.infer<typeof EventOutcome>;

/** One event of the live feed (the `data` of a server-sent `event: events` message holds a list). */
export const LiveEvent = z.object({
  /** The feed's id for this row (also the SSE id of the message that carried it). */
  seq: z.number(),
  pixel_code: z.string(),
  event: z.string(),
  event_id: z.string(),
  event_time: z.string(),
  received_at: z.string(),
  source: z.enum(['browser', 'server']),
  outcome: EventOutcome,
  test_event_code: z.string().nullable(),
  ttclid: z.string().nullable(),
  ttp: z.string().nullable(),
  page_url: z.string().nullable(),
  value_micros: z.number().nullable(),
  currency: z.string().nullable(),
  order_id: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  user_data: z.record(z.string(), z.unknown()),
  properties: z.record(z.string(), z.unknown()).nullable(),
});
export type LiveEvent = z.infer<typeof LiveEvent>;

export const LiveFeedQuery = z.object({
  /** `live` (counted events and duplicate copies) or `test` (events sent with a test_event_code). */
  view: z.enum(['live', 'test']).default('live'),
  pixel: z.string().optional(),
  event: z.string().optional(),
  source: z.enum(['browser', 'server']).optional(),
});
export type LiveFeedQuery = z.infer<typeof LiveFeedQuery>;

// ---- Assets → Events: diagnostics ----

export const DiagnosticSeverity = z.enum(['error', 'warning', 'info']);
export type DiagnosticSeverity = z.infer<typeof DiagnosticSeverity>;

export const DiagnosticRule = z.enum([
  'missing_value',
  'missing_currency',
  'invalid_currency',
  'misspelt_event',
  'custom_event',
  'refused_requests',
  'empty_hash',
  'duplicates_same_source',
  'duplicates_cross_source',
  'missing_event_id',
  'no_ttclid',
]);
export type DiagnosticRule = z.infer<typeof DiagnosticRule>;

export const Diagnostic = z.object({
  rule: DiagnosticRule,
  severity: DiagnosticSeverity,
  /** The event name it is about; null for the pixel as a whole (refused requests). */
  event: z.string().nullable(),
  title: z.string(),
  /** What was seen, with the numbers. */
  detail: z.string(),
  /** What to change, concretely. */
  fix: z.string(),
  /** Events (or requests) concerned, and their share of the event's total when that makes sense. */
  count: z.number(),
  share: z.number().nullable(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** Requests for a pixel the Events API refused (nothing of them was stored), grouped by code and reason. */
export const PixelRefusal = z.object({
  code: z.number(),
  reason: z.string(),
  count: z.number(),
  first_seen: z.string(),
  last_seen: z.string(),
  /** The last refusal's message as it was answered (with its event index). */
  example: z.string(),
});
export type PixelRefusal = z.infer<typeof PixelRefusal>;

export const DiagnosticsQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(7),
});

export const PixelDiagnostics = z.object({
  pixel_id: z.string(),
  from: z.string(),
  to: z.string(),
  /** Events per name in the period (counted ones), each name's diagnostics under `diagnostics`. */
  events: z.array(z.object({ event: z.string(), count: z.number(), standard: z.boolean() })),
  diagnostics: z.array(Diagnostic),
  refusals: z.array(PixelRefusal),
});
export type PixelDiagnostics = z.infer<typeof PixelDiagnostics>;
