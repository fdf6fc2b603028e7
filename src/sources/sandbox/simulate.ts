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
import { FACT_TABLES, type FactBatch, ReachColumns, emptyBatch, epochDay } from '../../warehouse/schema.ts';
import {
  type AudienceEffect,
  type SandboxAudience,
  audienceEffect,
  loadSandboxAudiences,
  reachableSegments,
} from './audiences.ts';
import { applyChangesForDay } from './changes.ts';
import { C, COUNTERS, CounterSink, countersAt } from './counters.ts';
import { type ImpressionContext, simulateImpression } from './impression.ts';
import { HOUR_WEIGHTS, bidAsCpm, clearingCpm, hourlyCapacity, winShare } from './market.ts';
import {
  INTEREST_SHARE,
  SEGMENT_BITS,
  type Segment,
  audienceSize,
  holdsInterest,
  interestKey,
  segmentsFor,
  usesIphone,
} from './population.ts';
import { binomial, rng, type Rng } from './random.ts';
import { type RunState, adState, loadRunState } from './run-state.ts';
import { type BrowserEventSink, liveEvents } from './browser-events.ts';
import { type ImpressionPlace, type SandboxShop, openShop } from './shop.ts';
import { ensurePixels } from './seed-scenario.ts';
import { type SandboxRun, adoptAd, loadSandboxRun, truthOn } from './sandbox-run.ts';
import type { CreativeTruth } from './scenario.ts';

export const SANDBOX_SOURCE = 'sandbox';
const HOUR_MS = 3_600_000;
const PANGLE_SHARE = 0.2;

interface DayContext {
  date: string;
  dayIndex: number;
  campaigns: Campaign[];
  adGroups: AdGroup[];
  ads: Ad[];
  /** The day's ads by ad group. */
  adsByGroup: Map<string, Ad[]>;
  /** Each ad's creative truth on this day, as it is first needed. */
  truths: Map<string, CreativeTruth>;
  /** Each ad group's audience on this day, as it is first needed. */
  audiences: Map<string, GroupAudience>;
  /** The custom and lookalike audiences the day's ad groups target, by id. */
  customAudiences: Map<string, SandboxAudience>;
  spentTodayMicros: Map<string, number>;
  batch: FactBatch;
  /** Per ad: the day's counters for each cell of its ad group's audience, the cells' rows side by side. */
  audience: Map<string, { labels: ImpressionPlace['cell'][]; rows: Float64Array }>;
  sink: CounterSink;
  adKeys: Map<string, number>;
  shop: SandboxShop;
}

export interface SimulationResult {
  hours: number;
  until: Date;
}

export interface SimulationOptions {
  /**
   * The events ingestion: browser events of the last 48 hours before `now` go through it (journal,
   * deduplication, live feed), as a real shop's pixel's would. Without it, every event is written with
   * the day's facts.
   */
  events?: BrowserEventSink;
  /** The wall clock, for what counts as recent (default: Date.now()). */
  now?: number;
  /** When a batch of history is big enough to write (default: HISTORY_WRITE, see holdForMore). */
  historyWrite?: HistoryWrite;
}

