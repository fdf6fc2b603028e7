// A random advertiser for report tests and the report bench: campaign structure in a real catalog (names in
// mixed case, objectives, creatives shared by several ads) and facts written with the warehouse's own
// append — hourly rows with gaps and zero counters (so ratios are sometimes undefined), audience rows, and
// reached people drawn from each ad group's pool (so people recur across ads and days). Fixed by the seed.
import { insertAdvertiser } from '../../src/catalog/advertisers.ts';
import type { Queryable } from '../../src/catalog/db.ts';
import { insertAd, insertAdGroup, insertCampaign, insertCreative } from '../../src/catalog/structure.ts';
import { adGroupRow } from './ad-group-row.ts';
import { addDays } from '../../src/core/dates.ts';
import type { ObjectiveType } from '../../src/core/enums.ts';
import type { FactStore } from '../../src/warehouse/fact-store.ts';
import {
  type AudienceFact,
  COUNTER_COLUMNS,
  type EntityKeys,
  type FactBatch,
  type HourlyFact,
  emptyBatch,
  epochDay,
} from '../../src/warehouse/schema.ts';

export interface AccountSpec {
  seed: number;
  advertiserId: string;
  campaigns: number;
  adGroupsPerCampaign: number;
  adsPerAdGroup: number;
  /** First day with facts, and how many days. */
  from: string;
  days: number;
  /** Chance that an ad delivers in a given hour. */
  hourChance: number;
  /** Audience rows per ad and day with delivery (1 to this many). */
  maxSegments: number;
  /** People an ad reaches per day with delivery (0 to this many). */
  maxPeople: number;
  /** Write facts only (the catalog structure exists already). */
  factsOnly?: boolean;
}

export const OBJECTIVES: ObjectiveType[] = ['WEB_CONVERSIONS', 'TRAFFIC', 'REACH', 'VIDEO_VIEWS'];
export const SEGMENTS = {
  age: ['AGE_18_24', 'AGE_25_34', 'AGE_35_44'],
  gender: ['FEMALE', 'MALE'],
  country: ['NL', 'DE', 'US'],
  placement: ['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE'],
  platform: ['ANDROID', 'IPHONE'],
} as const;

/** mulberry32: small, fast and fixed by its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTER = Object.fromEntries(COUNTER_COLUMNS.map((c, i) => [c, i])) as Record<string, number>;

export interface AccountAd extends EntityKeys {
  creative_id: string;
}

/** Counters drawn from one another (clicks from impressions, …); some are 0 so ratios over them are undefined. */
function counters(next: () => number, scale: number): number[] {
  const out = new Array<number>(COUNTER_COLUMNS.length).fill(0);
  const impressions = Math.floor(next() * 400 * scale);
  const clicks = next() < 0.2 ? 0 : Math.floor(impressions * next() * 0.05);
  const atc = Math.floor(clicks * next() * 0.3);
  out[COUNTER.spend_micros!] = next() < 0.05 ? 0 : Math.floor(impressions * (3000 + next() * 9000));
  out[COUNTER.impressions!] = impressions;
  out[COUNTER.clicks!] = clicks;
  out[COUNTER.video_watched_2s!] = Math.floor(impressions * next() * 0.6);
  out[COUNTER.video_watched_3s!] = Math.floor(impressions * next() * 0.4);
  out[COUNTER.video_views_p100!] = Math.floor(impressions * next() * 0.1);
  out[COUNTER.video_play_time_ms!] = Math.floor(impressions * next() * 4000);
  out[COUNTER.conversion!] = Math.floor(clicks * next() * 0.2);
  out[COUNTER.web_event_add_to_cart!] = atc;
  out[COUNTER.complete_payment!] = Math.floor(atc * next() * 0.5);
  out[COUNTER.purchase_value_micros!] =
    out[COUNTER.complete_payment!]! * Math.floor(20_000_000 + next() * 80_000_000);
  out[COUNTER.total_landing_page_view!] = Math.floor(clicks * next() * 0.8);
  return out;
}

