// creative_fatigue (ad): the same people have seen it too often — its CTR and 2-second view rate fall
// and its CPM rises as frequency climbs. Judged against the ad's own early baseline (its first week with
// delivery) so that a creative that was always modest is not called tired. Both windows are whole weeks,
// so weekday swings cancel out; every fall must be significant, not a noisy week.
import type { Insight } from '../../shared/insights-api.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';
import { changePoint, sum, twoProportionZ } from '../stats.ts';
import { WEEK, earlyBaseline, isVideo, lastDays } from '../windows.ts';

export const CREATIVE_FATIGUE = {
  /** Recent CTR ÷ early CTR at most this. */
  maxCtrRatio: 0.8,
  /** Recent 2-second rate ÷ early at most this (videos). */
  maxHookRatio: 0.85,
  /** For images (no views): recent CPM ÷ early CPM at least this. */
  minCpmRatio: 1.1,
  /** A CTR ratio at or below this is critical. */
  criticalCtrRatio: 0.5,
  /** The ad must have delivered on at least this many days, so the two weeks do not overlap. */
  minDeliveryDays: 14,
  minRecentImpressions: 2000,
  maxP: 0.001,
};

export const creativeFatigue: Detector = {
  code: 'creative_fatigue',
  detect(view) {
    const out: Insight[] = [];
    for (const ad of view.ads) {
      const delivering = ad.days.filter((d) => d.impressions > 0);
      if (delivering.length < CREATIVE_FATIGUE.minDeliveryDays) continue;
      const early = earlyBaseline(ad, WEEK);
      const recent = lastDays(ad, view.asOf, WEEK);
      if (!early || early.to >= recent.from) continue;
      const e = totals(early.days);
      const r = totals(recent.days);
      if (r.impressions < CREATIVE_FATIGUE.minRecentImpressions || e.impressions === 0) continue;
      const ctrTest = twoProportionZ(r.clicks, r.impressions, e.clicks, e.impressions);
      const ctrRatio = e.clicks > 0 ? r.clicks / r.impressions / (e.clicks / e.impressions) : null;
      if (!ctrTest || ctrRatio === null) continue;
      if (ctrRatio > CREATIVE_FATIGUE.maxCtrRatio || ctrTest.pLess >= CREATIVE_FATIGUE.maxP) continue;
      const video = isVideo(ad);
      const hookTest = video ? twoProportionZ(r.v2, r.impressions, e.v2, e.impressions) : null;
      const hookRatio = video && e.v2 > 0 ? r.v2 / r.impressions / (e.v2 / e.impressions) : null;
      const cpmRatio = e.spend > 0 ? r.spend / r.impressions / (e.spend / e.impressions) : null;
      const confirmed = video
        ? hookTest !== null &&
          hookRatio !== null &&
          hookRatio <= CREATIVE_FATIGUE.maxHookRatio &&
          hookTest.pLess < CREATIVE_FATIGUE.maxP
        : cpmRatio !== null && cpmRatio >= CREATIVE_FATIGUE.minCpmRatio;
      if (!confirmed) continue;
      const since = changePoint(delivering, 'clicks', 'impressions') ?? recent.from;
      const metrics = [
        evidenceMetric(
          'ctr',
          'CTR',
          { numerator: r.clicks, denominator: r.impressions },
          { numerator: e.clicks, denominator: e.impressions },
        ),
        ...(video
          ? [
              evidenceMetric(
                'video_watched_2s_rate',
                '2-second view rate',
                { numerator: r.v2, denominator: r.impressions },
                { numerator: e.v2, denominator: e.impressions },
              ),
            ]
          : []),
        evidenceMetric(
          'cpm',
          'CPM',
          { numerator: r.spend, denominator: r.impressions, scale: 1000 },
          { numerator: e.spend, denominator: e.impressions, scale: 1000 },
        ),
        evidenceMetric(
          'frequency',
          'Frequency (impressions ÷ reach, summed over days)',
          { numerator: r.impressions, denominator: r.reach },
          { numerator: e.impressions, denominator: e.reach },
        ),
      ];
      const tests = [
        { metric: 'ctr', test: ctrTest, ratio: ctrRatio },
        ...(hookTest && hookRatio !== null
          ? [{ metric: 'video_watched_2s_rate', test: hookTest, ratio: hookRatio }]
          : []),
      ].map(({ metric, test, ratio }) => ({
        name: 'two-proportion z-test, recent week vs first week (one-sided)',
        metric,
        z: Number(test.z.toFixed(3)),
        p_value: Number(test.pLess.toPrecision(3)),
        confidence: Number((1 - test.pLess).toFixed(6)),
        effect_size: Number((ratio - 1).toFixed(4)),
      }));
      out.push({
        code: 'creative_fatigue',
        level: 'ad',
        entity_id: ad.ad.ad_id,
        entity_name: ad.ad.ad_name,
        severity: ctrRatio <= CREATIVE_FATIGUE.criticalCtrRatio ? 'critical' : 'warning',
        since,
        evidence: {
          window: { from: recent.from, to: recent.to },
          baseline_window: { from: early.from, to: early.to },
          baseline: "the ad's own first week with delivery",
          metrics,
          tests,
          thresholds: {
            max_ctr_ratio: CREATIVE_FATIGUE.maxCtrRatio,
            ...(video
              ? { max_hook_ratio: CREATIVE_FATIGUE.maxHookRatio }
              : { min_cpm_ratio: CREATIVE_FATIGUE.minCpmRatio }),
            min_delivery_days: CREATIVE_FATIGUE.minDeliveryDays,
            min_recent_impressions: CREATIVE_FATIGUE.minRecentImpressions,
            max_p: CREATIVE_FATIGUE.maxP,
          },
        },
        summary:
          `CTR fell ${pct(1 - ctrRatio, 0)} from its first week` +
          (hookRatio !== null ? `, the 2-second rate ${pct(1 - hookRatio, 0)}` : '') +
          (cpmRatio !== null ? ` and CPM moved ${cpmRatio >= 1 ? '+' : ''}${pct(cpmRatio - 1, 0)}` : '') +
          ': the audience has seen this creative too often.',
        recommendation:
          'Refresh the creative rather than raising the budget: new hooks on the same core video restore the early rates at a fraction of a new shoot.',
        brief: {
          headline: 'Test new hooks on the same core video',
          items: [
            'Cut 3 new openings (first 3 seconds) for this video: a different first shot, on-screen text and first voiceover line each.',
            'Keep what worked in its first week: the offer, the product shots and the call to action.',
            'Launch them as new ads in this ad group and pause this one when they have their first week of data.',
          ],
        },
      });
    }
    return out;
  },
};

function totals(days: Parameters<typeof sum>[0]) {
  return {
    impressions: sum(days, 'impressions'),
    clicks: sum(days, 'clicks'),
    spend: sum(days, 'spend'),
    reach: sum(days, 'reach'),
    v2: sum(days, 'video_watched_2s'),
  };
}
