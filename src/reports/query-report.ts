// The semantic layer's one entry point for a report (POST /api/v1/reports/query, templates, exports,
// schedules): validates the query, keeps the attribute copy fresh when the query needs it, runs the planned
// rows and totals (and the same plan over the comparison range), and answers with rows, columns and totals
// as src/shared/reports-api.ts describes.
import { getAdvertiser } from '../catalog/advertisers.ts';
import type { Queryable } from '../catalog/db.ts';
import { isIsoDate } from '../core/dates.ts';
import { AppError, type ErrorDetail, notFound } from '../core/errors.ts';
import { formatPath } from '../core/field-path.ts';
import { type ReportFilter, ReportQueryRequest, type ReportQueryResponse } from '../shared/reports-api.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import {
  type PlannedReport,
  type ReportQuery,
  needsAdAttributes,
  planReport,
} from '../warehouse/plan-report.ts';
import { ensureAdAttributes } from './ad-attributes.ts';
import { alignRows } from './compare-rows.ts';
import { customColumnsFor } from './custom-columns.ts';
import { reportColumns } from './report-columns.ts';
import { metricValues, shapeRow } from './run-report.ts';

export interface ReportContext {
  facts: FactStore;
  catalog: Queryable;
}

type Row = ReportQueryResponse['rows'][number];

/** Parses the request (defaults filled in); problems come back together, each with its field path. */
function parseRequest(request: ReportQueryRequest): ReportQueryRequest {
  const parsed = ReportQueryRequest.safeParse(request);
  const details: ErrorDetail[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ field: formatPath(issue.path), message: issue.message }));
  const data = parsed.success ? parsed.data : null;
  if (data) {
    for (const [field, value] of [
      ['from', data.from],
      ['to', data.to],
      ['compare.from', data.compare?.from],
      ['compare.to', data.compare?.to],
    ] as const) {
      if (value !== undefined && !isIsoDate(value))
        details.push({ field, message: 'is not a date on the calendar' });
    }
  }
  if (details.length > 0 || !data) {
    throw new AppError(
      'validation_failed',
      `Invalid report query: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}.`,
      details,
    );
  }
  for (const [prefix, range] of [
    ['', data],
    ['compare.', data.compare],
  ] as const) {
    if (range && range.from > range.to) {
      throw new AppError(
        'invalid_date_range',
        `The range starts (${range.from}) after it ends (${range.to}).`,
        [{ field: `${prefix}from`, message: 'must be on or before "to"' }],
      );
    }
  }
  return data;
}

const filterMetricIds = (filters: readonly ReportFilter[]): string[] =>
  filters.flatMap((f) => ('metric' in f ? [f.metric] : []));

export async function queryReport(
  ctx: ReportContext,
  request: ReportQueryRequest,
): Promise<ReportQueryResponse> {
  const req = parseRequest(request);
  const dimensions = [...new Set(req.dimensions)];
  const filters = req.filters;
  const [advertiser, custom] = await Promise.all([
    getAdvertiser(ctx.catalog, req.advertiser_id),
    customColumnsFor(ctx.catalog, req.advertiser_id, [...req.metrics, ...filterMetricIds(filters)]),
  ]);
  if (!advertiser) throw notFound('Advertiser', req.advertiser_id);
  const query: ReportQuery = {
    advertiserId: req.advertiser_id,
    from: req.from,
    to: req.to,
    dimensions,
    metrics: req.metrics,
    filters,
    names: true,
    ...(req.sort ? { sort: { by: req.sort.by, direction: req.sort.direction } } : {}),
    // One row more than asked tells whether the limit cut any off.
    ...(req.limit !== undefined ? { limit: req.limit + 1 } : {}),
  };
  const plan = planReport(query, ctx.facts.dialect, custom);
  const comparePlan = req.compare
    ? planReport(
        { ...query, from: req.compare.from, to: req.compare.to, sort: undefined, limit: undefined },
        ctx.facts.dialect,
        custom,
      )
    : null;
  if (needsAdAttributes(query)) await ensureAdAttributes(ctx.facts, ctx.catalog, req.advertiser_id);

  // Without dimensions or metric filters the rows query's one row is the total: no second query.
  const oneRowIsTotal = dimensions.length === 0 && filterMetricIds(filters).length === 0;
  const [rows, totals, compareRows, compareTotals] = await Promise.all([
    ctx.facts.query(plan.sql),
    totalsOf(ctx.facts, plan, oneRowIsTotal),
    comparePlan ? ctx.facts.query(comparePlan.sql) : null,
    comparePlan ? totalsOf(ctx.facts, comparePlan, oneRowIsTotal) : null,
  ]);
  const truncated = req.limit !== undefined && rows.length > req.limit;
  const shaped: Row[] = (truncated ? rows.slice(0, req.limit) : rows).map((row) => shapeRow(row, plan, null));
  const response: ReportQueryResponse = {
    range: { from: req.from, to: req.to },
    currency: advertiser.currency,
    columns: reportColumns(dimensions, plan.metrics, custom),
    rows: shaped,
    totals: totals ?? metricValues(rows[0] ?? {}, plan),
    truncated,
  };
  if (req.compare && comparePlan && compareRows) {
    const compareShaped = compareRows.map((row) => shapeRow(row, comparePlan, null));
    response.compare = {
      range: req.compare,
      rows: alignRows(
        shaped,
        req.from,
        compareShaped,
        req.compare.from,
        dimensions,
        plan.metrics.map((m) => m.id),
      ),
      totals: compareTotals ?? metricValues(compareRows[0] ?? {}, comparePlan),
    };
  }
  return response;
}

/** Totals from their own query; null when the one row of the rows query already is the total. */
async function totalsOf(
  facts: FactStore,
  plan: PlannedReport,
  oneRowIsTotal: boolean,
): Promise<Record<string, number | null> | null> {
  if (oneRowIsTotal) return null;
  const [row] = await facts.query(plan.totalsSql);
  return metricValues(row ?? {}, plan);
}
