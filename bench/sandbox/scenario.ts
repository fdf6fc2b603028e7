// The benchmark's scenario: 20 campaigns × 5 ad groups × 10 ads = 1,000 ads over 90 days, with budgets
// of a real small-to-mid account ($20–100 a day per ad group). Every value comes from a fixed seed and the
// dates are fixed, so every run simulates exactly the same facts.
import type { AgeGroup, Gender } from '../../src/core/enums.ts';
import { parseScenario } from '../../src/sources/sandbox/load-scenario.ts';
import { rng } from '../../src/sources/sandbox/random.ts';
import type {
  Scenario,
  ScenarioAd,
  ScenarioAdGroup,
  ScenarioCampaign,
} from '../../src/sources/sandbox/scenario.ts';

export const SEED = 90;
export const START_DATE = '2026-01-05';
export const TIMEZONE = 'America/New_York';
export const CAMPAIGNS = 20;
export const AD_GROUPS_PER_CAMPAIGN = 5;
export const ADS_PER_AD_GROUP = 10;
export const DAYS = 90;
/** Daily budget of each ad group, in USD. */
export const AD_GROUP_DAILY_BUDGET = { min: 20, max: 100 };

const SHOP = 'https://shop.bench.example';
const MARKETS: readonly string[][] = [
  ['US'],
  ['US', 'CA'],
  ['GB'],
  ['DE'],
  ['FR'],
  ['NL', 'BE'],
  ['SE'],
  ['ES', 'IT'],
  ['AU'],
  ['PL'],
  ['BR'],
  ['MX'],
];
const AGE_BANDS: readonly AgeGroup[][] = [
  ['AGE_18_24'],
  ['AGE_18_24', 'AGE_25_34'],
  ['AGE_25_34'],
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
  'parenting',
  'pets',
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

/** The bench scenario; `days` shortens it for a quick trial (the benchmark itself runs DAYS). */
export function benchScenario(days: number = DAYS): Scenario {
  const r = rng(SEED, 'bench-sandbox-scenario');
  const between = (min: number, max: number): number => min + (max - min) * r.next();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r.next() * items.length)]!;
  const round = (value: number, digits: number): number => Number(value.toFixed(digits));

  const campaigns: ScenarioCampaign[] = [];
  for (let c = 0; c < CAMPAIGNS; c++) {
    const reach = c % 5 === 4; // every fifth campaign buys reach, the others conversions
    const campaignName = `C${pad(c)} ${reach ? 'Brand reach' : 'Conversions'}`;
    // One set of creatives per campaign, shared by its ad groups (the classic audience test); every
    // seventh creative is an image.
    const creatives = Array.from({ length: ADS_PER_AD_GROUP }, (_, a) => ({
      name: `c${pad(c)}-${THEMES[a]!.replaceAll(/[^a-z]+/g, '-')}.${a === 6 ? 'jpg' : 'mp4'}`,
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
        ad_format: a === 6 ? 'SINGLE_IMAGE' : 'SINGLE_VIDEO',
        ad_text: `${THEMES[a]} — campaign ${c + 1}`,
        call_to_action: reach ? 'LEARN_MORE' : 'SHOP_NOW',
        landing_page_url: `${SHOP}/c${c}/${a}`,
        operation_status: 'ENABLE',
        creative,
      }));
      adGroups.push({
        adgroup_name: adgroupName,
        budget_mode: 'BUDGET_MODE_DAY',
        budget: Math.round(between(AD_GROUP_DAILY_BUDGET.min, AD_GROUP_DAILY_BUDGET.max)),
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
    seed: SEED,
    start_date: START_DATE,
    days,
    advertiser: {
      name: 'Bench — sandbox 1,000 ads × 90 days',
      currency: 'USD',
      timezone: TIMEZONE,
      product_value: 60,
      margin: 0.5,
    },
    market: {},
    campaigns,
    // A few of a marketer's changes, so the catalog is written during the run as in real use.
    changes: [
      { day: 30, target: { adgroup: 'C00·G0' }, set: { budget: 150 } },
      { day: 45, target: { ad: 'C01·G0·A00 unboxing' }, set: { 'creative.cvr': 0.005 } },
      { day: 60, target: { adgroup: 'C02·G1' }, set: { operation_status: 'DISABLE' } },
    ].filter((change) => change.day < days),
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
