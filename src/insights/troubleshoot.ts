// "Why isn't it spending?" — the delivery troubleshooting check of one ad group: every reason an ad group
// can deliver less than its budget, each checked on the catalog's settings and the warehouse's facts, with
// the values it looked at and what to do. The checks run in the order a marketer would look: the switches,
// review, the budget, its pacing, the bid, the audience, the schedule, then fatigue.
import { getAdvertiser } from '../catalog/advertisers.ts';
import { budgetRules } from '../campaigns/validate.ts';
import { addDays, weekdayMondayFirst } from '../core/dates.ts';
import type { AdGroup } from '../core/entities.ts';
import { AppError, notFound } from '../core/errors.ts';
import { fromMicros } from '../core/money.ts';
import { localDateTime, localToday } from '../core/timezone.ts';
import type { TroubleshootAnswer, TroubleshootCheck, TroubleshootValue } from '../shared/insights-api.ts';
import { creativeFatigue } from './detectors/creative-fatigue.ts';
import {
  NARROW_AUDIENCE,
  UNIT_WORDS,
  audienceOf,
  bidInCpm,
  clearingCost,
  dailyBudget,
  dailySpend,
  lastFullDay,
  money,
} from './delivery.ts';
import { type FactsView, type InsightsContext, loadFactsView } from './facts-view.ts';

/** A moment on the advertiser's clock, to the minute: 2026-03-01 09:15. */
const when = (ms: number, tz: string): string => localDateTime(ms, tz).slice(0, 16).replace('T', ' ');

export const TROUBLESHOOT = {
  /** An ad in review longer than this is stuck (TikTok reviews within 24 hours). */
  reviewHours: 24,
  /** Pacing over the last full days: at least this share of the budget passes, under `failShare` fails. */
  passShare: 0.8,
  failShare: 0.5,
  pacingDays: 3,
  /** Today's spend at this share of the budget: the budget is spent for the day. */
  spentShare: 0.98,
  /** A bid worth at most this share of the clearing CPM fails (it wins few auctions); under 1 warns. */
  bidFailRatio: 0.85,
  /** Frequency over the last 7 days at or above this, and rising, warns. */
  highFrequency: 3,
};

const T = TROUBLESHOOT;

/** The ad group by id, else by its exact name (case-insensitive when that is unambiguous). */
export function findAdGroup(groups: AdGroup[], ref: string): AdGroup {
  const byId = groups.find((g) => g.adgroup_id === ref);
  if (byId) return byId;
  let named = groups.filter((g) => g.adgroup_name === ref && g.operation_status !== 'DELETE');
  if (named.length === 0)
    named = groups.filter(
      (g) => g.adgroup_name.toLowerCase() === ref.toLowerCase() && g.operation_status !== 'DELETE',
    );
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new AppError(
      'validation_failed',
      `${named.length} ad groups are named "${ref}": give the id of the one you mean (${named.map((g) => g.adgroup_id).join(', ')}).`,
      [{ field: 'adgroup', message: 'names more than one ad group' }],
    );
  throw notFound('Ad group', ref);
}

/** `asOf` defaults to the advertiser's today; the checks judge the end of that day (or now, if sooner). */
export async function troubleshootAdGroup(
  ctx: InsightsContext,
  advertiserId: string,
  adgroupRef: string,
  asOf?: string,
): Promise<TroubleshootAnswer> {
  const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  const view = await loadFactsView(ctx, advertiserId, asOf ?? localToday(advertiser.timezone));
  const group = findAdGroup(view.adGroups, adgroupRef);
  return troubleshoot(view, group);
}

export function troubleshoot(view: FactsView, group: AdGroup): TroubleshootAnswer {
  const checks = [
    statusCheck(view, group),
    reviewCheck(view, group),
    budgetMinimumCheck(view, group),
    pacingCheck(view, group),
    bidCheck(view, group),
    audienceCheck(view, group),
    scheduleCheck(view, group),
    fatigueCheck(view, group),
  ];
  // Pacing is the symptom; the verdict names the first failing cause, then the symptom alone.
  const cause = checks.find((c) => c.status === 'fail' && c.id !== 'pacing');
  const pacing = checks.find((c) => c.id === 'pacing')!;
  const warning = checks.find((c) => c.status === 'warn');
  return {
    advertiser_id: view.advertiser.advertiser_id,
    adgroup_id: group.adgroup_id,
    adgroup_name: group.adgroup_name,
    as_of: view.asOf,
    at: new Date(view.at).toISOString(),
    verdict: cause
      ? `${cause.label}? No — ${cause.evidence.text}`
      : pacing.status === 'fail'
        ? `It under-spends (${pacing.evidence.text.replace(/\.$/, '')}) and no check explains it.`
        : warning
          ? `Nothing stops delivery; to watch — ${warning.label}: ${warning.evidence.text}`
          : 'Nothing holds this ad group back.',
    checks,
  };
}

