// Each detector on hand-built facts: a case that must trigger it, near-misses that must not, and the
// evidence's values recomputed here from the day counters, independently of the detector's code.
import { describe, expect, test } from 'vitest';
import { creativeFatigue } from '../../src/insights/detectors/creative-fatigue.ts';
import { hookNotHolding } from '../../src/insights/detectors/hook-not-holding.ts';
import { landingPageMismatch } from '../../src/insights/detectors/landing-page-mismatch.ts';
import { stoppedDelivering } from '../../src/insights/detectors/stopped-delivering.ts';
import { stuckInReview } from '../../src/insights/detectors/stuck-in-review.ts';
import { weakHook } from '../../src/insights/detectors/weak-hook.ts';
import { winner } from '../../src/insights/detectors/winner.ts';
import { runDetectors } from '../../src/insights/detect.ts';
import type { Insight } from '../../src/shared/insights-api.ts';
import { HEALTHY, buildView, total } from './build-view.ts';

const metric = (i: Insight, id: string) => i.evidence.metrics.find((m) => m.metric === id)!;
const names = (list: Insight[]) => list.map((i) => i.entity_name);
/** A linear path from a to b over days 0…29. */
const slide = (a: number, b: number) => (day: number) => a + ((b - a) * day) / 29;

describe('creative_fatigue', () => {
  test('fires when CTR and the 2-second rate fall and CPM rises, with the early week as baseline', () => {
    const view = buildView([
      {
        name: 'Tired',
        rates: (d) => ({
          ctr: slide(0.03, 0.014)(d),
          hook: slide(0.4, 0.25)(d),
          cpm: slide(9, 12)(d),
          frequency: slide(1.2, 3)(d),
        }),
      },
    ]);
    const [insight, ...rest] = creativeFatigue.detect(view);
    expect(rest).toEqual([]);
    expect(insight!.entity_name).toBe('Tired');
    const ctr = metric(insight!, 'ctr');
    const recentClicks = total(view, 'Tired', 'clicks', '2026-03-24', '2026-03-30');
    const recentImpr = total(view, 'Tired', 'impressions', '2026-03-24', '2026-03-30');
    const earlyClicks = total(view, 'Tired', 'clicks', '2026-03-01', '2026-03-07');
    const earlyImpr = total(view, 'Tired', 'impressions', '2026-03-01', '2026-03-07');
    expect(ctr.value).toBeCloseTo(recentClicks / recentImpr, 6);
    expect(ctr.baseline).toBeCloseTo(earlyClicks / earlyImpr, 6);
    const spend = total(view, 'Tired', 'spend', '2026-03-24', '2026-03-30');
    expect(metric(insight!, 'cpm').value).toBeCloseTo((spend / recentImpr) * 1000, 4);
    expect(metric(insight!, 'cpm').change!).toBeGreaterThan(0.1);
    expect(insight!.evidence.baseline_window).toEqual({ from: '2026-03-01', to: '2026-03-07' });
    expect(insight!.evidence.tests.map((t) => t.metric)).toEqual(['ctr', 'video_watched_2s_rate']);
  });

  test('stays quiet for a mild decline, for too little delivery, and for a CTR fall without a hook fall', () => {
    const view = buildView([
      { name: 'Mild', rates: (d) => ({ ctr: slide(0.015, 0.013)(d), hook: slide(0.35, 0.32)(d) }) },
      {
        name: 'Tiny',
        group: 'Small',
        rates: (d) => ({ impressions: 150, ctr: slide(0.03, 0.012)(d), hook: slide(0.4, 0.25)(d) }),
      },
      { name: 'Only CTR', group: 'Other', rates: (d) => ({ ctr: slide(0.03, 0.014)(d) }) },
      {
        name: 'Young',
        group: 'New',
        firstDay: 20,
        rates: (d) => ({ ctr: slide(0.06, 0.01)(d), hook: slide(0.6, 0.2)(d) }),
      },
    ]);
    expect(names(creativeFatigue.detect(view))).toEqual([]);
  });
});

