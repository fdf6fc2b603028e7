// The sandbox's clock: it walks hour by hour from where the stored facts end up to a given instant, runs
// each ad group's auction and delivery, and writes the day's facts (with the new watermark) atomically.
import { getAdvertiser, markDataUpdated } from '../../catalog/advertisers.ts';
import type { CatalogDb } from '../../catalog/db.ts';
import { listAdGroups, listAds, listCampaigns, recordReview } from '../../catalog/structure.ts';
import { addDays, daysBetween, weekdayMondayFirst } from '../../core/dates.ts';
import { attributionDays } from '../../core/enums.ts';
import type { Ad, AdGroup, Campaign } from '../../core/entities.ts';
import { fromMicros } from '../../core/money.ts';
import { type LocalTime, startOfLocalDay, toLocal } from '../../core/timezone.ts';
import { ParamAllocator } from '../../warehouse/dialect.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES, type FactBatch, emptyBatch, epochDay } from '../../warehouse/schema.ts';
import { applyChangesForDay } from './changes.ts';
import { C, newCounters } from './counters.ts';
import { type ImpressionContext, simulateImpression } from './impression.ts';
import { HOUR_WEIGHTS, bidAsCpm, clearingCpm, hourlyCapacity, winShare } from './market.ts';
import { type Segment, audienceSize, hasInterest, personId, segmentsFor, traitsOf } from './population.ts';
import { binomial, rng, type Rng } from './random.ts';
import { type RunState, adState, loadRunState } from './run-state.ts';
import { type ImpressionPlace, type SandboxShop, openShop } from './shop.ts';
import { ensurePixels } from './seed-scenario.ts';
import { type SandboxRun, adoptAd, loadSandboxRun, truthOn } from './sandbox-run.ts';

export const SANDBOX_SOURCE = 'sandbox';
const HOUR_MS = 3_600_000;
const PANGLE_SHARE = 0.2;

interface DayContext {
  date: string;
  dayIndex: number;
  campaigns: Campaign[];
  adGroups: AdGroup[];
  ads: Ad[];
  spentTodayMicros: Map<string, number>;
  batch: FactBatch;
  /** Per ad: counters per audience cell (segment × placement × platform, as a number). */
  audience: Map<string, Map<number, { key: string[]; counters: number[] }>>;
  reach: Map<string, Map<number, number>>;
  adKeys: Map<string, number>;
  shop: SandboxShop;
}

export interface SimulationResult {
  hours: number;
  until: Date;
}

/** Simulates from the stored watermark up to `untilMs` (whole hours), capped at the scenario's end. */
export async function simulateUntil(
  catalog: CatalogDb,
  facts: FactStore,
  advertiserId: string,
  untilMs: number,
): Promise<SimulationResult> {
  const advertiser = await getAdvertiser(catalog, advertiserId);
  const run = await loadSandboxRun(catalog, advertiserId);
  if (!advertiser || !run) throw new Error(`Advertiser ${advertiserId} is not a sandbox advertiser.`);
  const tz = advertiser.timezone;
  const { scenario } = run;
  const watermark = await facts.watermark(advertiserId, SANDBOX_SOURCE);
  const endOfScenario = startOfLocalDay(addDays(scenario.start_date, scenario.days), tz);
  const end = Math.min(Math.floor(untilMs / HOUR_MS) * HOUR_MS, endOfScenario);
  let t = watermark?.until.getTime() ?? startOfLocalDay(scenario.start_date, tz);
  if (t >= end) return { hours: 0, until: new Date(t) };

  await ensurePixels(catalog, run);
  const [state, shop] = await Promise.all([
    loadRunState(facts, advertiserId),
    openShop(catalog, facts, run, advertiser),
  ]);
  let day: DayContext | null = null;
  let hours = 0;
  for (; t < end; t += HOUR_MS) {
    const local = toLocal(t, tz);
    if (day?.date !== local.date) {
      if (day) await flush(catalog, facts, advertiserId, day, t);
      // A scenario's changes land once, when the simulation enters their day at its first hour; a run
      // resumed later that day must not undo what the marketer has changed since.
      const dayStarts = t === startOfLocalDay(local.date, tz);
      day = await openDay(catalog, facts, run, advertiserId, local.date, dayStarts, shop);
    }
    await recordReviewDecisions(catalog, run, day, t);
    simulateHour(run, state, day, t, local, tz);
    shop.endHour(t, local.hour);
    hours++;
  }
  if (day) await flush(catalog, facts, advertiserId, day, t);
  return { hours, until: new Date(t) };
}