const value = (
  name: string,
  label: string,
  v: number | string | null,
  unit: string | null = null,
): TroubleshootValue => ({
  name,
  label,
  value: typeof v === 'number' ? Number(v.toFixed(4)) : v,
  unit,
});

function check(
  id: TroubleshootCheck['id'],
  label: string,
  status: TroubleshootCheck['status'],
  text: string,
  values: TroubleshootValue[],
  fix: string | null = null,
): TroubleshootCheck {
  return { id, label, status, evidence: { text, values }, fix: status === 'pass' ? null : fix };
}

function statusCheck(view: FactsView, group: AdGroup): TroubleshootCheck {
  const campaign = view.campaigns.find((c) => c.campaign_id === group.campaign_id);
  const ads = view.ads.filter((a) => a.ad.adgroup_id === group.adgroup_id);
  const enabledAds = ads.filter((a) => a.ad.operation_status === 'ENABLE').length;
  const values = [
    value('adgroup_status', 'Ad group', group.operation_status),
    value('campaign_status', 'Campaign', campaign?.operation_status ?? null),
    value('enabled_ads', 'Ads switched on', enabledAds, 'ads'),
  ];
  const label = 'Switched on';
  if (group.operation_status !== 'ENABLE')
    return check('status', label, 'fail', 'the ad group is off.', values, 'Switch the ad group on.');
  if (campaign && campaign.operation_status !== 'ENABLE')
    return check('status', label, 'fail', 'its campaign is off.', values, 'Switch the campaign on.');
  if (enabledAds === 0)
    return check(
      'status',
      label,
      'fail',
      'none of its ads is switched on.',
      values,
      'Switch an ad on, or add one.',
    );
  return check(
    'status',
    label,
    'pass',
    `on, with ${enabledAds} ad${enabledAds === 1 ? '' : 's'} on.`,
    values,
  );
}

function reviewCheck(view: FactsView, group: AdGroup): TroubleshootCheck {
  const ads = view.ads
    .map((a) => a.ad)
    .filter((a) => a.adgroup_id === group.adgroup_id && a.operation_status === 'ENABLE');
  const approved = ads.filter((a) => a.review_status === 'SUCCEED').length;
  const rejected = ads.filter((a) => a.review_status === 'FAIL').length;
  const waiting = ads.filter((a) => a.review_status === 'REVIEWING');
  const oldest = waiting
    .map((a) => a.review_submitted_at)
    .filter((t): t is string => t !== null)
    .sort()[0];
  const hours = oldest ? Math.max(0, (view.at - Date.parse(oldest)) / 3_600_000) : null;
  const values = [
    value('approved', 'Approved', approved, 'ads'),
    value('in_review', 'In review', waiting.length, 'ads'),
    value('rejected', 'Rejected', rejected, 'ads'),
    value('oldest_review_hours', 'Longest in review', hours, 'hours'),
  ];
  const label = 'Ads approved';
  if (ads.length === 0) return check('review', label, 'not_applicable', 'no ad is switched on.', values);
  const waitText =
    hours !== null
      ? `${waiting.length} in review, the longest for ${Math.floor(hours)} h`
      : `${waiting.length} in review`;
  if (approved === 0 && waiting.length === 0)
    return check(
      'review',
      label,
      'fail',
      `all ${rejected} ads were rejected.`,
      values,
      'Read the rejection reasons, fix the ads and submit them again.',
    );
  if (approved === 0)
    return check(
      'review',
      label,
      'fail',
      `no ad approved yet: ${waitText}.`,
      values,
      hours !== null && hours > T.reviewHours
        ? 'Review takes longer than 24 hours: contact TikTok support, or duplicate the ad to submit it again.'
        : 'Wait for review (usually within 24 hours).',
    );
  if (hours !== null && hours > T.reviewHours)
    return check(
      'review',
      label,
      'warn',
      `${approved} approved; ${waitText}.`,
      values,
      'An ad in review for more than 24 hours is stuck: contact TikTok support or submit it again.',
    );
  return check(
    'review',
    label,
    'pass',
    `${approved} approved${waiting.length ? `, ${waitText}` : ''}.`,
    values,
  );
}

