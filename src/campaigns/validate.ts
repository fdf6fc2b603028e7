// TikTok's rules for campaigns, ad groups and ads (Marketing API v1.3, see docs/campaigns.md): budget
// minimums per currency, which optimisation goal goes with which objective and billing event, bids per
// bid strategy, schedules, pixels, landing pages. Every broken rule is reported with its field at once.
import type { AdGroup, Campaign, Creative } from '../core/entities.ts';
import type { ErrorDetail } from '../core/errors.ts';
import { AppError } from '../core/errors.ts';
import { usdToCurrency } from '../core/money.ts';
import type { BudgetRules } from '../shared/campaigns-api.ts';

const USD_MINIMUMS = { campaignDaily: 50, campaignLifetime: 50, adgroupDaily: 20, adgroupLifetimePerDay: 20 };
const DAY_MS = 86_400_000;

/** The minimums in the advertiser's currency, rounded up to whole units. */
export function budgetRules(currency: string): BudgetRules {
  const local = (usd: number) => Math.ceil(usdToCurrency(usd, currency));
  return {
    currency,
    campaign_min_daily: local(USD_MINIMUMS.campaignDaily),
    campaign_min_lifetime: local(USD_MINIMUMS.campaignLifetime),
    adgroup_min_daily: local(USD_MINIMUMS.adgroupDaily),
    adgroup_min_lifetime_per_day: local(USD_MINIMUMS.adgroupLifetimePerDay),
  };
}

/** Optimisation goals each objective offers, and the billing event each goal is bought with. */
const GOALS_BY_OBJECTIVE: Record<Campaign['objective_type'], AdGroup['optimization_goal'][]> = {
  REACH: ['REACH', 'SHOW'],
  TRAFFIC: ['CLICK'],
  VIDEO_VIEWS: ['VIDEO_VIEW', 'ENGAGED_VIEW'],
  ENGAGEMENT: ['ENGAGED_VIEW', 'CLICK'],
  LEAD_GENERATION: ['CONVERT', 'CLICK'],
  WEB_CONVERSIONS: ['CONVERT', 'VALUE', 'CLICK'],
  PRODUCT_SALES: ['CONVERT', 'VALUE'],
  APP_PROMOTION: ['CONVERT', 'CLICK'],
};
const BILLING_BY_GOAL: Record<AdGroup['optimization_goal'], AdGroup['billing_event']> = {
  CLICK: 'CPC',
  REACH: 'CPM',
  SHOW: 'CPM',
  CONVERT: 'OCPM',
  VALUE: 'OCPM',
  VIDEO_VIEW: 'CPV',
  ENGAGED_VIEW: 'CPV',
};

class Problems {
  readonly list: ErrorDetail[] = [];
  need(ok: boolean, field: string, message: string): void {
    if (!ok) this.list.push({ field: `body.${field}`, message });
  }
  throwIfAny(what: string): void {
    if (this.list.length === 0) return;
    const first = this.list[0]!;
    const more = this.list.length > 1 ? ` (and ${this.list.length - 1} more)` : '';
    throw new AppError(
      'validation_failed',
      `The ${what} breaks a rule at ${(first.field ?? '').slice(5)}: ${first.message}${more}.`,
      this.list,
    );
  }
}

const money = (amount: number, currency: string) => `${amount.toLocaleString('en')} ${currency}`;
const EMOJI = /\p{Extended_Pictographic}/u;

function checkName(p: Problems, field: string, name: string | undefined): void {
  if (name !== undefined) p.need(!EMOJI.test(name), field, 'may not contain emoji');
}

export interface CampaignDraft {
  campaign_name?: string;
  budget_mode: Campaign['budget_mode'];
  budget?: number | null;
}

