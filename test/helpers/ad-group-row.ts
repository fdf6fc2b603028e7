// An ad group as tests insert it: a daily budget, broad targeting on TikTok, conversions at the lowest
// cost, running since 2026-01-01, with TikTok's default windows; a test names what it cares about.
import type { insertAdGroup } from '../../src/catalog/structure.ts';

type AdGroupRow = Parameters<typeof insertAdGroup>[1];

export function adGroupRow(
  fields: Pick<AdGroupRow, 'adgroup_id' | 'campaign_id' | 'advertiser_id' | 'adgroup_name'> &
    Partial<AdGroupRow>,
): AdGroupRow {
  return {
    budget_mode: 'BUDGET_MODE_DAY',
    budget_micros: 20_000_000n,
    targeting: {
      locations: ['US'],
      age_groups: [],
      gender: 'GENDER_UNLIMITED',
      languages: [],
      interests: [],
    },
    placements: ['PLACEMENT_TIKTOK'],
    optimization_goal: 'CONVERT',
    billing_event: 'OCPM',
    bid_type: 'BID_TYPE_NO_BID',
    bid_price_micros: null,
    conversion_bid_price_micros: null,
    pacing: 'PACING_MODE_SMOOTH',
    schedule_start_time: '2026-01-01T00:00:00.000Z',
    schedule_end_time: null,
    dayparting: null,
    pixel_id: null,
    click_attribution_window: 'SEVEN_DAYS',
    view_attribution_window: 'ONE_DAY',
    operation_status: 'ENABLE',
    ...fields,
  };
}