async function openDay(
  catalog: CatalogDb,
  facts: FactStore,
  run: SandboxRun,
  advertiserId: string,
  date: string,
  applyChanges: boolean,
  shop: SandboxShop,
): Promise<DayContext> {
  const dayIndex = daysBetween(run.scenario.start_date, date);
  if (applyChanges) await applyChangesForDay(catalog, run, dayIndex);
  const [campaigns, adGroups, ads, spentTodayMicros] = await Promise.all([
    listCampaigns(catalog, advertiserId),
    listAdGroups(catalog, advertiserId),
    listAds(catalog, advertiserId),
    spendOnDate(facts, advertiserId, date),
  ]);
  for (const ad of ads) adoptAd(run, ad, ads);
  const adKeys = await facts.adKeys(ads);
  const batch = emptyBatch();
  shop.startDay(batch, dayIndex);
  return {
    date,
    dayIndex,
    campaigns,
    adGroups,
    ads,
    spentTodayMicros,
    batch,
    audience: new Map(),
    reach: new Map(),
    adKeys,
    shop,
  };
}

/** Review decides on ads whose time has come: the catalog then shows them approved or rejected. */
async function recordReviewDecisions(
  catalog: CatalogDb,
  run: SandboxRun,
  day: DayContext,
  t: number,
): Promise<void> {
  for (const ad of day.ads) {
    const truth = run.adTruth[ad.ad_id];
    if (ad.review_status !== 'REVIEWING' || truth?.decidedAt == null || truth.decidedAt > t) continue;
    const at = new Date(truth.decidedAt);
    await recordReview(
      catalog,
      ad.ad_id,
      truth.rejected ? { approved: false, at, reason: truth.rejected } : { approved: true, at },
    );
    ad.review_status = truth.rejected ? 'FAIL' : 'SUCCEED';
  }
}

async function spendOnDate(
  facts: FactStore,
  advertiserId: string,
  date: string,
): Promise<Map<string, number>> {
  const p = new ParamAllocator(facts.dialect);
  const rows = await facts.query({
    text: `SELECT adgroup_id, campaign_id, SUM(spend_micros) AS spend FROM ${FACT_TABLES.hourly}
           WHERE advertiser_id = ${p.add(advertiserId)} AND stat_date = ${facts.dialect.dateParam(p.add(date))}
           GROUP BY adgroup_id, campaign_id`,
    values: p.values,
  });
  const spent = new Map<string, number>();
  for (const row of rows) {
    for (const key of [String(row.adgroup_id), String(row.campaign_id)]) {
      spent.set(key, (spent.get(key) ?? 0) + Number(row.spend));
    }
  }
  return spent;
}

async function flush(
  catalog: CatalogDb,
  facts: FactStore,
  advertiserId: string,
  day: DayContext,
  until: number,
): Promise<void> {
  const { batch } = day;
  for (const ad of day.ads) {
    for (const { key, counters } of day.audience.get(ad.ad_id)?.values() ?? []) {
      const [age, gender, country, placement, platform] = key as [string, string, string, string, string];
      batch.audience.push({
        ...keysOf(ad),
        stat_date: day.date,
        age,
        gender,
        country,
        placement,
        platform,
        counters,
      });
    }
  }
  const dayNumber = epochDay(day.date);
  for (const ad of day.ads) {
    const people = day.reach.get(ad.ad_id);
    if (!people) continue;
    const adKey = day.adKeys.get(ad.ad_id)!;
    for (const [person, impressions] of people) batch.reach.push(adKey, dayNumber, person, impressions);
  }
  day.shop.finishDay(advertiserId);
  batch.watermark = { advertiser_id: advertiserId, source: SANDBOX_SOURCE, until: new Date(until) };
  await facts.append(batch);
  await markDataUpdated(catalog, advertiserId, new Date());
}

function keysOf(ad: Ad): { advertiser_id: string; campaign_id: string; adgroup_id: string; ad_id: string } {
  return {
    advertiser_id: ad.advertiser_id,
    campaign_id: ad.campaign_id,
    adgroup_id: ad.adgroup_id,
    ad_id: ad.ad_id,
  };
}

/** The share of an hour the ad group's dayparting lets it run (TikTok's half-hour slots, Monday first). */
function activeShare(dayparting: string | null, weekday: number, hour: number): number {
  if (!dayparting || !dayparting.includes('1')) return 1;
  const slot = weekday * 48 + hour * 2;
  return ((dayparting[slot] === '1' ? 1 : 0) + (dayparting[slot + 1] === '1' ? 1 : 0)) / 2;
}

