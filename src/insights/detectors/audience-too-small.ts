// audience_too_small (ad group): it cannot spend its budget because it runs out of people. Two signs, each
// with the ad group under-spending (under 80 % of its budget over the last 3 whole days):
//  - the reachable audience (the same estimate the ad group form shows) is Narrow, under 1 million;
//  - or the same people see it ever more often: frequency over the last 7 days at least 2 and 25 % above
//    the 7 days before (people reached are counted exactly over each week, not summed over days).
import type { Insight } from '../../shared/insights-api.ts';
import {
  NARROW_AUDIENCE,
  PACING_DAYS,
  audienceOf,
  isLive,
  lastFullDay,
  money,
  pacing,
  underSpendSince,
} from '../delivery.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';

export const AUDIENCE_TOO_SMALL = {
  /** Under this share of the budget spent over the last whole days. */
  maxSpendShare: 0.8,
  days: PACING_DAYS,
  narrowAudience: NARROW_AUDIENCE,
  /** Frequency over 7 days at least this, and this many times the week before's. */
  minFrequency: 2,
  minFrequencyRise: 1.25,
  /** Each week needs this many impressions for its frequency to mean anything. */
  minWeekImpressions: 1000,
};

export const audienceTooSmall: Detector = {
  code: 'audience_too_small',
  detect(view) {
    const A = AUDIENCE_TOO_SMALL;
    const out: Insight[] = [];
    const end = lastFullDay(view);
    const currency = view.advertiser.currency;
    for (const group of view.adGroups) {
      if (!isLive(view, group)) continue;
      const paced = pacing(view, group, end, A.days);
      if (!paced || paced.share >= A.maxSpendShare) continue;
      const audience = audienceOf(view, group);
      const weeks = view.groupWeeks.get(group.adgroup_id);
      if (!weeks) continue;
      const { recent, previous } = weeks;
      const freq = recent.reach > 0 ? recent.impressions / recent.reach : null;
      const freqBefore = previous.reach > 0 ? previous.impressions / previous.reach : null;
      const narrow = audience.size < A.narrowAudience;
      const climbing =
        freq !== null &&
        freqBefore !== null &&
        recent.impressions >= A.minWeekImpressions &&
        previous.impressions >= A.minWeekImpressions &&
        freq >= A.minFrequency &&
        freq >= freqBefore * A.minFrequencyRise;
      if (!narrow && !climbing) continue;
      const freqText =
        freq !== null
          ? ` Frequency ${freq.toFixed(2)} over the last 7 days${freqBefore !== null ? ` (${freqBefore.toFixed(2)} the week before)` : ''}.`
          : '';
      out.push({
        code: 'audience_too_small',
        level: 'adgroup',
        entity_id: group.adgroup_id,
        entity_name: group.adgroup_name,
        severity: paced.share < 0.3 ? 'critical' : 'warning',
        since: underSpendSince(view, group, end, A.maxSpendShare),
        evidence: {
          window: { from: recent.from, to: recent.to },
          baseline_window: { from: previous.from, to: previous.to },
          baseline: 'the 7 days before (frequency); the budget (spend); the Narrow label’s bound (audience)',
          metrics: [
            evidenceMetric(
              'audience_size',
              `Reachable audience (${audience.label}) vs the Narrow bound`,
              { numerator: audience.size, denominator: 1 },
              { numerator: A.narrowAudience, denominator: 1 },
            ),
            evidenceMetric(
              'frequency',
              'Frequency over 7 days (impressions ÷ people reached)',
              { numerator: recent.impressions, denominator: recent.reach },
              { numerator: previous.impressions, denominator: previous.reach },
            ),
            evidenceMetric(
              'reach_share',
              'People reached in 7 days ÷ reachable audience',
              { numerator: recent.reach, denominator: Math.max(1, audience.size) },
              null,
            ),
            evidenceMetric(
              'spend',
              `Spend over ${paced.days} days (${paced.from} – ${paced.to}) vs budget`,
              { numerator: paced.spend, denominator: 1 },
              { numerator: paced.budget * paced.days, denominator: 1 },
            ),
          ],
          tests: [],
          thresholds: {
            max_spend_share: A.maxSpendShare,
            narrow_audience: A.narrowAudience,
            min_frequency: A.minFrequency,
            min_frequency_rise: A.minFrequencyRise,
          },
        },
        summary: `Spent ${pct(paced.share, 0)} of its ${money(paced.budget, currency)} daily budget over ${paced.days} days: ${narrow ? `its audience is ${audience.label} (${audience.size.toLocaleString('en-US')} people) and runs dry.` : 'the same people see it more and more often.'}${freqText}`,
        recommendation: narrow
          ? 'Widen the targeting — more locations or age groups, fewer interests (each keeps about a third of the people) — or lower the budget to what the audience can take.'
          : 'Widen the targeting or add new creatives: the audience it reaches is used up at this budget.',
        brief: null,
      });
    }
    return out;
  },
};
