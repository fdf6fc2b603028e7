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
import type { CompiledSql } from '../warehouse/dialect.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import type { CustomColumnDef } from '../metrics/formula.ts';
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

export interface PreparedReport {
  /** The request with its defaults filled in. */
  request: ReportQueryRequest;
  custom: CustomColumnDef[];
  plan: PlannedReport;
  comparePlan: PlannedReport | null;
  /** Whether the statements read the attribute copy, which must then match the catalog. */
  readsAttributes: boolean;
  /** Without dimensions or metric filters the rows query's one row is the total: no totals query. */
  oneRowIsTotal: boolean;
  /** Every statement the report runs: rows, totals, then the same for the comparison range. */
  statements: CompiledSql[];
}

/** Validates and plans a report without running it (the bench runs the same statements directly). */
export async function prepareReport(
  ctx: ReportContext,
  request: ReportQueryRequest,
): Promise<PreparedReport> {
  const req = parseRequest(request);
  const dimensions = [...new Set(req.dimensions)];
  const filters = req.filters;
  const custom = await customColumnsFor(ctx.catalog, req.advertiser_id, [
    ...req.metrics,
    ...filterMetricIds(filters),
  ]);
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
  const oneRowIsTotal = dimensions.length === 0 && filterMetricIds(filters).length === 0;
  const statements = [plan, ...(comparePlan ? [comparePlan] : [])].flatMap((p) =>
    oneRowIsTotal ? [p.sql] : [p.sql, p.totalsSql],
  );
  return {
    request: { ...req, dimensions },
    custom,
    plan,
    comparePlan,
    readsAttributes: needsAdAttributes(query),
    oneRowIsTotal,
    statements,
  };
}

export async function queryReport(
  ctx: ReportContext,
  request: ReportQueryRequest,
): Promise<ReportQueryResponse> {
  const advertiserId = (request as { advertiser_id?: unknown }).advertiser_id;
  // The catalog (on this thread) and the warehouse (on its own) work side by side: the advertiser is
  // looked up and the attribute copy checked while the statements already run.
  const advertiser = typeof advertiserId === 'string' ? getAdvertiser(ctx.catalog, advertiserId) : null;
  advertiser?.catch(() => undefined);
  const prepared = await prepareReport(ctx, request);
  const { request: req, plan, comparePlan } = prepared;
  const run = () => Promise.all(prepared.statements.map((sql) => ctx.facts.query(sql)));
  const refreshed = prepared.readsAttributes
    ? ensureAdAttributes(ctx.facts, ctx.catalog, req.advertiser_id)
    : Promise.resolve(false);
  let results = run();
  results.catch(() => undefined);
  // A copy that had to be brought up to date makes the first answers stale: ask again.
  if (await refreshed) results = run();
  const found = await advertiser;
  if (!found) throw notFound('Advertiser', req.advertiser_id);
  const answers = await results;
  const take = (p: PlannedReport) => {
    const rows = answers.shift()!;
    const totals = prepared.oneRowIsTotal
      ? metricValues(rows[0] ?? {}, p)
      : metricValues(answers.shift()![0] ?? {}, p);
    return { rows, totals };
  };
  const main = take(plan);
  const truncated = req.limit !== undefined && main.rows.length > req.limit;
  const shaped: Row[] = (truncated ? main.rows.slice(0, req.limit) : main.rows).map((row) =>
    shapeRow(row, plan, null),
  );
  const response: ReportQueryResponse = {
    range: { from: req.from, to: req.to },
    currency: found.currency,
    columns: reportColumns(req.dimensions, plan.metrics, prepared.custom),
    rows: shaped,
    totals: main.totals,
    truncated,
  };
  if (req.compare && comparePlan) {
    const other = take(comparePlan);
    response.compare = {
      range: req.compare,
      rows: alignRows(
        shaped,
        req.from,
        other.rows.map((row) => shapeRow(row, comparePlan, null)),
        req.compare.from,
        req.dimensions,
        plan.metrics.map((m) => m.id),
      ),
      totals: other.totals,
    };
  }
  return response;
}
