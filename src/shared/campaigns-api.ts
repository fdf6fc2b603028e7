// The JSON shapes of the Campaign tab's API: campaigns, ad groups and ads with their numbers beside them.
// Field names and enum values are TikTok Marketing API v1.3's; money is in currency units (as TikTok's
// API writes budgets and bids), times are ISO 8601 instants.
import { z } from 'zod';
import {
  AdFormat,
  AgeGroup,
  BidType,
  BillingEvent,
  BudgetMode,
  CallToAction,
  ClickAttributionWindow,
  Gender,
  ObjectiveType,
  OptimizationGoal,
  Pacing,
  Placement,
  ViewAttributionWindow,
} from '../core/enums.ts';
import { ReviewStatus } from '../core/entities.ts';
import { AudienceEstimateBreakdown, AudienceTargetingFields } from './audiences-api.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const Level = z.enum(['campaigns', 'adgroups', 'ads']);
export type Level = z.infer<typeof Level>;

export const SwitchStatus = z.enum(['ENABLE', 'DISABLE']);

/**
 * Why a row delivers or not, most important reason first. `code` is stable for filters and tests;
 * `text` is what the table shows, e.g. "In review for 27 h", "Not delivering: budget exhausted".
 */
export const DeliveryStatus = z.object({
  code: z.enum([
    'DELIVERING',
    'DISABLED',
    'PARENT_DISABLED',
    'DELETED',
    'IN_REVIEW',
    'REJECTED',
    'NOT_STARTED',
    'ENDED',
    'BUDGET_EXHAUSTED',
    'AUDIENCE_TOO_SMALL',
    'BID_TOO_LOW',
    'NO_ADS',
    'NOT_DELIVERING',
  ]),
  text: z.string(),
});
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const CampaignFields = z.object({
  campaign_id: z.string(),
  campaign_name: z.string(),
  objective_type: ObjectiveType,
  budget_mode: BudgetMode,
  budget: z.number().nullable(),
  operation_status: z.enum(['ENABLE', 'DISABLE', 'DELETE']),
  create_time: z.string(),
  modify_time: z.string(),
});
export type CampaignFields = z.infer<typeof CampaignFields>;

export const AdGroupFields = z.object({
  adgroup_id: z.string(),
  campaign_id: z.string(),
  adgroup_name: z.string(),
  budget_mode: BudgetMode,
  budget: z.number().nullable(),
  schedule_start_time: z.string(),
  schedule_end_time: z.string().nullable(),
  dayparting: z.string().nullable(),
  locations: z.array(z.string()),
  age_groups: z.array(AgeGroup),
  gender: Gender,
  languages: z.array(z.string()),
  interests: z.array(z.string()),
  audience_ids: AudienceTargetingFields.audience_ids,
  excluded_audience_ids: AudienceTargetingFields.excluded_audience_ids,
  placements: z.array(Placement),
  optimization_goal: OptimizationGoal,
  billing_event: BillingEvent,
  bid_type: BidType,
  bid_price: z.number().nullable(),
  conversion_bid_price: z.number().nullable(),
  pacing: Pacing,
  click_attribution_window: ClickAttributionWindow,
  view_attribution_window: ViewAttributionWindow,
  pixel_id: z.string().nullable(),
  operation_status: z.enum(['ENABLE', 'DISABLE', 'DELETE']),
  create_time: z.string(),
  modify_time: z.string(),
});
export type AdGroupFields = z.infer<typeof AdGroupFields>;

export const AdFields = z.object({
  ad_id: z.string(),
  adgroup_id: z.string(),
  campaign_id: z.string(),
  ad_name: z.string(),
  ad_format: AdFormat,
  ad_text: z.string(),
  call_to_action: CallToAction,
  landing_page_url: z.string(),
  creative_id: z.string(),
  operation_status: z.enum(['ENABLE', 'DISABLE', 'DELETE']),
  review_status: ReviewStatus,
  review_submitted_at: z.string().nullable(),
  reviewed_at: z.string().nullable(),
  reject_reason: z.string().nullable(),
  create_time: z.string(),
  modify_time: z.string(),
});
export type AdFields = z.infer<typeof AdFields>;

const Metrics = z.record(z.string(), z.number().nullable());

/** One row of a level's table: the entity, its parents' names, why it (does not) deliver, its numbers. */
export const EntityRow = z.object({
  id: z.string(),
  name: z.string(),
  campaign_name: z.string().nullable(),
  adgroup_name: z.string().nullable(),
  delivery: DeliveryStatus,
  /** The entity's fields as TikTok names them; which ones depends on the level. */
  entity: z.union([CampaignFields, AdGroupFields, AdFields]),
  metrics: Metrics,
  /** The same metrics over the comparison range, when one was asked for. */
  previous: Metrics.nullable(),
});
export type EntityRow = z.infer<typeof EntityRow>;

