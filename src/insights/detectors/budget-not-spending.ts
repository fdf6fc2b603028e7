// budget_not_spending (ad group): on, approved, inside its schedule and with a budget, yet it spent under
// half of it on each of the last 3 whole days taken together. The likely cause comes from the delivery
// troubleshooting check (bid, audience, budget minimum, schedule, fatigue), named in the summary.
import type { Insight, TroubleshootCheckId } from '../../shared/insights-api.ts';
import {
  PACING_DAYS,
  UNDER_SPEND_SHARE,
  isLive,
  lastFullDay,
  money,
  pacing,
  underSpendSince,
} from '../delivery.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';
import { troubleshoot } from '../troubleshoot.ts';

export const BUDGET_NOT_SPENDING = {
  maxSpendShare: UNDER_SPEND_SHARE,
  days: PACING_DAYS,
  /** Under this share it is critical. */
  criticalShare: 0.1,
};

/** Each troubleshooting check as the cause it names. */
const CAUSE: Record<TroubleshootCheckId, string> = {
  status: 'a switch',
  review: 'review',
  budget_minimum: 'the budget minimum',
  pacing: 'pacing',
  bid: 'the bid',
  audience: 'the audience',
  schedule: 'the schedule',
  fatigue: 'fatigue',
};

export const budgetNotSpending: Detector = {
  code: 'budget_not_spending',
  detect(view) {
    const B = BUDGET_NOT_SPENDING;
    const out: Insight[] = [];
    const end = lastFullDay(view);
    const currency = view.advertiser.currency;
    for (const group of view.adGroups) {
      if (!isLive(view, group)) continue;
      const paced = pacing(view, group, end, B.days);
      if (!paced || paced.share >= B.maxSpendShare) continue;
      const causes = troubleshoot(view, group).checks.filter(
        (c) => c.id !== 'pacing' && (c.status === 'fail' || c.status === 'warn'),
      );
      const causeText =
        causes.length > 0
          ? `Likely cause: ${causes.map((c) => `${CAUSE[c.id]} — ${c.evidence.text.replace(/\.$/, '')}`).join('; ')}.`
          : 'No delivery check explains it; look at the ad group in TikTok Ads Manager.';
      out.push({
        code: 'budget_not_spending',
        level: 'adgroup',
        entity_id: group.adgroup_id,
        entity_name: group.adgroup_name,
        severity: paced.share < B.criticalShare ? 'critical' : 'warning',
        since: underSpendSince(view, group, end),
        evidence: {
          window: { from: paced.from, to: paced.to },
          baseline_window: null,
          baseline: `its budget (${money(paced.budget, currency)} a day)`,
          metrics: [
            evidenceMetric(
              'spend',
              `Spend over ${paced.days} days vs budget`,
              { numerator: paced.spend, denominator: 1 },
              { numerator: paced.budget * paced.days, denominator: 1 },
            ),
            evidenceMetric(
              'budget_share',
              'Share of the budget spent',
              { numerator: paced.spend, denominator: paced.budget * paced.days },
              null,
            ),
          ],
          tests: [],
          thresholds: { max_spend_share: B.maxSpendShare, days: B.days },
        },
        summary: `Spent ${money(paced.spend, currency)} of ${money(paced.budget * paced.days, currency)} (${pct(paced.share, 0)}) over ${paced.days} days. ${causeText}`,
        recommendation:
          causes.length > 0
            ? (causes[0]!.fix ?? 'Open the troubleshooting check of this ad group.')
            : 'Open the troubleshooting check of this ad group.',
        brief: null,
      });
    }
    return out;
  },
};
