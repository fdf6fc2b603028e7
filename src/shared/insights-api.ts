// The insights contract: what GET /api/v1/advertisers/{id}/insights and `adcockpit insights --format json`
// answer. Codes are stable (the API, CLI and UI key on them); the enum lists every code the product knows,
// including those no detector raises yet, so clients can be written against the whole set.
import { z } from 'zod';

export const InsightCode = z.enum([
  'creative_fatigue',
  'weak_hook',
  'hook_not_holding',
  'landing_page_mismatch',
  'winner',
  'audience_too_small',
  'bid_too_low',
  'budget_not_spending',
  'stuck_in_review',
  'stopped_delivering',
  'runaway_cpa',
  'unprofitable',
  'pixel_silent',
]);
export type InsightCode = z.infer<typeof InsightCode>;

export const InsightLevel = z.enum(['campaign', 'adgroup', 'ad']);
export type InsightLevel = z.infer<typeof InsightLevel>;

export const InsightSeverity = z.enum(['critical', 'warning', 'info']);
export type InsightSeverity = z.infer<typeof InsightSeverity>;

const DateRange = z.object({ from: z.string(), to: z.string() });

/** One metric as the detector saw it: its value in the window and what it was judged against. */
export const EvidenceMetric = z.object({
  metric: z.string().describe('a metric id of the catalog (ctr, cpm, video_watched_2s_rate, …)'),
  label: z.string(),
  value: z.number().nullable(),
  baseline: z.number().nullable(),
  /** value ÷ baseline − 1; null without a baseline. */
  change: z.number().nullable(),
  /** The counts the rate is made of, so it can be recomputed by hand. */
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  baseline_numerator: z.number().nullable(),
  baseline_denominator: z.number().nullable(),
});
export type EvidenceMetric = z.infer<typeof EvidenceMetric>;

export const StatTest = z.object({
  name: z.string().describe('e.g. two-proportion z-test (one-sided)'),
  metric: z.string(),
  z: z.number(),
  p_value: z.number(),
  /** 1 − p, after any correction for the number of comparisons. */
  confidence: z.number(),
  /** Relative lift of the entity over its baseline (value ÷ baseline − 1). */
  effect_size: z.number(),
});
export type StatTest = z.infer<typeof StatTest>;

export const Evidence = z.object({
  window: DateRange.describe('the days the values are taken from'),
  baseline_window: DateRange.nullable().describe('the days the baselines are taken from (null: same window)'),
  baseline: z.string().describe('what the baseline is, in words'),
  metrics: z.array(EvidenceMetric),
  tests: z.array(StatTest),
  /** Thresholds the detector applied, by name, so a reader can see how close the call was. */
  thresholds: z.record(z.string(), z.number()),
});
export type Evidence = z.infer<typeof Evidence>;

export const CreativeBrief = z.object({
  headline: z.string(),
  items: z.array(z.string()),
});
export type CreativeBrief = z.infer<typeof CreativeBrief>;

/** What the team decided about an insight; absent on an open one (the only ones listed by default). */
export const InsightState = z.object({
  status: z.enum(['dismissed', 'snoozed']),
  /** The member who decided (their name), null if they have since been removed. */
  by: z.string().nullable(),
  at: z.string().describe('when, as an ISO 8601 timestamp'),
  until: z.string().nullable().describe('YYYY-MM-DD: a snoozed insight shows again on this day'),
});
export type InsightState = z.infer<typeof InsightState>;

export const Insight = z.object({
  code: InsightCode,
  level: InsightLevel,
  entity_id: z.string(),
  entity_name: z.string(),
  severity: InsightSeverity,
  since: z.string().describe('YYYY-MM-DD, the first day the problem (or the win) shows'),
  evidence: Evidence,
  summary: z.string(),
  recommendation: z.string(),
  brief: CreativeBrief.nullable(),
  state: InsightState.optional(),
});
export type Insight = z.infer<typeof Insight>;

export const InsightList = z.object({ insights: z.array(Insight) });
export type InsightList = z.infer<typeof InsightList>;

export const InsightsQuery = z.object({
  as_of: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .optional()
    .describe("the last day to consider (default: the advertiser's today)"),
  include: z
    .enum(['dismissed'])
    .optional()
    .describe('dismissed: also list the dismissed and snoozed insights, each with its state'),
});

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

/**
 * Which insight a dismissal is about: the problem (code) on the entity. `since` is the onset the member
 * saw; the same problem stays dismissed when a later run moves it, a new episode after the dismissal does not.
 */
export const InsightKey = z.object({
  code: InsightCode,
  level: InsightLevel,
  entity_id: z.string().min(1),
  since: isoDay,
});
export type InsightKey = z.infer<typeof InsightKey>;

export const InsightSnooze = InsightKey.extend({
  until: isoDay.describe("the day it shows again (after the advertiser's today)"),
});
export type InsightSnooze = z.infer<typeof InsightSnooze>;

/** The answer to dismiss, snooze and restore: the key and its state now (null: open again). */
export const InsightStateChange = z.object({
  code: InsightCode,
  level: InsightLevel,
  entity_id: z.string(),
  state: InsightState.nullable(),
});
export type InsightStateChange = z.infer<typeof InsightStateChange>;

// The delivery troubleshooting check ("Why isn't it spending?") of one ad group:
// GET /api/v1/advertisers/{id}/adgroups/{adgroupId}/troubleshoot and `adcockpit troubleshoot`.
export const TroubleshootStatus = z.enum(['pass', 'fail', 'warn', 'not_applicable']);
export type TroubleshootStatus = z.infer<typeof TroubleshootStatus>;

export const TroubleshootCheckId = z.enum([
  'status',
  'review',
  'budget_minimum',
  'pacing',
  'bid',
  'audience',
  'schedule',
  'fatigue',
]);
export type TroubleshootCheckId = z.infer<typeof TroubleshootCheckId>;

/** One number (or word) a check looked at, so the reader can verify the verdict. */
export const TroubleshootValue = z.object({
  name: z.string().describe('a stable key, e.g. budget, spend_yesterday, clearing_cpm'),
  label: z.string(),
  value: z.union([z.number(), z.string()]).nullable(),
  /** The currency code for money, '%' for shares, or a unit word (people, impressions); null: a plain number. */
  unit: z.string().nullable(),
});
export type TroubleshootValue = z.infer<typeof TroubleshootValue>;

export const TroubleshootCheck = z.object({
  id: TroubleshootCheckId,
  label: z.string(),
  status: TroubleshootStatus,
  evidence: z.object({ text: z.string(), values: z.array(TroubleshootValue) }),
  /** What to do when the check fails or warns; null when it passes or does not apply. */
  fix: z.string().nullable(),
});
export type TroubleshootCheck = z.infer<typeof TroubleshootCheck>;

export const TroubleshootAnswer = z.object({
  advertiser_id: z.string(),
  adgroup_id: z.string(),
  adgroup_name: z.string(),
  as_of: z.string().describe('YYYY-MM-DD, the day judged ("today" in the checks)'),
  /** The moment judged: the end of the as-of day on the advertiser's clock, or now if sooner (ISO 8601). */
  at: z.string(),
  /** One line: the first failing check's verdict, or that nothing holds the ad group back. */
  verdict: z.string(),
  checks: z.array(TroubleshootCheck),
});
export type TroubleshootAnswer = z.infer<typeof TroubleshootAnswer>;