export async function buildReportAccount(
  facts: FactStore,
  catalog: Queryable,
  spec: AccountSpec,
  onDay?: (day: number) => void,
): Promise<AccountAd[]> {
  const next = random(spec.seed);
  const id = spec.advertiserId;
  const ads: AccountAd[] = [];
  const creatives = Math.max(
    2,
    Math.ceil((spec.campaigns * spec.adGroupsPerCampaign * spec.adsPerAdGroup) / 3),
  );
  if (!spec.factsOnly) {
    await insertAdvertiser(catalog, {
      advertiser_id: id,
      name: `Report account ${id}`,
      currency: 'EUR',
      timezone: 'Europe/Amsterdam',
      source: 'import',
      product_value: null,
      margin: null,
    });
    for (let v = 0; v < creatives; v++) {
      await insertCreative(catalog, {
        creative_id: `${id}_v${v}`,
        advertiser_id: id,
        file_name: `${v % 2 ? 'Hook' : 'unboxing'}_${v}.mp4`,
        kind: 'video',
        duration_s: 15,
        width: 1080,
        height: 1920,
      });
    }
  }
  for (let c = 0; c < spec.campaigns; c++) {
    const campaign_id = `${id}_c${c}`;
    if (!spec.factsOnly) {
      await insertCampaign(catalog, {
        campaign_id,
        advertiser_id: id,
        campaign_name: `${c % 2 ? 'Spring' : 'summer'} Sale ${c}`,
        objective_type: OBJECTIVES[c % OBJECTIVES.length]!,
        budget_mode: 'BUDGET_MODE_DAY',
        budget_micros: 50_000_000n,
        operation_status: 'ENABLE',
      });
    }
    for (let g = 0; g < spec.adGroupsPerCampaign; g++) {
      const adgroup_id = `${campaign_id}_g${g}`;
      if (!spec.factsOnly) await insertGroup(catalog, id, campaign_id, adgroup_id, `Group ${g} of ${c}`);
      for (let a = 0; a < spec.adsPerAdGroup; a++) {
        const ad = {
          advertiser_id: id,
          campaign_id,
          adgroup_id,
          ad_id: `${adgroup_id}_a${a}`,
          creative_id: `${id}_v${ads.length % creatives}`,
        };
        ads.push(ad);
        if (!spec.factsOnly) {
          await insertAd(catalog, {
            ...ad,
            ad_name: `${a % 2 ? 'HOOK' : 'Demo'} ad ${a} in ${g}/${c}`,
            ad_format: 'SINGLE_VIDEO',
            ad_text: 'Try it',
            call_to_action: 'SHOP_NOW',
            landing_page_url: 'https://example.com',
            operation_status: 'ENABLE',
            review_status: 'SUCCEED',
            review_submitted_at: null,
          });
        }
      }
    }
  }
  const keys = await facts.adKeys(ads);
  const groupIndex = new Map<string, number>();
  for (const ad of ads) if (!groupIndex.has(ad.adgroup_id)) groupIndex.set(ad.adgroup_id, groupIndex.size);
  for (let day = 0; day < spec.days; day++) {
    const date = addDays(spec.from, day);
    const batch: FactBatch = emptyBatch();
    for (const ad of ads) {
      const hourly: HourlyFact[] = [];
      for (let hour = 0; hour < 24; hour++) {
        if (next() >= spec.hourChance) continue;
        hourly.push({ ...keysOf(ad), stat_date: date, stat_hour: hour, counters: counters(next, 1) });
      }
      if (hourly.length === 0) continue;
      batch.hourly.push(...hourly);
      const segments = 1 + Math.floor(next() * spec.maxSegments);
      for (let s = 0; s < segments; s++) batch.audience.push(audienceRow(next, ad, date, hourly.length));
      const people = Math.floor(next() * (spec.maxPeople + 1));
      const pool = groupIndex.get(ad.adgroup_id)! * 1_000_000;
      const seen = new Set<number>();
      for (let p = 0; p < people; p++) {
        // Skewed towards the front of the pool, so people come back across days and ads.
        const person = pool + Math.floor(next() * next() * spec.maxPeople * 4);
        if (seen.has(person)) continue;
        seen.add(person);
        batch.reach.push(keys.get(ad.ad_id)!, epochDay(date), person, 1 + Math.floor(next() * 3));
      }
    }
    await facts.append(batch);
    onDay?.(day);
  }
  return ads;
}

const keysOf = (ad: AccountAd): EntityKeys => ({
  advertiser_id: ad.advertiser_id,
  campaign_id: ad.campaign_id,
  adgroup_id: ad.adgroup_id,
  ad_id: ad.ad_id,
});

function audienceRow(next: () => number, ad: AccountAd, date: string, scale: number): AudienceFact {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  return {
    ...keysOf(ad),
    stat_date: date,
    age: pick(SEGMENTS.age),
    gender: pick(SEGMENTS.gender),
    country: pick(SEGMENTS.country),
    placement: pick(SEGMENTS.placement),
    platform: pick(SEGMENTS.platform),
    counters: counters(next, scale),
  };
}

async function insertGroup(
  catalog: Queryable,
  advertiserId: string,
  campaignId: string,
  adgroupId: string,
  name: string,
): Promise<void> {
  await insertAdGroup(
    catalog,
    adGroupRow({
      adgroup_id: adgroupId,
      campaign_id: campaignId,
      advertiser_id: advertiserId,
      adgroup_name: name,
      targeting: {
        locations: ['NL'],
        age_groups: [],
        gender: 'GENDER_UNLIMITED',
        languages: [],
        interests: [],
      },
    }),
  );
}