/** The share of what is left of today's budget to spend in this hour, over the hours it may still run. */
function hourShare(group: AdGroup, weekday: number, hour: number): number {
  const active = activeShare(group.dayparting, weekday, hour);
  if (group.pacing === 'PACING_MODE_FAST' || active === 0) return active;
  let rest = 0;
  for (let h = hour; h < 24; h++) rest += HOUR_WEIGHTS[h]! * activeShare(group.dayparting, weekday, h);
  return (HOUR_WEIGHTS[hour]! * active) / rest;
}

/** What is left to spend today (micros) under a budget; Infinity when unlimited. */
function remainingToday(
  mode: Campaign['budget_mode'],
  budgetMicros: bigint | null,
  spentToday: number,
  spentLifetime: number,
  daysLeft: number,
): number {
  if (mode === 'BUDGET_MODE_INFINITE' || budgetMicros === null) return Number.POSITIVE_INFINITY;
  const budget = Number(budgetMicros);
  if (mode === 'BUDGET_MODE_DAY') return Math.max(0, budget - spentToday);
  // A lifetime budget is spread evenly over the days that remain, and is never exceeded.
  const lifetimeLeft = Math.max(0, budget - spentLifetime);
  const todayShare = lifetimeLeft / Math.max(1, daysLeft) + spentToday;
  return Math.max(0, Math.min(lifetimeLeft, todayShare - spentToday));
}

function simulateHour(
  run: SandboxRun,
  state: RunState,
  day: DayContext,
  t: number,
  local: LocalTime,
  tz: string,
): void {
  const weekday = weekdayMondayFirst(local.date);
  const lastDay = addDays(run.scenario.start_date, run.scenario.days - 1);
  for (const campaign of day.campaigns) {
    if (campaign.operation_status !== 'ENABLE') continue;
    const groups = day.adGroups.filter(
      (g) =>
        g.campaign_id === campaign.campaign_id &&
        g.operation_status === 'ENABLE' &&
        Date.parse(g.schedule_start_time) <= t &&
        (g.schedule_end_time === null || Date.parse(g.schedule_end_time) > t),
    );
    if (groups.length === 0) continue;
    const campaignLeft = remainingToday(
      campaign.budget_mode,
      campaign.budget_micros,
      day.spentTodayMicros.get(campaign.campaign_id) ?? 0,
      state.lifetimeSpendMicros.get(campaign.campaign_id) ?? 0,
      daysBetween(local.date, lastDay) + 1,
    );
    for (const group of groups) {
      const endDate = group.schedule_end_time
        ? toLocal(Date.parse(group.schedule_end_time) - 1, tz).date
        : lastDay;
      const groupLeft = remainingToday(
        group.budget_mode,
        group.budget_micros,
        day.spentTodayMicros.get(group.adgroup_id) ?? 0,
        state.lifetimeSpendMicros.get(group.adgroup_id) ?? 0,
        daysBetween(local.date, endDate) + 1,
      );
      const share = hourShare(group, weekday, local.hour);
      const target = Math.min(groupLeft * share, (campaignLeft * share) / groups.length);
      if (target <= 0) continue;
      // The hour's share paces delivery; what is left of the day's budgets is the hard limit.
      const cap = Math.min(groupLeft, campaignLeft / groups.length);
      const spent = deliverAdGroup(run, state, day, group, t, local, weekday, target, cap);
      for (const key of [group.adgroup_id, campaign.campaign_id]) {
        day.spentTodayMicros.set(key, (day.spentTodayMicros.get(key) ?? 0) + spent);
        state.lifetimeSpendMicros.set(key, (state.lifetimeSpendMicros.get(key) ?? 0) + spent);
      }
    }
  }
}

interface LiveAd {
  ad: Ad;
  truth: ReturnType<typeof truthOn>;
  freshness: number;
  /** What an impression costs on average (micros), whatever the ad group is billed for. */
  priceMicros: number;
  billing: ImpressionContext['billing'];
  /** The price of one billed event: an impression, a click or a 6-second view (micros). */
  billedPriceMicros: number;
  weight: number;
}

