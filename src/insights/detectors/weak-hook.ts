// weak_hook (ad): many impressions, few of them watched 2 seconds — the opening does not stop the
// scroll. Judged against a fixed floor rather than the ad's siblings (a whole ad group can have weak
// hooks), and only when the rate was low from the ad's first week on: a rate that started healthy and
// fell is fatigue, not the hook.
import type { Insight } from '../../shared/insights-api.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';
import { normalUpperTail, sum } from '../stats.ts';
import { WEEK, earlyBaseline, isVideo, lastDays } from '../windows.ts';

export const WEAK_HOOK = {
  /** 2-second views ÷ impressions below this is a weak hook (healthy TikTok openings: 25–40 %). */
  floor: 0.2,
  /** The early week must also be below this: weak from the start. */
  earlyCeiling: 0.25,
  windowDays: 14,
  minImpressions: 3000,
  /** One-sided p-value that the rate is below the floor. */
  maxP: 0.001,
};

export const weakHook: Detector = {
  code: 'weak_hook',
  detect(view) {
    const out: Insight[] = [];
    for (const ad of view.ads) {
      if (!isVideo(ad)) continue;
      const recent = lastDays(ad, view.asOf, WEAK_HOOK.windowDays);
      const early = earlyBaseline(ad, WEEK);
      if (!early) continue;
      const n = sum(recent.days, 'impressions');
      const x = sum(recent.days, 'video_watched_2s');
      if (n < WEAK_HOOK.minImpressions) continue;
      const r = x / n;
      const se = Math.sqrt((WEAK_HOOK.floor * (1 - WEAK_HOOK.floor)) / n);
      const z = (r - WEAK_HOOK.floor) / se;
      const p = normalUpperTail(-z);
      const earlyN = sum(early.days, 'impressions');
      const earlyX = sum(early.days, 'video_watched_2s');
      const earlyRate = earlyN > 0 ? earlyX / earlyN : null;
      if (r >= WEAK_HOOK.floor || p >= WEAK_HOOK.maxP) continue;
      if (earlyRate === null || earlyRate >= WEAK_HOOK.earlyCeiling) continue;
      out.push({
        code: 'weak_hook',
        level: 'ad',
        entity_id: ad.ad.ad_id,
        entity_name: ad.ad.ad_name,
        severity: 'warning',
        since: early.days[0]!.date,
        evidence: {
          window: { from: recent.from, to: recent.to },
          baseline_window: { from: early.from, to: early.to },
          baseline: "the ad's first week with delivery (a weak hook is weak from the start)",
          metrics: [
            evidenceMetric(
              'video_watched_2s_rate',
              '2-second view rate',
              { numerator: x, denominator: n },
              { numerator: earlyX, denominator: earlyN },
            ),
          ],
          tests: [
            {
              name: 'one-sided z-test of the rate against the floor',
              metric: 'video_watched_2s_rate',
              z: Number(z.toFixed(3)),
              p_value: Number(p.toPrecision(3)),
              confidence: Number((1 - p).toFixed(6)),
              effect_size: Number((r / WEAK_HOOK.floor - 1).toFixed(4)),
            },
          ],
          thresholds: {
            floor: WEAK_HOOK.floor,
            early_ceiling: WEAK_HOOK.earlyCeiling,
            min_impressions: WEAK_HOOK.minImpressions,
            max_p: WEAK_HOOK.maxP,
          },
        },
        summary: `Only ${pct(r)} of ${n.toLocaleString('en-US')} impressions watched 2 seconds (floor ${pct(WEAK_HOOK.floor, 0)}), and it was ${pct(earlyRate)} in its first week: the opening does not stop the scroll.`,
        recommendation:
          'A creative problem, not a budget one: more budget buys more scrolled-past impressions. Rework the first 3 seconds before spending more on this ad.',
        brief: {
          headline: 'Rework the first 3 seconds',
          items: [
            'Open on the payoff or the product in motion, not a logo or a slow build-up.',
            'Put a bold on-screen text hook in the first second (a question or a claim the viewer cares about).',
            'Swap the voiceover opening line for one that names the viewer’s problem.',
            'Keep the rest of the video: test 3 new hooks on the same core video.',
          ],
        },
      });
    }
    return out;
  },
};
