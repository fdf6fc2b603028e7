// The Campaign tab's tables: one level's campaigns, ad groups or ads from the catalog, filtered by status,
// objective, name and parent, with their numbers for a date range (and a comparison range) from the
// warehouse, metric thresholds, sorting, paging, a status with its reason, and totals over every row that
// passed the filters — computed from the facts (ratios of sums, reach as distinct people).
import type { Queryable } from '../catalog/db.ts';
import {
  type AdOutline,
  listAdGroups,
  listAdOutlines,
  listAds,
  listAdsById,
  listCampaigns,
  structureMarker,
} from '../catalog/structure.ts';
import { addDays } from '../core/dates.ts';
import type { Ad, AdGroup, Advertiser, Campaign } from '../core/entities.ts';
import { AppError } from '../core/errors.ts';
import { localToday, toLocal } from '../core/timezone.ts';
import { fromMicros } from '../core/money.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { CustomColumnDef } from '../metrics/formula.ts';
import { customColumnsFor } from '../reports/custom-columns.ts';
import type { DeliveryStatus, EntityListResponse, EntityRow, Level } from '../shared/campaigns-api.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import type { ReportQuery } from '../warehouse/plan-report.ts';
import { BUILTIN_COLUMN_SETS } from './column-sets.ts';
import {
  type RecentDelivery,
  type StatusContext,
  type Structure,
  adGroupStatus,
  adStatus,
  campaignStatus,
} from './delivery-status.ts';
import { type Metrics, deliveryByAdAndDay, metricTotals, metricsById } from './entity-metrics.ts';
import { adFields, adGroupFields, campaignFields } from './fields.ts';
import { cachedListing } from './listing-cache.ts';

type Dimension = 'campaign' | 'adgroup' | 'ad';
const DIMENSION: Record<Level, Dimension> = { campaigns: 'campaign', adgroups: 'adgroup', ads: 'ad' };

export interface ListQuery {
  from: string;
  to: string;
  compare_from?: string;
  compare_to?: string;
  metrics: string[];
  campaign_ids: string[];
  adgroup_ids: string[];
  status: string[];
  objective: string[];
  name?: string;
  filters: string[];
  sort?: string;
  offset: number;
  limit: number;
}

interface Threshold {
  metric: string;
  op: '>' | '>=' | '<' | '<=' | '=' | '!=';
  value: number;
}

interface Candidate {
  id: string;
  name: string;
  campaign: Campaign;
  group: AdGroup | null;
  /** An ad in outline until its row is on the page asked for. */
  entity: Campaign | AdGroup | Ad | AdOutline;
}

/** A row of the listing before its page is chosen: no status or fields yet, only what filters and sorts. */
interface Listed {
  c: Candidate;
  metrics: Metrics;
  previous: Metrics | null;
}

interface Listing {
  structure: ListingStructure;
  recent: RecentDelivery;
  /** Every row that passed the filters, sorted (except by status, which depends on the time of asking). */
  rows: Listed[];
  totals: Metrics;
  previousTotals: Metrics | null;
}

type ListingStructure = StructureOf<AdOutline>;

