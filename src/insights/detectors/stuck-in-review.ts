// stuck_in_review (ad): TikTok's review usually decides within hours; an enabled ad still in review a day
// after it was submitted delivers nothing and needs a look (or a resubmission). Read from the catalog's
// review status and submission time only.
import { toLocal } from '../../core/timezone.ts';
import type { Insight } from '../../shared/insights-api.ts';
import type { Detector } from '../detector.ts';

export const STUCK_IN_REVIEW = {
  /** Hours in review before it is stuck. */
  minHours: 24,
  /** From this many hours it is critical: the ad has missed two days. */
  criticalHours: 48,
};

export const stuckInReview: Detector = {
  code: 'stuck_in_review',
  detect(view) {
    const out: Insight[] = [];
    for (const { ad, adGroup } of view.ads) {
      if (ad.review_status !== 'REVIEWING' || ad.operation_status !== 'ENABLE') continue;
      if (adGroup.operation_status !== 'ENABLE') continue;
      const submitted = Date.parse(ad.review_submitted_at ?? ad.create_time);
      if (!Number.isFinite(submitted)) continue;
      const hours = (view.at - submitted) / 3_600_000;
      if (hours <= STUCK_IN_REVIEW.minHours) continue;
      const since = new Date(submitted).toISOString();
      out.push({
        code: 'stuck_in_review',
        level: 'ad',
        entity_id: ad.ad_id,
        entity_name: ad.ad_name,
        severity: hours >= STUCK_IN_REVIEW.criticalHours ? 'critical' : 'warning',
        since: localDate(submitted, view.advertiser.timezone),
        evidence: {
          window: { from: localDate(submitted, view.advertiser.timezone), to: view.asOf },
          baseline_window: null,
          baseline: `submitted for review at ${since}; judged at ${new Date(view.at).toISOString()}`,
          metrics: [
            {
              metric: 'hours_in_review',
              label: 'Hours in review',
              value: Number(hours.toFixed(1)),
              baseline: STUCK_IN_REVIEW.minHours,
              change: null,
              numerator: null,
              denominator: null,
              baseline_numerator: null,
              baseline_denominator: null,
            },
          ],
          tests: [],
          thresholds: { min_hours: STUCK_IN_REVIEW.minHours, critical_hours: STUCK_IN_REVIEW.criticalHours },
        },
        summary: `In review for ${Math.floor(hours)} hours (usually a few): it has delivered nothing since it was submitted.`,
        recommendation:
          'Check the ad against TikTok’s advertising policies (claims, text in the video, landing page), then duplicate it to resubmit or ask TikTok support about the review.',
        brief: null,
      });
    }
    return out;
  },
};

const localDate = (ms: number, timeZone: string): string => toLocal(ms, timeZone).date;
