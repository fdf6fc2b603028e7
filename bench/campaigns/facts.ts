// Synthetic facts for the bench account, one day at a time, in the shape the sandbox writes them: an hourly
// row per ad for every hour it delivered, audience rows per ad and day, and one reach row per person an ad
// reached that day. Not a simulation: each ad group spends about its budget at the market's hourly price,
// its ads share the impressions by a heavy-tailed weight that fades with fatigue, and every counter is drawn
// from the one before it (clicks from impressions, conversions from clicks …). Deterministic per seed.
import { addDays, weekdayMondayFirst } from '../../src/core/dates.ts';
import { C, newCounters } from '../../src/sources/sandbox/counters.ts';
import { HOUR_WEIGHTS, clearingCpm } from '../../src/sources/sandbox/market.ts';
import {
  SEGMENT_BITS,
  type Segment,
  audienceSize,
  segmentsFor,
} from '../../src/sources/sandbox/population.ts';
import { type Rng, binomial, rng } from '../../src/sources/sandbox/random.ts';
import { type EntityKeys, type FactBatch, emptyBatch, epochDay } from '../../src/warehouse/schema.ts';
import { ACCOUNT_SEED, type AccountPlan, type AdGroupPlan } from './account.ts';

export interface AdKeys extends EntityKeys {
  /** The warehouse's small integer key for reach rows. */
  adKey: number;
}

/** An ad group's plan with what the generator derives once: its catalog ids and the people it can reach. */
export interface PreparedGroup {
  plan: AdGroupPlan;
  /** In the order of plan.ads. */
  ads: AdKeys[];
  segments: Segment[];
  /** How many people of each segment delivery concentrates on (the ad group's pool, split by size). */
  pools: number[];
}

const HOUR_SHARE = (() => {
  const sum = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  return HOUR_WEIGHTS.map((w) => w / sum);
})();
const PANGLE_SHARE = 0.2;
const IPHONE_SHARE = 0.55;
const PRODUCT_VALUE_MICROS = 60_000_000;

export function prepareGroup(plan: AdGroupPlan, ads: AdKeys[]): PreparedGroup {
  const segments = segmentsFor(plan.locations, plan.ageGroups, plan.gender);
  const size = audienceSize(segments, plan.interests);
  // The people an ad group's delivery keeps returning to: 1 in 250 of its audience, 20k to 250k people.
  const pool = Math.min(250_000, Math.max(20_000, Math.round(size / 250)));
  const total = segments.reduce((sum, s) => sum + s.size, 0);
  return {
    plan,
    ads,
    segments,
    pools: segments.map((s) => Math.max(50, Math.round((pool * s.size) / total))),
  };
}

/**
 * The facts of one day (0-based index into the account's range) for hours 0 … hours-1 of it; `until`, when
 * given, is stored as the watermark with them.
 */
export function dayBatch(
  account: AccountPlan,
  groups: PreparedGroup[],
  day: number,
  hours: number,
  until?: Date,
): FactBatch {
  const batch = emptyBatch();
  const date = addDays(account.firstDay, day);
  const weekday = weekdayMondayFirst(date);
  for (const group of groups) deliverGroup(batch, group, day, date, weekday, hours);
  if (until) batch.watermark = { advertiser_id: groups[0]!.ads[0]!.advertiser_id, source: 'sandbox', until };
  return batch;
}

