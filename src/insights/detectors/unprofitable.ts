// unprofitable (campaign or ad group): its return on ad spend is below break-even. Each result is worth the
// advertiser's product value (average order value) × margin in profit before the ad; so break-even ROAS is
// 1 ÷ margin and the break-even cost per result is value × margin. Without a product value and a margin in
// the advertiser's settings there is no break-even and no insight. Over the last 14 days whose conversions
// are complete; a one-sided Poisson test of the conversions against those break-even spend would buy.
// A campaign is named once when all its delivering ad groups lose money; else each such ad group is.
// Only campaigns bought for sales (web conversions, product sales) and ad groups optimised for conversions
// are judged: a reach or video-views campaign is not meant to pay back in reported purchases.
import { addDays } from '../../core/dates.ts';
import type { AdGroup } from '../../core/entities.ts';
import type { Insight } from '../../shared/insights-api.ts';
import { groupDays, isLive, money } from '../delivery.ts';
import { type Detector, evidenceMetric } from '../detector.ts';
import type { FactsView } from '../facts-view.ts';
import { inWindow, poissonLowerTail, poissonZ, statTest, sum } from '../stats.ts';
import { CONVERSION_MATURITY_DAYS } from '../windows.ts';
import { silentPixels } from './pixel-silent.ts';

export const UNPROFITABLE = {
  windowDays: 14,
  /** ROAS at most this share of break-even (a cost per result 25 % above break-even). */
  maxRoasShare: 0.8,
  /** At or below this share of break-even it is critical. */
  criticalRoasShare: 0.5,
  /** Spend at least this many break-even costs per result. */
  minSpendInCpas: 5,
  maxP: 0.01,
};

const SALES_OBJECTIVES = new Set(['WEB_CONVERSIONS', 'PRODUCT_SALES']);

interface Loss {
  spend: number;
  conversions: number;
  expected: number;
  p: number;
  roas: number;
}

function judge(
  view: FactsView,
  groups: AdGroup[],
  from: string,
  to: string,
  breakEvenCpa: number,
): Loss | null {
  const days = groups.flatMap((g) => inWindow(groupDays(view, g), from, to));
  const spend = sum(days, 'spend');
  const conversions = sum(days, 'conversions');
  if (spend < breakEvenCpa * UNPROFITABLE.minSpendInCpas) return null;
  const value = view.advertiser.product_value!;
  const roas = (conversions * value) / spend;
  const breakEvenRoas = 1 / view.advertiser.margin!;
  if (roas > breakEvenRoas * UNPROFITABLE.maxRoasShare) return null;
  const expected = spend / breakEvenCpa;
  const p = poissonLowerTail(conversions, expected);
  if (p >= UNPROFITABLE.maxP) return null;
  return { spend, conversions, expected, p, roas };
}

export const unprofitable: Detector = {
  code: 'unprofitable',
  detect(view) {
    const { product_value: value, margin, currency } = view.advertiser;
    if (value === null || margin === null || !(value > 0) || !(margin > 0)) return [];
    const U = UNPROFITABLE;
    const to = addDays(view.asOf, -CONVERSION_MATURITY_DAYS);
    const from = addDays(to, -(U.windowDays - 1));
    const breakEvenCpa = value * margin;
    const breakEvenRoas = 1 / margin;
    const silent = silentPixels(view);
    const out: Insight[] = [];
    const insight = (level: 'campaign' | 'adgroup', id: string, name: string, loss: Loss): Insight => ({
      code: 'unprofitable',
      level,
      entity_id: id,
      entity_name: name,
      severity: loss.roas <= breakEvenRoas * U.criticalRoasShare ? 'critical' : 'warning',
      since: from,
      evidence: {
        window: { from, to },
        baseline_window: null,
        baseline: `break-even: 1 ÷ margin ${margin} = ROAS ${breakEvenRoas.toFixed(2)}, a result worth ${money(value, currency)} × ${margin}`,
        metrics: [
          evidenceMetric(
            'roas',
            `ROAS (results × product value ${money(value, currency)} ÷ spend) vs break-even`,
            { numerator: loss.conversions * value, denominator: loss.spend },
            { numerator: 1, denominator: margin },
          ),
          evidenceMetric(
            'cpa',
            'Cost per result vs break-even cost per result',
            { numerator: loss.spend, denominator: loss.conversions },
            { numerator: breakEvenCpa, denominator: 1 },
          ),
        ],
        tests: [
          statTest(
            'Poisson test: results observed vs those the spend buys at break-even (one-sided)',
            'conversion',
            poissonZ(loss.conversions, loss.expected),
            loss.p,
            loss.roas / breakEvenRoas - 1,
          ),
        ],
        thresholds: {
          max_roas_share: U.maxRoasShare,
          min_spend_in_cpas: U.minSpendInCpas,
          maturity_days_left_out: CONVERSION_MATURITY_DAYS,
          max_p: U.maxP,
        },
      },
      summary: `ROAS ${loss.roas.toFixed(2)} against a break-even of ${breakEvenRoas.toFixed(2)} (margin ${Math.round(margin * 100)} %): ${money(loss.spend, currency)} spent for ${loss.conversions} results, ${money(loss.spend - loss.conversions * value * margin, currency)} lost over ${U.windowDays} days.`,
      recommendation:
        'Cut its budget or pause it until a better creative, offer or landing page brings the cost per result under break-even; move the budget to what makes money.',
      brief: null,
    });
    for (const campaign of view.campaigns) {
      if (!SALES_OBJECTIVES.has(campaign.objective_type)) continue;
      const groups = view.adGroups.filter(
        (g) =>
          g.campaign_id === campaign.campaign_id &&
          g.optimization_goal === 'CONVERT' &&
          isLive(view, g) &&
          !silent.some((s) => s.pixelId === g.pixel_id),
      );
      const losses = groups.map((g) => ({ g, loss: judge(view, [g], from, to, breakEvenCpa) }));
      const delivering = groups.filter((g) => sum(inWindow(groupDays(view, g), from, to), 'spend') > 0);
      const whole = judge(view, delivering, from, to, breakEvenCpa);
      if (delivering.length > 1 && whole && losses.every((l) => l.loss || !delivering.includes(l.g))) {
        out.push(insight('campaign', campaign.campaign_id, campaign.campaign_name, whole));
        continue;
      }
      for (const { g, loss } of losses)
        if (loss) out.push(insight('adgroup', g.adgroup_id, g.adgroup_name, loss));
    }
    return out;
  },
};
