// The Campaign tab's tables: one level's campaigns, ad groups or ads from the catalog, filtered by status,
// objective, name and parent, with their numbers for a date range (and a comparison range) from the
// warehouse, metric thresholds, sorting, paging, a status with its reason, and totals over every row that
// passed the filters — computed from the facts (ratios of sums, reach as distinct people).
import type { Queryable } from '../catalog/db.ts';
import { listAdGroups, listAds, listCampaigns } from '../catalog/structure.ts';
import { addDays } from '../core/dates.ts';
import type { Ad, AdGroup, Advertiser, Campaign } from '../core/entities.ts';
import { AppError } from '../core/errors.ts';
import { localToday, toLocal } from '../core/timezone.ts';
import { findMetric } from '../metrics/catalog.ts';
import { customColumnsFor } from '../reports/custom-columns.ts';
import { runReport } from '../reports/run-report.ts';
import type { DeliveryStatus, EntityListResponse, EntityRow, Level } from '../shared/campaigns-api.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { BUILTIN_COLUMN_SETS } from './column-sets.ts';
import {
  type RecentDelivery,
  type StatusContext,
  type Structure,
  adGroupStatus,
  adStatus,
  campaignStatus,
} from './delivery-status.ts';
import { adFields, adGroupFields, campaignFields } from './fields.ts';

type Metrics = Record<string, number | null>;
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
  entity: Campaign | AdGroup | Ad;
}

export async function listEntities(
  catalog: Queryable,
  facts: FactStore,
  advertiser: Advertiser,
  level: Level,
  query: ListQuery,
  now: number = Date.now(),
): Promise<EntityListResponse> {
  const dimension = DIMENSION[level];
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
  // A sandbox advanced past the present for a rehearsal is "now" where its clock stands.
  const watermark =
    advertiser.source === 'sandbox' ? await facts.watermark(advertiser.advertiser_id, 'sandbox') : null;
  if (watermark && watermark.until.getTime() > now) now = watermark.until.getTime() - 1;
  const structure = await loadStructure(catalog, advertiser.advertiser_id);
  const all = candidates(level, structure);
  const kept = all.filter((c) => passesCatalogFilters(c, level, query));
  const only = (ids: string[]) => (ids.length === all.length ? undefined : { level: dimension, ids });

  const needed = [
    ...new Set([...metrics, ...thresholds.map((t) => t.metric), ...(sort.metric ? [sort.metric] : [])]),
  ];
  const report = (from: string, to: string, ids: string[], dims: Dimension[], wanted: string[]) =>
    runReport(
      facts,
      catalog,
      {
        advertiserId: advertiser.advertiser_id,
        from,
        to,
        dimensions: dims,
        metrics: wanted,
        only: only(ids),
      },
      { totals: false },
    );
  const keptIds = kept.map((c) => c.id);
  const comparing = query.compare_from && query.compare_to;
  const [current, previous, recent] = await Promise.all([
    report(query.from, query.to, keptIds, [dimension], needed),
    comparing ? report(query.compare_from!, query.compare_to!, keptIds, [dimension], metrics) : null,
    recentDelivery(facts, catalog, advertiser, structure, now),
  ]);
  const byId = (rows: Record<string, unknown>[]) =>
    new Map(rows.map((row) => [String(row[dimension]), row as Metrics]));
  const currentById = byId(current.rows);
  const previousById = previous ? byId(previous.rows) : null;

  const statusContext: StatusContext = {
    structure,
    recent,
    now,
    formatTime: (iso) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: advertiser.timezone,
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(new Date(iso)),
  };
  let rows: EntityRow[] = kept.map((c) => ({
    id: c.id,
    name: c.name,
    campaign_name: level === 'campaigns' ? null : c.campaign.campaign_name,
    adgroup_name: level === 'ads' ? c.group!.adgroup_name : null,
    delivery: deliveryOf(level, c, statusContext),
    entity: fieldsOf(level, c),
    metrics: pick(currentById.get(c.id), needed),
    previous: previousById ? pick(previousById.get(c.id), metrics) : null,
  }));
  rows = rows.filter((row) => thresholds.every((t) => holds(t, row.metrics[t.metric] ?? null)));
  rows.sort(comparator(sort));

  const filteredIds = rows.map((r) => r.id);
  const [totals, previousTotals] = await Promise.all([
    report(query.from, query.to, filteredIds, [], metrics),
    comparing ? report(query.compare_from!, query.compare_to!, filteredIds, [], metrics) : null,
  ]);
  const page = rows.slice(query.offset, query.offset + query.limit).map((row) => ({
    ...row,
    metrics: pick(row.metrics, metrics),
  }));
  return {
    level,
    rows: page,
    totals: totals.rows[0] ? pick(totals.rows[0] as Metrics, metrics) : pick(undefined, metrics),
    previous_totals: previousTotals
      ? previousTotals.rows[0]
        ? pick(previousTotals.rows[0] as Metrics, metrics)
        : pick(undefined, metrics)
      : null,
    total_rows: rows.length,
    offset: query.offset,
    limit: query.limit,
  };
}

