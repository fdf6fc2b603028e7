// Property test of the semantic layer: random report queries (dimensions, metrics including custom
// columns, ranges, filters, sort and limit, comparison) against an independent computation in plain
// TypeScript over the raw facts exported from the warehouse (hourly, audience and reach rows) and the
// catalog's names. Sums, ratios of sums, distinct people, filters and totals are worked out here without
// the planner; every compiled query must agree. Seeded, so a failure names a query that can be replayed.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { type CatalogDb, openPglite } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import { listAdGroups, listAds, listCampaigns, listCreatives } from '../catalog/structure.ts';
import { addDays } from '../core/dates.ts';
import type {
  ReportDimension,
  ReportFilter,
  ReportQueryRequest,
  ReportQueryResponse,
} from '../shared/reports-api.ts';
import { openDuckDbStore } from '../warehouse/duckdb/store.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';
import { type AccountSpec, SEGMENTS, buildReportAccount, random } from '../../test/helpers/report-account.ts';
import { createCustomColumn } from './custom-columns.ts';
import { queryReport } from './query-report.ts';

const SPEC: AccountSpec = {
  seed: 2026,
  advertiserId: 'adv_prop',
  campaigns: 3,
  adGroupsPerCampaign: 2,
  adsPerAdGroup: 2,
  from: '2026-01-26',
  days: 24,
  hourChance: 0.2,
  maxSegments: 3,
  maxPeople: 12,
};
const QUERIES = 160;

// ---- The raw facts, as exported, and the catalog's attributes of each ad ----

const SUMMED = [
  'spend_micros',
  'impressions',
  'clicks',
  'conversion',
  'video_watched_3s',
  'complete_payment',
  'purchase_value_micros',
] as const;
type Sums = Record<(typeof SUMMED)[number], number>;
interface FactRow {
  date: string;
  hour: number | null;
  ad: string;
  segment: Record<string, string> | null;
  sums: Sums;
}
interface ReachRow {
  date: string;
  ad: string;
  person: number;
}
interface AdInfo {
  campaign: string;
  adgroup: string;
  names: Record<'campaign' | 'adgroup' | 'ad', string>;
  objective: string;
  creative: string;
}

let facts: FactStore;
let catalog: CatalogDb;
let hourly: FactRow[];
let audience: FactRow[];
let reach: ReachRow[];
const ads = new Map<string, AdInfo>();

beforeAll(async () => {
  facts = await openDuckDbStore(null);
  catalog = await openPglite(null);
  await migrate(catalog);
  await buildReportAccount(facts, catalog, SPEC);
  const add = (name: string, formula: string) =>
    createCustomColumn(catalog, SPEC.advertiserId, { name, formula, description: '' }, SYSTEM_ACTOR);
  await add('Hook', 'video_watched_3s / impressions');
  await add('Big click cost', 'IF(clicks > 5, spend / clicks, 0)');

  const values = [SPEC.advertiserId];
  const sums = (row: Record<string, unknown>): Sums =>
    Object.fromEntries(SUMMED.map((c) => [c, Number(row[c])])) as Sums;
  hourly = (
    await facts.query({
      text: `SELECT CAST(stat_date AS VARCHAR) AS d, * FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $1`,
      values,
    })
  ).map((r) => ({
    date: String(r.d),
    hour: Number(r.stat_hour),
    ad: String(r.ad_id),
    segment: null,
    sums: sums(r),
  }));
  audience = (
    await facts.query({
      text: `SELECT CAST(stat_date AS VARCHAR) AS d, * FROM ${FACT_TABLES.audience} WHERE advertiser_id = $1`,
      values,
    })
  ).map((r) => ({
    date: String(r.d),
    hour: null,
    ad: String(r.ad_id),
    segment: Object.fromEntries(Object.keys(SEGMENTS).map((k) => [k, String(r[k])])),
    sums: sums(r),
  }));
  reach = (
    await facts.query({
      text: `SELECT CAST(r.stat_date AS VARCHAR) AS d, k.ad_id, r.person_id FROM ${FACT_TABLES.reach} r
        JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key WHERE k.advertiser_id = $1`,
      values,
    })
  ).map((r) => ({ date: String(r.d), ad: String(r.ad_id), person: Number(r.person_id) }));
  const [campaigns, groups, catalogAds, creatives] = await Promise.all([
    listCampaigns(catalog, SPEC.advertiserId),
    listAdGroups(catalog, SPEC.advertiserId),
    listAds(catalog, SPEC.advertiserId),
    listCreatives(catalog, SPEC.advertiserId),
  ]);
  for (const ad of catalogAds) {
    const campaign = campaigns.find((c) => c.campaign_id === ad.campaign_id)!;
    ads.set(ad.ad_id, {
      campaign: ad.campaign_id,
      adgroup: ad.adgroup_id,
      names: {
        campaign: campaign.campaign_name,
        adgroup: groups.find((g) => g.adgroup_id === ad.adgroup_id)!.adgroup_name,
        ad: ad.ad_name,
      },
      objective: campaign.objective_type,
      creative: creatives.find((c) => c.creative_id === ad.creative_id)!.file_name,
    });
  }
  expect(hourly.length).toBeGreaterThan(1000);
  expect(reach.length).toBeGreaterThan(500);
}, 120_000);
afterAll(async () => {
  await facts.close();
  await catalog.close();
});

