// The Campaign tab bench's account: 50 campaigns × 10 ad groups × 10 ads = 5,000 ads over 90 days ending
// today. Its structure is an ordinary sandbox scenario (created in the catalog by seedScenario); its facts
// are not simulated but written straight to the warehouse by facts.ts, from the plan below. Everything
// comes from a fixed seed, so two builds on the same day and hour hold the same account.
import { addDays } from '../../src/core/dates.ts';
import type { AgeGroup, Gender, ObjectiveType } from '../../src/core/enums.ts';
import { parseScenario } from '../../src/sources/sandbox/load-scenario.ts';
import { rng } from '../../src/sources/sandbox/random.ts';
import type {
  CreativeTruth,
  Scenario,
  ScenarioAd,
  ScenarioAdGroup,
  ScenarioCampaign,
} from '../../src/sources/sandbox/scenario.ts';

export const ACCOUNT_SEED = 5000;
export const ACCOUNT_NAME = 'Bench — 5,000 ads × 90 days (synthetic facts)';
export const ACCOUNT_TIMEZONE = 'America/New_York';
export const CAMPAIGNS = 50;
export const AD_GROUPS_PER_CAMPAIGN = 10;
export const ADS_PER_AD_GROUP = 10;
export const DAYS = 90;
/** Daily budget of each ad group, in USD: small on purpose (the load is rows, not amounts). */
export const AD_GROUP_DAILY_BUDGET = { min: 2, max: 5 };

/** What the fact generator needs to know about an ad group beyond the catalog (day indexes are 0…DAYS-1). */
export interface AdGroupPlan {
  name: string;
  campaign: string;
  objective: ObjectiveType;
  budgetUsd: number;
  /** The market's CPM in USD for this ad group's countries. */
  cpmUsd: number;
  locations: string[];
  ageGroups: AgeGroup[];
  gender: Gender;
  interests: string[];
  pangle: boolean;
  /** First day with delivery. */
  startDay: number;
  /** The first day without delivery (switched off, campaign off, or schedule ended), or null. */
  stopDay: number | null;
  ads: AdPlan[];
}

export interface AdPlan {
  name: string;
  truth: CreativeTruth;
  /** The ad's share of its ad group's auction wins, before fatigue (a heavy-tailed draw, as in real accounts). */
  weight: number;
  startDay: number;
  stopDay: number | null;
  rejected: boolean;
}

export interface AccountPlan {
  scenario: Scenario;
  firstDay: string;
  lastDay: string;
  adGroups: AdGroupPlan[];
}