export async function listEntities(
  catalog: Queryable,
  facts: FactStore,
  advertiser: Advertiser,
  level: Level,
  query: ListQuery,
  now: number = Date.now(),
): Promise<EntityListResponse> {
  const asked = query.metrics.length > 0 ? query.metrics : BUILTIN_COLUMN_SETS[0]!.metrics;
  // The advertiser's custom columns are columns like any metric.
  const named = [...asked, ...query.filters, query.sort ?? ''];
  const custom = await customColumnsFor(catalog, advertiser.advertiser_id, named);
  const known = (id: string) => Boolean(findMetric(id)) || custom.some((c) => c.id === id);
  // A user's column set is theirs across advertisers; another advertiser's custom columns are left out.
  const metrics = asked.filter((id) => known(id) || !id.startsWith('cc_'));
  for (const [i, id] of metrics.entries()) {
    if (!known(id)) throw invalid(`metrics[${i}]`, `"${id}" is not a metric; see GET /api/v1/metrics`);
  }
  const thresholds = query.filters.map((text, i) => parseThreshold(text, i, known));
  const sort = parseSort(query.sort, known);
  // Read before anything the listing is built from, so a write in between makes the next page rebuild it.
  const [watermark, marker] = await Promise.all([
    facts.watermark(advertiser.advertiser_id, advertiser.source),
    structureMarker(catalog, advertiser.advertiser_id),
  ]);
  // A sandbox advanced past the present for a rehearsal is "now" where its clock stands.
  if (advertiser.source === 'sandbox' && watermark && watermark.until.getTime() > now)
    now = watermark.until.getTime() - 1;
  const today = localToday(advertiser.timezone, now);
  const earlyInTheDay = toLocal(now, advertiser.timezone).hour < EARLY_HOURS;
  const { offset, limit, ...question } = query;
  const key = JSON.stringify([
    advertiser.advertiser_id,
    level,
    question,
    metrics,
    custom,
    today,
    earlyInTheDay,
  ]);
  const factsMarker = watermark ? `${watermark.until.getTime()}@${watermark.writtenAt.getTime()}` : '';
  const listing = await cachedListing(facts, key, `${marker}|${factsMarker}`, () =>
    buildListing(catalog, facts, advertiser, level, query, {
      metrics,
      custom,
      thresholds,
      sort,
      today,
      earlyInTheDay,
    }),
  );

  const statusContext: StatusContext = {
    structure: listing.structure,
    recent: listing.recent,
    now,
    formatTime: (iso) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: advertiser.timezone,
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(new Date(iso)),
  };
  let pageRows: Listed[];
  let statuses = new Map<Listed, DeliveryStatus>();
  if (sort.key === 'status') {
    // Status texts change with the time ("in review for 5 min"): sorted by them, the order is the asker's.
    statuses = new Map(listing.rows.map((row) => [row, deliveryOf(level, row.c, statusContext)]));
    pageRows = [...listing.rows]
      .sort(comparator(sort, (row) => statuses.get(row)!.text))
      .slice(offset, offset + limit);
  } else {
    pageRows = listing.rows.slice(offset, offset + limit);
  }
  const fullAds =
    level === 'ads'
      ? new Map(
          (
            await listAdsById(
              catalog,
              advertiser.advertiser_id,
              pageRows.map((row) => row.c.id),
            )
          ).map((a) => [a.ad_id, a]),
        )
      : null;
  const rows: EntityRow[] = [];
  for (const row of pageRows) {
    const { c } = row;
    // An ad deleted from the catalog since the marker was read; the next request lists without it.
    const entity = fullAds ? fullAds.get(c.id) : c.entity;
    if (!entity) continue;
    const full: Candidate = { ...c, entity };
    rows.push({
      id: c.id,
      name: c.name,
      campaign_name: level === 'campaigns' ? null : c.campaign.campaign_name,
      adgroup_name: level === 'ads' ? c.group!.adgroup_name : null,
      delivery: statuses.get(row) ?? deliveryOf(level, full, statusContext),
      entity: fieldsOf(level, full),
      metrics: pick(row.metrics, metrics),
      previous: row.previous,
    });
  }
  return {
    level,
    rows,
    totals: listing.totals,
    previous_totals: listing.previousTotals,
    total_rows: listing.rows.length,
    offset,
    limit,
  };
}

interface Parsed {
  metrics: string[];
  custom: CustomColumnDef[];
  thresholds: Threshold[];
  sort: Sort;
  today: string;
  earlyInTheDay: boolean;
}