export const EntityListResponse = z.object({
  level: Level,
  rows: z.array(EntityRow),
  /** Over every row that passed the filters (not just this page): ratios of sums, reach as distinct people. */
  totals: Metrics,
  previous_totals: Metrics.nullable(),
  /** Rows that passed the filters, before paging. */
  total_rows: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});
export type EntityListResponse = z.infer<typeof EntityListResponse>;

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  );

/**
 * The listing's query string: `metrics=spend,cpa`; `campaign_ids`/`adgroup_ids` (drill-down);
 * `status=ENABLE,DISABLE` (DELETE only when asked for); `objective=…`; `name=…` (contains, any case);
 * `filters=cpa>20,impressions=0` (operators > >= < <= = !=, values in display units);
 * `sort=spend:desc` (any metric or name/status/budget); `compare_from`/`compare_to`; `offset`, `limit`.
 */
export const EntityListQuery = z.object({
  from: isoDate,
  to: isoDate,
  compare_from: isoDate.optional(),
  compare_to: isoDate.optional(),
  metrics: commaList,
  campaign_ids: commaList,
  adgroup_ids: commaList,
  status: commaList,
  objective: commaList,
  name: z.string().optional(),
  filters: commaList,
  sort: z.string().optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});
export type EntityListQuery = z.input<typeof EntityListQuery>;

const name = z.string().trim().min(1).max(512);

export const CampaignCreate = z.object({
  campaign_name: name,
  objective_type: ObjectiveType,
  budget_mode: BudgetMode,
  budget: z.number().positive().optional(),
  operation_status: SwitchStatus.default('ENABLE'),
});
export type CampaignCreate = z.infer<typeof CampaignCreate>;

export const CampaignUpdate = z
  .object({
    campaign_name: name,
    budget: z.number().positive(),
    operation_status: SwitchStatus,
  })
  .partial();
export type CampaignUpdate = z.infer<typeof CampaignUpdate>;

export const AdGroupCreate = z.object({
  campaign_id: z.string().min(1),
  adgroup_name: name,
  budget_mode: BudgetMode,
  budget: z.number().positive().optional(),
  schedule_type: z.enum(['SCHEDULE_FROM_NOW', 'SCHEDULE_START_END']).default('SCHEDULE_FROM_NOW'),
  /** ISO 8601 instant; default now. */
  schedule_start_time: z.string().optional(),
  schedule_end_time: z.string().optional(),
  dayparting: z.string().optional(),
  locations: z.array(z.string()).min(1),
  age_groups: z.array(AgeGroup).default([]),
  gender: Gender.default('GENDER_UNLIMITED'),
  languages: z.array(z.string()).default([]),
  interests: z.array(z.string().trim().min(1)).default([]),
  audience_ids: AudienceTargetingFields.audience_ids.default([]),
  excluded_audience_ids: AudienceTargetingFields.excluded_audience_ids.default([]),
  placements: z.array(Placement).min(1).default(['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE']),
  optimization_goal: OptimizationGoal,
  billing_event: BillingEvent,
  bid_type: BidType.default('BID_TYPE_NO_BID'),
  bid_price: z.number().positive().optional(),
  conversion_bid_price: z.number().positive().optional(),
  pacing: Pacing.default('PACING_MODE_SMOOTH'),
  click_attribution_window: ClickAttributionWindow.default('SEVEN_DAYS'),
  view_attribution_window: ViewAttributionWindow.default('ONE_DAY'),
  pixel_id: z.string().optional(),
  operation_status: SwitchStatus.default('ENABLE'),
});
export type AdGroupCreate = z.infer<typeof AdGroupCreate>;

/**
 * Attribution windows, placements, optimisation and billing are create-only, as on TikTok. Written out
 * rather than derived from AdGroupCreate: its defaults must not fill in fields an edit leaves alone.
 */
export const AdGroupUpdate = z
  .object({
    adgroup_name: name,
    budget: z.number().positive(),
    schedule_end_time: z.string(),
    dayparting: z.string(),
    locations: z.array(z.string()).min(1),
    age_groups: z.array(AgeGroup),
    gender: Gender,
    languages: z.array(z.string()),
    interests: z.array(z.string().trim().min(1)),
    audience_ids: AudienceTargetingFields.audience_ids,
    excluded_audience_ids: AudienceTargetingFields.excluded_audience_ids,
    bid_type: BidType,
    bid_price: z.number().positive(),
    conversion_bid_price: z.number().positive(),
    pacing: Pacing,
    operation_status: SwitchStatus,
  })
  .partial()
  .strict();