/** Simulates from the stored watermark up to `untilMs` (whole hours), capped at the scenario's end. */
export async function simulateUntil(
  catalog: CatalogDb,
  facts: FactStore,
  advertiserId: string,
  untilMs: number,
  options: SimulationOptions = {},
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
    openShop(catalog, facts, run, advertiser, liveEvents(options.events, options.now)),
  ]);
  // Facts are written while the next days are simulated. One write is in flight at a time and the next
  // starts only after it succeeded, so a failed write stops the run and nothing later is stored (each
  // write carries the watermark of its last day). The history is written several days at a time (see
  // `holdForMore`); a day with recent browser events is written as soon as it ends, and its events go to
  // the ingestion first and are durable before its facts and watermark are written: a process that dies
  // in between simulates the day again and sends the same event ids, which the ingestion's deduplication
  // drops; the other order could lose the events for good.
  let writing: Promise<void> = Promise.resolve();
  let written: FactBatch | null = null;
  // Reach columns of a batch already stored, to fill again (tens of megabytes a day otherwise).
  let spare: ReachColumns | null = null;
  // Days finished but not yet written: the next day's facts are added to the same batch.
  let held: FactBatch | null = null;
  const write = async (day: DayContext, until: number, last: boolean): Promise<void> => {
    const batch = finishDay(advertiserId, state, day, until);
    const live = day.shop.liveEvents();
    if (!last && live.size === 0 && holdForMore(batch, options.historyWrite ?? HISTORY_WRITE)) {
      held = batch;
      return;
    }
    held = null;
    await writing;
    spare = written?.reach ?? null;
    written = batch;
    const sent = options.events && live.size > 0 ? live.send(options.events) : Promise.resolve();
    writing = sent
      .then(() => facts.append(batch))
      .then(() => markDataUpdated(catalog, advertiserId, new Date()));
    // Awaited before the next write and at the end; until then its failure must not count as unhandled.
    writing.catch(() => undefined);
  };
  let day: DayContext | null = null;
  let hours = 0;
  try {
    for (; t < end; t += HOUR_MS) {
      const local = toLocal(t, tz);
      if (day?.date !== local.date) {
        if (day) await write(day, t, false);
        // A scenario's changes land once, when the simulation enters their day at its first hour; a run
        // resumed later that day must not undo what the marketer has changed since.
        const dayStarts = t === startOfLocalDay(local.date, tz);
        day = await openDay(
          catalog,
          facts,
          run,
          advertiserId,
          local.date,
          dayStarts,
          shop,
          day?.adKeys,
          held ?? spare,
        );
        spare = null;
      }
      await recordReviewDecisions(catalog, run, day, t);
      simulateHour(run, state, day, t, local, tz);
      shop.endHour(t, local.hour);
      hours++;
      // Between hours the write in flight (and anything else waiting, such as a server's requests) gets
      // its turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (day) await write(day, t, true);
    await writing;
  } catch (error) {
    await writing.catch(() => undefined);
    throw error;
  }
  return { hours, until: new Date(t) };
}

