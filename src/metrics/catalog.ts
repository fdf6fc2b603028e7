// The one metric catalog: the API, the CLI and the UI all read these definitions. Ids are TikTok Marketing
// API v1.3 metric names where TikTok has one. Base metrics are additive counters stored in the warehouse;
// derived metrics are formulas over them, computed as ratios of sums at the grain asked for.
import { type Expr, div, m, mul, num, ratio } from './expr.ts';

export type MetricFormat = 'money' | 'percent' | 'count' | 'decimal' | 'seconds';
export type FunnelAct = 'awareness' | 'consideration' | 'conversion';
/** Which direction of change is good news: CTR up is good, CPA up is bad, spend is neither. */
export type Better = 'higher' | 'lower' | 'neutral';

interface MetricCommon {
  id: string;
  label: string;
  format: MetricFormat;
  act: FunnelAct;
  better: Better;
  description: string;
}

export interface BaseMetric extends MetricCommon {
  kind: 'base';
  /** Warehouse column holding the counter; money columns hold micro-units, durations milliseconds. */
  column: string;
  unit: 'micros' | 'milliseconds' | 'count';
}

/** Reach counts distinct people, so it is its own kind: never a sum. */
export interface DistinctMetric extends MetricCommon {
  kind: 'distinct';
}

export interface DerivedMetric extends MetricCommon {
  kind: 'derived';
  expr: Expr;
}

export type Metric = BaseMetric | DistinctMetric | DerivedMetric;

/** Stored units per displayed unit: money is kept in micro-units, durations in milliseconds. */
export const UNIT_DIVISOR: Record<BaseMetric['unit'], number> = {
  micros: 1_000_000,
  milliseconds: 1000,
  count: 1,
};

const counter = (
  id: string,
  label: string,
  act: FunnelAct,
  description: string,
  column: string = id,
  better: Better = 'higher',
): BaseMetric => ({
  kind: 'base',
  id,
  label,
  act,
  description,
  column,
  unit: 'count',
  format: 'count',
  better,
});

const derived = (
  id: string,
  label: string,
  act: FunnelAct,
  format: MetricFormat,
  better: Better,
  expr: Expr,
  description: string,
): DerivedMetric => ({ kind: 'derived', id, label, act, format, better, expr, description });

