// The demo advertiser a fresh install starts with: a small DTC brand with four campaigns, including the
// classic audience test (one campaign, two ad groups, different audiences, the same ads). Its history
// ends today and it keeps running into the future, so the Dashboard always has a "today".
import { addDays } from '../../core/dates.ts';
import type { z } from 'zod';
import { Scenario } from './scenario.ts';

// Written as contract input: fields left out take the contract's defaults (both placements, lowest cost,
// smooth pacing, 7-day click and 1-day view attribution, enabled).
type ScenarioInput = z.input<typeof Scenario>;
type AdInput = ScenarioInput['campaigns'][number]['ad_groups'][number]['ads'][number];

export const DEMO_ADVERTISER_NAME = 'Northwind Outdoor (sandbox)';
const SHOP = 'https://shop.northwind.example';

const video = (
  ad_name: string,
  file: string,
  ad_text: string,
  truth: { thumbstop: number; hold: number; ctr: number; cvr: number; fatigue: number; duration_s?: number },
  path = '/collections/new',
): AdInput => ({
  ad_name,
  ad_text,
  call_to_action: 'SHOP_NOW',
  landing_page_url: `${SHOP}${path}`,
  creative: { name: file, duration_s: truth.duration_s ?? 15, ...truth },
});

export function demoScenario(options: { seed: number; historyDays: number; today: string }): Scenario {
  return Scenario.parse(demoInput(options));
}