function budgetMinimumCheck(view: FactsView, group: AdGroup): TroubleshootCheck {
  const currency = view.advertiser.currency;
  const rules = budgetRules(currency);
  const campaign = view.campaigns.find((c) => c.campaign_id === group.campaign_id);
  const label = 'Budget above TikTok’s minimum';
  const values: TroubleshootValue[] = [];
  const problems: string[] = [];
  if (group.budget_micros !== null && group.budget_mode !== 'BUDGET_MODE_INFINITE') {
    const perDay =
      group.budget_mode === 'BUDGET_MODE_DAY' ? fromMicros(group.budget_micros) : dailyBudget(view, group);
    const min =
      group.budget_mode === 'BUDGET_MODE_DAY' ? rules.adgroup_min_daily : rules.adgroup_min_lifetime_per_day;
    values.push(value('adgroup_budget_per_day', 'Ad group budget per day', perDay, currency));
    values.push(value('adgroup_minimum', 'Minimum per day', min, currency));
    if (perDay !== null && perDay < min)
      problems.push(`the ad group's ${money(perDay, currency)} a day is under ${money(min, currency)}`);
  }
  if (campaign && campaign.budget_micros !== null && campaign.budget_mode === 'BUDGET_MODE_DAY') {
    const b = fromMicros(campaign.budget_micros);
    values.push(value('campaign_budget', 'Campaign daily budget', b, currency));
    values.push(value('campaign_minimum', 'Campaign minimum', rules.campaign_min_daily, currency));
    if (b < rules.campaign_min_daily)
      problems.push(
        `the campaign's ${money(b, currency)} a day is under ${money(rules.campaign_min_daily, currency)}`,
      );
  }
  if (values.length === 0)
    return check(
      'budget_minimum',
      label,
      'not_applicable',
      'no budget is set on the ad group or its campaign.',
      values,
    );
  if (problems.length > 0)
    return check(
      'budget_minimum',
      label,
      'fail',
      `${problems.join('; ')}.`,
      values,
      'Raise the budget to at least the minimum.',
    );
  return check('budget_minimum', label, 'pass', 'every budget is at or above the minimum.', values);
}

function pacingCheck(view: FactsView, group: AdGroup): TroubleshootCheck {
  const currency = view.advertiser.currency;
  const budget = dailyBudget(view, group);
  const label = 'Spending its budget';
  const end = lastFullDay(view);
  const partial = end !== view.asOf;
  const last = dailySpend(view, group, end, T.pacingDays);
  const today = partial ? dailySpend(view, group, view.asOf, 1)[0]! : null;
  const spent = last.reduce((s, x) => s + x, 0);
  const dayOf = (i: number) => addDays(end, i - (T.pacingDays - 1));
  const values = [
    value('budget_per_day', 'Budget per day', budget, currency),
    ...(today !== null ? [value('spend_today', `Spend so far on ${view.asOf}`, today, currency)] : []),
    ...last.map((s, i) => value(`spend_${dayOf(i)}`, `Spend on ${dayOf(i)}`, s, currency)),
  ];
  if (budget === null)
    return check(
      'pacing',
      label,
      'not_applicable',
      `no budget limits it; it spent ${money(spent, currency)} over the last ${T.pacingDays} whole days.`,
      values,
    );
  const share = spent / (budget * T.pacingDays);
  values.push(value('spend_share', `Share of budget spent, ${dayOf(0)} – ${end}`, share * 100, '%'));
  const text = `spent ${Math.round(share * 100)} % of its budget over the last ${T.pacingDays} whole days (${money(spent, currency)} of ${money(budget * T.pacingDays, currency)}).`;
  if (today !== null && today >= budget * T.spentShare)
    return check(
      'pacing',
      label,
      'warn',
      `today's budget is already spent (${money(today, currency)} of ${money(budget, currency)}); it resumes tomorrow. It ${text}`,
      values,
      'If its results are good, raise the daily budget.',
    );
  if (share < T.failShare)
    return check(
      'pacing',
      label,
      'fail',
      text,
      values,
      'Find the cause in the other checks: the bid, the audience, the schedule or tired ads.',
    );
  if (share < T.passShare)
    return check('pacing', label, 'warn', text, values, 'It under-spends: look at the bid and the audience.');
  return check('pacing', label, 'pass', text, values);
}