/** Runs one ad group's auction for one hour; returns what it spent (micros). */
function deliverAdGroup(
  run: SandboxRun,
  state: RunState,
  day: DayContext,
  group: AdGroup,
  t: number,
  local: LocalTime,
  weekday: number,
  targetMicros: number,
  capMicros: number,
): number {
  const r = rng(run.scenario.seed, `${group.adgroup_id}:${t}`);
  const clearing = clearingCpm(run.marketCpm, local.hour, weekday);
  const live = liveAds(run, state, day, group, clearing);
  if (live.length === 0) return 0;

  const segments = segmentsFor(group.targeting.locations, group.targeting.age_groups, group.targeting.gender);
  const size = audienceSize(segments, group.targeting.interests);
  const expectedCtr = average(live.map((a) => a.truth.ctr * a.freshness));
  const expectedCvr = average(live.map((a) => a.truth.cvr));
  const expectedViews = average(live.map((a) => a.truth.thumbstop * a.truth.hold * a.freshness));
  const bid = bidAsCpm(
    {
      bid_type: group.bid_type,
      billing_event: group.billing_event,
      bid_price: group.bid_price_micros === null ? null : fromMicros(group.bid_price_micros),
      conversion_bid_price:
        group.conversion_bid_price_micros === null ? null : fromMicros(group.conversion_bid_price_micros),
    },
    expectedCtr,
    expectedCvr,
    expectedViews,
  );
  const capacity =
    hourlyCapacity(size, local.hour) *
    winShare(bid, clearing) *
    activeShare(group.dayparting, weekday, local.hour);
  const averagePrice = average(live.map((a) => a.priceMicros));
  const wanted = Math.min(capacity, targetMicros / averagePrice);
  let remaining = Math.floor(wanted) + (r.next() < wanted % 1 ? 1 : 0);
  let budgetLeft = targetMicros;
  let capLeft = capMicros;

  const picker = personPicker(segments, group.targeting.interests, r);
  let weightLeft = live.reduce((sum, a) => sum + a.weight, 0);
  let spent = 0;
  for (const [i, item] of live.entries()) {
    const n = i === live.length - 1 ? remaining : binomial(r, remaining, item.weight / weightLeft);
    remaining -= n;
    weightLeft -= item.weight;
    const served = Math.min(n, Math.floor(budgetLeft / item.priceMicros));
    const spentOnAd = serveImpressions(state, day, group, item, served, capLeft, t, local, r, picker);
    budgetLeft -= spentOnAd;
    capLeft -= spentOnAd;
    spent += spentOnAd;
  }
  return spent;
}

/** The ad group's ads that may deliver this hour, with their price and share of the impressions. */
function liveAds(
  run: SandboxRun,
  state: RunState,
  day: DayContext,
  group: AdGroup,
  clearing: number,
): LiveAd[] {
  const out: LiveAd[] = [];
  for (const ad of day.ads) {
    if (ad.adgroup_id !== group.adgroup_id || ad.operation_status !== 'ENABLE') continue;
    // Only ads that review has approved (as the catalog shows) and the sandbox knows the truth of deliver.
    if (ad.review_status !== 'SUCCEED' || !run.adTruth[ad.ad_id]) continue;
    const truth = truthOn(run, ad.ad_id, day.dayIndex);
    const s = adState(state, ad.ad_id);
    const meanFrequency = s.exposures.size > 0 ? s.impressions / s.exposures.size : 1;
    // A tiring creative loses engagement, so the auction charges it more for the same attention.
    const freshness = (1 - truth.fatigue) ** Math.max(0, meanFrequency - 1);
    const cpm = clearing * (1 + 0.6 * (1 - freshness));
    const priceMicros = Math.max(1, Math.round(cpm * 1000));
    const billing = billingOf(group.billing_event, ad.ad_format === 'SINGLE_VIDEO');
    // Billed per click or view, the price per event is what makes the expected cost per impression the same.
    const perImpression =
      billing === 'click'
        ? truth.ctr * freshness
        : billing === 'view'
          ? truth.thumbstop * truth.hold * freshness
          : 1;
    out.push({
      ad,
      truth,
      freshness,
      priceMicros,
      billing,
      billedPriceMicros: Math.max(1, Math.round(priceMicros / Math.max(perImpression, 1e-4))),
      weight: Math.sqrt(Math.max(truth.ctr * truth.thumbstop, 1e-6)) * freshness,
    });
  }
  return out;
}

/** CPC bills clicks, CPV 6-second views (of videos; an image is billed per impression), the rest impressions. */
function billingOf(event: AdGroup['billing_event'], isVideo: boolean): ImpressionContext['billing'] {
  if (event === 'CPC') return 'click';
  if (event === 'CPV' && isVideo) return 'view';
  return 'impression';
}

