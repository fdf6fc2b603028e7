// stopped_delivering (ad): an ad that is on — enabled and approved, in an enabled ad group whose schedule
// has not ended — and had delivery, but has had (almost) no impression for the last 2 days: each of them
// under 2 % of its daily average the week before (an auction it no longer wins still lets a few through). Something outside the
// ad's switches stopped it (a bid the market outgrew, a spent lifetime budget, an audience run dry), and
// nobody sees it on a dashboard of totals. Days that the ad group's dayparting switches off wholly do not
// count as silent.
import { addDays, weekdayMondayFirst } from '../../core/dates.ts';
import type { Insight } from '../../shared/insights-api.ts';
import { type Detector, evidenceMetric } from '../detector.ts';
import { inWindow, sum } from '../stats.ts';

export const STOPPED_DELIVERING = {
  /** Whole days without an impression, ending on the as-of day. */
  silentDays: 2,
  /** Impressions in the week before the silence: it really was delivering. */
  minImpressionsBefore: 1000,
  /** A silent day has at most this share of the week before's daily average. */
  maxShareOfBefore: 0.02,
};

export const stoppedDelivering: Detector = {
  code: 'stopped_delivering',
  detect(view) {
    const out: Insight[] = [];
    const S = STOPPED_DELIVERING;
    const silentFrom = addDays(view.asOf, -(S.silentDays - 1));
    const beforeFrom = addDays(silentFrom, -7);
    const beforeTo = addDays(silentFrom, -1);
    for (const { ad, adGroup, days } of view.ads) {
      if (ad.operation_status !== 'ENABLE' || ad.review_status !== 'SUCCEED') continue;
      if (adGroup.operation_status !== 'ENABLE') continue;
      if (view.campaignStatus.get(ad.campaign_id) !== 'ENABLE') continue;
      if (adGroup.schedule_end_time !== null && adGroup.schedule_end_time.slice(0, 10) <= view.asOf) continue;
      const dayparting = adGroup.dayparting;
      const silentDates = [silentFrom, view.asOf];
      if (
        dayparting &&
        silentDates.some(
          (d) => !dayparting.slice(weekdayMondayFirst(d) * 48, weekdayMondayFirst(d) * 48 + 48).includes('1'),
        )
      )
        continue;
      const silentDays = inWindow(days, silentFrom, view.asOf);
      const silent = sum(silentDays, 'impressions');
      const before = inWindow(days, beforeFrom, beforeTo);
      const beforeImpressions = sum(before, 'impressions');
      if (beforeImpressions < S.minImpressionsBefore) continue;
      const ceiling = (beforeImpressions / 7) * S.maxShareOfBefore;
      if (silentDays.some((d) => d.impressions > ceiling)) continue;
      // The silence began the day after the last day above the ceiling.
      const last = [...days].reverse().find((d) => d.impressions > ceiling)!;
      out.push({
        code: 'stopped_delivering',
        level: 'ad',
        entity_id: ad.ad_id,
        entity_name: ad.ad_name,
        severity: 'critical',
        since: addDays(last.date, 1),
        evidence: {
          window: { from: silentFrom, to: view.asOf },
          baseline_window: { from: beforeFrom, to: beforeTo },
          baseline: 'the week before the silent days',
          metrics: [
            evidenceMetric(
              'impressions',
              'Impressions',
              { numerator: silent, denominator: 1 },
              { numerator: beforeImpressions, denominator: 1 },
            ),
          ],
          tests: [],
          thresholds: {
            silent_days: S.silentDays,
            min_impressions_before: S.minImpressionsBefore,
            max_share_of_before: S.maxShareOfBefore,
          },
        },
        summary: `On and approved, but ${silent === 0 ? 'no' : `only ${silent.toLocaleString('en-US')}`} impressions in the last ${S.silentDays} days (since ${addDays(last.date, 1)} after ${beforeImpressions.toLocaleString('en-US')} in the week before).`,
        recommendation:
          'Open the ad group’s delivery: compare its bid with what the auction cleared at last week, check a lifetime budget that may be spent and an audience that may have run dry.',
        brief: null,
      });
    }
    return out;
  },
};
