// What an ad group's delivery is judged against, shared by the delivery detectors (audience_too_small,
// bid_too_low, budget_not_spending) and the troubleshooting check: the budget it may spend per day, its
// reachable audience (the same estimate the ad group form shows), the clearing cost of comparable delivery
// in the account, and its bid turned into the auction's common currency (a CPM).
import { addDays, daysBetween } from '../core/dates.ts';
import type { AdGroup } from '../core/entities.ts';
import { fromMicros } from '../core/money.ts';
import { startOfLocalDay, toLocal } from '../core/timezone.ts';
import {
  type AudienceLabel,
  audienceLabel,
  audienceSize,
  segmentsFor,
} from '../sources/sandbox/population.ts';
import type { DayCounts, FactsView } from './facts-view.ts';
import { inWindow, sum } from './stats.ts';

/** Below this many reachable people an audience is Narrow (the estimate's own label boundary). */
export const NARROW_AUDIENCE = 1_000_000;

/**
 * What the ad group may spend in a day: its own daily budget, a lifetime budget spread over its scheduled
 * days, and a campaign's daily budget shared evenly by its enabled ad groups — the smallest binds. Null when
 * nothing limits it (no budget anywhere).
 */
export function dailyBudget(view: FactsView, group: AdGroup): number | null {
  const limits: number[] = [];
  if (group.budget_micros !== null) {
    if (group.budget_mode === 'BUDGET_MODE_DAY') limits.push(fromMicros(group.budget_micros));
    if (group.budget_mode === 'BUDGET_MODE_TOTAL' && group.schedule_end_time !== null) {
      const tz = view.advertiser.timezone;
      const start = toLocal(Date.parse(group.schedule_start_time), tz).date;
      const end = toLocal(Date.parse(group.schedule_end_time) - 1, tz).date;
      limits.push(fromMicros(group.budget_micros) / Math.max(1, daysBetween(start, end) + 1));
    }
  }
  const campaign = view.campaigns.find((c) => c.campaign_id === group.campaign_id);
  if (campaign && campaign.budget_mode === 'BUDGET_MODE_DAY' && campaign.budget_micros !== null) {
    const siblings = view.adGroups.filter(
      (g) => g.campaign_id === campaign.campaign_id && g.operation_status === 'ENABLE',
    ).length;
    limits.push(fromMicros(campaign.budget_micros) / Math.max(1, siblings));
  }
  return limits.length > 0 ? Math.min(...limits) : null;
}

export interface Audience {
  size: number;
  label: AudienceLabel;
}

/** The estimate the ad group form shows: its targeting, narrowed by the custom audiences it targets. */
export function audienceOf(view: FactsView, group: AdGroup): Audience {
  const t = group.targeting;
  const size =
    view.audienceEstimates.get(group.adgroup_id) ??
    audienceSize(segmentsFor(t.locations, t.age_groups, t.gender), t.interests);
  return { size, label: audienceLabel(size) };
}

export function groupDays(view: FactsView, group: AdGroup): DayCounts[] {
  return view.groupDays.get(group.adgroup_id) ?? [];
}

/** The ad group's spend on each of the `length` days ending on `end`, a day without delivery as 0. */
export function dailySpend(view: FactsView, group: AdGroup, end: string, length: number): number[] {
  const days = groupDays(view, group);
  return Array.from({ length }, (_, i) => {
    const date = addDays(end, i - (length - 1));
    return days.find((d) => d.date === date)?.spend ?? 0;
  });
}

/**
 * The whole days of the window inside the ad group's schedule, on the advertiser's clock. A day the
 * schedule starts or ends within does not count: a part day under-spends by design.
 */
export function scheduledDays(view: FactsView, group: AdGroup, from: string, to: string): string[] {
  const tz = view.advertiser.timezone;
  const start = Date.parse(group.schedule_start_time);
  const end = group.schedule_end_time ? Date.parse(group.schedule_end_time) : Infinity;
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (startOfLocalDay(d, tz) >= start && startOfLocalDay(addDays(d, 1), tz) <= end) out.push(d);
  }
  return out;
}

/** Clearing cost: the CPM that comparable delivery in the account paid over the last 7 days. */
export interface Clearing {
  cpm: number;
  spend: number;
  impressions: number;
  from: string;
  to: string;
  /** Whose delivery it is: the account's other ad groups, or this ad group's own days at full budget. */
  source: 'account' | 'own_history';
}

export const CLEARING = {
  /** The comparable delivery must have at least this many impressions to be a price. */
  minImpressions: 2000,
  /** Own history: days on which the ad group spent at least this share of its budget. */
  fullSpendShare: 0.8,
};

export function clearingCost(view: FactsView, group: AdGroup): Clearing | null {
  const from = addDays(view.asOf, -6);
  const others = view.adGroups
    .filter((g) => g.adgroup_id !== group.adgroup_id)
    .flatMap((g) => inWindow(groupDays(view, g), from, view.asOf));
  const impressions = sum(others, 'impressions');
  if (impressions >= CLEARING.minImpressions) {
    const spend = sum(others, 'spend');
    return { cpm: (spend / impressions) * 1000, spend, impressions, from, to: view.asOf, source: 'account' };
  }
  // No other delivery in the account: the ad group's own recent days when it spent its budget.
  const budget = dailyBudget(view, group);
  if (budget === null) return null;
  const ownFrom = addDays(view.asOf, -27);
  const full = inWindow(groupDays(view, group), ownFrom, view.asOf).filter(
    (d) => d.spend >= budget * CLEARING.fullSpendShare,
  );
  const ownImpressions = sum(full, 'impressions');
  if (ownImpressions < CLEARING.minImpressions) return null;
  const spend = sum(full, 'spend');
  return {
    cpm: (spend / ownImpressions) * 1000,
    spend,
    impressions: ownImpressions,
    from: full[0]!.date,
    to: full[full.length - 1]!.date,
    source: 'own_history',
  };
}

