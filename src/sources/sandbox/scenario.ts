// The sandbox scenario contract (see docs/sandbox.md): an advertiser, its campaigns and the hidden truth
// about each creative, plus changes on given days. Field names and enums follow TikTok Marketing API v1.3.
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
} from '../../core/enums.ts';
import { isIsoDate } from '../../core/dates.ts';
import { isValidTimeZone } from '../../core/timezone.ts';
import { isKnownCurrency } from '../../core/money.ts';

const Status = z.enum(['ENABLE', 'DISABLE']);
/** TikTok's entity timestamps: "YYYY-MM-DD HH:MM:SS" in UTC. */
const UtcTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected "YYYY-MM-DD HH:MM:SS" (UTC)')
  .refine((v) => !Number.isNaN(Date.parse(`${v.replace(' ', 'T')}Z`)), 'not a valid date and time');
export const utcTimeToMs = (value: string): number => Date.parse(`${value.replace(' ', 'T')}Z`);
const share = z.number().min(0).max(1);

export const CreativeTruth = z.object({
  name: z.string().min(1),
  duration_s: z.number().positive().max(600).optional(),
  thumbstop: share,
  hold: share,
  ctr: share,
  cvr: share,
  fatigue: share,
});
export type CreativeTruth = z.infer<typeof CreativeTruth>;

export const Review = z.union([
  z.object({ hours: z.number().min(0) }).strict(),
  z.object({ stuck: z.literal(true) }).strict(),
  z.object({ rejected: z.string().min(1) }).strict(),
]);

export const ScenarioAd = z.object({
  ad_name: z.string().min(1).max(512),
  ad_format: AdFormat.default('SINGLE_VIDEO'),
  ad_text: z.string().min(1).max(100),
  call_to_action: CallToAction,
  landing_page_url: z.string().url(),
  operation_status: Status.default('ENABLE'),
  creative: CreativeTruth,
  review: Review.optional(),
});
export type ScenarioAd = z.infer<typeof ScenarioAd>;

export const ScenarioAdGroup = z.object({
  adgroup_name: z.string().min(1).max(512),
  budget_mode: BudgetMode,
  budget: z.number().positive().optional(),
  locations: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 country code')).min(1),
  age_groups: z.array(AgeGroup).optional(),
  gender: Gender.default('GENDER_UNLIMITED'),
  interests: z.array(z.string().min(1)).default([]),
  placements: z.array(Placement).min(1).default(['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE']),
  optimization_goal: OptimizationGoal,
  billing_event: BillingEvent,
  bid_type: BidType.default('BID_TYPE_NO_BID'),
  bid_price: z.number().positive().optional(),
  conversion_bid_price: z.number().positive().optional(),
  pacing: Pacing.default('PACING_MODE_SMOOTH'),
  schedule_start_time: UtcTime.optional(),
  schedule_end_time: UtcTime.optional(),
  dayparting: z
    .string()
    .regex(/^[01]{336}$/, 'expected 336 characters of 0 and 1 (48 half hours × 7 days, Monday first)')
    .optional(),
  click_attribution_window: ClickAttributionWindow.default('SEVEN_DAYS'),
  view_attribution_window: ViewAttributionWindow.default('ONE_DAY'),
  pixel: z.string().optional(),
  operation_status: Status.default('ENABLE'),
  ads: z.array(ScenarioAd).min(1),
});
export type ScenarioAdGroup = z.infer<typeof ScenarioAdGroup>;

export const ScenarioCampaign = z.object({
  campaign_name: z.string().min(1).max(512),
  objective_type: ObjectiveType,
  budget_mode: BudgetMode.default('BUDGET_MODE_INFINITE'),
  budget: z.number().positive().optional(),
  operation_status: Status.default('ENABLE'),
  ad_groups: z.array(ScenarioAdGroup).min(1),
});
export type ScenarioCampaign = z.infer<typeof ScenarioCampaign>;

export const ScenarioChange = z.object({
  day: z.number().int().min(0),
  target: z.union([
    z.object({ campaign: z.string() }).strict(),
    z.object({ adgroup: z.string() }).strict(),
    z.object({ ad: z.string() }).strict(),
    z.object({ pixel: z.string() }).strict(),
  ]),
  set: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
});
export type ScenarioChange = z.infer<typeof ScenarioChange>;

export const Scenario = z.object({
  seed: z.number().int(),
  start_date: z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD'),
  days: z.number().int().min(1).max(730),
  advertiser: z.object({
    name: z.string().min(1),
    currency: z.string().refine(isKnownCurrency, 'expected an ISO 4217 currency code such as USD'),
    timezone: z.string().refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Amsterdam'),
    product_value: z.number().positive().optional(),
    margin: share.optional(),
  }),
  market: z.object({ cpm: z.number().positive().optional() }).default({}),
  shop: z
    .object({
      organic_orders_per_day: z.number().min(0).optional(),
      average_order_value: z.number().positive().optional(),
      refund_rate: share.optional(),
    })
    .optional(),
  pixels: z.array(z.object({ name: z.string().min(1) })).optional(),
  campaigns: z.array(ScenarioCampaign).min(1),
  changes: z.array(ScenarioChange).default([]),
});
export type Scenario = z.infer<typeof Scenario>;

/** When a scenario names no pixels, the advertiser gets one, so web ads report conversions. */
export const DEFAULT_PIXEL_NAME = 'Main pixel';

export function scenarioPixels(s: Scenario): { name: string }[] {
  return s.pixels ?? [{ name: DEFAULT_PIXEL_NAME }];
}

const SHARE_FIELDS = [
  'creative.thumbstop',
  'creative.hold',
  'creative.ctr',
  'creative.cvr',
  'creative.fatigue',
];
/** What a change may set on each kind of target, and the kind of value each field takes. */
export const CHANGEABLE: Record<
  'campaign' | 'adgroup' | 'ad' | 'pixel',
  Record<string, 'money' | 'status' | 'share' | 'boolean'>
> = {
  campaign: { budget: 'money', operation_status: 'status' },
  adgroup: { budget: 'money', operation_status: 'status', bid_price: 'money', conversion_bid_price: 'money' },
  ad: { operation_status: 'status', ...Object.fromEntries(SHARE_FIELDS.map((f) => [f, 'share' as const])) },
  pixel: { firing: 'boolean' },
};