// ---- The independent computation ----

const AUDIENCE = ['age', 'gender', 'country', 'placement', 'platform'] as const;
const TIME = ['hour', 'day', 'week', 'month'] as const;
const ALL_DIMENSIONS: ReportDimension[] = [
  ...TIME,
  'campaign',
  'adgroup',
  'ad',
  'objective',
  'creative_name',
  ...AUDIENCE,
];
const isAudience = (d: string) => (AUDIENCE as readonly string[]).includes(d);

const monday = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

/** The value a row shows for a dimension; null for hour on reach rows (no such grain). */
function shown(
  d: ReportDimension,
  date: string,
  hour: number | null,
  ad: string,
  segment: Record<string, string> | null,
): string {
  const info = ads.get(ad)!;
  switch (d) {
    case 'hour':
      return `${date} ${String(hour).padStart(2, '0')}:00`;
    case 'day':
      return date;
    case 'week':
      return monday(date);
    case 'month':
      return date.slice(0, 7);
    case 'campaign':
      return info.campaign;
    case 'adgroup':
      return info.adgroup;
    case 'ad':
      return ad;
    case 'objective':
      return info.objective;
    case 'creative_name':
      return info.creative;
    default:
      return segment![d]!;
  }
}

function passesDimensionFilter(
  f: Extract<ReportFilter, { dimension: string }>,
  value: string,
  ad: string,
): boolean {
  if (f.operator === 'contains') {
    const text =
      f.dimension === 'campaign' || f.dimension === 'adgroup' || f.dimension === 'ad'
        ? ads.get(ad)!.names[f.dimension]
        : value;
    return f.values.some((v) => text.toLowerCase().includes(v.toLowerCase()));
  }
  const inList = f.values.includes(value);
  return f.operator === 'in' ? inList : !inList;
}

const div = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;
const METRICS: Record<string, (s: Sums, people: number | null) => number | null> = {
  spend: (s) => s.spend_micros / 1_000_000,
  impressions: (s) => s.impressions,
  clicks: (s) => s.clicks,
  conversion: (s) => s.conversion,
  complete_payment: (s) => s.complete_payment,
  total_complete_payment_rate: (s) => s.purchase_value_micros / 1_000_000,
  reach: (_, p) => p,
  frequency: (s, p) => div(s.impressions, p),
  cpm: (s) => {
    const v = div(s.spend_micros / 1_000_000, s.impressions);
    return v === null ? null : v * 1000;
  },
  ctr: (s) => div(s.clicks, s.impressions),
  cpc: (s) => div(s.spend_micros / 1_000_000, s.clicks),
  conversion_rate: (s) => div(s.conversion, s.clicks),
  complete_payment_roas: (s) => div(s.purchase_value_micros / 1_000_000, s.spend_micros / 1_000_000),
  cost_per_1000_reached: (s, p) => {
    const v = div(s.spend_micros / 1_000_000, p);
    return v === null ? null : v * 1000;
  },
  cc_hook: (s) => div(s.video_watched_3s, s.impressions),
  cc_big_click_cost: (s) => (s.clicks > 5 ? div(s.spend_micros / 1_000_000, s.clicks) : 0),
};
const METRIC_IDS = Object.keys(METRICS);

const zero = (): Sums => Object.fromEntries(SUMMED.map((c) => [c, 0])) as Sums;
const addInto = (into: Sums, from: Sums) => {
  for (const c of SUMMED) into[c] += from[c];
};

interface Expected {
  rows: Record<string, string | number | null>[];
  totals: Record<string, number | null>;
}