const SHOP = 'https://shop.bench.example';
/** Markets with a typical CPM (USD): cheaper markets buy more impressions for the same budget. */
const MARKETS: readonly { locations: string[]; cpm: number }[] = [
  { locations: ['US'], cpm: 10 },
  { locations: ['US'], cpm: 10 },
  { locations: ['GB'], cpm: 8 },
  { locations: ['DE'], cpm: 7.5 },
  { locations: ['FR'], cpm: 6.5 },
  { locations: ['NL', 'BE'], cpm: 6 },
  { locations: ['SE'], cpm: 7 },
  { locations: ['ES', 'IT'], cpm: 5 },
  { locations: ['CA'], cpm: 8.5 },
  { locations: ['AU'], cpm: 8.5 },
  { locations: ['PL'], cpm: 3.5 },
  { locations: ['BR'], cpm: 2.5 },
  { locations: ['MX'], cpm: 2.5 },
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
const PRODUCTS: readonly string[] = [
  'Trail shoe',
  'Rain jacket',
  'Day pack',
  'Camp stove',
  'Sleeping bag',
  'Water bottle',
  'Headlamp',
  'Fleece',
  'Hiking pole',
  'Tent',
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

/** The account whose last day is `lastDay` (the advertiser's date, normally today). */
export function accountPlan(lastDay: string): AccountPlan {
  const r = rng(ACCOUNT_SEED, 'campaigns-bench');
  const between = (min: number, max: number): number => min + (max - min) * r.next();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r.next() * items.length)]!;
  const round = (value: number, digits: number): number => Number(value.toFixed(digits));
  const firstDay = addDays(lastDay, -(DAYS - 1));
  /** TikTok's "YYYY-MM-DD HH:MM:SS" (UTC) for the local midnight of a day, near enough for a schedule. */
  const utcStart = (day: number): string => `${addDays(firstDay, day)} 05:00:00`;

  const campaigns: ScenarioCampaign[] = [];
  const adGroups: AdGroupPlan[] = [];
  for (let c = 0; c < CAMPAIGNS; c++) {
    const objective: ObjectiveType = c % 5 === 4 ? 'REACH' : c % 5 === 3 ? 'TRAFFIC' : 'WEB_CONVERSIONS';
    const product = PRODUCTS[c % PRODUCTS.length]!;
    const campaignName = `C${pad(c)} ${product} — ${objective === 'REACH' ? 'Reach' : objective === 'TRAFFIC' ? 'Traffic' : 'Conversions'}`;
    // The last ten campaigns were launched during the range; two older ones were switched off.
    const campaignStart = c >= 40 ? 20 + (c - 40) * 6 : 0;
    const campaignStop = c === 7 ? 70 : c === 23 ? 45 : null;
    const creatives = Array.from({ length: ADS_PER_AD_GROUP }, (_, a) => ({
      name: `c${pad(c)}-${THEMES[a]!.replaceAll(/[^a-z]+/g, '-')}.mp4`,
      duration_s: Math.round(between(6, 45)),
      thumbstop: round(between(0.12, 0.45), 3),
      hold: round(between(0.15, 0.6), 3),
      ctr: round(between(0.003, 0.022), 4),
      cvr: round(between(0.01, 0.07), 4),
      fatigue: round(between(0.02, 0.16), 3),
    }));
    const scenarioGroups: ScenarioAdGroup[] = [];
    for (let g = 0; g < AD_GROUPS_PER_CAMPAIGN; g++) {
      const adgroupName = `C${pad(c)}·G${g}`;
      const market = pick(MARKETS);
      const interests = [...new Set(Array.from({ length: Math.floor(r.next() * 3) }, () => pick(INTERESTS)))];
      const ageGroups = pick(AGE_BANDS);
      const gender = pick(GENDERS);
      const pangle = r.next() < 0.5;
      const budget = round(between(AD_GROUP_DAILY_BUDGET.min, AD_GROUP_DAILY_BUDGET.max), 2);
      // A few ad groups were switched off during the range, a few more had a schedule that ended.
      const u = r.next();
      const switchedOff = u < 0.04;
      const ended = !switchedOff && u < 0.07;
      const groupStop = switchedOff || ended ? Math.floor(between(25, 85)) : null;
      const stopDay = minStop(campaignStop, groupStop);
      const ads: ScenarioAd[] = [];
      const adPlans: AdPlan[] = [];
      for (const [a, creative] of creatives.entries()) {
        const adName = `${adgroupName}·A${pad(a)} ${THEMES[a]}`;
        const v = r.next();
        const adOff = v < 0.06;
        const rejected = !adOff && v < 0.07;
        // Creative refreshes: some ads start later than their ad group.
        const late = r.next() < 0.12;
        const startDay = Math.max(campaignStart, late ? Math.floor(between(5, 80)) : 0);
        const adStop = adOff ? Math.floor(between(startDay + 1, DAYS + 10)) : null;
        ads.push({
          ad_name: adName,
          ad_format: 'SINGLE_VIDEO',
          ad_text: `${product}: ${THEMES[a]}`,
          call_to_action: objective === 'WEB_CONVERSIONS' ? 'SHOP_NOW' : 'LEARN_MORE',
          landing_page_url: `${SHOP}/c${c}/${a}`,
          // The catalog shows an ad's switch as it is now.
          operation_status: adStop !== null && adStop < DAYS ? 'DISABLE' : 'ENABLE',
          creative,
        });
        adPlans.push({
          name: adName,
          truth: creative,
          // Log-normal: a few ads in each ad group win most of the auctions, as on TikTok.
          weight: Math.sqrt(creative.ctr * creative.thumbstop) * Math.exp(1.1 * r.normal()),
          startDay,
          stopDay: rejected ? startDay : minStop(stopDay, adStop !== null && adStop < DAYS ? adStop : null),
          rejected,
        });
      }
      scenarioGroups.push({
        adgroup_name: adgroupName,
        budget_mode: 'BUDGET_MODE_DAY',
        budget,
        locations: market.locations,
        age_groups: ageGroups,
        gender,
        interests,
        placements: pangle ? ['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE'] : ['PLACEMENT_TIKTOK'],
        optimization_goal: objective === 'REACH' ? 'REACH' : objective === 'TRAFFIC' ? 'CLICK' : 'CONVERT',
        billing_event: objective === 'REACH' ? 'CPM' : objective === 'TRAFFIC' ? 'CPC' : 'OCPM',
        bid_type: 'BID_TYPE_NO_BID',
        pacing: r.next() < 0.8 ? 'PACING_MODE_SMOOTH' : 'PACING_MODE_FAST',
        click_attribution_window: 'SEVEN_DAYS',
        view_attribution_window: 'ONE_DAY',
        operation_status: switchedOff ? 'DISABLE' : 'ENABLE',
        ...(campaignStart > 0 ? { schedule_start_time: utcStart(campaignStart) } : {}),
        ...(ended ? { schedule_end_time: utcStart(groupStop!) } : {}),
        ads,
      });
      adGroups.push({
        name: adgroupName,
        campaign: campaignName,
        objective,
        budgetUsd: budget,
        cpmUsd: market.cpm,
        locations: market.locations,
        ageGroups,
        gender,
        interests,
        pangle,
        startDay: campaignStart,
        stopDay,
        ads: adPlans,
      });
    }
    campaigns.push({
      campaign_name: campaignName,
      objective_type: objective,
      budget_mode: 'BUDGET_MODE_INFINITE',
      operation_status: campaignStop === null ? 'ENABLE' : 'DISABLE',
      ad_groups: scenarioGroups,
    });
  }

  const scenario = parseScenario({
    seed: ACCOUNT_SEED,
    start_date: firstDay,
    days: DAYS,
    advertiser: {
      name: ACCOUNT_NAME,
      currency: 'USD',
      timezone: ACCOUNT_TIMEZONE,
      product_value: 60,
      margin: 0.5,
    },
    market: {},
    campaigns,
  });
  return { scenario, firstDay, lastDay, adGroups };
}

function minStop(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