describe('weak_hook', () => {
  test('fires for a rate below the floor from the first week on', () => {
    const view = buildView([{ name: 'Slow start', rates: () => ({ hook: 0.08 }) }]);
    const [insight] = weakHook.detect(view);
    expect(insight!.entity_name).toBe('Slow start');
    expect(insight!.since).toBe('2026-03-01');
    const m = metric(insight!, 'video_watched_2s_rate');
    const v2 = total(view, 'Slow start', 'video_watched_2s', '2026-03-17', '2026-03-30');
    const impr = total(view, 'Slow start', 'impressions', '2026-03-17', '2026-03-30');
    expect(m.value).toBeCloseTo(v2 / impr, 6);
    // z against the floor, by hand.
    const z = (v2 / impr - 0.2) / Math.sqrt((0.2 * 0.8) / impr);
    expect(insight!.evidence.tests[0]!.z).toBeCloseTo(z, 2);
  });

  test('stays quiet just above the floor, for a rate that fell from a good start (fatigue), and for images', () => {
    const view = buildView([
      { name: 'Fine', rates: () => ({ hook: 0.24 }) },
      { name: 'Faded', group: 'B', rates: (d) => ({ hook: slide(0.4, 0.1)(d) }) },
      { name: 'Picture', group: 'C', format: 'SINGLE_IMAGE', rates: () => ({ hook: 0 }) },
      { name: 'Few', group: 'D', rates: () => ({ impressions: 150, hook: 0.1 }) },
    ]);
    expect(names(weakHook.detect(view))).toEqual([]);
  });
});

describe('hook_not_holding', () => {
  test('fires for a good hook with a steep drop before 6 seconds', () => {
    const view = buildView([{ name: 'Leaky', rates: () => ({ hold: 0.12 }) }]);
    const [insight] = hookNotHolding.detect(view);
    expect(insight!.entity_name).toBe('Leaky');
    const v2 = total(view, 'Leaky', 'video_watched_2s', '2026-03-17', '2026-03-30');
    const v6 = total(view, 'Leaky', 'video_watched_6s', '2026-03-17', '2026-03-30');
    expect(metric(insight!, 'hold_rate').value).toBeCloseTo(v6 / v2, 6);
  });

  test('stays quiet for a fair hold, a weak hook (that is weak_hook), a 6-second video and little data', () => {
    const view = buildView([
      { name: 'Fair', rates: () => ({ hold: 0.3 }) },
      { name: 'Weak hook', group: 'B', rates: () => ({ hold: 0.12, hook: 0.1 }) },
      { name: 'Short', group: 'C', durationS: 6, rates: () => ({ hold: 0.12 }) },
      { name: 'Few', group: 'D', rates: () => ({ impressions: 100, hold: 0.12 }) },
    ]);
    expect(names(hookNotHolding.detect(view))).toEqual([]);
  });
});

describe('landing_page_mismatch', () => {
  test('fires when one ad’s CVR collapses while its CTR and its siblings hold, since the break', () => {
    const view = buildView([
      { name: 'Broken', rates: (d) => ({ cvr: d < 10 ? 0.04 : 0.005 }) },
      { name: 'Working', rates: () => ({}) },
    ]);
    const [insight, ...rest] = landingPageMismatch.detect(view);
    expect(rest).toEqual([]);
    expect(insight!.entity_name).toBe('Broken');
    expect(insight!.severity).toBe('critical');
    expect(insight!.since).toBe('2026-03-11');
    // Sibling window: the 14 days ending 3 days before as-of.
    expect(insight!.evidence.window).toEqual({ from: '2026-03-14', to: '2026-03-27' });
    const conv = total(view, 'Broken', 'conversions', '2026-03-14', '2026-03-27');
    const clicks = total(view, 'Broken', 'clicks', '2026-03-14', '2026-03-27');
    const sibConv = total(view, 'Working', 'conversions', '2026-03-14', '2026-03-27');
    const sibClicks = total(view, 'Working', 'clicks', '2026-03-14', '2026-03-27');
    expect(metric(insight!, 'conversion_rate').value).toBeCloseTo(conv / clicks, 6);
    expect(metric(insight!, 'conversion_rate').baseline).toBeCloseTo(sibConv / sibClicks, 6);
  });

  test('fires on its own past when it has no siblings and the rest of the account converts as before', () => {
    const view = buildView([
      { name: 'Alone', rates: (d) => ({ cvr: d < 12 ? 0.04 : 0.008 }) },
      { name: 'Elsewhere', group: 'Other', rates: () => ({}) },
    ]);
    expect(names(landingPageMismatch.detect(view))).toEqual(['Alone']);
    expect(landingPageMismatch.detect(view)[0]!.evidence.baseline).toBe('its own days before the fall');
  });

  test('stays quiet for a modest gap, a fall everywhere (tracking), and an ad whose CTR is also low', () => {
    const modest = buildView([
      { name: 'Bit lower', rates: () => ({ cvr: 0.03 }) },
      { name: 'Sib', rates: () => ({}) },
    ]);
    expect(names(landingPageMismatch.detect(modest))).toEqual([]);
    const everywhere = buildView([
      { name: 'A', rates: (d) => ({ cvr: d < 10 ? 0.04 : 0 }) },
      { name: 'B', group: 'Other', rates: (d) => ({ cvr: d < 10 ? 0.04 : 0 }) },
    ]);
    expect(names(landingPageMismatch.detect(everywhere))).toEqual([]);
    const lowCtr = buildView([
      { name: 'Dull', rates: () => ({ ctr: 0.006, cvr: 0.01 }) },
      { name: 'Sib', rates: () => ({}) },
    ]);
    expect(names(landingPageMismatch.detect(lowCtr))).toEqual([]);
  });
});