function expected(req: ReportQueryRequest, from: string, to: string, cut: boolean): Expected {
  const dims = [...new Set(req.dimensions)];
  const dimFilters = req.filters.filter(
    (f): f is Extract<ReportFilter, { dimension: string }> => 'dimension' in f,
  );
  const metricFilters = req.filters.filter(
    (f): f is Extract<ReportFilter, { metric: string }> => 'metric' in f,
  );
  const needed = [...new Set([...req.metrics, ...metricFilters.map((f) => f.metric)])];
  const readsAudience = (ds: string[]) => ds.some(isAudience);
  const reachAt = (ds: string[]) => !ds.some((d) => d === 'hour' || isAudience(d));
  const filterDims = dimFilters.map((f) => f.dimension);

  const keep = (date: string, hour: number | null, ad: string, segment: Record<string, string> | null) =>
    date >= from &&
    date <= to &&
    dimFilters.every((f) => passesDimensionFilter(f, shown(f.dimension, date, hour, ad, segment), ad));
  const group = (ds: ReportDimension[], source: FactRow[]) => {
    const out = new Map<string, { values: string[]; sums: Sums }>();
    for (const r of source) {
      if (!keep(r.date, r.hour, r.ad, r.segment)) continue;
      const values = ds.map((d) => shown(d, r.date, r.hour, r.ad, r.segment));
      const key = JSON.stringify(values);
      let g = out.get(key);
      if (!g) out.set(key, (g = { values, sums: zero() }));
      addInto(g.sums, r.sums);
    }
    return out;
  };
  const people = (ds: ReportDimension[], kept: ((key: string) => boolean) | null) => {
    const out = new Map<string, Set<number>>();
    for (const r of reach) {
      if (!keep(r.date, null, r.ad, null)) continue;
      const key = JSON.stringify(ds.map((d) => shown(d, r.date, null, r.ad, null)));
      if (kept && !kept(key)) continue;
      let set = out.get(key);
      if (!set) out.set(key, (set = new Set()));
      set.add(r.person);
    }
    return out;
  };
  const values = (sums: Sums, p: number | null, ids: string[]) =>
    Object.fromEntries(ids.map((id) => [id, METRICS[id]!(sums, p)]));

  // Rows: grouped facts at the grain, reach at the same grain when it exists there, then metric filters.
  const table = readsAudience([...dims, ...filterDims]) ? audience : hourly;
  const groups = group(dims, table);
  // Without dimensions the one row is the whole range, even when nothing was delivered in it.
  if (dims.length === 0 && groups.size === 0) groups.set('[]', { values: [], sums: zero() });
  const rowReach = reachAt([...dims, ...filterDims]) ? people(dims, null) : null;
  const rows: { key: string; values: string[]; m: Record<string, number | null> }[] = [];
  for (const [key, g] of groups) {
    const p = rowReach ? (rowReach.get(key)?.size ?? 0) : null;
    const m = values(g.sums, p, needed);
    const ops = {
      gt: (a: number, b: number) => a > b,
      gte: (a: number, b: number) => a >= b,
      lt: (a: number, b: number) => a < b,
      lte: (a: number, b: number) => a <= b,
      eq: (a: number, b: number) => a === b,
      neq: (a: number, b: number) => a !== b,
    };
    if (metricFilters.every((f) => m[f.metric] !== null && ops[f.operator](m[f.metric]!, f.value)))
      rows.push({ key, values: g.values, m });
  }

  // Totals: the facts of the rows kept; without metric filters, the range at no grain (hourly facts
  // unless a filter reads audience segments), so total reach exists whatever the rows' grain.
  let totals: Record<string, number | null>;
  if (metricFilters.length === 0) {
    const all = group([], readsAudience(filterDims) ? audience : hourly).get('[]')?.sums ?? zero();
    const p = reachAt(filterDims) ? (people([], null).get('[]')?.size ?? 0) : null;
    totals = values(all, p, req.metrics);
  } else {
    const sums = zero();
    for (const r of rows) addInto(sums, groups.get(r.key)!.sums);
    const keptKeys = new Set(rows.map((r) => r.key));
    let p: number | null = null;
    if (rowReach) {
      const union = new Set<number>();
      for (const set of people(dims, (key) => keptKeys.has(key)).values()) for (const x of set) union.add(x);
      p = union.size;
    }
    totals = values(sums, p, req.metrics);
  }

  // Order: the sort (nulls last), then the dimensions ascending.
  const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const byDims = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    for (let i = 0; i < dims.length; i++) {
      const c = cmpText(a.values[i]!, b.values[i]!);
      if (c !== 0) return c;
    }
    return 0;
  };
  const sort = req.sort;
  rows.sort((a, b) => {
    if (sort) {
      const sign = sort.direction === 'asc' ? 1 : -1;
      const i = dims.indexOf(sort.by as ReportDimension);
      if (i >= 0) {
        const c = cmpText(a.values[i]!, b.values[i]!) * sign;
        if (c !== 0) return c;
      } else {
        const x = a.m[sort.by]!,
          y = b.m[sort.by]!;
        if (x === null && y !== null) return 1;
        if (y === null && x !== null) return -1;
        if (x !== null && y !== null && x !== y) return (x < y ? -1 : 1) * sign;
      }
    }
    return byDims(a, b);
  });
  const limited = cut && req.limit !== undefined ? rows.slice(0, req.limit) : rows;
  return {
    rows: limited.map((r) => ({
      ...Object.fromEntries(dims.map((d, i) => [d, r.values[i]!])),
      ...Object.fromEntries(req.metrics.map((id) => [id, r.m[id]!])),
    })),
    totals,
  };
}

