// Runs a report query for the Dashboard: the planned SQL for the rows, the same plan without dimensions for
// the totals (computed from the facts, never summed from rows), entity names joined from the warehouse's
// copy of the catalog's attributes (kept fresh by ensureAdAttributes) instead of reading every ad. Metric
// ids may name the advertiser's custom columns; those are read from the catalog when asked for.
import type { Queryable } from '../catalog/db.ts';
import type { ReportResponse } from '../shared/api.ts';
import type { FactStore, ResultRow } from '../warehouse/fact-store.ts';
import {
  type PlannedReport,
  type ReportQuery,
  needsAdAttributes,
  planReport,
} from '../warehouse/plan-report.ts';
import { ensureAdAttributes } from './ad-attributes.ts';
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
  const named = { ...query, names: true };
  const plan = planReport(named, facts.dialect, custom);
  if (needsAdAttributes(named)) await ensureAdAttributes(facts, catalog, query.advertiserId);
  // Without dimensions the one row is the total: no second query.
  const totalsNeeded = options.totals !== false && query.dimensions.length > 0;
  const [rows, totalRows] = await Promise.all([
    facts.query(plan.sql),
    totalsNeeded ? facts.query(plan.totalsSql) : null,
  ]);
  const totalsRow = query.dimensions.length === 0 ? rows[0] : totalRows?.[0];
  return {
    rows: rows.map((row) => shapeRow(row, plan)),
    totals: options.totals === false ? {} : metricValues(totalsRow ?? {}, plan),
  };
}

export function metricValues(row: ResultRow, plan: PlannedReport): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const metric of plan.metrics) out[metric.id] = toNumber(row[metric.id]);
  return out;
}

/** A result row as the API answers it, entity names from the columns the plan joined. */
export function shapeRow(row: ResultRow, plan: PlannedReport): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [dimension, columns] of Object.entries(plan.dimensionColumns)) {
    const value = dimensionValue(
      dimension,
      columns.map((c) => row[c]),
    );
    out[dimension] = value;
    if (dimension === 'campaign' || dimension === 'adgroup' || dimension === 'ad') {
      const name = row[`${dimension}_name`];
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