/** Serves up to `count` impressions of one ad, never spending more than `maxSpendMicros`; returns the spend. */
function serveImpressions(
  state: RunState,
  day: DayContext,
  group: AdGroup,
  item: LiveAd,
  count: number,
  maxSpendMicros: number,
  hourStart: number,
  local: LocalTime,
  r: Rng,
  picker: PersonPicker,
): number {
  if (count <= 0) return 0;
  const adId = item.ad.ad_id;
  const s = adState(state, adId);
  const hourly = newCounters();
  const scratch = newCounters();
  let reach = day.reach.get(adId);
  if (!reach) day.reach.set(adId, (reach = new Map()));
  let cells = day.audience.get(adId);
  if (!cells) day.audience.set(adId, (cells = new Map()));
  const bothPlacements = group.placements.length > 1;
  const onlyPangle = !bothPlacements && group.placements[0] === 'PLACEMENT_PANGLE';
  const { shop } = day;
  const context: ImpressionContext = {
    truth: item.truth,
    isVideo: item.ad.ad_format === 'SINGLE_VIDEO',
    priorExposures: 0,
    billing: item.billing,
    billedPriceMicros: item.billedPriceMicros,
    site: shop,
  };
  const place: ImpressionPlace = {
    keys: keysOf(item.ad),
    date: local.date,
    hour: local.hour,
    hourStart,
    cell: ['', '', '', '', ''],
    person: 0,
    landingUrl: item.ad.landing_page_url,
    pixelId: group.pixel_id,
    clickWindowDays: attributionDays[group.click_attribution_window],
    viewWindowDays: attributionDays[group.view_attribution_window],
  };
  shop.place = place;
  // Every impression adds at most one billed event, so stopping short of its price keeps within budget.
  for (let i = 0; i < count && hourly[C.spend]! + item.billedPriceMicros <= maxSpendMicros; i++) {
    const person = picker.pick();
    const segment = picker.segment;
    const traits = traitsOf(segment, person);
    const pangle = bothPlacements ? r.next() < PANGLE_SHARE : onlyPangle;
    const cellKey = segment.index * 4 + (pangle ? 2 : 0) + (traits.platform === 'IPHONE' ? 1 : 0);
    let cell = cells.get(cellKey);
    if (!cell) {
      const placement = pangle ? 'PLACEMENT_PANGLE' : 'PLACEMENT_TIKTOK';
      cell = {
        key: [traits.age, traits.gender, traits.country, placement, traits.platform],
        counters: newCounters(),
      };
      cells.set(cellKey, cell);
    }
    place.person = person;
    place.cell = cell.key as ImpressionPlace['cell'];
    context.priorExposures = s.exposures.get(person) ?? 0;
    scratch.fill(0);
    simulateImpression(r, context, scratch);
    s.exposures.set(person, context.priorExposures + 1);
    s.impressions++;
    reach.set(person, (reach.get(person) ?? 0) + 1);
    const counters = cell.counters;
    for (let c = 0; c < scratch.length; c++) {
      const v = scratch[c]!;
      if (v === 0) continue;
      hourly[c]! += v;
      counters[c]! += v;
    }
  }
  day.batch.hourly.push({
    ...keysOf(item.ad),
    stat_date: local.date,
    stat_hour: local.hour,
    counters: hourly,
  });
  return hourly[C.spend]!;
}

interface PersonPicker {
  pick(): number;
  /** The segment of the person last picked. */
  segment: Segment;
}

/**
 * Picks the person who sees each impression. Delivery concentrates on the people most likely to respond
 * (a skew towards the low end of each segment), so an audience saturates and frequency climbs.
 */
function personPicker(segments: Segment[], interests: string[], r: Rng): PersonPicker {
  const total = segments.reduce((sum, s) => sum + s.size, 0);
  const picker: PersonPicker = {
    segment: segments[0]!,
    pick() {
      let person = 0;
      for (let attempt = 0; attempt < 30; attempt++) {
        let rest = r.next() * total;
        let segment = segments[segments.length - 1]!;
        for (const s of segments) {
          rest -= s.size;
          if (rest < 0) {
            segment = s;
            break;
          }
        }
        picker.segment = segment;
        person = personId(segment, Math.floor(segment.size * r.next() ** 3));
        if (interests.every((interest) => hasInterest(person, interest))) break;
      }
      return person;
    },
  };
  return picker;
}

function average(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