export type AdGroupUpdate = z.infer<typeof AdGroupUpdate>;

export const AdCreate = z.object({
  adgroup_id: z.string().min(1),
  ad_name: name,
  ad_format: AdFormat.default('SINGLE_VIDEO'),
  ad_text: z.string().trim().min(1).max(100),
  call_to_action: CallToAction,
  landing_page_url: z.string(),
  creative_id: z.string().min(1),
  operation_status: SwitchStatus.default('ENABLE'),
});
export type AdCreate = z.infer<typeof AdCreate>;

/** Changing what people see (text, link, creative) sends the ad back to review, as on TikTok. */
export const AdUpdate = z
  .object({
    ad_name: name,
    ad_text: z.string().trim().min(1).max(100),
    call_to_action: CallToAction,
    landing_page_url: z.string(),
    creative_id: z.string().min(1),
    operation_status: SwitchStatus,
  })
  .partial()
  .strict();
export type AdUpdate = z.infer<typeof AdUpdate>;

export const BulkStatusRequest = z.object({
  ids: z.array(z.string().min(1)).min(1).max(1000),
  operation_status: z.enum(['ENABLE', 'DISABLE', 'DELETE']),
});
export type BulkStatusRequest = z.infer<typeof BulkStatusRequest>;

/** Each id's outcome: a bulk action applies to the ids it can and says why it could not for the rest. */
export const BulkStatusResponse = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
});
export type BulkStatusResponse = z.infer<typeof BulkStatusResponse>;

export const DuplicateRequest = z.object({
  /** The copy's name; default: the original's with " (copy)". */
  name: name.optional(),
  /** For an ad group: the campaign to copy it into (default: its own). */
  campaign_id: z.string().optional(),
});

export const DuplicateResponse = z.object({
  id: z.string(),
  copied: z.object({ adgroups: z.number(), ads: z.number() }),
});

export const UndoResponse = z.object({
  /** What was undone, in words, e.g. 'Budget of "US 25-44 · Broad" back to $50.00'. */
  undone: z.string(),
});

export const AudienceEstimateRequest = z.object({
  locations: z.array(z.string()).min(1),
  age_groups: z.array(AgeGroup).default([]),
  gender: Gender.default('GENDER_UNLIMITED'),
  interests: z.array(z.string()).default([]),
  audience_ids: AudienceTargetingFields.audience_ids.default([]),
  excluded_audience_ids: AudienceTargetingFields.excluded_audience_ids.default([]),
});
export const AudienceEstimate = z.object({
  size: z.number().int(),
  label: z.enum(['Narrow', 'Fairly Broad', 'Balanced', 'Broad']),
  /** Null when the request names no audience. */
  audiences: AudienceEstimateBreakdown.nullable(),
});
export type AudienceEstimate = z.infer<typeof AudienceEstimate>;

/** The budget rules for this advertiser's currency, so forms can say them before the server does. */
export const BudgetRules = z.object({
  currency: z.string(),
  campaign_min_daily: z.number(),
  campaign_min_lifetime: z.number(),
  adgroup_min_daily: z.number(),
  /** A lifetime ad group budget must be at least this × the number of scheduled days. */
  adgroup_min_lifetime_per_day: z.number(),
});
export type BudgetRules = z.infer<typeof BudgetRules>;

export const CreativeInfo = z.object({
  creative_id: z.string(),
  file_name: z.string(),
  kind: z.enum(['video', 'image']),
  duration_s: z.number().nullable(),
  width: z.number(),
  height: z.number(),
});
export const CreativeList = z.object({ creatives: z.array(CreativeInfo) });

export const PixelInfo = z.object({ pixel_id: z.string(), pixel_code: z.string(), pixel_name: z.string() });
export const PixelList = z.object({ pixels: z.array(PixelInfo) });

export const ColumnSet = z.object({
  name: z.string().trim().min(1).max(60),
  metrics: z.array(z.string()).min(1).max(60),
  builtin: z.boolean(),
});
export type ColumnSet = z.infer<typeof ColumnSet>;

export const ColumnSets = z.object({
  sets: z.array(ColumnSet),
  /** The set this user last chose (a name from `sets`). */
  chosen: z.string(),
  /** Column widths (px) this user set, by metric id. */
  widths: z.record(z.string(), z.number()),
});
export type ColumnSets = z.infer<typeof ColumnSets>;

export const ColumnSetSave = z.object({
  name: z.string().trim().min(1).max(60),
  metrics: z.array(z.string()).min(1).max(60),
});
export const ColumnPreferences = z
  .object({ chosen: z.string().min(1), widths: z.record(z.string(), z.number().int().min(40).max(800)) })
  .partial();
