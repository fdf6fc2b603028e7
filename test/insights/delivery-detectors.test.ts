// The delivery and money detectors on hand-built facts — audience_too_small, bid_too_low,
// budget_not_spending, runaway_cpa, unprofitable, pixel_silent: a case that fires, near-misses that must
// not, and the evidence's values recomputed here from the day counters, independently of the detectors.
import { describe, expect, test } from 'vitest';
import { addDays } from '../../src/core/dates.ts';
import { audienceTooSmall } from '../../src/insights/detectors/audience-too-small.ts';
import { bidTooLow } from '../../src/insights/detectors/bid-too-low.ts';
import { budgetNotSpending } from '../../src/insights/detectors/budget-not-spending.ts';
import { pixelSilent } from '../../src/insights/detectors/pixel-silent.ts';
import { runawayCpa } from '../../src/insights/detectors/runaway-cpa.ts';
import { unprofitable } from '../../src/insights/detectors/unprofitable.ts';
import type { FactsView } from '../../src/insights/facts-view.ts';
import type { Insight } from '../../src/shared/insights-api.ts';
import { START, buildView, total } from './build-view.ts';

const metric = (i: Insight, id: string) => i.evidence.metrics.find((m) => m.metric === id)!;
const names = (list: Insight[]) => list.map((i) => i.entity_name);
const group = (view: FactsView, name: string) => view.adGroups.find((g) => g.adgroup_name === name)!;
/** Σ over every ad of an ad group, computed here from the ads' day counters. */
const groupTotal = (
  view: FactsView,
  groupName: string,
  counter: 'spend' | 'impressions' | 'clicks' | 'conversions',
  from: string,
  to: string,
) =>
  view.ads
    .filter((a) => a.adGroup.adgroup_name === groupName)
    .reduce((s, a) => s + total(view, a.ad.ad_name, counter, from, to), 0);
const LAST = '2026-03-30';
const NARROW = {
  locations: ['NL'],
  age_groups: ['AGE_25_34' as const],
  gender: 'GENDER_FEMALE' as const,
  languages: [],
  interests: ['trail running', 'hiking'],
};

describe('bid_too_low', () => {
  const build = (bid: number) => {
    const view = buildView([
      { name: 'Market', group: 'Lowest cost', rates: () => ({}) },
      { name: 'Thin', group: 'Custom bid', rates: () => ({ impressions: 1000 }) },
    ]);
    Object.assign(group(view, 'Custom bid'), {
      bid_type: 'BID_TYPE_CUSTOM',
      billing_event: 'CPC',
      optimization_goal: 'CLICK',
      bid_price_micros: BigInt(Math.round(bid * 1e6)),
    });
    return view;
  };

  test('fires when it under-spends with a bid under the clearing CPM, in the bid’s unit and as a CPM', () => {
    const view = build(0.3);
    const [insight, ...rest] = bidTooLow.detect(view);
    expect(rest).toEqual([]);
    expect(insight!.entity_name).toBe('Custom bid');
    // Clearing: the other ad group's CPM over the last 7 days.
    const from = addDays(LAST, -6);
    const clearingCpm =
      (groupTotal(view, 'Lowest cost', 'spend', from, LAST) /
        groupTotal(view, 'Lowest cost', 'impressions', from, LAST)) *
      1000;
    // Its own clicks per impression over 28 days turn the CPC bid into a CPM.
    const ownFrom = addDays(LAST, -27);
    const ctr =
      groupTotal(view, 'Custom bid', 'clicks', ownFrom, LAST) /
      groupTotal(view, 'Custom bid', 'impressions', ownFrom, LAST);
    expect(metric(insight!, 'cpm').value).toBeCloseTo(0.3 * ctr * 1000, 4);
    expect(metric(insight!, 'cpm').baseline).toBeCloseTo(clearingCpm, 4);
    expect(metric(insight!, 'bid').value).toBe(0.3);
    expect(metric(insight!, 'bid').baseline).toBeCloseTo(clearingCpm / (ctr * 1000), 4);
    expect(metric(insight!, 'spend').value).toBeCloseTo(
      groupTotal(view, 'Custom bid', 'spend', addDays(LAST, -2), LAST),
      4,
    );
    expect(metric(insight!, 'spend').baseline).toBe(150);
  });

  test('stays quiet for a bid above the clearing cost and for an ad group at lowest cost', () => {
    expect(names(bidTooLow.detect(build(0.8)))).toEqual([]);
    const view = buildView([
      { name: 'Market', group: 'Lowest cost', rates: () => ({}) },
      { name: 'Slow', group: 'Also lowest cost', rates: () => ({ impressions: 1000 }) },
    ]);
    expect(names(bidTooLow.detect(view))).toEqual([]);
  });
});