export async function loadStructure(
  catalog: Queryable,
  advertiserId: string,
): Promise<Structure & { ads: Ad[] }> {
  const [campaigns, groups, ads] = await Promise.all([
    listCampaigns(catalog, advertiserId),
    listAdGroups(catalog, advertiserId),
    listAds(catalog, advertiserId),
  ]);
  const adsByGroup = new Map<string, Ad[]>();
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

function candidates(level: Level, s: Structure & { ads: Ad[] }): Candidate[] {
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
  return adStatus(c.entity as Ad, ctx);
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

function comparator(sort: Sort): (a: EntityRow, b: EntityRow) => number {
  const byName = (a: EntityRow, b: EntityRow) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const value = (row: EntityRow): number | string | null => {
    if (sort.metric) return row.metrics[sort.metric] ?? null;
    if (sort.key === 'status') return row.delivery.text;
    if (sort.key === 'budget') return (row.entity as { budget: number | null }).budget;
    return null;
  };
  return (a, b) => {
    if (sort.key === 'name') return sort.direction * byName(a, b);
    const [x, y] = [value(a), value(b)];
    // Rows without a value go last whichever the direction.
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return order !== 0 ? sort.direction * order : byName(a, b);
  };
}

const EARLY_HOURS = 6;

/** Today's and yesterday's spend and impressions, rolled up to ad groups and campaigns. */
async function recentDelivery(
  facts: FactStore,
  catalog: Queryable,
  advertiser: Advertiser,
  structure: Structure & { ads: Ad[] },
  now: number,
): Promise<RecentDelivery> {
  const today = localToday(advertiser.timezone, now);
  const yesterday = addDays(today, -1);
  const report = await runReport(
    facts,
    catalog,
    {
      advertiserId: advertiser.advertiser_id,
      from: yesterday,
      to: today,
      dimensions: ['ad', 'day'],
      metrics: ['impressions', 'spend'],
    },
    { totals: false },
  );
  const recent: RecentDelivery = {
    impressionsRecently: new Map(),
    spendToday: new Map(),
    spendYesterday: new Map(),
  };
  const add = (map: Map<string, number>, key: string, value: number) =>
    map.set(key, (map.get(key) ?? 0) + value);
  const adById = new Map(structure.ads.map((a) => [a.ad_id, a]));
  // In a day's first hours there is hardly a "today" yet: yesterday's delivery still counts as recent.
  const earlyInTheDay = toLocal(now, advertiser.timezone).hour < EARLY_HOURS;
  for (const row of report.rows) {
    const ad = adById.get(String(row.ad));
    if (!ad) continue;
    const keys = [ad.ad_id, ad.adgroup_id, ad.campaign_id];
    const isToday = row.day === today;
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