function bidCheck(view: FactsView, group: AdGroup): TroubleshootCheck {
  const currency = view.advertiser.currency;
  const label = 'Bid competitive';
  if (group.bid_type !== 'BID_TYPE_CUSTOM')
    return check('bid', label, 'not_applicable', 'lowest cost: it pays what the auction clears at.', [
      value('bid_type', 'Bid strategy', 'lowest cost'),
    ]);
  const bid = bidInCpm(view, group);
  const clearing = clearingCost(view, group);
  if (!bid || !clearing)
    return check(
      'bid',
      label,
      'not_applicable',
      !bid
        ? 'a custom bid, but too little delivery in the account to turn it into a CPM.'
        : 'no comparable delivery in the account in the last 7 days to tell the clearing cost.',
      bid ? [value('bid', UNIT_WORDS[bid.unit], bid.bid, currency)] : [],
    );
  const ratio = bid.cpm / clearing.cpm;
  const clearingInUnit = clearing.cpm / (bid.rate * 1000);
  const values = [
    value('bid', `Bid (${UNIT_WORDS[bid.unit]})`, bid.bid, currency),
    value('clearing_in_bid_unit', `Clearing cost in the bid's unit`, clearingInUnit, currency),
    value('bid_cpm', 'Bid as a CPM', bid.cpm, currency),
    value(
      'clearing_cpm',
      `Clearing CPM (${clearing.source === 'account' ? 'the account' : 'its own full-budget days'}, ${clearing.from} – ${clearing.to})`,
      clearing.cpm,
      currency,
    ),
    value('bid_to_clearing', 'Bid ÷ clearing', ratio * 100, '%'),
  ];
  const text = `its ${UNIT_WORDS[bid.unit]} of ${money(bid.bid, currency)} is worth a ${money(bid.cpm, currency)} CPM against a clearing CPM of ${money(clearing.cpm, currency)} (${Math.round(ratio * 100)} %; the market clears at about ${money(clearingInUnit, currency)} in the bid's unit).`;
  const fix = `Raise the bid towards ${money(clearingInUnit, currency)}, or switch to lowest cost.`;
  if (ratio <= T.bidFailRatio) return check('bid', label, 'fail', text, values, fix);
  if (ratio < 1) return check('bid', label, 'warn', text, values, fix);
  return check('bid', label, 'pass', text, values);
}

function audienceCheck(view: FactsView, group: AdGroup): TroubleshootCheck {
  const audience = audienceOf(view, group);
  const weeks = view.groupWeeks.get(group.adgroup_id);
  const reach = weeks?.recent.reach ?? 0;
  const values = [
    value('audience_size', 'Reachable audience', audience.size, 'people'),
    value('audience_label', 'Audience label', audience.label),
    value(
      'reach_7d',
      `People reached ${weeks?.recent.from ?? ''} – ${weeks?.recent.to ?? ''}`,
      reach,
      'people',
    ),
    value(
      'reach_share',
      'Share of the audience reached in 7 days',
      audience.size > 0 ? (reach / audience.size) * 100 : null,
      '%',
    ),
  ];
  const label = 'Audience large enough';
  const text = `${audience.size.toLocaleString('en-US')} people (${audience.label}); ${reach.toLocaleString('en-US')} reached in the last 7 days.`;
  if (audience.size === 0)
    return check(
      'audience',
      label,
      'fail',
      'the targeting matches nobody.',
      values,
      'Widen the targeting: more locations, ages or fewer interests.',
    );
  if (audience.size < NARROW_AUDIENCE) {
    const budget = dailyBudget(view, group);
    const spent = dailySpend(view, group, lastFullDay(view), T.pacingDays).reduce((s, x) => s + x, 0);
    const under = budget !== null && spent < budget * T.pacingDays * T.passShare;
    return check(
      'audience',
      label,
      under ? 'fail' : 'warn',
      `${text}${under ? ' A Narrow audience runs dry before the budget is spent.' : ''}`,
      values,
      'Widen the targeting (more locations or ages, fewer interests) or lower the budget to what the audience can take.',
    );
  }
  return check('audience', label, 'pass', text, values);
}

