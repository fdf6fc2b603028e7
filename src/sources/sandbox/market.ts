// The market the sandbox's ads compete in: when people are on TikTok, what attention costs at each hour,
// and whether a bid wins. All documented in docs/sandbox.md.
import type { BidType, BillingEvent } from '../../core/enums.ts';

/** Share of a day's TikTok sessions in each local hour (0-23): quiet at night, peaking in the evening. */
export const HOUR_WEIGHTS: readonly number[] = [
  0.022, 0.014, 0.009, 0.007, 0.007, 0.011, 0.022, 0.034, 0.04, 0.042, 0.044, 0.047, 0.052, 0.05, 0.047,
  0.047, 0.05, 0.055, 0.062, 0.068, 0.071, 0.068, 0.055, 0.034,
];

/** Advertiser demand by weekday (Monday first): auctions are dearer late in the week. */
const WEEKDAY_DEMAND = [0.97, 0.97, 1.0, 1.02, 1.05, 1.02, 0.97];

export const DEFAULT_MARKET_CPM_USD = 9;

/** The clearing CPM in an hour: the market's typical CPM, dearer when more advertisers compete. */
export function clearingCpm(baseCpm: number, hour: number, weekday: number): number {
  const peakDemand = 0.8 + 0.4 * (HOUR_WEIGHTS[hour]! / 0.071);
  return baseCpm * peakDemand * WEEKDAY_DEMAND[weekday]!;
}

/**
 * Most impressions one ad group can win in an hour: a small share of its audience is on TikTok then, and
 * an advertiser only gets some of their ad slots. A narrow audience hits this ceiling long before its budget.
 */
export function hourlyCapacity(audienceSize: number, hour: number): number {
  const DAILY_SHARE_OF_AUDIENCE = 0.03;
  return audienceSize * DAILY_SHARE_OF_AUDIENCE * HOUR_WEIGHTS[hour]!;
}

export interface BidSettings {
  bid_type: BidType;
  billing_event: BillingEvent;
  bid_price: number | null;
  conversion_bid_price: number | null;
}

/** What a custom bid is worth per 1,000 impressions, given the ads' expected click and conversion rates. */
export function bidAsCpm(
  bid: BidSettings,
  expectedCtr: number,
  expectedCvr: number,
  expectedViewRate: number,
): number | null {
  if (bid.bid_type === 'BID_TYPE_NO_BID') return null;
  switch (bid.billing_event) {
    case 'CPM':
      return bid.bid_price;
    case 'CPC':
      return bid.bid_price === null ? null : bid.bid_price * expectedCtr * 1000;
    case 'CPV':
      return bid.bid_price === null ? null : bid.bid_price * expectedViewRate * 1000;
    case 'OCPM':
      return bid.conversion_bid_price === null
        ? null
        : bid.conversion_bid_price * expectedCtr * expectedCvr * 1000;
  }
}

/** Share of auctions a bid wins against the clearing price: lowest cost wins all; a bid well below wins almost none. */
export function winShare(bidCpm: number | null, clearing: number): number {
  if (bidCpm === null) return 1;
  return 1 / (1 + Math.exp(-12 * (bidCpm / clearing - 1)));
}