export function checkCampaign(draft: CampaignDraft, currency: string): void {
  const p = new Problems();
  const rules = budgetRules(currency);
  checkName(p, 'campaign_name', draft.campaign_name);
  const budget = draft.budget ?? null;
  if (draft.budget_mode === 'BUDGET_MODE_INFINITE') {
    p.need(budget === null, 'budget', 'leave it out with BUDGET_MODE_INFINITE (no campaign budget)');
  } else if (budget === null) {
    p.need(false, 'budget', `required with ${draft.budget_mode}`);
  } else {
    const min =
      draft.budget_mode === 'BUDGET_MODE_DAY' ? rules.campaign_min_daily : rules.campaign_min_lifetime;
    p.need(budget > min, 'budget', `must be more than ${money(min, currency)}`);
  }
  p.throwIfAny('campaign');
}

export interface AdGroupDraft {
  adgroup_name?: string;
  budget_mode: AdGroup['budget_mode'];
  budget?: number | null;
  schedule_type?: 'SCHEDULE_FROM_NOW' | 'SCHEDULE_START_END';
  schedule_start_time: string;
  schedule_end_time?: string | null;
  dayparting?: string | null;
  locations: string[];
  languages: string[];
  optimization_goal: AdGroup['optimization_goal'];
  billing_event: AdGroup['billing_event'];
  bid_type: AdGroup['bid_type'];
  bid_price?: number | null;
  conversion_bid_price?: number | null;
  pixel_id?: string | null;
}