/** A custom bid, in the unit it is set in, and turned into a CPM with the rates the auction expects. */
export interface BidInCpm {
  bid: number;
  /** cpa (OCPM target cost per result), cpc, cpm or cpv (cost per 6-second view). */
  unit: 'cpa' | 'cpc' | 'cpm' | 'cpv';
  /** Impressions → one billed event: the expected rate (CTR × CVR, CTR, 1, 6-second view rate). */
  rate: number;
  /** Where the rate comes from: the ad group's own delivery (last 28 days) or the account's. */
  rateSource: 'own' | 'account';
  cpm: number;
}

export const BID = {
  /** Own rates need this many impressions (and, for a CPA bid, conversions) in the last 28 days. */
  minImpressions: 2000,
  minConversions: 10,
};

/**
 * A custom bid as a CPM: TikTok ranks by expected cost per thousand impressions (bid × the probability of
 * the billed event), so a CPA bid is worth CPA × CTR × CVR × 1000. The rates are the ad group's own over the
 * last 28 days (the account's when it has too little delivery of its own). Null without a custom bid.
 */
export function bidInCpm(view: FactsView, group: AdGroup): BidInCpm | null {
  if (group.bid_type !== 'BID_TYPE_CUSTOM') return null;
  const ocpm = group.billing_event === 'OCPM';
  const micros = ocpm ? group.conversion_bid_price_micros : group.bid_price_micros;
  if (micros === null) return null;
  const bid = fromMicros(micros);
  const unit = ocpm
    ? 'cpa'
    : group.billing_event === 'CPC'
      ? 'cpc'
      : group.billing_event === 'CPV'
        ? 'cpv'
        : 'cpm';
  if (unit === 'cpm') return { bid, unit, rate: 1, rateSource: 'own', cpm: bid };
  const from = addDays(view.asOf, -27);
  const rateOf = (days: DayCounts[]) => {
    const impressions = sum(days, 'impressions');
    const clicks = sum(days, 'clicks');
    if (impressions < BID.minImpressions) return null;
    if (unit === 'cpc') return clicks / impressions;
    if (unit === 'cpv') return sum(days, 'video_watched_6s') / impressions;
    const conversions = sum(days, 'conversions');
    return conversions >= BID.minConversions ? conversions / impressions : null;
  };
  const own = rateOf(inWindow(groupDays(view, group), from, view.asOf));
  const account = rateOf(view.adGroups.flatMap((g) => inWindow(groupDays(view, g), from, view.asOf)));
  const rate = own ?? account;
  if (rate === null || rate <= 0) return null;
  return { bid, unit, rate, rateSource: own !== null ? 'own' : 'account', cpm: bid * rate * 1000 };
}

export const UNIT_WORDS: Record<BidInCpm['unit'], string> = {
  cpa: 'target cost per result',
  cpc: 'CPC bid',
  cpm: 'CPM bid',
  cpv: 'cost per 6-second view bid',
};

export const money = (value: number, currency: string): string => `${value.toFixed(2)} ${currency}`;

/** Live: the ad group and its campaign are on, and at least one of its ads is on and approved. */
export function isLive(view: FactsView, group: AdGroup): boolean {
  if (group.operation_status !== 'ENABLE') return false;
  if (view.campaignStatus.get(group.campaign_id) !== 'ENABLE') return false;
  return view.ads.some(
    (a) =>
      a.ad.adgroup_id === group.adgroup_id &&
      a.ad.operation_status === 'ENABLE' &&
      a.ad.review_status === 'SUCCEED',
  );
}

/** How much of its budget the ad group spent over the `length` days ending on `end` (scheduled days only). */
export interface Pacing {
  from: string;
  to: string;
  /** The window's days inside the schedule. */
  days: number;
  spend: number;
  budget: number;
  /** spend ÷ (budget × days). */
  share: number;
}

export function pacing(view: FactsView, group: AdGroup, end: string, length: number): Pacing | null {
  const budget = dailyBudget(view, group);
  const from = addDays(end, -(length - 1));
  const days = scheduledDays(view, group, from, end);
  if (budget === null || budget <= 0 || days.length < length) return null;
  const spend = sum(
    groupDays(view, group).filter((d) => days.includes(d.date)),
    'spend',
  );
  return { from, to: end, days: days.length, spend, budget, share: spend / (budget * days.length) };
}

/** The last whole day of the view: the as-of day once it is over, else the day before (today is partial). */
export function lastFullDay(view: FactsView): string {
  const endOfAsOf = startOfLocalDay(addDays(view.asOf, 1), view.advertiser.timezone);
  return view.at >= endOfAsOf ? view.asOf : addDays(view.asOf, -1);
}

/** Days judged for under-spending: long enough that one slow day is not a trend. */
export const PACING_DAYS = 3;
/** Under this share of its budget over those days, an ad group does not spend. */
export const UNDER_SPEND_SHARE = 0.5;

/** The first day of the run of under-spent days that ends on `end` (the onset the insights report). */
export function underSpendSince(
  view: FactsView,
  group: AdGroup,
  end: string,
  share = UNDER_SPEND_SHARE,
): string {
  const budget = dailyBudget(view, group);
  let since = end;
  if (budget === null) return since;
  const days = groupDays(view, group);
  for (let d = end; d >= view.from; d = addDays(d, -1)) {
    if (scheduledDays(view, group, d, d).length === 0) break;
    if ((days.find((x) => x.date === d)?.spend ?? 0) >= budget * share) break;
    since = d;
  }
  return since;
}