export const metrics: readonly Metric[] = [
  // Awareness
  {
    kind: 'base',
    id: 'spend',
    label: 'Cost',
    act: 'awareness',
    format: 'money',
    better: 'neutral',
    column: 'spend_micros',
    unit: 'micros',
    description:
      'What the ads cost in the advertiser’s currency. Every cost-per metric divides this; compare it with the budget to see pacing.',
  },
  counter(
    'impressions',
    'Impressions',
    'awareness',
    'How many times the ads were shown. The base of CTR, CPM and every view rate; more is only good if the right people see them.',
  ),
  {
    kind: 'distinct',
    id: 'reach',
    label: 'Reach',
    act: 'awareness',
    format: 'count',
    better: 'higher',
    description:
      'Distinct people who saw the ads at least once in the range. Counted per person, so it is never the sum of daily reach.',
  },
  derived(
    'frequency',
    'Frequency',
    'awareness',
    'decimal',
    'neutral',
    ratio('impressions', 'reach'),
    'Average times each person saw the ads (impressions ÷ reach). Rising frequency with falling CTR is the classic sign of ad fatigue.',
  ),
  derived(
    'cpm',
    'CPM',
    'awareness',
    'money',
    'lower',
    mul(ratio('spend', 'impressions'), num(1000)),
    'Cost per 1,000 impressions (cost ÷ impressions × 1,000): the price of attention in the auction. It rises as an audience saturates.',
  ),
  derived(
    'cost_per_1000_reached',
    'Cost per 1,000 people reached',
    'awareness',
    'money',
    'lower',
    mul(ratio('spend', 'reach'), num(1000)),
    'Cost ÷ reach × 1,000: what it costs to put the ads in front of a thousand different people.',
  ),

  // Consideration
  counter(
    'clicks',
    'Clicks (destination)',
    'consideration',
    'Clicks that took people to the landing page. The start of the shop funnel.',
  ),
  counter(
    'engagements',
    'Clicks (all)',
    'consideration',
    'All clicks on the ads, including likes, comments, shares, follows and profile visits as well as destination clicks.',
  ),
  derived(
    'ctr',
    'CTR (destination)',
    'consideration',
    'percent',
    'higher',
    ratio('clicks', 'impressions'),
    'Destination clicks ÷ impressions. How well the ad makes people want to know more; a falling CTR at rising frequency means the creative is tiring.',
  ),
  derived(
    'engagement_rate',
    'CTR (all)',
    'consideration',
    'percent',
    'higher',
    ratio('engagements', 'impressions'),
    'All clicks ÷ impressions, including social interactions.',
  ),
  derived(
    'cpc',
    'CPC (destination)',
    'consideration',
    'money',
    'lower',
    ratio('spend', 'clicks'),
    'Cost ÷ destination clicks: what one visit to the landing page costs.',
  ),
  counter(
    'video_play_actions',
    'Video views',
    'consideration',
    'Times the video started playing (replays excluded). Images have none.',
  ),
  counter(
    'video_watched_2s',
    '2-second video views',
    'consideration',
    'Plays that lasted at least 2 seconds: the ad stopped the scroll.',
  ),
  counter(
    'video_watched_3s',
    '3-second video views',
    'consideration',
    'Plays that lasted at least 3 seconds; the numerator of the hook rate.',
  ),
  counter(
    'video_watched_6s',
    '6-second video views',
    'consideration',
    'Plays that lasted at least 6 seconds: the story held past the hook.',
  ),
  counter(
    'video_views_p25',
    'Video views at 25%',
    'consideration',
    'Plays that reached a quarter of the video.',
  ),
  counter('video_views_p50', 'Video views at 50%', 'consideration', 'Plays that reached half of the video.'),
  counter(
    'video_views_p75',
    'Video views at 75%',
    'consideration',
    'Plays that reached three quarters of the video.',
  ),
  counter(
    'video_views_p100',
    'Video views at 100%',
    'consideration',
    'Plays that reached the end of the video.',
  ),
  derived(
    'video_watched_2s_rate',
    '2-second view rate',
    'consideration',
    'percent',
    'higher',
    ratio('video_watched_2s', 'impressions'),
    '2-second views ÷ impressions: TikTok’s thumb-stop rate. Low with many impressions means the opening does not stop the scroll.',
  ),
  derived(
    'hook_rate',
    'Hook rate',
    'consideration',
    'percent',
    'higher',
    ratio('video_watched_3s', 'impressions'),
    '3-second views ÷ impressions: how often the first seconds hook the viewer. A creative problem when low, not a budget problem.',
  ),
  derived(
    'hold_rate',
    'Hold rate (6 s ÷ 2 s)',
    'consideration',
    'percent',
    'higher',
    ratio('video_watched_6s', 'video_watched_2s'),
    'Share of 2-second viewers who stay to 6 seconds. A strong hook with a weak hold means the opening works but the story loses them.',
  ),
  derived(
    'video_completion_rate',
    'Video completion rate',
    'consideration',
    'percent',
    'higher',
    ratio('video_views_p100', 'video_play_actions'),
    'Plays that reached the end ÷ plays started.',
  ),
  {
    kind: 'base',
    id: 'video_play_time',
    label: 'Total play time',
    act: 'consideration',
    format: 'seconds',
    better: 'higher',
    column: 'video_play_time_ms',
    unit: 'milliseconds',
    description: 'Seconds of the video watched, over all plays. The numerator of the average play time.',
  },
  derived(
    'average_video_play',
    'Average play time per video view',
    'consideration',
    'seconds',
    'higher',
    ratio('video_play_time', 'video_play_actions'),
    'Seconds watched per play. Compare it with the video’s length: far below it, the story loses people early.',
  ),
  counter(
    'engaged_view',
    '6-second focused views',
    'consideration',
    'Plays watched at least 6 seconds, or with an interaction (a click, like, comment, share or follow) in the first 6 seconds.',
  ),
  counter('likes', 'Paid likes', 'consideration', 'Likes on the ad while it ran as an ad.'),
  counter('comments', 'Paid comments', 'consideration', 'Comments on the ad while it ran as an ad.'),
  counter('shares', 'Paid shares', 'consideration', 'Shares of the ad while it ran as an ad.'),
  counter('follows', 'Paid follows', 'consideration', 'Follows of the account that came from the ad.'),

  // Conversion
  counter(
    'conversion',
    'Conversions',
    'conversion',
    'Optimisation events (for sales campaigns: purchases) attributed to the ads within each ad group’s click and view windows, counted on the day of the impression.',
  ),
  counter(
    'cta_conversion',
    'Click-through conversions',
    'conversion',
    'Conversions by people who clicked the ad, within the click attribution window.',
  ),
  counter(
    'vta_conversion',
    'View-through conversions',
    'conversion',
    'Conversions by people who saw but did not click the ad, within the view attribution window. The first place to look when the shop counts fewer orders.',
  ),
  derived(
    'conversion_rate',
    'CVR',
    'conversion',
    'percent',
    'higher',
    ratio('conversion', 'clicks'),
    'Conversions ÷ destination clicks. High CTR with low CVR means the landing page does not deliver what the ad promises.',
  ),
  derived(
    'cost_per_conversion',
    'CPA',
    'conversion',
    'money',
    'lower',
    ratio('spend', 'conversion'),
    'Cost ÷ conversions: what one conversion costs. Judge it against what a customer is worth to you, not an industry average.',
  ),
  counter(
    'total_landing_page_view',
    'Landing page views',
    'conversion',
    'Landing-page loads after a click, reported by the pixel. Far fewer than clicks points at a slow or broken page.',
  ),
  counter(
    'page_content_view_events',
    'Content views',
    'conversion',
    'ViewContent events: product pages viewed.',
  ),
  counter('web_event_add_to_cart', 'Adds to cart', 'conversion', 'AddToCart events attributed to the ads.'),
  counter(
    'initiate_checkout',
    'Checkouts initiated',
    'conversion',
    'InitiateCheckout events attributed to the ads.',
  ),
  counter(
    'complete_payment',
    'Purchases',
    'conversion',
    'Purchase events (formerly CompletePayment) attributed to the ads.',
  ),
  {
    kind: 'base',
    id: 'total_complete_payment_rate',
    label: 'Purchase value',
    act: 'conversion',
    format: 'money',
    better: 'higher',
    column: 'purchase_value_micros',
    unit: 'micros',
    description:
      'Total value of attributed purchases (TikTok names it total_complete_payment_rate, though it is a value, not a rate).',
  },
  derived(
    'complete_payment_roas',
    'ROAS',
    'conversion',
    'decimal',
    'higher',
    ratio('total_complete_payment_rate', 'spend'),
    'Purchase value ÷ cost: revenue per unit of spend. Below 1 ÷ margin the ads lose money.',
  ),
  derived(
    'cost_per_complete_payment',
    'Cost per purchase',
    'conversion',
    'money',
    'lower',
    ratio('spend', 'complete_payment'),
    'Cost ÷ purchases.',
  ),
  derived(
    'value_per_complete_payment',
    'Average order value',
    'conversion',
    'money',
    'higher',
    ratio('total_complete_payment_rate', 'complete_payment'),
    'Purchase value ÷ purchases.',
  ),
  derived(
    'cost_per_landing_page_view',
    'Cost per landing page view',
    'conversion',
    'money',
    'lower',
    ratio('spend', 'total_landing_page_view'),
    'Cost ÷ landing page views.',
  ),
  derived(
    'cost_per_web_event_add_to_cart',
    'Cost per add to cart',
    'conversion',
    'money',
    'lower',
    ratio('spend', 'web_event_add_to_cart'),
    'Cost ÷ adds to cart.',
  ),
  derived(
    'landing_page_view_rate',
    'Landing page view rate',
    'conversion',
    'percent',
    'higher',
    div(m('total_landing_page_view'), m('clicks')),
    'Landing page views ÷ destination clicks: how many clicks survive the page load.',
  ),
];

const byId = new Map(metrics.map((metric) => [metric.id, metric]));

export function findMetric(id: string): Metric | undefined {
  return byId.get(id);
}

export const baseMetrics: readonly BaseMetric[] = metrics.filter((x): x is BaseMetric => x.kind === 'base');
