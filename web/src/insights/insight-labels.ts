// How insights are named on screen, and the address of one: every place that lists insights (the
// Dashboard's warnings, the Insights tab, the Campaign tab's badges) links to the same detail this way.
import type {
  Insight,
  InsightCode,
  InsightLevel,
  InsightSeverity,
} from '../../../src/shared/insights-api.ts';

export const CODE_LABEL: Record<InsightCode, string> = {
  creative_fatigue: 'Creative fatigue',
  weak_hook: 'Weak hook',
  hook_not_holding: 'Hook not holding',
  landing_page_mismatch: 'Landing page mismatch',
  winner: 'Winner',
  audience_too_small: 'Audience too small',
  bid_too_low: 'Bid too low',
  budget_not_spending: 'Budget not spending',
  stuck_in_review: 'Stuck in review',
  stopped_delivering: 'Stopped delivering',
  runaway_cpa: 'Runaway CPA',
  unprofitable: 'Unprofitable',
  pixel_silent: 'Pixel silent',
};

/** What each detector watches, in a buyer's short words (the empty states list them). */
export const CODE_WATCH: Record<InsightCode, string> = {
  creative_fatigue: 'tired creatives',
  weak_hook: 'weak hooks',
  hook_not_holding: 'hooks that do not hold',
  landing_page_mismatch: 'landing pages that lose the click',
  winner: 'real winners',
  audience_too_small: 'small audiences',
  bid_too_low: 'low bids',
  budget_not_spending: 'budgets that do not spend',
  stuck_in_review: 'ads stuck in review',
  stopped_delivering: 'ads that stopped delivering',
  runaway_cpa: 'runaway CPA',
  unprofitable: 'unprofitable spend',
  pixel_silent: 'silent pixels',
};

/** "creatives tiring …, hooks … and pixels that went silent": what the empty states say is watched. */
export function watchList(): string {
  const items = Object.values(CODE_WATCH);
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const SEVERITY_LABEL: Record<InsightSeverity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

export const LEVEL_LABEL: Record<InsightLevel, string> = {
  campaign: 'Campaign',
  adgroup: 'Ad group',
  ad: 'Ad',
};

/** Codes for which "Why isn't it spending?" (the ad group's delivery checks) is the next question. */
export const DELIVERY_CODES: ReadonlySet<InsightCode> = new Set([
  'budget_not_spending',
  'bid_too_low',
  'audience_too_small',
]);

/** One insight's id in an address: the problem on the entity (what a dismissal is keyed by). */
export const insightId = (insight: Pick<Insight, 'code' | 'level' | 'entity_id'>) =>
  `${insight.code}:${insight.level}:${insight.entity_id}`;

/** The Insights tab on this insight, keeping the advertiser and the dates the list was judged on. */
export function insightHref(
  advertiserId: string,
  range: { from: string; to: string },
  insight: Pick<Insight, 'code' | 'level' | 'entity_id' | 'state'>,
): string {
  const params = new URLSearchParams({
    advertiser: advertiserId,
    from: range.from,
    to: range.to,
    insight: insightId(insight),
  });
  if (insight.state) params.set('dismissed', 'show');
  return `/insights?${params.toString().replace(/%3A/g, ':')}`;
}

const shortDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `Mar 18` for a YYYY-MM-DD day. */
export const formatDay = (day: string) => shortDay.format(new Date(`${day}T00:00:00Z`));
/** `Mar 18, 2026`. */
export const formatLongDay = (day: string) => longDay.format(new Date(`${day}T00:00:00Z`));

/**
 * The metric the evidence chart opens on: the one the detector's test judged (the call is about it), else
 * the one that moved most against its baseline, else the first.
 */
export function headlineMetric<M extends { metric: string; change: number | null }>(
  insight: { evidence: { tests: readonly { metric: string }[] } },
  metrics: readonly M[],
): M | undefined {
  const tested = insight.evidence.tests.map((t) => metrics.find((m) => m.metric === t.metric)).find(Boolean);
  if (tested) return tested;
  const moved = [...metrics]
    .filter((m) => m.change !== null)
    .sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!));
  return moved[0] ?? metrics[0];
}

const SEVERITY_RANK: Record<InsightSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** The worst of several severities (critical before warning before info). */
export function worstSeverity(insights: readonly Pick<Insight, 'severity'>[]): InsightSeverity {
  return insights.reduce<InsightSeverity>(
    (worst, i) => (SEVERITY_RANK[i.severity] < SEVERITY_RANK[worst] ? i.severity : worst),
    'info',
  );
}