function deliverGroup(
  batch: FactBatch,
  group: PreparedGroup,
  day: number,
  date: string,
  weekday: number,
  hours: number,
): void {
  const { plan } = group;
  if (day < plan.startDay || (plan.stopDay !== null && day >= plan.stopDay)) return;
  const live = plan.ads
    .map((ad, i) => ({ ad, keys: group.ads[i]! }))
    .filter(({ ad }) => day >= ad.startDay && (ad.stopDay === null || day < ad.stopDay));
  if (live.length === 0) return;
  const r = rng(ACCOUNT_SEED, `${plan.name}:${day}`);
  const spendUsd = plan.budgetUsd * (0.88 + 0.12 * r.next());
  const ads = live.map(({ ad, keys }) => {
    // A creative tires as it ages: it wins fewer auctions and pays more for them.
    const freshness = (1 - ad.truth.fatigue) ** Math.min((day - ad.startDay) / 10, 4);
    return { ad, keys, freshness, weight: ad.weight * freshness, priceFactor: 1 + 0.6 * (1 - freshness) };
  });
  const weightSum = ads.reduce((sum, a) => sum + a.weight, 0);
  const totals = ads.map(() => newCounters());

  for (let hour = 0; hour < hours; hour++) {
    const cpm = clearingCpm(plan.cpmUsd, hour, weekday);
    // Impressions the whole ad group buys this hour at the market's price.
    const bought = ((spendUsd * HOUR_SHARE[hour]!) / cpm) * 1000;
    for (let i = 0; i < ads.length; i++) {
      const a = ads[i]!;
      const impressions = poisson(r, (bought * a.weight) / weightSum / a.priceFactor);
      if (impressions === 0) continue;
      const counters = hourCounters(
        r,
        impressions,
        cpm * a.priceFactor * 1000,
        a.freshness,
        a.ad.truth,
        plan,
      );
      const sum = totals[i]!;
      for (let c = 0; c < counters.length; c++) sum[c]! += counters[c]!;
      const k = a.keys;
      batch.hourly.push({
        advertiser_id: k.advertiser_id,
        campaign_id: k.campaign_id,
        adgroup_id: k.adgroup_id,
        ad_id: k.ad_id,
        stat_date: date,
        stat_hour: hour,
        counters,
      });
    }
  }
  ads.forEach((a, i) => {
    if (totals[i]![C.impressions]! > 0) audienceAndReach(batch, group, a.keys, date, totals[i]!, r);
  });
}

/** One hour of one ad: every counter drawn from the one it depends on. */
function hourCounters(
  r: Rng,
  impressions: number,
  priceMicros: number,
  freshness: number,
  truth: AdGroupPlan['ads'][number]['truth'],
  plan: AdGroupPlan,
): number[] {
  const k = newCounters();
  const duration = truth.duration_s ?? 15;
  k[C.impressions] = impressions;
  k[C.spend] = Math.round(impressions * priceMicros * (0.9 + 0.2 * r.next()));
  k[C.plays] = impressions;
  const v2s = binomial(r, impressions, truth.thumbstop * freshness);
  const v3s = binomial(r, v2s, 0.88);
  const v6s = binomial(r, v3s, truth.hold);
  const p25 = binomial(r, v2s, 0.75);
  const p50 = binomial(r, p25, Math.min(0.95, truth.hold + 0.2));
  const p75 = binomial(r, p50, 0.75);
  const p100 = binomial(r, p75, 0.7);
  k[C.v2s] = v2s;
  k[C.v3s] = v3s;
  k[C.v6s] = v6s;
  k[C.p25] = p25;
  k[C.p50] = p50;
  k[C.p75] = p75;
  k[C.p100] = p100;
  k[C.engagedView] = binomial(r, v6s, 0.92);
  k[C.playTimeMs] = Math.round(
    1000 * (impressions * 0.8 + v2s * 1.5 + v6s * 3 + p50 * duration * 0.25 + p100 * duration * 0.25),
  );
  const clicks = binomial(r, impressions, truth.ctr * freshness);
  k[C.clicks] = clicks;
  k[C.likes] = binomial(r, v2s, 0.05);
  k[C.comments] = binomial(r, v2s, 0.004);
  k[C.shares] = binomial(r, v2s, 0.005);
  k[C.follows] = binomial(r, v2s, 0.002);
  k[C.engagements] = clicks + k[C.likes]! + k[C.comments]! + k[C.shares]! + k[C.follows]!;
  const landing = binomial(r, clicks, 0.82);
  k[C.landingPageView] = landing;
  k[C.contentView] = binomial(r, landing, 0.9);
  k[C.addToCart] = binomial(r, landing, Math.min(0.9, truth.cvr * 2.5));
  k[C.checkout] = binomial(r, k[C.addToCart]!, 0.6);
  // Conversion campaigns optimise for purchases (the pixel's CompletePayment); the others only see some.
  const converts = plan.objective === 'WEB_CONVERSIONS';
  const cta = binomial(r, clicks, converts ? truth.cvr : truth.cvr * 0.4);
  const vta = binomial(r, v6s, truth.cvr * 0.02);
  k[C.ctaConversion] = converts ? cta : 0;
  k[C.vtaConversion] = converts ? vta : 0;
  k[C.conversion] = converts ? cta + vta : 0;
  k[C.purchase] = cta + vta;
  let value = 0;
  for (let i = 0; i < cta + vta; i++) value += Math.round(PRODUCT_VALUE_MICROS * (0.6 + 0.8 * r.next()));
  k[C.purchaseValue] = value;
  return k;
}

