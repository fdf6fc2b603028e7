import { describe, expect, test } from 'vitest';
import type { Ad, AdGroup, Campaign } from '../core/entities.ts';
import { type StatusContext, adGroupStatus, adStatus, campaignStatus } from './delivery-status.ts';

const NOW = Date.parse('2026-05-10T15:00:00Z');
const campaign: Campaign = {
  campaign_id: 'c',
  advertiser_id: 'adv',
  campaign_name: 'C',
  objective_type: 'TRAFFIC',
  budget_mode: 'BUDGET_MODE_INFINITE',
  budget_micros: null,
  operation_status: 'ENABLE',
  create_time: '2026-05-01T00:00:00.000Z',
  modify_time: '2026-05-01T00:00:00.000Z',
};
const group: AdGroup = {
  adgroup_id: 'g',
  campaign_id: 'c',
  advertiser_id: 'adv',
  adgroup_name: 'G',
  budget_mode: 'BUDGET_MODE_DAY',
  budget_micros: 100_000_000n,
  targeting: { locations: ['US'], age_groups: [], gender: 'GENDER_UNLIMITED', languages: [], interests: [] },
  placements: ['PLACEMENT_TIKTOK'],
  optimization_goal: 'CLICK',
  billing_event: 'CPC',
  bid_type: 'BID_TYPE_NO_BID',
  bid_price_micros: null,
  conversion_bid_price_micros: null,
  pacing: 'PACING_MODE_SMOOTH',
  schedule_start_time: '2026-05-01T00:00:00.000Z',
  schedule_end_time: null,
  dayparting: null,
  pixel_id: null,
  click_attribution_window: 'SEVEN_DAYS',
  view_attribution_window: 'ONE_DAY',
  operation_status: 'ENABLE',
  create_time: '2026-05-01T00:00:00.000Z',
  modify_time: '2026-05-01T00:00:00.000Z',
};
const ad: Ad = {
  ad_id: 'a',
  adgroup_id: 'g',
  campaign_id: 'c',
  advertiser_id: 'adv',
  ad_name: 'A',
  ad_format: 'SINGLE_VIDEO',
  ad_text: 'Text',
  call_to_action: 'SHOP_NOW',
  landing_page_url: 'https://shop.example/',
  creative_id: 'v',
  operation_status: 'ENABLE',
  review_status: 'SUCCEED',
  review_submitted_at: '2026-05-01T00:00:00.000Z',
  reviewed_at: '2026-05-01T02:00:00.000Z',
  reject_reason: null,
  create_time: '2026-05-01T00:00:00.000Z',
  modify_time: '2026-05-01T00:00:00.000Z',
};

function context(
  parts: { c?: Partial<Campaign>; g?: Partial<AdGroup>; a?: Partial<Ad> } = {},
  recent: { impressions?: number; spendToday?: number; spendYesterday?: number } = {},
): { ctx: StatusContext; c: Campaign; g: AdGroup; a: Ad } {
  const c = { ...campaign, ...parts.c };
  const g = { ...group, ...parts.g };
  const a = { ...ad, ...parts.a };
  const byAll = (value: number | undefined) => new Map(['a', 'g', 'c'].map((id) => [id, value ?? 0]));
  return {
    c,
    g,
    a,
    ctx: {
      structure: {
        campaigns: new Map([['c', c]]),
        groups: new Map([['g', g]]),
        adsByGroup: new Map([['g', [a]]]),
        groupsByCampaign: new Map([['c', [g]]]),
      },
      recent: {
        impressionsRecently: byAll(recent.impressions ?? 1000),
        spendToday: byAll(recent.spendToday ?? 40),
        spendYesterday: byAll(recent.spendYesterday ?? 95),
      },
      now: NOW,
      formatTime: (iso) => iso.slice(0, 10),
    },
  };
}

describe('status with its reason', () => {
  test('the switch comes first: off, deleted, a parent off', () => {
    let x = context({ a: { operation_status: 'DISABLE' } });
    expect(adStatus(x.a, x.ctx)).toEqual({ code: 'DISABLED', text: 'Inactive' });
    x = context({ a: { operation_status: 'DELETE' } });
    expect(adStatus(x.a, x.ctx).code).toBe('DELETED');
    x = context({ g: { operation_status: 'DISABLE' } });
    expect(adStatus(x.a, x.ctx)).toEqual({ code: 'PARENT_DISABLED', text: 'Ad group is off' });
    x = context({ c: { operation_status: 'DISABLE' } });
    expect(adGroupStatus(x.g, x.ctx)).toEqual({ code: 'PARENT_DISABLED', text: 'Campaign is off' });
  });

  test('review with its age, rejection with its reason', () => {
    let x = context({ a: { review_status: 'REVIEWING', review_submitted_at: '2026-05-09T12:00:00.000Z' } });
    expect(adStatus(x.a, x.ctx)).toEqual({ code: 'IN_REVIEW', text: 'In review for 27 h' });
    expect(adGroupStatus(x.g, x.ctx)).toEqual({ code: 'IN_REVIEW', text: 'Ads in review for 27 h' });
    x = context({ a: { review_status: 'FAIL', reject_reason: 'Misleading claims' } });
    expect(adStatus(x.a, x.ctx).text).toBe('Rejected: Misleading claims');
  });

  test('schedule, budget, audience and bid', () => {
    let x = context({ g: { schedule_start_time: '2026-05-12T08:00:00.000Z' } });
    expect(adGroupStatus(x.g, x.ctx)).toEqual({ code: 'NOT_STARTED', text: 'Scheduled to start 2026-05-12' });
    x = context({ g: { schedule_end_time: '2026-05-09T00:00:00.000Z' } });
    expect(adStatus(x.a, x.ctx).code).toBe('ENDED');
    x = context({}, { spendToday: 99 });
    expect(adStatus(x.a, x.ctx)).toEqual({
      code: 'BUDGET_EXHAUSTED',
      text: 'Not delivering: budget spent for today',
    });
    x = context({ c: { budget_mode: 'BUDGET_MODE_DAY', budget_micros: 60_000_000n } }, { spendToday: 59 });
    expect(campaignStatus(x.c, x.ctx).text).toBe('Not delivering: campaign budget spent for today');
    x = context(
      { g: { targeting: { ...group.targeting, locations: ['NL'], interests: ['a', 'b', 'c'] } } },
      { spendYesterday: 31 },
    );
    expect(adGroupStatus(x.g, x.ctx)).toEqual({
      code: 'AUDIENCE_TOO_SMALL',
      text: 'Audience too small: spent 31 % of budget yesterday',
    });
    x = context({ g: { bid_type: 'BID_TYPE_CUSTOM', bid_price_micros: 100_000n } }, { spendYesterday: 5 });
    expect(adGroupStatus(x.g, x.ctx).code).toBe('BID_TOO_LOW');
  });

  test('delivering or not, and a campaign by its ad groups', () => {
    let x = context();
    expect(adStatus(x.a, x.ctx)).toEqual({ code: 'DELIVERING', text: 'Delivering' });
    expect(campaignStatus(x.c, x.ctx).code).toBe('DELIVERING');
    x = context({}, { impressions: 0 });
    expect(adStatus(x.a, x.ctx).code).toBe('NOT_DELIVERING');
    x = context({ a: { operation_status: 'DISABLE' } });
    expect(adGroupStatus(x.g, x.ctx)).toEqual({ code: 'NO_ADS', text: 'No active ads' });
    expect(campaignStatus(x.c, x.ctx).code).toBe('NO_ADS');
  });
});
