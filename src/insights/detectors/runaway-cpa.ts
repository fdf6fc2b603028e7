// runaway_cpa (ad group): each result costs far more than it should, with enough spend and conversions to
// be sure. Against the ad group's target when it has one (a cost cap: OCPM with a target cost per result),
// else against its own CPA over the 14 days before. Conversions arrive days after the click, so the last
// days are left out (CONVERSION_MATURITY_DAYS). The test: how likely so few conversions are for that spend
// if the CPA were at its target (or baseline) — a one-sided Poisson test.
// Not raised where another insight already names the cause: a pixel gone silent (conversions are not
// counted), an ad of the group with a broken landing page or a tired creative, or a bid too low to deliver
// (a cost cap just cut below the market: the CPA before the cut says nothing about the cap).
import { addDays } from '../../core/dates.ts';
import { fromMicros } from '../../core/money.ts';
import type { Insight } from '../../shared/insights-api.ts';
import { groupDays, isLive, money } from '../delivery.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';
import { inWindow, poissonLowerTail, poissonZ, statTest, sum } from '../stats.ts';
import { CONVERSION_MATURITY_DAYS } from '../windows.ts';
import { bidTooLow } from './bid-too-low.ts';
import { creativeFatigue } from './creative-fatigue.ts';
import { landingPageMismatch } from './landing-page-mismatch.ts';
import { silentPixels } from './pixel-silent.ts';

export const RUNAWAY_CPA = {
  windowDays: 7,
  baselineDays: 14,
  /** CPA at least this many times the target or the baseline. */
  minRatio: 1.5,
  /** At or above this ratio it is critical. */
  criticalRatio: 2.5,
  /** Spend in the window at least this many targets (or baseline CPAs): enough to expect results. */
  minSpendInCpas: 4,
  /** The baseline needs this many conversions to be a CPA. */
  minBaselineConversions: 20,
  maxP: 0.001,
};

export const runawayCpa: Detector = {
  code: 'runaway_cpa',
  detect(view) {
    const R = RUNAWAY_CPA;
    const out: Insight[] = [];
    const to = addDays(view.asOf, -CONVERSION_MATURITY_DAYS);
    const from = addDays(to, -(R.windowDays - 1));
    const baseTo = addDays(from, -1);
    const baseFrom = addDays(baseTo, -(R.baselineDays - 1));
    const silent = silentPixels(view);
    const explained = new Set([
      ...[...landingPageMismatch.detect(view), ...creativeFatigue.detect(view)].map(
        (i) => view.ads.find((a) => a.ad.ad_id === i.entity_id)?.ad.adgroup_id,
      ),
      ...bidTooLow.detect(view).map((i) => i.entity_id),
    ]);
    const currency = view.advertiser.currency;
    for (const group of view.adGroups) {
      if (!isLive(view, group) || explained.has(group.adgroup_id)) continue;
      if (silent.some((s) => s.pixelId === group.pixel_id)) continue;
      const days = groupDays(view, group);
      const recent = inWindow(days, from, to);
      const spend = sum(recent, 'spend');
      const conversions = sum(recent, 'conversions');
      const target =
        group.bid_type === 'BID_TYPE_CUSTOM' &&
        group.billing_event === 'OCPM' &&
        group.conversion_bid_price_micros !== null
          ? fromMicros(group.conversion_bid_price_micros)
          : null;
      const base = inWindow(days, baseFrom, baseTo);
      const baseSpend = sum(base, 'spend');
      const baseConversions = sum(base, 'conversions');
      const reference =
        target ?? (baseConversions >= R.minBaselineConversions ? baseSpend / baseConversions : null);
      if (reference === null || reference <= 0) continue;
      if (spend < reference * R.minSpendInCpas) continue;
      const cpa = conversions > 0 ? spend / conversions : Infinity;
      const ratio = cpa / reference;
      if (ratio < R.minRatio) continue;
      const expected = spend / reference;
      const p = poissonLowerTail(conversions, expected);
      if (p >= R.maxP) continue;
      const against = target !== null ? 'its target cost per result' : 'its own CPA over the 14 days before';
      out.push({
        code: 'runaway_cpa',
        level: 'adgroup',
        entity_id: group.adgroup_id,
        entity_name: group.adgroup_name,
        severity: ratio >= R.criticalRatio ? 'critical' : 'warning',
        since: from,
        evidence: {
          window: { from, to },
          baseline_window: target !== null ? null : { from: baseFrom, to: baseTo },
          baseline: against,
          metrics: [
            evidenceMetric(
              'cpa',
              'Cost per result',
              { numerator: spend, denominator: conversions },
              target !== null
                ? { numerator: target, denominator: 1 }
                : { numerator: baseSpend, denominator: baseConversions },
            ),
            evidenceMetric(
              'conversion',
              'Conversions vs those its spend buys at the reference CPA',
              { numerator: conversions, denominator: 1 },
              { numerator: expected, denominator: 1 },
            ),
          ],
          tests: [
            statTest(
              'Poisson test: conversions observed vs expected at the reference CPA (one-sided)',
              'conversion',
              poissonZ(conversions, expected),
              p,
              Number.isFinite(ratio) ? ratio - 1 : conversions / expected - 1,
            ),
          ],
          thresholds: {
            min_ratio: R.minRatio,
            min_spend_in_cpas: R.minSpendInCpas,
            ...(target === null ? { min_baseline_conversions: R.minBaselineConversions } : {}),
            maturity_days_left_out: CONVERSION_MATURITY_DAYS,
            max_p: R.maxP,
          },
        },
        summary: `${conversions} results for ${money(spend, currency)}: ${conversions > 0 ? `${money(cpa, currency)} each` : 'none'}, against ${money(reference, currency)} for ${against}${Number.isFinite(ratio) ? ` (${pct(ratio - 1, 0)} more)` : ''}.`,
        recommendation:
          target !== null
            ? 'Find what changed — the landing page, the offer, the ads’ click rates — before paying more; lower the budget until the CPA is back under the target.'
            : 'Compare its ads’ CTR and conversion rates with last weeks to see which one slipped, and move budget to the ad groups that still convert at their usual cost.',
        brief: null,
      });
    }
    return out;
  },
};
