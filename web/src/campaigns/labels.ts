// Words for TikTok's enum values, as Ads Manager shows them, and small pure helpers for the Campaign tab.
import type {
  AdFields,
  AdGroupFields,
  CampaignFields,
  DeliveryStatus,
  EntityRow,
  Level,
} from '../../../src/shared/campaigns-api.ts';

export const LEVEL_LABEL: Record<Level, { plural: string; singular: string }> = {
  campaigns: { plural: 'Campaigns', singular: 'Campaign' },
  adgroups: { plural: 'Ad groups', singular: 'Ad group' },
  ads: { plural: 'Ads', singular: 'Ad' },
};

export const OBJECTIVE_LABEL: Record<CampaignFields['objective_type'], string> = {
  REACH: 'Reach',
  TRAFFIC: 'Traffic',
  VIDEO_VIEWS: 'Video views',
  ENGAGEMENT: 'Community interaction',
  LEAD_GENERATION: 'Lead generation',
  WEB_CONVERSIONS: 'Website conversions',
  PRODUCT_SALES: 'Product sales',
  APP_PROMOTION: 'App promotion',
};

export const BUDGET_MODE_LABEL: Record<CampaignFields['budget_mode'], string> = {
  BUDGET_MODE_INFINITE: 'No limit',
  BUDGET_MODE_DAY: 'Daily',
  BUDGET_MODE_TOTAL: 'Lifetime',
};

export const AGE_LABEL: Record<AdGroupFields['age_groups'][number], string> = {
  AGE_13_17: '13–17',
  AGE_18_24: '18–24',
  AGE_25_34: '25–34',
  AGE_35_44: '35–44',
  AGE_45_54: '45–54',
  AGE_55_100: '55+',
};

export const GENDER_LABEL: Record<AdGroupFields['gender'], string> = {
  GENDER_UNLIMITED: 'All',
  GENDER_MALE: 'Male',
  GENDER_FEMALE: 'Female',
};

export const PLACEMENT_LABEL: Record<AdGroupFields['placements'][number], string> = {
  PLACEMENT_TIKTOK: 'TikTok',
  PLACEMENT_PANGLE: 'Pangle',
};

export const GOAL_LABEL: Record<AdGroupFields['optimization_goal'], string> = {
  CLICK: 'Clicks',
  CONVERT: 'Conversions',
  REACH: 'Reach',
  SHOW: 'Impressions',
  VIDEO_VIEW: 'Video views (6 s)',
  ENGAGED_VIEW: 'Focused views',
  VALUE: 'Value',
};

export const BILLING_LABEL: Record<AdGroupFields['billing_event'], string> = {
  CPC: 'CPC (per click)',
  CPM: 'CPM (per 1,000 impressions)',
  CPV: 'CPV (per 6-second view)',
  OCPM: 'oCPM (optimised per 1,000 impressions)',
};

export const PACING_LABEL: Record<AdGroupFields['pacing'], string> = {
  PACING_MODE_SMOOTH: 'Standard (spread over the day)',
  PACING_MODE_FAST: 'Accelerated (as fast as possible)',
};

export const CLICK_WINDOW_LABEL: Record<AdGroupFields['click_attribution_window'], string> = {
  OFF: 'Off',
  ONE_DAY: '1 day',
  SEVEN_DAYS: '7 days',
  FOURTEEN_DAYS: '14 days',
  TWENTY_EIGHT_DAYS: '28 days',
};

export const VIEW_WINDOW_LABEL: Record<AdGroupFields['view_attribution_window'], string> = {
  OFF: 'Off',
  ONE_DAY: '1 day',
  SEVEN_DAYS: '7 days',
};

export const FORMAT_LABEL: Record<AdFields['ad_format'], string> = {
  SINGLE_VIDEO: 'Single video',
  SINGLE_IMAGE: 'Single image',
};

export const CTA_LABEL: Record<AdFields['call_to_action'], string> = {
  LEARN_MORE: 'Learn more',
  SHOP_NOW: 'Shop now',
  SIGN_UP: 'Sign up',
  CONTACT_US: 'Contact us',
  APPLY_NOW: 'Apply now',
  BOOK_NOW: 'Book now',
  DOWNLOAD_NOW: 'Download now',
  ORDER_NOW: 'Order now',
  GET_QUOTE: 'Get quote',
  SUBSCRIBE: 'Subscribe',
  WATCH_NOW: 'Watch now',
  VIEW_NOW: 'View now',
  READ_MORE: 'Read more',
};

export type DeliveryTone = 'on' | 'off' | 'gone' | 'wait' | 'warn' | 'bad';

/** The colour of a row's status: delivering green, waiting amber, a problem red, switched off grey. */
export function deliveryTone(code: DeliveryStatus['code']): DeliveryTone {
  switch (code) {
    case 'DELIVERING':
      return 'on';
    case 'DISABLED':
    case 'PARENT_DISABLED':
    case 'ENDED':
      return 'off';
    case 'DELETED':
      return 'gone';
    case 'IN_REVIEW':
    case 'NOT_STARTED':
      return 'wait';
    case 'REJECTED':
      return 'bad';
    default:
      return 'warn';
  }
}

export type BidStrategy = 'LOWEST_COST' | 'COST_CAP' | 'BID_CAP';

/** Lowest cost when TikTok bids; with a custom bid, a cost cap on oCPM (per result) and a bid cap otherwise. */
export function bidStrategy(
  bidType: AdGroupFields['bid_type'],
  billingEvent: AdGroupFields['billing_event'],
): BidStrategy {
  if (bidType === 'BID_TYPE_NO_BID') return 'LOWEST_COST';
  return billingEvent === 'OCPM' ? 'COST_CAP' : 'BID_CAP';
}

export const BID_STRATEGY_LABEL: Record<BidStrategy, string> = {
  LOWEST_COST: 'Lowest cost',
  COST_CAP: 'Cost cap',
  BID_CAP: 'Bid cap',
};

export function isCampaign(entity: EntityRow['entity']): entity is CampaignFields {
  return 'campaign_name' in entity && 'objective_type' in entity;
}

export function isAdGroup(entity: EntityRow['entity']): entity is AdGroupFields {
  return 'adgroup_name' in entity && 'optimization_goal' in entity;
}

export function isAd(entity: EntityRow['entity']): entity is AdFields {
  return 'ad_id' in entity;
}

/** A budget changed by a quick action: +20 % or −20 %, to the cent. */
export function scaleBudget(budget: number, factor: number): number {
  return Math.round(budget * factor * 100) / 100;
}

/** Audience sizes are estimates: "2.4M", "830K". */
export function formatAudience(size: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(size);
}
