// The benchmark's sandbox account: 25 campaigns × 4 ad groups × 10 ads = 1,000 ads over 365 days. Every
// value comes from a fixed seed, so two builds ending on the same day hold the same facts. Budgets are
// small on purpose: the point is many ads × many hours of facts, not large numbers in them.
import { addDays } from '../../src/core/dates.ts';
import type { AgeGroup, Gender } from '../../src/core/enums.ts';
import { parseScenario } from '../../src/sources/sandbox/load-scenario.ts';
import { rng } from '../../src/sources/sandbox/random.ts';
import type {
  Scenario,
  ScenarioAd,
  ScenarioAdGroup,
  ScenarioCampaign,
} from '../../src/sources/sandbox/scenario.ts';

export const BENCH_SEED = 1000;
export const BENCH_ADVERTISER_NAME = 'Bench — 1,000 ads × 365 days (sandbox)';
export const BENCH_TIMEZONE = 'America/New_York';
export const CAMPAIGNS = 25;
export const AD_GROUPS_PER_CAMPAIGN = 4;
export const ADS_PER_AD_GROUP = 10;
export const DAYS = 365;
/** Daily budget of each ad group, in USD: 100 ad groups spend at most this × 100 a day. */
export const AD_GROUP_DAILY_BUDGET = { min: 2, max: 4 };

const SHOP = 'https://shop.bench.example';
const MARKETS: readonly string[][] = [
  ['US'],
  ['GB'],
  ['DE'],
  ['FR'],
  ['NL', 'BE'],
  ['SE'],
  ['ES', 'IT'],
  ['CA'],
  ['AU'],
  ['PL'],
  ['BR'],
  ['MX'],
];
const AGE_BANDS: readonly AgeGroup[][] = [
  ['AGE_18_24'],
  ['AGE_18_24', 'AGE_25_34'],
  ['AGE_25_34', 'AGE_35_44'],
  ['AGE_35_44', 'AGE_45_54'],
  ['AGE_45_54', 'AGE_55_100'],
  [],
];
const GENDERS: readonly Gender[] = ['GENDER_UNLIMITED', 'GENDER_UNLIMITED', 'GENDER_FEMALE', 'GENDER_MALE'];
const INTERESTS: readonly string[] = [
  'running',
  'hiking',
  'camping',
  'cycling',
  'fitness',
  'travel',
  'fashion',
  'cooking',
  'gaming',
  'beauty',
];
const THEMES: readonly string[] = [
  'unboxing',
  'creator review',
  'slow motion',
  'how-to',
  'before & after',
  'testimonial',
  'spec sheet',
  'behind the scenes',
  'street interview',
  'product demo',
];

/** The bench scenario whose last simulated day is `lastDay` (the advertiser's date, normally yesterday). */
export function benchScenario(lastDay: string): Scenario {
  const r = rng(BENCH_SEED, 'bench-scenario');
  const between = (min: number, max: number): number => min + (max - min) * r.next();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r.next() * items.length)]!;
  const round = (value: number, digits: number): number => Number(value.toFixed(digits));

  const campaigns: ScenarioCampaign[] = [];
  for (let c = 0; c < CAMPAIGNS; c++) {
    const reach = c % 5 === 4; // every fifth campaign buys reach, the others conversions
    const campaignName = `C${pad(c)} ${reach ? 'Brand reach' : 'Conversions'}`;
    // One set of creatives per campaign, shared by its ad groups (the classic audience test).
    const creatives = Array.from({ length: ADS_PER_AD_GROUP }, (_, a) => ({
      name: `c${pad(c)}-${THEMES[a]!.replaceAll(/[^a-z]+/g, '-')}.mp4`,
      duration_s: Math.round(between(6, 45)),
      thumbstop: round(between(0.12, 0.45), 3),
      hold: round(between(0.15, 0.6), 3),
      ctr: round(between(0.003, 0.022), 4),
      cvr: round(between(0.01, 0.07), 4),
      fatigue: round(between(0.02, 0.16), 3),
    }));
    const adGroups: ScenarioAdGroup[] = [];
    for (let g = 0; g < AD_GROUPS_PER_CAMPAIGN; g++) {
      const interests = [...new Set(Array.from({ length: Math.floor(r.next() * 3) }, () => pick(INTERESTS)))];
      const adgroupName = `C${pad(c)}·G${g}`;
      const ads: ScenarioAd[] = creatives.map((creative, a) => ({
        ad_name: `${adgroupName}·A${pad(a)} ${THEMES[a]}`,
        ad_format: 'SINGLE_VIDEO',
        ad_text: `${THEMES[a]} — campaign ${c + 1}`,
        call_to_action: reach ? 'LEARN_MORE' : 'SHOP_NOW',
        landing_page_url: `${SHOP}/c${c}/${a}`,
        operation_status: 'ENABLE',
        creative,
      }));
      adGroups.push({
        adgroup_name: adgroupName,
        budget_mode: 'BUDGET_MODE_DAY',
        budget: round(between(AD_GROUP_DAILY_BUDGET.min, AD_GROUP_DAILY_BUDGET.max), 2),
        locations: pick(MARKETS),
        age_groups: pick(AGE_BANDS),
        gender: pick(GENDERS),
        interests,
        placements: r.next() < 0.5 ? ['PLACEMENT_TIKTOK'] : ['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE'],
        optimization_goal: reach ? 'REACH' : 'CONVERT',
        billing_event: reach ? 'CPM' : 'OCPM',
        bid_type: 'BID_TYPE_NO_BID',
        pacing: r.next() < 0.8 ? 'PACING_MODE_SMOOTH' : 'PACING_MODE_FAST',
        click_attribution_window: 'SEVEN_DAYS',
        view_attribution_window: 'ONE_DAY',
        operation_status: 'ENABLE',
        ads,
      });
    }
    campaigns.push({
      campaign_name: campaignName,
      objective_type: reach ? 'REACH' : 'WEB_CONVERSIONS',
      budget_mode: 'BUDGET_MODE_INFINITE',
      operation_status: 'ENABLE',
      ad_groups: adGroups,
    });
  }

  return parseScenario({
    seed: BENCH_SEED,
    start_date: addDays(lastDay, -(DAYS - 1)),
    days: DAYS,
    advertiser: {
      name: BENCH_ADVERTISER_NAME,
      currency: 'USD',
      timezone: BENCH_TIMEZONE,
      product_value: 60,
      margin: 0.5,
    },
    market: {},
    campaigns,
    // A few changes during the year, so the trend is not one flat line.
    changes: [
      { day: 120, target: { adgroup: 'C00·G0' }, set: { budget: 6 } },
      { day: 200, target: { ad: 'C01·G0·A00 unboxing' }, set: { 'creative.cvr': 0.005 } },
      { day: 300, target: { adgroup: 'C02·G1' }, set: { operation_status: 'DISABLE' } },
    ],
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
