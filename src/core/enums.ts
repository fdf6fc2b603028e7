// Enum values exactly as TikTok Marketing API v1.3 spells them, so data from the API, from exports
// and from the sandbox share one vocabulary.
import { z } from 'zod';

export const ObjectiveType = z.enum([
  'REACH',
  'TRAFFIC',
  'VIDEO_VIEWS',
  'ENGAGEMENT',
  'LEAD_GENERATION',
  'WEB_CONVERSIONS',
  'PRODUCT_SALES',
  'APP_PROMOTION',
]);
export type ObjectiveType = z.infer<typeof ObjectiveType>;

export const BudgetMode = z.enum(['BUDGET_MODE_INFINITE', 'BUDGET_MODE_DAY', 'BUDGET_MODE_TOTAL']);
export type BudgetMode = z.infer<typeof BudgetMode>;

export const OperationStatus = z.enum(['ENABLE', 'DISABLE', 'DELETE']);
export type OperationStatus = z.infer<typeof OperationStatus>;

export const AgeGroup = z.enum([
  'AGE_13_17',
  'AGE_18_24',
  'AGE_25_34',
  'AGE_35_44',
  'AGE_45_54',
  'AGE_55_100',
]);
export type AgeGroup = z.infer<typeof AgeGroup>;

export const Gender = z.enum(['GENDER_UNLIMITED', 'GENDER_MALE', 'GENDER_FEMALE']);
export type Gender = z.infer<typeof Gender>;

export const Placement = z.enum(['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE']);
export type Placement = z.infer<typeof Placement>;

export const OptimizationGoal = z.enum([
  'CLICK',
  'CONVERT',
  'REACH',
  'SHOW',
  'VIDEO_VIEW',
  'ENGAGED_VIEW',
  'VALUE',
]);
export type OptimizationGoal = z.infer<typeof OptimizationGoal>;

export const BillingEvent = z.enum(['CPC', 'CPM', 'CPV', 'OCPM']);
export type BillingEvent = z.infer<typeof BillingEvent>;

export const BidType = z.enum(['BID_TYPE_NO_BID', 'BID_TYPE_CUSTOM']);
export type BidType = z.infer<typeof BidType>;

export const Pacing = z.enum(['PACING_MODE_SMOOTH', 'PACING_MODE_FAST']);
export type Pacing = z.infer<typeof Pacing>;

export const ClickAttributionWindow = z.enum([
  'OFF',
  'ONE_DAY',
  'SEVEN_DAYS',
  'FOURTEEN_DAYS',
  'TWENTY_EIGHT_DAYS',
]);
export type ClickAttributionWindow = z.infer<typeof ClickAttributionWindow>;

export const ViewAttributionWindow = z.enum(['OFF', 'ONE_DAY', 'SEVEN_DAYS']);
export type ViewAttributionWindow = z.infer<typeof ViewAttributionWindow>;

export const AdFormat = z.enum(['SINGLE_VIDEO', 'SINGLE_IMAGE']);
export type AdFormat = z.infer<typeof AdFormat>;

export const CallToAction = z.enum([
  'LEARN_MORE',
  'SHOP_NOW',
  'SIGN_UP',
  'CONTACT_US',
  'APPLY_NOW',
  'BOOK_NOW',
  'DOWNLOAD_NOW',
  'ORDER_NOW',
  'GET_QUOTE',
  'SUBSCRIBE',
  'WATCH_NOW',
  'VIEW_NOW',
  'READ_MORE',
]);
export type CallToAction = z.infer<typeof CallToAction>;

/** Days in an attribution window; OFF counts nothing. */
export const attributionDays: Record<ClickAttributionWindow, number> = {
  OFF: 0,
  ONE_DAY: 1,
  SEVEN_DAYS: 7,
  FOURTEEN_DAYS: 14,
  TWENTY_EIGHT_DAYS: 28,
};