describe('winner', () => {
  test('names the ad that beats its siblings on CTR, with the z-test, effect size and confidence', () => {
    const view = buildView([
      { name: 'Star', rates: () => ({ ctr: 0.024 }) },
      { name: 'Plain 1', rates: () => ({}) },
      { name: 'Plain 2', rates: () => ({}) },
    ]);
    const [insight, ...rest] = winner.detect(view);
    expect(rest).toEqual([]);
    expect(insight!.entity_name).toBe('Star');
    expect(insight!.severity).toBe('info');
    const from = '2026-03-17';
    const to = '2026-03-30';
    const x = total(view, 'Star', 'clicks', from, to);
    const n = total(view, 'Star', 'impressions', from, to);
    const ox = total(view, 'Plain 1', 'clicks', from, to) + total(view, 'Plain 2', 'clicks', from, to);
    const on =
      total(view, 'Plain 1', 'impressions', from, to) + total(view, 'Plain 2', 'impressions', from, to);
    const pooled = (x + ox) / (n + on);
    const z = (x / n - ox / on) / Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / on));
    const t = insight!.evidence.tests.find((x) => x.metric === 'ctr')!;
    expect(t.z).toBeCloseTo(z, 2);
    expect(t.effect_size).toBeCloseTo(x / n / (ox / on) - 1, 3);
    expect(t.confidence).toBeGreaterThan(0.99);
    // The budget to move: what the two others spent per day over the window.
    const perDay =
      (total(view, 'Plain 1', 'spend', from, to) + total(view, 'Plain 2', 'spend', from, to)) / 14;
    expect(metric(insight!, 'spend').value).toBeCloseTo(perDay, 6);
    expect(insight!.recommendation).toContain(`Move about ${perDay.toFixed(2)} USD a day to it`);
  });

  test('gives the kit-bash brief when two siblings win on different things', () => {
    const view = buildView([
      { name: 'Clicky', rates: () => ({ ctr: 0.024 }) },
      { name: 'Watchable', rates: () => ({ hold: 0.7, hook: 0.45 }) },
      { name: 'Plain', rates: () => ({}) },
    ]);
    const found = winner.detect(view);
    expect(names(found).sort()).toEqual(['Clicky', 'Watchable']);
    const brief = found.find((i) => i.entity_name === 'Clicky')!.brief!;
    expect(brief.headline).toBe('Kit-bash the two winners');
    // The opening of the one that holds viewers, the rest of the 15-second one that gets the clicks.
    expect(brief.items[1]).toContain('the first 3 seconds of "Watchable"');
    expect(brief.items[1]).toContain('the last 12 seconds of "Clicky"');
    expect(found.find((i) => i.entity_name === 'Watchable')!.brief!.items[1]).toBe(brief.items[1]);
  });

  test('stays quiet for a small lift, for a big lift on few impressions, and for an ad alone', () => {
    const view = buildView([
      { name: 'Slightly better', rates: () => ({ ctr: HEALTHY.ctr * 1.08 }) },
      { name: 'Plain', rates: () => ({}) },
      { name: 'Lucky', group: 'Small', rates: () => ({ impressions: 120, ctr: 0.03 }) },
      { name: 'Small plain', group: 'Small', rates: () => ({ impressions: 120 }) },
      { name: 'Alone', group: 'Solo', rates: () => ({ ctr: 0.05 }) },
    ]);
    expect(names(winner.detect(view))).toEqual([]);
  });
});