/** Where a row sits for comparison: its non-time values, and each time value's position in its range. */
function alignKey(row: Record<string, unknown>, dims: ReportDimension[], from: string): string {
  const day = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  return JSON.stringify(
    dims.map((d) => {
      const v = String(row[d]);
      if (d === 'day') return day(from, v);
      if (d === 'week') return day(monday(from), v) / 7;
      if (d === 'month')
        return (
          (Number(v.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
          Number(v.slice(5, 7)) -
          Number(from.slice(5, 7))
        );
      if (d === 'hour') return day(from, v.slice(0, 10)) * 24 + Number(v.slice(11, 13));
      return v;
    }),
  );
}

function nameOf(level: 'campaign' | 'adgroup' | 'ad', id: string): string | undefined {
  for (const [adId, info] of ads) if ((level === 'ad' ? adId : info[level]) === id) return info.names[level];
  return undefined;
}

// ---- Random queries ----

function randomQuery(next: () => number): ReportQueryRequest {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const shuffle = <T>(xs: readonly T[]): T[] => [...xs].sort(() => next() - 0.5);
  let dims = shuffle(ALL_DIMENSIONS).slice(0, Math.floor(next() * 4));
  if (dims.some(isAudience)) dims = dims.filter((d) => d !== 'hour');
  // Hourly rows are many; keep hour reports small by adding few other dimensions.
  if (dims.includes('hour')) dims = dims.slice(0, 2);
  const metrics = shuffle(METRIC_IDS).slice(0, 1 + Math.floor(next() * 5));
  const length = 1 + Math.floor(next() * 14);
  const from = addDays(SPEC.from, Math.floor(next() * (SPEC.days + 4)) - 3);
  const to = addDays(from, length - 1);
  const filters: ReportFilter[] = [];
  const touchesAudience = () =>
    [...dims, ...filters.map((f) => ('dimension' in f ? f.dimension : ''))].some(isAudience);
  const touchesHour = () =>
    [...dims, ...filters.map((f) => ('dimension' in f ? f.dimension : ''))].includes('hour');
  const filterCount = Math.floor(next() * 3);
  for (let i = 0; i < filterCount; i++) {
    if (next() < 0.6) {
      const dimension = pick(ALL_DIMENSIONS);
      if ((isAudience(dimension) && touchesHour()) || (dimension === 'hour' && touchesAudience())) continue;
      const operator = pick(['in', 'not_in', 'contains'] as const);
      const sample = hourly[Math.floor(next() * hourly.length)]!;
      const segment = audience[Math.floor(next() * audience.length)]!.segment;
      let value = shown(dimension, sample.date, sample.hour, sample.ad, segment);
      if (operator === 'contains') {
        const text =
          dimension === 'campaign' || dimension === 'adgroup' || dimension === 'ad'
            ? ads.get(sample.ad)!.names[dimension]
            : value;
        const start = Math.floor(next() * text.length);
        value = text.slice(start, start + 1 + Math.floor(next() * 5));
        value = next() < 0.5 ? value.toUpperCase() : value.toLowerCase();
      }
      filters.push({ dimension, operator, values: next() < 0.3 ? [value, 'no such value'] : [value] });
    } else {
      const metric = pick(METRIC_IDS);
      const operator = pick(['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const);
      // A threshold near the values rows have, so the filter keeps some rows and drops others.
      const probe = expected({ ...base(), dimensions: dims, metrics: [metric], from, to }, from, to, false);
      const seen = probe.rows.map((r) => r[metric]).filter((v): v is number => typeof v === 'number');
      const value = seen.length ? pick(seen) : 1;
      filters.push({ metric, operator, value });
    }
  }
  const req: ReportQueryRequest = { ...base(), dimensions: dims, metrics, from, to, filters };
  if (next() < 0.5) {
    const by = next() < 0.7 || dims.length === 0 ? pick(metrics) : pick(dims);
    req.sort = { by, direction: next() < 0.5 ? 'asc' : 'desc' };
  }
  if (next() < 0.4) req.limit = 1 + Math.floor(next() * 8);
  if (next() < 0.35) req.compare = { from: addDays(from, -length), to: addDays(from, -1) };
  return req;
}

const base = (): ReportQueryRequest => ({
  advertiser_id: SPEC.advertiserId,
  from: SPEC.from,
  to: SPEC.from,
  dimensions: [],
  metrics: ['spend'],
  filters: [],
});

function expectClose(actual: unknown, want: unknown, where: string): void {
  if (typeof want === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - want), `${where}: ${actual} vs ${want}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(want)),
    );
  } else {
    expect(actual, where).toEqual(want);
  }
}

function expectRows(actual: Record<string, unknown>[], want: Record<string, unknown>[], where: string): void {
  expect(actual.length, `${where}: row count`).toBe(want.length);
  want.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) expectClose(actual[i]![k], v, `${where} row ${i} ${k}`);
  });
}

test(`${QUERIES} random report queries agree with the facts worked out by hand`, async () => {
  const next = random(7);
  const seen = { rows: 0, filtered: 0, limited: 0, compared: 0, reach: 0, audience: 0, hour: 0, empty: 0 };
  for (let i = 0; i < QUERIES; i++) {
    const req = randomQuery(next);
    const where = `#${i} ${JSON.stringify(req)}`;
    const got: ReportQueryResponse = await queryReport({ facts, catalog }, req);
    const want = expected(req, req.from, req.to, true);
    expectRows(got.rows, want.rows, where);
    for (const id of req.metrics) expectClose(got.totals[id], want.totals[id], `${where} total ${id}`);
    const all = expected(req, req.from, req.to, false);
    expect(got.truncated, `${where}: truncated`).toBe(all.rows.length > want.rows.length);
    for (const row of got.rows) {
      for (const d of ['campaign', 'adgroup', 'ad'] as const) {
        if (req.dimensions.includes(d)) expect(row[`${d}_name`], where).toBe(nameOf(d, String(row[d])));
      }
    }
    if (req.compare) {
      const other = expected(
        { ...req, sort: undefined, limit: undefined },
        req.compare.from,
        req.compare.to,
        false,
      );
      for (const id of req.metrics)
        expectClose(got.compare!.totals[id], other.totals[id], `${where} compare total ${id}`);
      const byKey = new Map(other.rows.map((r) => [alignKey(r, req.dimensions, req.compare!.from), r]));
      got.rows.forEach((row, n) => {
        const match = byKey.get(alignKey(row, req.dimensions, req.from));
        const compared = got.compare!.rows[n];
        if (!match) expect(compared, `${where} compare row ${n}`).toBeNull();
        else
          for (const id of req.metrics)
            expectClose(compared?.[id], match[id], `${where} compare row ${n} ${id}`);
      });
      seen.compared++;
    }
    seen.rows += got.rows.length;
    if (req.filters.length) seen.filtered++;
    if (got.truncated) seen.limited++;
    if (
      req.metrics.some((m) => ['reach', 'frequency', 'cost_per_1000_reached'].includes(m)) &&
      got.totals.reach !== null
    )
      seen.reach++;
    if (req.dimensions.some(isAudience)) seen.audience++;
    if (req.dimensions.includes('hour')) seen.hour++;
    if (got.rows.length === 0) seen.empty++;
  }
  // The run covered what it claims to.
  expect(seen.filtered).toBeGreaterThan(QUERIES / 3);
  expect(seen.limited).toBeGreaterThan(QUERIES / 20);
  expect(seen.compared).toBeGreaterThan(QUERIES / 5);
  expect(seen.reach).toBeGreaterThan(QUERIES / 20);
  expect(seen.audience).toBeGreaterThan(QUERIES / 10);
  expect(seen.hour).toBeGreaterThan(QUERIES / 20);
  expect(seen.rows).toBeGreaterThan(QUERIES * 3);
}, 600_000);