export function checkAdGroup(
  draft: AdGroupDraft,
  campaign: Campaign,
  context: { currency: string; pixelIds: string[]; now: number; creating: boolean },
): void {
  const p = new Problems();
  const rules = budgetRules(context.currency);
  checkName(p, 'adgroup_name', draft.adgroup_name);
  p.need(campaign.operation_status !== 'DELETE', 'campaign_id', 'the campaign is deleted');

  const start = Date.parse(draft.schedule_start_time);
  const end = draft.schedule_end_time ? Date.parse(draft.schedule_end_time) : null;
  p.need(!Number.isNaN(start), 'schedule_start_time', 'expected a date and time (ISO 8601)');
  p.need(end === null || !Number.isNaN(end), 'schedule_end_time', 'expected a date and time (ISO 8601)');
  if (draft.schedule_type === 'SCHEDULE_START_END' || draft.budget_mode === 'BUDGET_MODE_TOTAL') {
    p.need(
      end !== null,
      'schedule_end_time',
      draft.budget_mode === 'BUDGET_MODE_TOTAL'
        ? 'required with a lifetime budget'
        : 'required with SCHEDULE_START_END',
    );
  }
  if (end !== null && !Number.isNaN(end) && !Number.isNaN(start)) {
    p.need(end > start, 'schedule_end_time', 'must be after schedule_start_time');
    p.need(!context.creating || end > context.now, 'schedule_end_time', 'must be in the future');
  }
  if (draft.dayparting)
    p.need(
      /^[01]{336}$/.test(draft.dayparting),
      'dayparting',
      'expected 336 characters of 0 and 1 (48 half hours × 7 days, Monday first)',
    );

  const budget = draft.budget ?? null;
  if (draft.budget_mode === 'BUDGET_MODE_INFINITE') {
    p.need(budget === null, 'budget', 'leave it out with BUDGET_MODE_INFINITE');
    p.need(
      campaign.budget_mode !== 'BUDGET_MODE_INFINITE',
      'budget_mode',
      'an ad group needs a budget when its campaign has none',
    );
  } else if (budget === null) {
    p.need(false, 'budget', `required with ${draft.budget_mode}`);
  } else if (draft.budget_mode === 'BUDGET_MODE_DAY') {
    p.need(
      budget > rules.adgroup_min_daily,
      'budget',
      `must be more than ${money(rules.adgroup_min_daily, context.currency)} a day`,
    );
  } else if (end !== null && !Number.isNaN(end) && !Number.isNaN(start)) {
    const days = Math.max(1, Math.ceil((end - start) / DAY_MS));
    const min = rules.adgroup_min_lifetime_per_day * days;
    p.need(
      budget >= min,
      'budget',
      `must be at least ${money(min, context.currency)} (${money(rules.adgroup_min_lifetime_per_day, context.currency)} × ${days} scheduled days)`,
    );
  }

  draft.locations.forEach((code, i) =>
    p.need(
      /^[A-Z]{2}$/.test(code),
      `locations[${i}]`,
      `"${code}" is not an ISO 3166 alpha-2 country code such as US`,
    ),
  );
  draft.languages.forEach((code, i) =>
    p.need(
      /^[a-z]{2}$/.test(code),
      `languages[${i}]`,
      `"${code}" is not a two-letter language code such as en`,
    ),
  );

  const goals = GOALS_BY_OBJECTIVE[campaign.objective_type];
  p.need(
    goals.includes(draft.optimization_goal),
    'optimization_goal',
    `a ${campaign.objective_type} campaign optimises for ${goals.join(' or ')}`,
  );
  const billing = BILLING_BY_GOAL[draft.optimization_goal];
  p.need(
    draft.billing_event === billing,
    'billing_event',
    `${draft.optimization_goal} is bought with ${billing}`,
  );

  if (draft.bid_type === 'BID_TYPE_CUSTOM') {
    const field = draft.billing_event === 'OCPM' ? 'conversion_bid_price' : 'bid_price';
    const bid = draft[field] ?? null;
    p.need(
      bid !== null,
      field,
      `required with a cost cap or bid cap (BID_TYPE_CUSTOM, ${draft.billing_event})`,
    );
    if (bid !== null && budget !== null && draft.budget_mode === 'BUDGET_MODE_DAY')
      p.need(bid < budget, field, 'must be less than the daily budget');
  } else {
    p.need(
      (draft.bid_price ?? null) === null,
      'bid_price',
      'leave it out with lowest cost (BID_TYPE_NO_BID)',
    );
    p.need(
      (draft.conversion_bid_price ?? null) === null,
      'conversion_bid_price',
      'leave it out with lowest cost (BID_TYPE_NO_BID)',
    );
  }

  const webConversions =
    (campaign.objective_type === 'WEB_CONVERSIONS' || campaign.objective_type === 'PRODUCT_SALES') &&
    (draft.optimization_goal === 'CONVERT' || draft.optimization_goal === 'VALUE');
  if (draft.pixel_id)
    p.need(context.pixelIds.includes(draft.pixel_id), 'pixel_id', 'not a pixel of this advertiser');
  else p.need(!webConversions, 'pixel_id', 'a pixel is required to optimise for website conversions');
  p.throwIfAny('ad group');
}

export interface AdDraft {
  ad_name?: string;
  ad_format: 'SINGLE_VIDEO' | 'SINGLE_IMAGE';
  landing_page_url: string;
  creative_id: string;
}

export function checkAd(draft: AdDraft, group: AdGroup, creative: Creative | null): void {
  const p = new Problems();
  checkName(p, 'ad_name', draft.ad_name);
  p.need(group.operation_status !== 'DELETE', 'adgroup_id', 'the ad group is deleted');
  p.need(
    isLandingPage(draft.landing_page_url),
    'landing_page_url',
    'expected a full http:// or https:// address with a domain, e.g. https://shop.example/product',
  );
  if (!creative) p.need(false, 'creative_id', 'not a creative of this advertiser');
  else {
    const format = creative.kind === 'video' ? 'SINGLE_VIDEO' : 'SINGLE_IMAGE';
    p.need(
      draft.ad_format === format,
      'ad_format',
      `the creative is ${creative.kind === 'video' ? 'a video' : 'an image'}: use ${format}`,
    );
  }
  p.throwIfAny('ad');
}

function isLandingPage(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && /\.[a-z]{2,}$/i.test(url.hostname);
  } catch {
    return false;
  }
}
