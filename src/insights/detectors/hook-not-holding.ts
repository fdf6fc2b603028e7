// hook_not_holding (ad): the opening works (a healthy 2-second rate) but viewers leave before 6 seconds:
// the story after the hook loses them. Judged on 6-second ÷ 2-second views against a fixed floor, for
// videos long enough to have a 6th second.
import type { Insight } from '../../shared/insights-api.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';
import { normalUpperTail, sum } from '../stats.ts';
import { isVideo, lastDays } from '../windows.ts';
import { WEAK_HOOK } from './weak-hook.ts';

export const HOOK_NOT_HOLDING = {
  /** 6-second ÷ 2-second views below this: the hold breaks (healthy: 40–60 %). */
  holdFloor: 0.25,
  /** The hook must be healthy: 2-second views ÷ impressions at least the weak-hook floor. */
  hookFloor: WEAK_HOOK.floor,
  windowDays: 14,
  min2sViews: 500,
  minDurationS: 8,
  maxP: 0.001,
};

export const hookNotHolding: Detector = {
  code: 'hook_not_holding',
  detect(view) {
    const out: Insight[] = [];
    for (const ad of view.ads) {
      if (!isVideo(ad)) continue;
      const duration = ad.creative?.duration_s ?? null;
      if (duration !== null && duration < HOOK_NOT_HOLDING.minDurationS) continue;
      const recent = lastDays(ad, view.asOf, HOOK_NOT_HOLDING.windowDays);
      const impressions = sum(recent.days, 'impressions');
      const v2 = sum(recent.days, 'video_watched_2s');
      const v6 = sum(recent.days, 'video_watched_6s');
      if (v2 < HOOK_NOT_HOLDING.min2sViews || impressions === 0) continue;
      const hook = v2 / impressions;
      if (hook < HOOK_NOT_HOLDING.hookFloor) continue;
      const hold = v6 / v2;
      const f = HOOK_NOT_HOLDING.holdFloor;
      const z = (hold - f) / Math.sqrt((f * (1 - f)) / v2);
      const p = normalUpperTail(-z);
      if (hold >= f || p >= HOOK_NOT_HOLDING.maxP) continue;
      const first = recent.days.find((d) => d.video_watched_2s > 0) ?? recent.days[0]!;
      out.push({
        code: 'hook_not_holding',
        level: 'ad',
        entity_id: ad.ad.ad_id,
        entity_name: ad.ad.ad_name,
        severity: 'warning',
        since: ad.days.find((d) => d.video_watched_2s > 0)?.date ?? first.date,
        evidence: {
          window: { from: recent.from, to: recent.to },
          baseline_window: null,
          baseline: 'fixed floors: the hook rate must be healthy, the hold rate is judged against its floor',
          metrics: [
            evidenceMetric(
              'video_watched_2s_rate',
              '2-second view rate',
              { numerator: v2, denominator: impressions },
              null,
            ),
            evidenceMetric('hold_rate', 'Hold rate (6 s ÷ 2 s)', { numerator: v6, denominator: v2 }, null),
          ],
          tests: [
            {
              name: 'one-sided z-test of the hold rate against the floor',
              metric: 'hold_rate',
              z: Number(z.toFixed(3)),
              p_value: Number(p.toPrecision(3)),
              confidence: Number((1 - p).toFixed(6)),
              effect_size: Number((hold / f - 1).toFixed(4)),
            },
          ],
          thresholds: {
            hold_floor: f,
            hook_floor: HOOK_NOT_HOLDING.hookFloor,
            min_2s_views: HOOK_NOT_HOLDING.min2sViews,
            max_p: HOOK_NOT_HOLDING.maxP,
          },
        },
        summary: `The hook works (${pct(hook)} watch 2 seconds) but only ${pct(hold)} of them reach 6 seconds (floor ${pct(f, 0)}): the story loses them right after the opening.`,
        recommendation:
          'Keep the opening and rework seconds 2–6: the promise of the hook must pay off at once.',
        brief: {
          headline: 'Keep the hook, rebuild seconds 2–6',
          items: [
            'Cut the slow part right after the hook: show the product doing what the hook promised by second 3.',
            'Rewrite the on-screen text so it carries the story on without sound.',
            'Try a faster edit (a cut every 1–2 seconds) and a voiceover that continues the hook’s sentence.',
          ],
        },
      });
    }
    return out;
  },
};
