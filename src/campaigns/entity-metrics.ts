// The Campaign tab's numbers straight from the planned SQL: values per campaign, ad group or ad, totals,
// and the last two days per ad for the statuses. The tables name their rows from the catalog themselves,
// so unlike a report they attach no entity names (which would read every ad once more per query).
import type { CustomColumnDef } from '../metrics/formula.ts';
import type { FactStore, ResultRow } from '../warehouse/fact-store.ts';
import { type ReportQuery, planReport } from '../warehouse/plan-report.ts';

export type Metrics = Record<string, number | null>;

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function isoDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

async function run(
  facts: FactStore,
  query: ReportQuery,
  custom: readonly CustomColumnDef[],
): Promise<{ rows: ResultRow[]; columns: Record<string, string[]>; ids: string[] }> {
  const plan = planReport(query, facts.dialect, custom);
  const rows = await facts.query(plan.sql);
  return { rows, columns: plan.dimensionColumns, ids: plan.metrics.map((m) => m.id) };
}

function metricsOf(row: ResultRow, ids: string[]): Metrics {
  const out: Metrics = {};
  for (const id of ids) out[id] = toNumber(row[id]);
  return out;
}

/** Metric values per entity id, for a query with one entity dimension. */
export async function metricsById(
  facts: FactStore,
  query: ReportQuery,
  custom: readonly CustomColumnDef[],
): Promise<Map<string, Metrics>> {
  const { rows, columns, ids } = await run(facts, query, custom);
  const column = columns[query.dimensions[0]!]![0]!;
  return new Map(rows.map((row) => [String(row[column]), metricsOf(row, ids)]));
}

/** The totals of a query without dimensions (computed from the facts), or undefined when nothing matched. */
export async function metricTotals(
  facts: FactStore,
  query: ReportQuery,
  custom: readonly CustomColumnDef[],
): Promise<Metrics | undefined> {
  const { rows, ids } = await run(facts, { ...query, dimensions: [] }, custom);
  return rows[0] ? metricsOf(rows[0], ids) : undefined;
}

/** Impressions and spend per ad and day. */
export async function deliveryByAdAndDay(
  facts: FactStore,
  advertiserId: string,
  from: string,
  to: string,
): Promise<{ ad: string; day: string; impressions: number | null; spend: number | null }[]> {
  const query: ReportQuery = {
    advertiserId,
    from,
    to,
    dimensions: ['ad', 'day'],
    metrics: ['impressions', 'spend'],
  };
  const { rows, columns } = await run(facts, query, []);
  const [ad, day] = [columns.ad![0]!, columns.day![0]!];
  return rows.map((row) => ({
    ad: String(row[ad]),
    day: isoDate(row[day]),
    impressions: toNumber(row.impressions),
    spend: toNumber(row.spend),
  }));
}
