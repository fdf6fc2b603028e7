// Catalog entities as the API shows them: TikTok's field names, money in currency units.
import type { Ad, AdGroup, Campaign } from '../core/entities.ts';
import { fromMicros } from '../core/money.ts';
import type { AdFields, AdGroupFields, CampaignFields } from '../shared/campaigns-api.ts';

const money = (micros: bigint | null): number | null => (micros === null ? null : fromMicros(micros));

export function campaignFields(c: Campaign): CampaignFields {
  return {
    campaign_id: c.campaign_id,
    campaign_name: c.campaign_name,
    objective_type: c.objective_type,
    budget_mode: c.budget_mode,
    budget: money(c.budget_micros),
    operation_status: c.operation_status,
    create_time: c.create_time,
    modify_time: c.modify_time,
  };
}

export function adGroupFields(g: AdGroup): AdGroupFields {
  return {
    adgroup_id: g.adgroup_id,
    campaign_id: g.campaign_id,
    adgroup_name: g.adgroup_name,
    budget_mode: g.budget_mode,
    budget: money(g.budget_micros),
    schedule_start_time: g.schedule_start_time,
    schedule_end_time: g.schedule_end_time,
    dayparting: g.dayparting,
    locations: g.targeting.locations,
    age_groups: g.targeting.age_groups,
    gender: g.targeting.gender,
    languages: g.targeting.languages,
    interests: g.targeting.interests,
    audience_ids: g.targeting.audience_ids ?? [],
    excluded_audience_ids: g.targeting.excluded_audience_ids ?? [],
    placements: g.placements,
    optimization_goal: g.optimization_goal,
    billing_event: g.billing_event,
    bid_type: g.bid_type,
    bid_price: money(g.bid_price_micros),
    conversion_bid_price: money(g.conversion_bid_price_micros),
    pacing: g.pacing,
    click_attribution_window: g.click_attribution_window,
    view_attribution_window: g.view_attribution_window,
    pixel_id: g.pixel_id,
    operation_status: g.operation_status,
    create_time: g.create_time,
    modify_time: g.modify_time,
  };
}

export function adFields(a: Ad): AdFields {
  return {
    ad_id: a.ad_id,
    adgroup_id: a.adgroup_id,
    campaign_id: a.campaign_id,
    ad_name: a.ad_name,
    ad_format: a.ad_format,
    ad_text: a.ad_text,
    call_to_action: a.call_to_action,
    landing_page_url: a.landing_page_url,
    creative_id: a.creative_id,
    operation_status: a.operation_status,
    review_status: a.review_status,
    review_submitted_at: a.review_submitted_at,
    reviewed_at: a.reviewed_at,
    reject_reason: a.reject_reason,
    create_time: a.create_time,
    modify_time: a.modify_time,
  };
}