describe('audience_too_small', () => {
  test('fires for a Narrow audience that under-spends, with the estimate and the frequency', () => {
    const view = buildView([{ name: 'Dry', group: 'Tiny', rates: () => ({ impressions: 2000 }) }]);
    group(view, 'Tiny').targeting = NARROW;
    const [insight] = audienceTooSmall.detect(view);
    expect(insight!.entity_name).toBe('Tiny');
    expect(metric(insight!, 'audience_size').value).toBe(94_325);
    const impressions = groupTotal(view, 'Tiny', 'impressions', addDays(LAST, -6), LAST);
    expect(metric(insight!, 'frequency').numerator).toBe(impressions);
    expect(metric(insight!, 'spend').value).toBeCloseTo(
      groupTotal(view, 'Tiny', 'spend', addDays(LAST, -2), LAST),
      4,
    );
  });

  test('fires for a broad audience whose frequency climbs while spend falls short', () => {
    const view = buildView([
      {
        name: 'Saturating',
        group: 'Climbing',
        rates: (d) => ({ impressions: 3000, frequency: d < 16 ? 1.2 : d < 23 ? 1.6 : 3 }),
      },
    ]);
    const [insight] = audienceTooSmall.detect(view);
    expect(insight!.entity_name).toBe('Climbing');
    expect(metric(insight!, 'frequency').value!).toBeGreaterThan(2.5);
    expect(metric(insight!, 'frequency').change!).toBeGreaterThan(0.25);
  });

  test('stays quiet for a Narrow audience that spends its budget and a broad one that under-spends steadily', () => {
    const view = buildView([
      { name: 'Spends', group: 'Narrow, spending', rates: () => ({}) },
      { name: 'Quiet', group: 'Broad, slow', rates: () => ({ impressions: 2000 }) },
    ]);
    group(view, 'Narrow, spending').targeting = NARROW;
    expect(names(audienceTooSmall.detect(view))).toEqual([]);
  });
});

describe('budget_not_spending', () => {
  test('fires for an ad group far under its budget, naming the cause the checks find', () => {
    const view = buildView([
      { name: 'Market', group: 'Lowest cost', rates: () => ({}) },
      { name: 'Starved', group: 'Cost cap', rates: () => ({ impressions: 500 }) },
    ]);
    Object.assign(group(view, 'Cost cap'), {
      bid_type: 'BID_TYPE_CUSTOM',
      conversion_bid_price_micros: 5_000_000n,
    });
    const [insight, ...rest] = budgetNotSpending.detect(view);
    expect(rest).toEqual([]);
    expect(insight!.entity_name).toBe('Cost cap');
    const spend = groupTotal(view, 'Cost cap', 'spend', addDays(LAST, -2), LAST);
    expect(metric(insight!, 'spend').value).toBeCloseTo(spend, 4);
    expect(metric(insight!, 'budget_share').value).toBeCloseTo(spend / 150, 6);
    expect(insight!.summary).toContain('Likely cause: the bid');
    expect(insight!.since).toBe(START);
  });

  test('stays quiet for an ad group that spends, one that is off, and one that ended', () => {
    const view = buildView([
      { name: 'Spends', group: 'Spending', rates: () => ({}) },
      { name: 'Off', group: 'Paused', rates: () => ({ impressions: 100 }) },
      { name: 'Done', group: 'Ended', rates: () => ({ impressions: 100 }) },
    ]);
    group(view, 'Paused').operation_status = 'DISABLE';
    group(view, 'Ended').schedule_end_time = '2026-03-29T00:00:00.000Z';
    expect(names(budgetNotSpending.detect(view))).toEqual([]);
  });
});

describe('runaway_cpa', () => {
  test('fires when the cost per result runs far above the ad group’s own recent CPA', () => {
    const view = buildView([
      { name: 'Collapsing', group: 'Runaway', rates: (d) => ({ ctr: d < 15 ? 0.015 : 0.005 }) },
    ]);
    const [insight] = runawayCpa.detect(view);
    expect(insight!.entity_name).toBe('Runaway');
    // Mature window: the 7 days ending 3 days before the as-of day; baseline: the 14 days before.
    const to = addDays(LAST, -3);
    const from = addDays(to, -6);
    const baseTo = addDays(from, -1);
    const baseFrom = addDays(baseTo, -13);
    const cpa = metric(insight!, 'cpa');
    expect(cpa.value).toBeCloseTo(
      groupTotal(view, 'Runaway', 'spend', from, to) / groupTotal(view, 'Runaway', 'conversions', from, to),
      4,
    );
    expect(cpa.baseline).toBeCloseTo(
      groupTotal(view, 'Runaway', 'spend', baseFrom, baseTo) /
        groupTotal(view, 'Runaway', 'conversions', baseFrom, baseTo),
      4,
    );
    expect(insight!.evidence.tests[0]!.p_value).toBeLessThan(0.001);
  });

  test('fires against a cost cap’s target while the ad group still spends', () => {
    const view = buildView([{ name: 'Steady', group: 'Capped', rates: () => ({}) }]);
    Object.assign(group(view, 'Capped'), {
      bid_type: 'BID_TYPE_CUSTOM',
      conversion_bid_price_micros: 8_000_000n,
    });
    const [insight] = runawayCpa.detect(view);
    expect(insight!.entity_name).toBe('Capped');
    expect(metric(insight!, 'cpa').baseline).toBe(8);
  });

  test('stays quiet for a mild rise and for a CPA explained by a broken landing page', () => {
    const view = buildView([
      { name: 'Mild', group: 'Mild', rates: (d) => ({ ctr: d < 15 ? 0.015 : 0.012 }) },
      { name: 'Broken', group: 'Page', rates: (d) => ({ cvr: d < 10 ? 0.04 : 0.005 }) },
      { name: 'Fine', group: 'Page', rates: () => ({}) },
    ]);
    expect(names(runawayCpa.detect(view))).toEqual([]);
  });
});