/** Marks a promise awaited later as handled now, so a failure while other work runs is not unhandled. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** The whole listing: every row filtered and sorted with its numbers, and the totals. */
async function buildListing(
  catalog: Queryable,
  facts: FactStore,
  advertiser: Advertiser,
  level: Level,
  query: ListQuery,
  p: Parsed,
): Promise<Listing> {
  const { metrics, custom, thresholds, sort } = p;
  const dimension = DIMENSION[level];
  const advertiserId = advertiser.advertiser_id;
  const comparing = Boolean(query.compare_from && query.compare_to);
  const needed = [
    ...new Set([...metrics, ...thresholds.map((t) => t.metric), ...(sort.metric ? [sort.metric] : [])]),
  ];
  type Only = ReportQuery['only'];
  const report = (from: string, to: string, only: Only, wanted: string[]): ReportQuery => ({
    advertiserId,
    from,
    to,
    dimensions: [dimension],
    metrics: wanted,
    only,
  });
  const totalsOf = async (from: string, to: string, only: Only) =>
    pick(await metricTotals(facts, report(from, to, only, metrics), custom), metrics);
  // Without thresholds every kept row stays, so the totals need not wait for the rows.
  const totalsEarly = thresholds.length === 0;
  const start = (only: Only) => ({
    current: started(metricsById(facts, report(query.from, query.to, only, needed), custom)),
    previous: comparing
      ? started(metricsById(facts, report(query.compare_from!, query.compare_to!, only, metrics), custom))
      : null,
    totals: totalsEarly ? started(totalsOf(query.from, query.to, only)) : null,
    previousTotals:
      totalsEarly && comparing ? started(totalsOf(query.compare_from!, query.compare_to!, only)) : null,
  });
  // The catalog is read on this thread, the warehouse on its own threads: queries that need no ids from
  // the catalog start first. With no catalog filter they need none (a row's values do not depend on
  // which other rows are asked for); only the totals must be asked again if some entity is left out.
  const unfiltered =
    query.status.length === 0 &&
    query.objective.length === 0 &&
    !query.name &&
    query.campaign_ids.length === 0 &&
    query.adgroup_ids.length === 0;
  const early = unfiltered ? start(undefined) : null;
  const recentRows = started(deliveryByAdAndDay(facts, advertiserId, addDays(p.today, -1), p.today));
  const structure = await loadListingStructure(catalog, advertiserId);
  const all = candidates(level, structure);
  const kept = all.filter((c) => passesCatalogFilters(c, level, query));
  const only = (ids: string[]): Only => (ids.length === all.length ? undefined : { level: dimension, ids });
  const keptOnly = only(kept.map((c) => c.id));
  let queries = early ?? start(keptOnly);
  if (early && keptOnly && totalsEarly) {
    queries = {
      ...early,
      totals: started(totalsOf(query.from, query.to, keptOnly)),
      previousTotals: comparing ? started(totalsOf(query.compare_from!, query.compare_to!, keptOnly)) : null,
    };
  }
  const [current, previous, recent] = await Promise.all([
    queries.current,
    queries.previous,
    recentDelivery(structure, await recentRows, p.today, p.earlyInTheDay),
  ]);

  let rows: Listed[] = kept.map((c) => ({
    c,
    metrics: pick(current.get(c.id), needed),
    previous: previous ? pick(previous.get(c.id), metrics) : null,
  }));
  rows = rows.filter((row) => thresholds.every((t) => holds(t, row.metrics[t.metric] ?? null)));
  if (sort.key !== 'status') rows.sort(comparator(sort, () => ''));

  const filteredOnly = only(rows.map((r) => r.c.id));
  const [totals, previousTotals] = await Promise.all([
    queries.totals ?? totalsOf(query.from, query.to, filteredOnly),
    comparing
      ? (queries.previousTotals ?? totalsOf(query.compare_from!, query.compare_to!, filteredOnly))
      : null,
  ]);
  return { structure, recent, rows, totals, previousTotals };
}

/** Campaigns and ad groups in full (they are few), ads in outline. */
async function loadListingStructure(catalog: Queryable, advertiserId: string): Promise<ListingStructure> {
  const [campaigns, groups, ads] = await Promise.all([
    listCampaigns(catalog, advertiserId),
    listAdGroups(catalog, advertiserId),
    listAdOutlines(catalog, advertiserId),
  ]);
  return structureOf(campaigns, groups, ads);
}

export async function loadStructure(catalog: Queryable, advertiserId: string): Promise<StructureOf<Ad>> {
  const [campaigns, groups, ads] = await Promise.all([
    listCampaigns(catalog, advertiserId),
    listAdGroups(catalog, advertiserId),
    listAds(catalog, advertiserId),
  ]);
  return structureOf(campaigns, groups, ads);
}

