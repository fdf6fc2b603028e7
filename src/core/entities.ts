// The catalog's entities, named after TikTok Marketing API v1.3 fields. IDs are strings (they exceed 2^53).
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
  OperationStatus,
  OptimizationGoal,
  Pacing,
  Placement,
  ViewAttributionWindow,
} from './enums.ts';

export const ReviewStatus = z.enum(['REVIEWING', 'SUCCEED', 'FAIL']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const AdvertiserSource = z.enum(['sandbox', 'tiktok', 'import']);

export const Advertiser = z.object({
  advertiser_id: z.string(),
  name: z.string(),
  currency: z.string().length(3),
  timezone: z.string(),
  source: AdvertiserSource,
  product_value: z.number().nullable(),
  margin: z.number().nullable(),
  create_time: z.string(),
});
export type Advertiser = z.infer<typeof Advertiser>;

export const Campaign = z.object({
  campaign_id: z.string(),
  advertiser_id: z.string(),
  campaign_name: z.string(),
  objective_type: ObjectiveType,
  budget_mode: BudgetMode,
  /** Money in the advertiser's currency, as micro-units (1/1,000,000). Null when the budget is unlimited. */
  budget_micros: z.bigint().nullable(),
  operation_status: OperationStatus,
  create_time: z.string(),
  modify_time: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const Targeting = z.object({
  locations: z.array(z.string().length(2)),
  age_groups: z.array(AgeGroup),
  gender: Gender,
  languages: z.array(z.string()),
  interests: z.array(z.string()),
  /** Custom and lookalike audiences to include and exclude; absent in ad groups made before audiences. */
  audience_ids: z.array(z.string()).optional(),
  excluded_audience_ids: z.array(z.string()).optional(),
});
export type Targeting = z.infer<typeof Targeting>;

export const AdGroup = z.object({
  adgroup_id: z.string(),
  campaign_id: z.string(),
  advertiser_id: z.string(),
  adgroup_name: z.string(),
  budget_mode: BudgetMode,
  budget_micros: z.bigint().nullable(),
  targeting: Targeting,
  placements: z.array(Placement),
  optimization_goal: OptimizationGoal,
  billing_event: BillingEvent,
  bid_type: BidType,
  bid_price_micros: z.bigint().nullable(),
  conversion_bid_price_micros: z.bigint().nullable(),
  pacing: Pacing,
  schedule_start_time: z.string(),
  schedule_end_time: z.string().nullable(),
  /** 336 characters of 0/1, one per half hour from Monday 00:00 on the advertiser's clock; null = always on. */
  dayparting: z.string().nullable(),
  /** The pixel the ad group's web conversions are reported through. */
  pixel_id: z.string().nullable(),
  click_attribution_window: ClickAttributionWindow,
  view_attribution_window: ViewAttributionWindow,
  operation_status: OperationStatus,
  create_time: z.string(),
  modify_time: z.string(),
});
export type AdGroup = z.infer<typeof AdGroup>;

export const Pixel = z.object({
  pixel_id: z.string(),
  advertiser_id: z.string(),
  /** What the site's snippet and Events API requests name the pixel by, e.g. C4A1B2C3D4E5F6G7H8I9. */
  pixel_code: z.string(),
  pixel_name: z.string(),
  create_time: z.string(),
});
export type Pixel = z.infer<typeof Pixel>;

export const Creative = z.object({
  creative_id: z.string(),
  advertiser_id: z.string(),
  file_name: z.string(),
  kind: z.enum(['video', 'image']),
  duration_s: z.number().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  create_time: z.string(),
});
export type Creative = z.infer<typeof Creative>;

export const Ad = z.object({
  ad_id: z.string(),
  adgroup_id: z.string(),
  campaign_id: z.string(),
  advertiser_id: z.string(),
  ad_name: z.string(),
  ad_format: AdFormat,
  ad_text: z.string(),
  call_to_action: CallToAction,
  landing_page_url: z.string(),
  creative_id: z.string(),
  operation_status: OperationStatus,
  /** TikTok's review: in review, approved, or rejected with a reason. */
  review_status: ReviewStatus,
  review_submitted_at: z.string().nullable(),
  reviewed_at: z.string().nullable(),
  reject_reason: z.string().nullable(),
  create_time: z.string(),
  modify_time: z.string(),
});
export type Ad = z.infer<typeof Ad>;