describe('unprofitable', () => {
  test('fires for a ROAS far under break-even (1 ÷ margin), with the results and spend behind it', () => {
    const view = buildView([
      { name: 'Loser', group: 'Losing', rates: () => ({ impressions: 20000, cvr: 0.01 }) },
      { name: 'Earner', group: 'Earning', rates: () => ({ cvr: 0.03 }) },
    ]);
    const [insight, ...rest] = unprofitable.detect(view);
    expect(rest).toEqual([]);
    expect(insight!.entity_name).toBe('Losing');
    const to = addDays(LAST, -3);
    const from = addDays(to, -13);
    const spend = groupTotal(view, 'Losing', 'spend', from, to);
    const conversions = groupTotal(view, 'Losing', 'conversions', from, to);
    expect(metric(insight!, 'roas').value).toBeCloseTo((conversions * 60) / spend, 6);
    expect(metric(insight!, 'roas').baseline).toBe(2);
    expect(metric(insight!, 'cpa').baseline).toBe(30);
  });

  test('says nothing without a margin in the advertiser’s settings', () => {
    const view = buildView([
      { name: 'Loser', group: 'Losing', rates: () => ({ impressions: 20000, cvr: 0.01 }) },
    ]);
    view.advertiser = { ...view.advertiser, margin: null };
    expect(names(unprofitable.detect(view))).toEqual([]);
  });

  test('does not judge a campaign not bought for sales (reach), which reports no purchases', () => {
    const view = buildView([{ name: 'Seen', group: 'Reach', rates: () => ({ impressions: 20000, cvr: 0 }) }]);
    expect(names(unprofitable.detect(view))).toEqual(['Reach']);
    view.campaigns[0] = { ...view.campaigns[0]!, objective_type: 'REACH' };
    expect(names(unprofitable.detect(view))).toEqual([]);
  });
});

describe('pixel_silent', () => {
  const withPixel = (eventsOn: (day: number, clicks: number) => number, impressions = 6000) => {
    const view = buildView([{ name: 'Clicks on', group: 'Tracked', rates: () => ({ impressions }) }]);
    group(view, 'Tracked').pixel_id = 'p1';
    view.pixels = [
      { pixel_id: 'p1', advertiser_id: 'adv', pixel_code: 'CODE', pixel_name: 'Shop', create_time: START },
    ];
    const ad = view.ads[0]!;
    view.pixelDays = new Map([
      ['p1', ad.days.map((d, i) => ({ date: d.date, events: eventsOn(i, d.clicks) }))],
    ]);
    return view;
  };

  test('fires on the ad group when clicks go on and the pixel’s events stop', () => {
    const view = withPixel((day, clicks) => (day < 27 ? Math.round(clicks * 1.5) : 0));
    const [insight] = pixelSilent.detect(view);
    expect(insight!.entity_name).toBe('Tracked');
    expect(insight!.level).toBe('adgroup');
    expect(insight!.since).toBe('2026-03-28');
    const clicks = total(view, 'Clicks on', 'clicks', '2026-03-29', LAST);
    const m = metric(insight!, 'pixel_events_per_click');
    expect(m.value).toBe(0);
    expect(m.denominator).toBe(clicks);
    const baseClicks = total(view, 'Clicks on', 'clicks', '2026-03-15', '2026-03-28');
    expect(m.baseline_denominator).toBe(baseClicks);
  });

  test('stays quiet when events only thin out, and with too few clicks to tell', () => {
    expect(names(pixelSilent.detect(withPixel((day, c) => Math.round(c * (day < 27 ? 1.5 : 0.7)))))).toEqual(
      [],
    );
    expect(names(pixelSilent.detect(withPixel((day, c) => (day < 27 ? c * 2 : 0), 300)))).toEqual([]);
  });
});