test('a healthy hand-built account raises nothing at all', () => {
  const view = buildView([
    { name: 'One', rates: () => ({}) },
    { name: 'Two', rates: () => ({}) },
    { name: 'Three', group: 'Other', rates: () => ({}) },
  ]);
  expect(runDetectors(view)).toEqual([]);
});

describe('stuck_in_review', () => {
  const at = (view: ReturnType<typeof buildView>, hoursBefore: number) =>
    new Date(view.at - hoursBefore * 3_600_000).toISOString();

  test('fires for an enabled ad in review more than 24 hours, critical from 48, with the hours as evidence', () => {
    const view = buildView([
      { name: 'Waiting', rates: () => ({}) },
      { name: 'Waiting long', rates: () => ({}) },
    ]);
    Object.assign(view.ads[0]!.ad, { review_status: 'REVIEWING', review_submitted_at: at(view, 30) });
    Object.assign(view.ads[1]!.ad, { review_status: 'REVIEWING', review_submitted_at: at(view, 72) });
    const found = stuckInReview.detect(view);
    expect(found.map((i) => [i.entity_name, i.severity])).toEqual([
      ['Waiting', 'warning'],
      ['Waiting long', 'critical'],
    ]);
    expect(found[0]!.evidence.metrics[0]!.value).toBeCloseTo(30, 1);
    expect(found[1]!.since).toBe('2026-03-28');
  });

  test('stays quiet under 24 hours, once approved or rejected, and for a paused ad', () => {
    const view = buildView(
      ['Fresh', 'Approved', 'Rejected', 'Paused'].map((name) => ({ name, rates: () => ({}) })),
    );
    Object.assign(view.ads[0]!.ad, { review_status: 'REVIEWING', review_submitted_at: at(view, 20) });
    Object.assign(view.ads[1]!.ad, { review_status: 'SUCCEED', review_submitted_at: at(view, 90) });
    Object.assign(view.ads[2]!.ad, { review_status: 'FAIL', review_submitted_at: at(view, 90) });
    Object.assign(view.ads[3]!.ad, {
      review_status: 'REVIEWING',
      review_submitted_at: at(view, 90),
      operation_status: 'DISABLE',
    });
    expect(stuckInReview.detect(view)).toEqual([]);
  });
});

describe('stopped_delivering', () => {
  const stopsAt = (day: number) => (d: number) => ({ impressions: d >= day ? 10 : 6000 });

  test('fires for an ad that is on but has had almost no impressions for 2 days, since the first of them', () => {
    const view = buildView([{ name: 'Gone quiet', rates: stopsAt(27) }]);
    const [insight] = stoppedDelivering.detect(view);
    expect(insight!.entity_name).toBe('Gone quiet');
    expect(insight!.since).toBe('2026-03-28');
    const m = insight!.evidence.metrics[0]!;
    expect(m.value).toBe(total(view, 'Gone quiet', 'impressions', '2026-03-29', '2026-03-30'));
    expect(m.baseline).toBe(total(view, 'Gone quiet', 'impressions', '2026-03-22', '2026-03-28'));
  });

  test('stays quiet for one quiet day, a paused ad group, a weekend switched off by dayparting, and a slowdown', () => {
    const view = buildView([
      { name: 'One day', rates: stopsAt(29) },
      { name: 'Paused group', group: 'Paused', rates: stopsAt(27) },
      { name: 'Weekdays only', group: 'Dayparted', rates: stopsAt(28) },
      { name: 'Slower', group: 'Slow', rates: (d) => ({ impressions: d >= 27 ? 1500 : 6000 }) },
    ]);
    view.adGroups.find((g) => g.adgroup_name === 'Paused')!.operation_status = 'DISABLE';
    // 2026-03-29 and 30 are a Sunday and a Monday: Sunday and Monday off.
    view.adGroups.find((g) => g.adgroup_name === 'Dayparted')!.dayparting =
      '0'.repeat(48) + '1'.repeat(48 * 5) + '0'.repeat(48);
    expect(names(stoppedDelivering.detect(view))).toEqual([]);
  });
});
