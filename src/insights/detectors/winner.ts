// winner (ad): better than its siblings in the same ad group — not by luck. Each ad with enough delivery
// is tested against the pooled other ads of its ad group over the same days, on CTR and (videos) on the
// 6-second view rate, with a one-sided two-proportion z-test; the p-value is Bonferroni-corrected for the
// number of ads × metrics tested in the ad group, and the lift must also be large enough to matter.
// Siblings that win on different things get the kit-bash brief.
import { addDays } from '../../core/dates.ts';
import type { Insight, StatTest } from '../../shared/insights-api.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';
import type { AdFacts } from '../facts-view.ts';
import { type Counter, inWindow, sum, twoProportionZ } from '../stats.ts';
import { isVideo } from '../windows.ts';

export const WINNER = {
  windowDays: 14,
  minImpressions: 2000,
  /** Relative lift over the siblings at least this. */
  minLift: 0.2,
  /** Family-wise: corrected p-value below this (confidence ≥ 99 %). */
  maxP: 0.01,
};

const METRICS: { id: string; label: string; numerator: Counter; videoOnly: boolean }[] = [
  { id: 'ctr', label: 'CTR', numerator: 'clicks', videoOnly: false },
  {
    id: 'video_watched_6s_rate',
    label: '6-second view rate',
    numerator: 'video_watched_6s',
    videoOnly: true,
  },
];

interface Win {
  ad: AdFacts;
  metric: (typeof METRICS)[number];
  value: { numerator: number; denominator: number };
  base: { numerator: number; denominator: number };
  test: StatTest;
}

export const winner: Detector = {
  code: 'winner',
  detect(view) {
    const from = addDays(view.asOf, -(WINNER.windowDays - 1));
    const to = view.asOf;
    const out: Insight[] = [];
    for (const group of view.adGroups) {
      const ads = view.ads
        .filter((a) => a.ad.adgroup_id === group.adgroup_id)
        .map((a) => ({ ad: a, days: inWindow(a.days, from, to) }))
        .filter((a) => sum(a.days, 'impressions') >= WINNER.minImpressions);
      if (ads.length < 2) continue;
      const comparisons = ads.reduce(
        (n, a) => n + METRICS.filter((m) => !m.videoOnly || isVideo(a.ad)).length,
        0,
      );
      const wins: Win[] = [];
      for (const a of ads) {
        const others = ads.filter((o) => o !== a);
        for (const metric of METRICS) {
          if (metric.videoOnly && (!isVideo(a.ad) || others.some((o) => !isVideo(o.ad)))) continue;
          const x = sum(a.days, metric.numerator);
          const n = sum(a.days, 'impressions');
          const ox = others.reduce((s, o) => s + sum(o.days, metric.numerator), 0);
          const on = others.reduce((s, o) => s + sum(o.days, 'impressions'), 0);
          const test = twoProportionZ(x, n, ox, on);
          if (!test || ox === 0) continue;
          const lift = x / n / (ox / on) - 1;
          const p = Math.min(1, test.pGreater * comparisons);
          if (lift < WINNER.minLift || p >= WINNER.maxP) continue;
          wins.push({
            ad: a.ad,
            metric,
            value: { numerator: x, denominator: n },
            base: { numerator: ox, denominator: on },
            test: {
              name: `two-proportion z-test vs the other ads of the ad group (one-sided, Bonferroni × ${comparisons})`,
              metric: metric.id,
              z: Number(test.z.toFixed(3)),
              p_value: Number(p.toPrecision(3)),
              confidence: Number((1 - p).toFixed(6)),
              effect_size: Number(lift.toFixed(4)),
            },
          });
        }
      }
      const winners = [...new Set(wins.map((w) => w.ad))];
      for (const ad of winners) {
        const mine = wins.filter((w) => w.ad === ad);
        const other = wins.find((w) => w.ad !== ad && !mine.some((m) => m.metric.id === w.metric.id));
        const words = mine.map(
          (w) => `${w.metric.label} +${pct(w.test.effect_size, 0)} (confidence ${pct(w.test.confidence, 1)})`,
        );
        // The budget to move: what the ad group's other ads spent per day over the window, which pausing
        // them hands to the winner within the same ad group budget.
        const others = ads.filter((o) => o.ad !== ad && !winners.includes(o.ad));
        const othersSpend = others.reduce((s, o) => s + sum(o.days, 'spend'), 0);
        const perDay = othersSpend / WINNER.windowDays;
        const currency = view.advertiser.currency;
        const move =
          others.length > 0 && perDay > 0
            ? `Move about ${perDay.toFixed(2)} ${currency} a day to it: pause ${others.map((o) => `"${o.ad.ad.ad_name}"`).join(', ')} (their average daily spend over the last ${WINNER.windowDays} days), so the ad group's budget flows to this ad.`
            : null;
        out.push({
          code: 'winner',
          level: 'ad',
          entity_id: ad.ad.ad_id,
          entity_name: ad.ad.ad_name,
          severity: 'info',
          since: from,
          evidence: {
            window: { from, to },
            baseline_window: null,
            baseline: 'the other ads of its ad group, pooled, over the same days',
            metrics: [
              ...mine.map((w) => evidenceMetric(w.metric.id, w.metric.label, w.value, w.base)),
              ...(move
                ? [
                    evidenceMetric(
                      'spend',
                      'Spend per day of the ads to pause (the budget to move)',
                      { numerator: othersSpend, denominator: WINNER.windowDays },
                      null,
                    ),
                  ]
                : []),
            ],
            tests: mine.map((w) => w.test),
            thresholds: {
              min_lift: WINNER.minLift,
              max_p: WINNER.maxP,
              min_impressions: WINNER.minImpressions,
            },
          },
          summary: `Beats the other ads of "${group.adgroup_name}" on ${words.join(' and ')}.`,
          recommendation: move
            ? `${move} Build the next creatives on what makes it win.`
            : 'Give it the ad group’s delivery and build the next creatives on what makes it win.',
          brief: other
            ? kitBash(ad, mine, other)
            : {
                headline: 'Make more like it',
                items: [
                  `Keep the core of "${ad.ad.ad_name}" and test 3 new hooks on it to find the next winner before it tires.`,
                  ...(move ? [move] : []),
                ],
              },
        });
      }
    }
    return out;
  },
};

/**
 * Two siblings that win on different things: the one whose viewers stay to 6 seconds has the opening, the
 * one that gets the clicks has the body and the call to action — cut them into one ad.
 */
function kitBash(ad: AdFacts, mine: Win[], other: Win) {
  const mineHolds = mine.some((w) => w.metric.id === 'video_watched_6s_rate');
  const opener = mineHolds ? ad : other.ad;
  const closer = mineHolds ? other.ad : ad;
  const rest = closer.creative?.duration_s ? Math.max(1, Math.round(closer.creative.duration_s - 3)) : null;
  return {
    headline: 'Kit-bash the two winners',
    items: [
      `"${ad.ad.ad_name}" wins on ${mine.map((w) => w.metric.label).join(', ')}; "${other.ad.ad.ad_name}" wins on ${other.metric.label}.`,
      `Cut a new ad: the first 3 seconds of "${opener.ad.ad_name}" (its opening keeps viewers) with ${rest !== null ? `the last ${rest} seconds` : 'the rest'} of "${closer.ad.ad_name}" (its body and call to action get the clicks).`,
      'Launch it in the same ad group next to both and let the test pick.',
    ],
  };
}