type StructureOf<A extends AdOutline> = Omit<Structure, 'adsByGroup'> & {
  ads: A[];
  adsByGroup: Map<string, A[]>;
};

function structureOf<A extends AdOutline>(
  campaigns: Campaign[],
  groups: AdGroup[],
  ads: A[],
): StructureOf<A> {
  const adsByGroup = new Map<string, A[]>();
  for (const ad of ads)
    (adsByGroup.get(ad.adgroup_id) ?? adsByGroup.set(ad.adgroup_id, []).get(ad.adgroup_id)!).push(ad);
  const groupsByCampaign = new Map<string, AdGroup[]>();
  for (const g of groups) {
    (groupsByCampaign.get(g.campaign_id) ?? groupsByCampaign.set(g.campaign_id, []).get(g.campaign_id)!).push(
      g,
    );
  }
  return {
    campaigns: new Map(campaigns.map((c) => [c.campaign_id, c])),
    groups: new Map(groups.map((g) => [g.adgroup_id, g])),
    adsByGroup,
    groupsByCampaign,
    ads,
  };
}

function candidates(level: Level, s: ListingStructure): Candidate[] {
  if (level === 'campaigns') {
    return [...s.campaigns.values()].map((c) => ({
      id: c.campaign_id,
      name: c.campaign_name,
      campaign: c,
      group: null,
      entity: c,
    }));
  }
  if (level === 'adgroups') {
    return [...s.groups.values()].map((g) => ({
      id: g.adgroup_id,
      name: g.adgroup_name,
      campaign: s.campaigns.get(g.campaign_id)!,
      group: g,
      entity: g,
    }));
  }
  return s.ads.map((a) => ({
    id: a.ad_id,
    name: a.ad_name,
    campaign: s.campaigns.get(a.campaign_id)!,
    group: s.groups.get(a.adgroup_id)!,
    entity: a,
  }));
}

function passesCatalogFilters(c: Candidate, level: Level, q: ListQuery): boolean {
  const statuses = q.status.length > 0 ? q.status : ['ENABLE', 'DISABLE'];
  if (!statuses.includes(c.entity.operation_status)) return false;
  if (q.objective.length > 0 && !q.objective.includes(c.campaign.objective_type)) return false;
  if (q.name && !c.name.toLowerCase().includes(q.name.trim().toLowerCase())) return false;
  if (q.campaign_ids.length > 0 && !q.campaign_ids.includes(c.campaign.campaign_id)) return false;
  if (level !== 'campaigns' && q.adgroup_ids.length > 0 && !q.adgroup_ids.includes(c.group!.adgroup_id))
    return false;
  return true;
}

function deliveryOf(level: Level, c: Candidate, ctx: StatusContext): DeliveryStatus {
  if (level === 'campaigns') return campaignStatus(c.campaign, ctx);
  if (level === 'adgroups') return adGroupStatus(c.group!, ctx);
  return adStatus(c.entity as AdOutline, ctx);
}

function fieldsOf(level: Level, c: Candidate): EntityRow['entity'] {
  if (level === 'campaigns') return campaignFields(c.campaign);
  if (level === 'adgroups') return adGroupFields(c.group!);
  return adFields(c.entity as Ad);
}

/** An entity's values for these metrics: nothing delivered is 0 for counts and undefined (null) for ratios and custom columns. */
function pick(row: Metrics | undefined, ids: string[]): Metrics {
  const out: Metrics = {};
  for (const id of ids) {
    const value = row?.[id];
    const kind = findMetric(id)?.kind;
    out[id] = value !== undefined ? value : kind === 'base' || kind === 'distinct' ? 0 : null;
  }
  return out;
}

const THRESHOLD = /^\s*([a-z0-9_]+)\s*(>=|<=|!=|>|<|=)\s*(-?\d+(?:\.\d+)?)\s*$/;

