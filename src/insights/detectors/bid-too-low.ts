// bid_too_low (ad group with a custom bid or cost cap): it spends well under its budget while its bid is
// below what the auction clears at. The bid is compared in the auction's own currency — a CPM: a CPA target
// is worth CPA × the ad group's conversions per impression × 1000 (its own rates over 28 days, the account's
// when it has too little delivery) — against the CPM comparable delivery in the account paid over the last
// 7 days (whole weeks: weekday and hour swings are inside), or the ad group's own days at full budget.
import type { Insight } from '../../shared/insights-api.ts';
import {
  PACING_DAYS,
  UNIT_WORDS,
  bidInCpm,
  clearingCost,
  isLive,
  lastFullDay,
  money,
  pacing,
  underSpendSince,
} from '../delivery.ts';
import { type Detector, evidenceMetric, pct } from '../detector.ts';

export const BID_TOO_LOW = {
  /** The bid's CPM at most this share of the clearing CPM: it wins few auctions (half at 100 %). */
  maxBidRatio: 0.85,
  /** Under this share of the budget spent over the last whole days (a bid only thins delivery out). */
  maxSpendShare: 0.8,
  days: PACING_DAYS,
};

export const bidTooLow: Detector = {
  code: 'bid_too_low',
  detect(view) {
    const out: Insight[] = [];
    const end = lastFullDay(view);
    const currency = view.advertiser.currency;
    for (const group of view.adGroups) {
      if (group.bid_type !== 'BID_TYPE_CUSTOM' || !isLive(view, group)) continue;
      const paced = pacing(view, group, end, BID_TOO_LOW.days);
      if (!paced || paced.share >= BID_TOO_LOW.maxSpendShare) continue;
      const bid = bidInCpm(view, group);
      const clearing = clearingCost(view, group);
      if (!bid || !clearing) continue;
      const ratio = bid.cpm / clearing.cpm;
      if (ratio > BID_TOO_LOW.maxBidRatio) continue;
      const clearingInUnit = clearing.cpm / (bid.rate * 1000);
      out.push({
        code: 'bid_too_low',
        level: 'adgroup',
        entity_id: group.adgroup_id,
        entity_name: group.adgroup_name,
        severity: paced.share < 0.1 ? 'critical' : 'warning',
        since: underSpendSince(view, group, end, BID_TOO_LOW.maxSpendShare),
        evidence: {
          window: { from: paced.from, to: paced.to },
          baseline_window: { from: clearing.from, to: clearing.to },
          baseline:
            clearing.source === 'account'
              ? 'the CPM the account’s other ad groups paid over the last 7 days (the clearing cost)'
              : 'the CPM this ad group paid on its recent days at full budget (the clearing cost)',
          metrics: [
            evidenceMetric(
              'bid',
              `Bid (${UNIT_WORDS[bid.unit]}) vs the clearing cost in the same unit`,
              { numerator: bid.bid, denominator: 1 },
              { numerator: clearing.spend, denominator: clearing.impressions * bid.rate },
            ),
            evidenceMetric(
              'cpm',
              `Bid as a CPM (× ${bid.unit === 'cpm' ? '1' : `${bid.rateSource === 'own' ? 'its' : 'the account’s'} ${bid.unit === 'cpa' ? 'conversions' : bid.unit === 'cpc' ? 'clicks' : '6-second views'} per impression`} × 1000) vs clearing CPM`,
              { numerator: bid.cpm, denominator: 1 },
              { numerator: clearing.spend, denominator: clearing.impressions, scale: 1000 },
            ),
            evidenceMetric(
              'spend',
              `Spend over ${paced.days} days vs budget`,
              { numerator: paced.spend, denominator: 1 },
              { numerator: paced.budget * paced.days, denominator: 1 },
            ),
          ],
          tests: [],
          thresholds: {
            max_bid_ratio: BID_TOO_LOW.maxBidRatio,
            max_spend_share: BID_TOO_LOW.maxSpendShare,
            days: BID_TOO_LOW.days,
          },
        },
        summary: `Spent ${pct(paced.share, 0)} of its budget over ${paced.days} days: its ${UNIT_WORDS[bid.unit]} of ${money(bid.bid, currency)} is worth a ${money(bid.cpm, currency)} CPM where the auction clears at ${money(clearing.cpm, currency)} (${pct(ratio, 0)}).`,
        recommendation: `Raise the bid to about ${money(clearingInUnit, currency)} (the clearing cost in its unit) or switch the ad group to lowest cost; a bid below the clearing price wins almost no auctions.`,
        brief: null,
      });
    }
    return out;
  },
};
