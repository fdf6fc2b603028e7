// Runs a report query: the planned SQL for the rows, the same plan without dimensions for the totals
// (computed from the facts, never summed from rows), and entity names attached from the catalog. Metric
// ids may name the advertiser's custom columns; those are read from the catalog when asked for.
import type { Queryable } from '../catalog/db.ts';
import { listAdGroups, listAds, listCampaigns } from '../catalog/structure.ts';
import type { ReportResponse } from '../shared/api.ts';
import type { FactStore, ResultRow } from '../warehouse/fact-store.ts';
import { type PlannedReport, type ReportQuery, planReport } from '../warehouse/plan-report.ts';
import { customColumnsFor } from './custom-columns.ts';

export interface RunOptions {
  /** Skip the totals query when the caller only reads rows (a trend, say). */
  totals?: boolean;
}

export async function runReport(
  facts: FactStore,
  catalog: Queryable,
  query: ReportQuery,
  options: RunOptions = {},
): Promise<ReportResponse> {
  const custom = await customColumnsFor(catalog, query.advertiserId, query.metrics);
  const plan = planReport(query, facts.dialect, custom);
  // Without dimensions the one row is the total: no second query.
  const totalsNeeded = options.totals !== false && query.dimensions.length > 0;
  const [rows, totalRows, names] = await Promise.all([
    facts.query(plan.sql),
    totalsNeeded ? facts.query(plan.totalsSql) : null,
    entityNames(catalog, query),
  ]);
  const totalsRow = query.dimensions.length === 0 ? rows[0] : totalRows?.[0];
  return {
    rows: rows.map((row) => shapeRow(row, plan, names)),
    totals: options.totals === false ? {} : metricValues(totalsRow ?? {}, plan),
  };
}

export function metricValues(row: ResultRow, plan: PlannedReport): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const metric of plan.metrics) out[metric.id] = toNumber(row[metric.id]);
  return out;
}

/** A result row as the API answers it; `names` from the catalog, or null when the SQL joined them. */
export function shapeRow(
  row: ResultRow,
  plan: PlannedReport,
  names: Map<string, string> | null,
): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [dimension, columns] of Object.entries(plan.dimensionColumns)) {
    const value = dimensionValue(
      dimension,
      columns.map((c) => row[c]),
    );
    out[dimension] = value;
    if (dimension === 'campaign' || dimension === 'adgroup' || dimension === 'ad') {
      const name = names ? names.get(`${dimension}:${value}`) : row[`${dimension}_name`];
      out[`${dimension}_name`] = name === undefined || name === null ? null : String(name);
    }
  }
  return Object.assign(out, metricValues(row, plan));
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  return Number.isFinite(n) ? n : null;
}

function isoDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

function dimensionValue(dimension: string, values: unknown[]): string | null {
  // Attributes of an ad the catalog no longer holds are unknown, not the text "null".
  if (values[0] === null || values[0] === undefined) return null;
  if (dimension === 'hour') return `${isoDate(values[0])} ${String(values[1]).padStart(2, '0')}:00`;
  if (dimension === 'day' || dimension === 'week' || dimension === 'month') {
    const date = isoDate(values[0]);
    return dimension === 'month' ? date.slice(0, 7) : date;
  }
  return String(values[0]);
}

async function entityNames(catalog: Queryable, query: ReportQuery): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const id = query.advertiserId;
  if (query.dimensions.includes('campaign'))
    for (const c of await listCampaigns(catalog, id)) names.set(`campaign:${c.campaign_id}`, c.campaign_name);
  if (query.dimensions.includes('adgroup'))
    for (const g of await listAdGroups(catalog, id)) names.set(`adgroup:${g.adgroup_id}`, g.adgroup_name);
  if (query.dimensions.includes('ad'))
    for (const a of await listAds(catalog, id)) names.set(`ad:${a.ad_id}`, a.ad_name);
  return names;
}