function parseThreshold(text: string, i: number, known: (id: string) => boolean): Threshold {
  const match = THRESHOLD.exec(text);
  if (!match)
    throw invalid(
      `filters[${i}]`,
      `"${text}" is not a threshold; write it as metric, operator (> >= < <= = !=) and number, e.g. cpa>20`,
    );
  const [, metric, op, value] = match as unknown as [string, string, Threshold['op'], string];
  if (!known(metric)) throw invalid(`filters[${i}]`, `"${metric}" is not a metric; see GET /api/v1/metrics`);
  return { metric, op, value: Number(value) };
}

function holds(t: Threshold, value: number | null): boolean {
  if (value === null) return t.op === '!=';
  switch (t.op) {
    case '>':
      return value > t.value;
    case '>=':
      return value >= t.value;
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
    case '=':
      return value === t.value;
    case '!=':
      return value !== t.value;
  }
}

interface Sort {
  key: string;
  metric: string | null;
  direction: 1 | -1;
}

const NON_METRIC_SORTS = ['name', 'status', 'budget'];

function parseSort(text: string | undefined, known: (id: string) => boolean): Sort {
  if (!text) return { key: 'name', metric: null, direction: 1 };
  const [key = '', dir = 'desc'] = text.split(':');
  if (dir !== 'asc' && dir !== 'desc')
    throw invalid('sort', 'write it as column:asc or column:desc, e.g. spend:desc');
  const direction = dir === 'asc' ? 1 : -1;
  if (NON_METRIC_SORTS.includes(key)) return { key, metric: null, direction };
  if (!known(key)) {
    throw invalid('sort', `"${key}" is neither a metric nor one of ${NON_METRIC_SORTS.join(', ')}`);
  }
  return { key, metric: key, direction };
}

/** What the budget column shows: ads have none. */
function budgetOf(c: Candidate): number | null | undefined {
  return 'budget_micros' in c.entity
    ? c.entity.budget_micros === null
      ? null
      : fromMicros(c.entity.budget_micros)
    : undefined;
}

function comparator(sort: Sort, statusText: (row: Listed) => string): (a: Listed, b: Listed) => number {
  const byName = (a: Listed, b: Listed) => a.c.name.localeCompare(b.c.name) || a.c.id.localeCompare(b.c.id);
  const value = (row: Listed): number | string | null | undefined => {
    if (sort.metric) return row.metrics[sort.metric] ?? null;
    if (sort.key === 'status') return statusText(row);
    if (sort.key === 'budget') return budgetOf(row.c);
    return null;
  };
  return (a, b) => {
    if (sort.key === 'name') return sort.direction * byName(a, b);
    const [x, y] = [value(a), value(b)];
    // Rows without a value go last whichever the direction.
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    // Ads have no budget: undefined compares as NaN, which leaves the rows in the catalog's name order.
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : (x as number) - (y as number);
    return order !== 0 ? sort.direction * order : byName(a, b);
  };
}

const EARLY_HOURS = 6;

/** Today's and yesterday's spend and impressions, rolled up to ad groups and campaigns. */
function recentDelivery(
  structure: ListingStructure,
  rows: Awaited<ReturnType<typeof deliveryByAdAndDay>>,
  today: string,
  earlyInTheDay: boolean,
): RecentDelivery {
  const recent: RecentDelivery = {
    impressionsRecently: new Map(),
    spendToday: new Map(),
    spendYesterday: new Map(),
  };
  const add = (map: Map<string, number>, key: string, value: number) =>
    map.set(key, (map.get(key) ?? 0) + value);
  const adById = new Map(structure.ads.map((a) => [a.ad_id, a]));
  for (const row of rows) {
    const ad = adById.get(row.ad);
    if (!ad) continue;
    const keys = [ad.ad_id, ad.adgroup_id, ad.campaign_id];
    const isToday = row.day === today;
    // In a day's first hours there is hardly a "today" yet: yesterday's delivery still counts as recent.
    for (const key of keys) {
      if (isToday || earlyInTheDay) add(recent.impressionsRecently, key, Number(row.impressions ?? 0));
      add(isToday ? recent.spendToday : recent.spendYesterday, key, Number(row.spend ?? 0));
    }
  }
  return recent;
}

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, [{ field: `query.${field}`, message }]);
}