function scheduleCheck(view: FactsView, group: AdGroup): TroubleshootCheck {
  const tz = view.advertiser.timezone;
  // The last moment of the as-of day (or now): a schedule is judged where the view stands.
  const at = view.at - 1;
  const start = Date.parse(group.schedule_start_time);
  const end = group.schedule_end_time ? Date.parse(group.schedule_end_time) : null;
  const onHours = group.dayparting ? [...group.dayparting].filter((c) => c === '1').length / 2 : 168;
  const clock = localDateTime(at, tz);
  const minute = Number(clock.slice(14, 16));
  const hour = Number(clock.slice(11, 13));
  const slot = weekdayMondayFirst(clock.slice(0, 10)) * 48 + hour * 2 + (minute >= 30 ? 1 : 0);
  const onNow = group.dayparting ? group.dayparting[slot] === '1' : true;
  const values = [
    value('start', 'Starts', when(start, tz)),
    value('end', 'Ends', end !== null ? when(end, tz) : 'no end'),
    value('dayparting_hours', 'Hours on per week', onHours, 'hours'),
    value('on_now', `On at ${when(at, tz)}`, onNow ? 'yes' : 'no'),
  ];
  const label = 'Inside its schedule';
  if (start > at)
    return check(
      'schedule',
      label,
      'fail',
      `it starts ${when(start, tz)}.`,
      values,
      'Move the start date forward if it should run now.',
    );
  if (end !== null && end <= at)
    return check(
      'schedule',
      label,
      'fail',
      `its schedule ended ${when(end, tz)}.`,
      values,
      'Extend the end date (and the lifetime budget, if it has one).',
    );
  if (onHours === 0)
    return check(
      'schedule',
      label,
      'fail',
      'its dayparting switches every hour off.',
      values,
      'Turn hours on in its dayparting.',
    );
  if (!onNow)
    return check(
      'schedule',
      label,
      'warn',
      `its dayparting is off at ${when(at, tz)} (${onHours} hours on per week).`,
      values,
      'It delivers only in its dayparting hours; widen them if it should run now.',
    );
  return check(
    'schedule',
    label,
    'pass',
    group.dayparting
      ? `on now; dayparting keeps it on ${onHours} hours a week.`
      : 'running, with no end date or before it.',
    values,
  );
}

function fatigueCheck(view: FactsView, group: AdGroup): TroubleshootCheck {
  const weeks = view.groupWeeks.get(group.adgroup_id);
  const freq = (w: { impressions: number; reach: number } | undefined) =>
    w && w.reach > 0 ? w.impressions / w.reach : null;
  const recent = freq(weeks?.recent);
  const previous = freq(weeks?.previous);
  const own = { ...view, ads: view.ads.filter((a) => a.ad.adgroup_id === group.adgroup_id) };
  const tired = creativeFatigue.detect(own);
  const values = [
    value('frequency_7d', 'Frequency, last 7 days', recent),
    value('frequency_previous_7d', 'Frequency, the 7 days before', previous),
    value('tired_ads', 'Ads with creative fatigue', tired.length, 'ads'),
  ];
  const label = 'Ads fresh for their audience';
  if (recent === null)
    return check('fatigue', label, 'not_applicable', 'no delivery in the last 7 days.', values);
  const freqText = `frequency ${recent.toFixed(2)} over the last 7 days${previous !== null ? ` (${previous.toFixed(2)} the week before)` : ''}`;
  if (tired.length > 0)
    return check(
      'fatigue',
      label,
      'warn',
      `${tired.map((t) => `"${t.entity_name}"`).join(', ')} tired: ${tired[0]!.summary} ${freqText}.`,
      values,
      'Refresh the creatives: new hooks on the same core video.',
    );
  if (recent >= T.highFrequency && previous !== null && recent > previous)
    return check(
      'fatigue',
      label,
      'warn',
      `${freqText}: the same people see it more and more often.`,
      values,
      'Add new creatives or widen the audience before the rates fall.',
    );
  return check('fatigue', label, 'pass', `${freqText}.`, values);
}