async function openDay(
  catalog: CatalogDb,
  facts: FactStore,
  run: SandboxRun,
  advertiserId: string,
  date: string,
  dayStarts: boolean,
  shop: SandboxShop,
  knownAdKeys: Map<string, number> | undefined,
  /** The batch of days not yet written, to add this day to; or reach columns to fill again. */
  continued: FactBatch | ReachColumns | null,
): Promise<DayContext> {
  const dayIndex = daysBetween(run.scenario.start_date, date);
  if (dayStarts) await applyChangesForDay(catalog, run, dayIndex);
  const [campaigns, adGroups, ads, spentTodayMicros] = await Promise.all([
    listCampaigns(catalog, advertiserId),
    listAdGroups(catalog, advertiserId),
    listAds(catalog, advertiserId),
    // Facts and watermark are stored together, so a day entered at its first hour has none stored yet;
    // only a run resumed within a day has spent something today already.
    dayStarts ? new Map<string, number>() : spendOnDate(facts, advertiserId, date),
  ]);
  for (const ad of ads) adoptAd(run, ad, ads);
  const customAudiences = adGroups.some(
    (g) => (g.targeting.audience_ids?.length ?? 0) + (g.targeting.excluded_audience_ids?.length ?? 0) > 0,
  )
    ? await loadSandboxAudiences(catalog, advertiserId)
    : new Map<string, SandboxAudience>();
  // Registered once; asked again only when an ad appears that has no key yet.
  const adKeys =
    knownAdKeys && ads.every((ad) => knownAdKeys.has(ad.ad_id)) ? knownAdKeys : await facts.adKeys(ads);
  const adsByGroup = new Map<string, Ad[]>();
  for (const ad of ads) {
    const list = adsByGroup.get(ad.adgroup_id);
    if (list) list.push(ad);
    else adsByGroup.set(ad.adgroup_id, [ad]);
  }
  let batch: FactBatch;
  if (continued instanceof ReachColumns) {
    batch = emptyBatch();
    continued.length = 0;
    batch.reach = continued;
  } else batch = continued ?? emptyBatch();
  shop.startDay(batch, dayIndex);
  return {
    date,
    dayIndex,
    campaigns,
    adGroups,
    ads,
    adsByGroup,
    truths: new Map(),
    audiences: new Map(),
    customAudiences,
    spentTodayMicros,
    batch,
    audience: new Map(),
    sink: new CounterSink(),
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

/** The day's facts as a batch, with the watermark `until`; takes each ad's people of the day. */
function finishDay(advertiserId: string, state: RunState, day: DayContext, until: number): FactBatch {
  const { batch } = day;
  for (const ad of day.ads) {
    const cells = day.audience.get(ad.ad_id);
    if (!cells) continue;
    const { labels, rows } = cells;
    for (let cell = 0; cell < labels.length; cell++) {
      const at = cell * COUNTERS;
      if (rows[at + C.impressions] === 0) continue;
      const [age, gender, country, placement, platform] = labels[cell]!;
      const counters = countersAt(rows, at);
      batch.audience.push({
        advertiser_id: ad.advertiser_id,
        campaign_id: ad.campaign_id,
        adgroup_id: ad.adgroup_id,
        ad_id: ad.ad_id,
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
    state.ads.get(ad.ad_id)?.takeToday(batch.reach, day.adKeys.get(ad.ad_id)!, dayNumber);
  }
  day.shop.finishDay(advertiserId);
  batch.watermark = { advertiser_id: advertiserId, source: SANDBOX_SOURCE, until: new Date(until) };
  return batch;
}

/**
 * Whether a batch of history should wait for the next day's facts before it is written. DuckDB writes a
 * table's rows straight into compressed row groups when a transaction brings at least a row group's worth
 * (122,880 rows); fewer go through its write-ahead log and are compressed again at each checkpoint, which
 * costs several times the CPU per row. So the history is written once both delivery tables have a row
 * group's worth — or once the people reached fill enough memory.
 */
export interface HistoryWrite {
  /** Rows each delivery table (hourly, audience) should have before a batch is written. */
  deliveryRows: number;
  /** People-reached rows at which a batch is written whatever the delivery rows (memory). */
  reachRows: number;
}
export const HISTORY_WRITE: HistoryWrite = { deliveryRows: 131_072, reachRows: 8_000_000 };

function holdForMore(batch: FactBatch, at: HistoryWrite): boolean {
  if (batch.reach.length >= at.reachRows) return false;
  return batch.hourly.length < at.deliveryRows || batch.audience.length < at.deliveryRows;
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
  truth: CreativeTruth;
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
  const audience = groupAudience(day, group);
  const clearing = clearingCpm(run.marketCpm, local.hour, weekday) * (audience.effect?.cpmFactor ?? 1);
  const live = liveAds(run, state, day, group, clearing, audience.effect);
  if (live.length === 0) return 0;

  const size = audience.size;
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

  let weightLeft = live.reduce((sum, a) => sum + a.weight, 0);
  let spent = 0;
  for (let i = 0; i < live.length; i++) {
    const item = live[i]!;
    const n = i === live.length - 1 ? remaining : binomial(r, remaining, item.weight / weightLeft);
    remaining -= n;
    weightLeft -= item.weight;
    const served = Math.min(n, Math.floor(budgetLeft / item.priceMicros));
    const spentOnAd = serveImpressions(state, day, group, item, served, capLeft, t, local, r, audience);
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
  effect: AudienceEffect | null,
): LiveAd[] {
  const out: LiveAd[] = [];
  for (const ad of day.adsByGroup.get(group.adgroup_id) ?? []) {
    if (ad.operation_status !== 'ENABLE') continue;
    // Only ads that review has approved (as the catalog shows) and the sandbox knows the truth of deliver.
    if (ad.review_status !== 'SUCCEED' || !run.adTruth[ad.ad_id]) continue;
    let truth = day.truths.get(ad.ad_id);
    if (!truth) {
      truth = truthOn(run, ad.ad_id, day.dayIndex);
      // The ad group's audiences make its people respond better than the creative does on average.
      if (effect) {
        truth = {
          ...truth,
          ctr: Math.min(1, truth.ctr * effect.ctrLift),
          cvr: Math.min(1, truth.cvr * effect.cvrLift),
        };
      }
      day.truths.set(ad.ad_id, truth);
    }
    const s = adState(state, ad.ad_id);
    const meanFrequency = s.size > 0 ? s.impressions / s.size : 1;
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
  audience: GroupAudience,
): number {
  if (count <= 0) return 0;
  const adId = item.ad.ad_id;
  const people = adState(state, adId);
  const { picker } = audience;
  const bothPlacements = group.placements.length > 1;
  const onlyPangle = !bothPlacements && group.placements[0] === 'PLACEMENT_PANGLE';
  const { shop, sink } = day;
  const context: ImpressionContext = {
    truth: item.truth,
    isVideo: item.ad.ad_format === 'SINGLE_VIDEO',
    billing: item.billing,
    billedPriceMicros: item.billedPriceMicros,
    site: shop,
  };
  const place: ImpressionPlace = {
    keys: item.ad,
    date: local.date,
    hour: local.hour,
    hourStart,
    cell: audience.labels[0]!,
    person: 0,
    landingUrl: item.ad.landing_page_url,
    pixelId: group.pixel_id,
    clickWindowDays: attributionDays[group.click_attribution_window],
    viewWindowDays: attributionDays[group.view_attribution_window],
  };
  shop.place = place;
  // Who sees each impression, and in which audience cell, is drawn first; the ad's table of the people it
  // reached is then read at all their places at once, so that the memory waits overlap; then each
  // impression meets its person.
  const picks = audience.picksFor(count);
  for (let i = 0; i < count; i++) {
    const person = picker.pick(r);
    const segment = picker.segment.index;
    const pangle = bothPlacements ? r.next() < PANGLE_SHARE : onlyPangle;
    picks.persons[i] = person;
    picks.segments[i] = segment;
    picks.cells[i] = picker.position * 4 + (pangle ? 2 : 0) + (usesIphone(person, segment) ? 1 : 0);
  }
  people.prefetch(picks.persons, picks.segments, count);
  let cells = day.audience.get(adId);
  if (!cells) {
    cells = { labels: audience.labels, rows: new Float64Array(audience.labels.length * COUNTERS) };
    day.audience.set(adId, cells);
  }
  sink.hour.fill(0);
  sink.day = cells.rows;
  const hour = sink.hour;
  const price = item.billedPriceMicros;
  // Every impression adds at most one billed event, so stopping short of its price keeps within budget.
  for (let i = 0; i < count && hour[C.spend]! + price <= maxSpendMicros; i++) {
    const person = picks.persons[i]!;
    const segment = picks.segments[i]!;
    const cell = picks.cells[i]!;
    place.person = segment * SEGMENT_BITS + person;
    place.cell = audience.labels[cell]!;
    sink.at = cell * COUNTERS;
    simulateImpression(r, context, people.see(person, segment), sink);
  }

  const ad = item.ad;
  day.batch.hourly.push({
    advertiser_id: ad.advertiser_id,
    campaign_id: ad.campaign_id,
    adgroup_id: ad.adgroup_id,
    ad_id: ad.ad_id,
    stat_date: local.date,
    stat_hour: local.hour,
    counters: countersAt(hour),
  });
  return hour[C.spend]!;
}

/** An ad group's audience on one day: its segments, its size, who sees its impressions. */
class GroupAudience {
  readonly size: number;
  readonly picker: PersonPicker;
  /** Labels of each audience cell (segment position × 4 + Pangle × 2 + iPhone): age, gender, country, placement, platform. */
  readonly labels: ImpressionPlace['cell'][];
  /** The people picked for an ad's impressions in an hour: index in segment, segment, audience cell. */
  private picks = { persons: new Int32Array(0), segments: new Int32Array(0), cells: new Int32Array(0) };

  constructor(
    readonly segments: Segment[],
    interests: string[],
    /** What the ad group's included and excluded audiences do; null without any. */
    readonly effect: AudienceEffect | null,
  ) {
    this.size = audienceSize(segments, interests);
    this.picker = new PersonPicker(segments, interests);
    this.labels = segments.flatMap((s) =>
      (['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE'] as const).flatMap((placement) =>
        (['ANDROID', 'IPHONE'] as const).map((platform): ImpressionPlace['cell'] => [
          s.age,
          s.gender,
          s.country,
          placement,
          platform,
        ]),
      ),
    );
  }

  picksFor(count: number): GroupAudience['picks'] {
    if (this.picks.persons.length < count) {
      const n = Math.max(count, this.picks.persons.length * 2, 64);
      this.picks = { persons: new Int32Array(n), segments: new Int32Array(n), cells: new Int32Array(n) };
    }
    return this.picks;
  }
}

function groupAudience(day: DayContext, group: AdGroup): GroupAudience {
  let audience = day.audiences.get(group.adgroup_id);
  if (!audience) {
    const { locations, age_groups, gender, interests } = group.targeting;
    const segments = segmentsFor(locations, age_groups, gender);
    // An audience deleted since (or not yet sized) has nobody in it.
    const find = (ids: string[] | undefined): SandboxAudience[] =>
      (ids ?? []).map(
        (id) =>
          day.customAudiences.get(id) ?? {
            audience_id: id,
            type: 'customer_file',
            matched_size: 0,
            country: null,
            percent: null,
          },
      );
    const included = find(group.targeting.audience_ids);
    const excluded = find(group.targeting.excluded_audience_ids);
    const effect =
      included.length + excluded.length > 0
        ? audienceEffect(segments, INTEREST_SHARE ** new Set(interests).size, included, excluded)
        : null;
    audience = new GroupAudience(effect ? reachableSegments(segments, effect) : segments, interests, effect);
    day.audiences.set(group.adgroup_id, audience);
  }
  return audience;
}

/**
 * Picks the person who sees each impression. Delivery concentrates on the people most likely to respond
 * (a skew towards the low end of each segment), so an audience saturates and frequency climbs.
 */
class PersonPicker {
  /** The segment of the person last picked, and its position in the ad group's segments. */
  segment: Segment;
  position = 0;
  private readonly total: number;
  /** Where each segment ends on the scale of all people, segment after segment. */
  private readonly ends: Float64Array;
  private readonly sizes: Float64Array;
  /** For each of GUIDE equal parts of the scale, the first segment that reaches into it. */
  private readonly guide: Int32Array;
  /** Per segment, the key of each targeted interest (see `interestKey`). */
  private readonly interestKeys: Int32Array;
  private readonly interestCount: number;

  constructor(
    private readonly segments: Segment[],
    interests: string[],
  ) {
    this.segment = segments[0]!;
    this.ends = new Float64Array(segments.length);
    this.sizes = Float64Array.from(segments, (s) => s.size);
    let total = 0;
    segments.forEach((s, i) => (this.ends[i] = total += s.size));
    this.total = total;
    this.guide = new Int32Array(GUIDE);
    for (let g = 0, p = 0; g < GUIDE; g++) {
      while (p < segments.length - 1 && this.ends[p]! <= (g * total) / GUIDE) p++;
      this.guide[g] = p;
    }
    const unique = [...new Set(interests)];
    this.interestCount = unique.length;
    this.interestKeys = Int32Array.from(
      segments.flatMap((s) => unique.map((interest) => interestKey(interest, s.index))),
    );
  }

  /**
   * The person's index within `segment`. One draw chooses the segment (by size) and, through where it
   * falls inside it, the person: a uniform draw on the segment's share of the scale is itself uniform,
   * with at least 2^32 × share distinct values. A person who lacks a targeted interest is replaced by
   * another draw in the same segment: every segment holds the same share of people with the interests,
   * so the segment needs no drawing again.
   */
  pick(r: Rng): number {
    const { ends, sizes } = this;
    const last = sizes.length - 1;
    const x = r.next() * this.total;
    let p = this.guide[Math.min(GUIDE - 1, Math.floor((x / this.total) * GUIDE))]!;
    while (p < last && x >= ends[p]!) p++;
    const size = sizes[p]!;
    let u = (x - (p === 0 ? 0 : ends[p - 1]!)) / size;
    let local = Math.min(size - 1, Math.floor(size * u * u * u));
    for (let attempt = 1; attempt < 30 && !this.holdsAll(p, local); attempt++) {
      u = r.next();
      local = Math.min(size - 1, Math.floor(size * u * u * u));
    }
    this.position = p;
    this.segment = this.segments[p]!;
    return local;
  }

  private holdsAll(position: number, local: number): boolean {
    const keys = this.interestKeys;
    const end = (position + 1) * this.interestCount;
    for (let k = position * this.interestCount; k < end; k++)
      if (!holdsInterest(local, keys[k]!)) return false;
    return true;
  }
}

/** Parts of the picker's scale with a segment to start from: few segments to step over after it. */
const GUIDE = 64;

function average(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