function demoInput(options: { seed: number; historyDays: number; today: string }): ScenarioInput {
  const historyDays = Math.max(1, Math.min(options.historyDays, 365));
  const testAds = [
    video('Trail shoe — unboxing', 'trail-shoe-unboxing.mp4', 'Unbox the lightest trail shoe we ever made', {
      thumbstop: 0.34,
      hold: 0.46,
      ctr: 0.014,
      cvr: 0.045,
      fatigue: 0.05,
      duration_s: 18,
    }),
    video(
      'Trail shoe — creator review',
      'trail-shoe-creator-review.mp4',
      'A trail runner tests them for 100 km',
      {
        thumbstop: 0.41,
        hold: 0.55,
        ctr: 0.019,
        cvr: 0.05,
        fatigue: 0.04,
        duration_s: 24,
      },
    ),
    video('Trail shoe — slow motion', 'trail-shoe-slowmo.mp4', 'Grip you can see', {
      thumbstop: 0.37,
      hold: 0.18,
      ctr: 0.009,
      cvr: 0.04,
      fatigue: 0.08,
      duration_s: 12,
    }),
  ];
  return {
    seed: options.seed,
    start_date: addDays(options.today, -(historyDays - 1)),
    days: Math.min(730, historyDays + 365),
    advertiser: {
      name: DEMO_ADVERTISER_NAME,
      currency: 'USD',
      timezone: 'America/New_York',
      product_value: 89,
      margin: 0.55,
    },
    shop: { organic_orders_per_day: 12, average_order_value: 89, refund_rate: 0.04 },
    pixels: [{ name: 'Northwind web pixel' }],
    changes: [
      { day: Math.max(0, historyDays - 21), target: { adgroup: 'US 25-44 · Broad' }, set: { budget: 70 } },
      {
        day: Math.max(0, historyDays - 12),
        target: { ad: 'Rain jacket — storm test' },
        set: { 'creative.cvr': 0.008 },
      },
    ],
    campaigns: [
      {
        campaign_name: 'Trail Shoe Launch — Audience test',
        objective_type: 'WEB_CONVERSIONS',
        ad_groups: [
          {
            adgroup_name: 'US 25-44 · Broad',
            budget_mode: 'BUDGET_MODE_DAY',
            budget: 50,
            locations: ['US'],
            age_groups: ['AGE_25_34', 'AGE_35_44'],
            optimization_goal: 'CONVERT',
            billing_event: 'OCPM',
            ads: testAds,
          },
          {
            adgroup_name: 'US 25-44 · Running & hiking',
            budget_mode: 'BUDGET_MODE_DAY',
            budget: 50,
            locations: ['US'],
            age_groups: ['AGE_25_34', 'AGE_35_44'],
            interests: ['running', 'hiking'],
            placements: ['PLACEMENT_TIKTOK'],
            optimization_goal: 'CONVERT',
            billing_event: 'OCPM',
            ads: testAds,
          },
        ],
      },
      {
        campaign_name: 'Rainwear — Always on',
        objective_type: 'WEB_CONVERSIONS',
        budget_mode: 'BUDGET_MODE_DAY',
        budget: 80,
        ad_groups: [
          {
            adgroup_name: 'UK & NL 18-34',
            budget_mode: 'BUDGET_MODE_DAY',
            budget: 45,
            locations: ['GB', 'NL'],
            age_groups: ['AGE_18_24', 'AGE_25_34'],
            optimization_goal: 'CONVERT',
            billing_event: 'OCPM',
            ads: [
              video(
                'Rain jacket — storm test',
                'rain-jacket-storm-test.mp4',
                'We sprayed it with a fire hose',
                {
                  thumbstop: 0.39,
                  hold: 0.5,
                  ctr: 0.016,
                  cvr: 0.04,
                  fatigue: 0.06,
                  duration_s: 20,
                },
                '/products/storm-jacket',
              ),
              video(
                'Rain jacket — city commute',
                'rain-jacket-commute.mp4',
                'Dry from door to desk',
                {
                  thumbstop: 0.3,
                  hold: 0.42,
                  ctr: 0.011,
                  cvr: 0.035,
                  fatigue: 0.05,
                  duration_s: 16,
                },
                '/products/storm-jacket',
              ),
              video(
                'Rain jacket — packable',
                'rain-jacket-packable.mp4',
                'Fits in your pocket',
                {
                  thumbstop: 0.2,
                  hold: 0.4,
                  ctr: 0.007,
                  cvr: 0.03,
                  fatigue: 0.05,
                  duration_s: 10,
                },
                '/products/storm-jacket',
              ),
            ],
          },
          {
            adgroup_name: 'Sweden women 25-54 · Outdoors',
            budget_mode: 'BUDGET_MODE_DAY',
            budget: 30,
            locations: ['SE'],
            age_groups: ['AGE_25_34', 'AGE_35_44', 'AGE_45_54'],
            gender: 'GENDER_FEMALE',
            interests: ['hiking', 'camping', 'outdoor gear'],
            placements: ['PLACEMENT_TIKTOK'],
            optimization_goal: 'CONVERT',
            billing_event: 'OCPM',
            ads: [
              video(
                'Rain pants — lake hike',
                'rain-pants-lake-hike.mp4',
                'Wet trails, dry knees',
                {
                  thumbstop: 0.33,
                  hold: 0.47,
                  ctr: 0.013,
                  cvr: 0.038,
                  fatigue: 0.14,
                  duration_s: 14,
                },
                '/products/rain-pants',
              ),
              video(
                'Rain pants — mom tested',
                'rain-pants-mom-tested.mp4',
                'Puddle-jumping approved',
                {
                  thumbstop: 0.36,
                  hold: 0.44,
                  ctr: 0.012,
                  cvr: 0.042,
                  fatigue: 0.12,
                  duration_s: 17,
                },
                '/products/rain-pants',
              ),
              video(
                'Rain pants — 10 second spec',
                'rain-pants-spec.mp4',
                'Everything you need to know',
                {
                  thumbstop: 0.27,
                  hold: 0.35,
                  ctr: 0.009,
                  cvr: 0.03,
                  fatigue: 0.1,
                  duration_s: 10,
                },
                '/products/rain-pants',
              ),
            ],
          },
        ],
      },
      {
        campaign_name: 'Brand — Reach',
        objective_type: 'REACH',
        ad_groups: [
          {
            adgroup_name: 'US & CA 18-54 · Reach',
            budget_mode: 'BUDGET_MODE_DAY',
            budget: 30,
            locations: ['US', 'CA'],
            age_groups: ['AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54'],
            optimization_goal: 'REACH',
            billing_event: 'CPM',
            ads: [
              video(
                'Brand film — 30 s',
                'brand-film-30s.mp4',
                'Made for the long way round',
                {
                  thumbstop: 0.29,
                  hold: 0.52,
                  ctr: 0.004,
                  cvr: 0.02,
                  fatigue: 0.03,
                  duration_s: 30,
                },
                '/',
              ),
              video(
                'Brand film — 9 s cutdown',
                'brand-film-9s.mp4',
                'Made for the long way round',
                {
                  thumbstop: 0.31,
                  hold: 0.6,
                  ctr: 0.005,
                  cvr: 0.02,
                  fatigue: 0.04,
                  duration_s: 9,
                },
                '/',
              ),
              {
                ad_name: 'Brand — static lookbook',
                ad_format: 'SINGLE_IMAGE',
                ad_text: 'The autumn collection is here',
                call_to_action: 'LEARN_MORE',
                landing_page_url: `${SHOP}/lookbook`,
                creative: {
                  name: 'lookbook-autumn.jpg',
                  thumbstop: 0.12,
                  hold: 0,
                  ctr: 0.003,
                  cvr: 0.015,
                  fatigue: 0.05,
                },
              },
            ],
          },
        ],
      },
      {
        campaign_name: 'Retargeting — Cart abandoners',
        objective_type: 'WEB_CONVERSIONS',
        ad_groups: [
          {
            adgroup_name: 'NL women 25-34 · Trail runners',
            budget_mode: 'BUDGET_MODE_DAY',
            budget: 20,
            locations: ['NL'],
            age_groups: ['AGE_25_34'],
            gender: 'GENDER_FEMALE',
            interests: ['trail running', 'ultramarathon', 'hiking'],
            placements: ['PLACEMENT_TIKTOK'],
            optimization_goal: 'CONVERT',
            billing_event: 'OCPM',
            bid_type: 'BID_TYPE_CUSTOM',
            conversion_bid_price: 28,
            ads: [
              video(
                'Cart reminder — still thinking?',
                'cart-reminder.mp4',
                'Your trail shoes are waiting',
                {
                  thumbstop: 0.38,
                  hold: 0.5,
                  ctr: 0.02,
                  cvr: 0.07,
                  fatigue: 0.15,
                  duration_s: 8,
                },
                '/cart',
              ),
              video(
                'Cart reminder — free returns',
                'cart-free-returns.mp4',
                'Free returns for 60 days',
                {
                  thumbstop: 0.35,
                  hold: 0.45,
                  ctr: 0.018,
                  cvr: 0.06,
                  fatigue: 0.15,
                  duration_s: 8,
                },
                '/cart',
              ),
            ],
          },
        ],
      },
    ],
  };
}