/**
 * The day's people and audience rows of one ad. Each impression goes to a person of one of the few
 * segments the ad reached that day (more segments for more impressions), drawn with a skew towards the
 * front of the ad group's pool, so people come back across days and ads of an ad group share people.
 * Audience rows are one per segment reached; their counters split the day's totals by impressions.
 */
function audienceAndReach(
  batch: FactBatch,
  group: PreparedGroup,
  keys: AdKeys,
  date: string,
  totals: number[],
  r: Rng,
): void {
  const n = totals[C.impressions]!;
  const wanted = Math.min(group.segments.length, 1 + (n > 40 ? 1 : 0) + (n > 200 ? 1 : 0));
  const chosen: number[] = [];
  for (let attempt = 0; chosen.length < wanted && attempt < 20; attempt++) {
    const s = pickSegment(group, r);
    if (!chosen.includes(s)) chosen.push(s);
  }
  const perCell = chosen.map(() => 0);
  const people = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const cell = Math.floor(r.next() * chosen.length);
    const s = chosen[cell]!;
    perCell[cell]!++;
    const u = r.next();
    // A person id is their segment's index × SEGMENT_BITS + their index within it, as the sandbox's.
    const person = group.segments[s]!.index * SEGMENT_BITS + Math.floor(group.pools[s]! * u * u);
    people.set(person, (people.get(person) ?? 0) + 1);
  }
  const day = epochDay(date);
  for (const [person, impressions] of people) batch.reach.push(keys.adKey, day, person, impressions);
  // Split every counter over the cells in proportion to their impressions (the last cell takes the rest).
  const left = [...totals];
  let impressionsLeft = n;
  chosen.forEach((s, cell) => {
    if (perCell[cell] === 0) return;
    const last = cell === chosen.length - 1 || perCell.slice(cell + 1).every((x) => x === 0);
    const share = perCell[cell]! / impressionsLeft;
    const counters = last ? left : left.map((v) => (v === 0 ? 0 : binomial(r, v, share)));
    if (!last) {
      counters[C.impressions] = perCell[cell]!;
      for (let c = 0; c < counters.length; c++) left[c]! -= counters[c]!;
    }
    impressionsLeft -= perCell[cell]!;
    const segment = group.segments[s]!;
    batch.audience.push({
      ...entityKeys(keys),
      stat_date: date,
      age: segment.age,
      gender: segment.gender,
      country: segment.country,
      placement: group.plan.pangle && r.next() < PANGLE_SHARE ? 'PLACEMENT_PANGLE' : 'PLACEMENT_TIKTOK',
      platform: r.next() < IPHONE_SHARE ? 'IPHONE' : 'ANDROID',
      counters,
    });
  });
}

function pickSegment(group: PreparedGroup, r: Rng): number {
  const total = group.segments.reduce((sum, s) => sum + s.size, 0);
  let rest = r.next() * total;
  for (const [i, s] of group.segments.entries()) {
    rest -= s.size;
    if (rest < 0) return i;
  }
  return group.segments.length - 1;
}

function entityKeys(keys: AdKeys): EntityKeys {
  return {
    advertiser_id: keys.advertiser_id,
    campaign_id: keys.campaign_id,
    adgroup_id: keys.adgroup_id,
    ad_id: keys.ad_id,
  };
}

/** Poisson-distributed count with mean `mean`: exact below 30, a normal approximation above. */
function poisson(r: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = r.next();
  while (p > limit) {
    k++;
    p *= r.next();
  }
  return k;
}
