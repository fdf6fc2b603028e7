// What is measured: the Ads table request as the web app sends it for the Campaign tab, and as its baseline
// the warehouse queries that request runs (the same text and values, planned once up front). Each case also
// names one number that must come out the same both ways, so both sides provably did the same work.
import { BUILTIN_COLUMN_SETS } from '../../src/campaigns/column-sets.ts';
import { type DateRange, addDays, previousPeriod } from '../../src/core/dates.ts';
import { localToday } from '../../src/core/timezone.ts';
import type { EntityListResponse } from '../../src/shared/campaigns-api.ts';
import type { CompiledSql } from '../../src/warehouse/dialect.ts';
import type { FactStore, ResultRow } from '../../src/warehouse/fact-store.ts';
import { type ReportQuery, planReport } from '../../src/warehouse/plan-report.ts';

/** The Campaign tab's default column set. */
export const PERFORMANCE = BUILTIN_COLUMN_SETS.find((s) => s.name === 'Performance')!.metrics;
export const SORT = 'spend:desc';
/** One page of the table, as the web app asks for it. */
export const PAGE = 500;

export interface ListCase {
  name: string;
  describe: string;
  metrics: readonly string[];
  compare: boolean;
}

export const CASES: ListCase[] = [
  {
    name: 'ads',
    describe: `GET …/ads, the Performance columns (${PERFORMANCE.length} metrics), ${SORT}, limit ${PAGE}`,
    metrics: PERFORMANCE,
    compare: false,
  },
  {
    name: 'ads+compare',
    describe: 'the same with the previous period beside every row and the totals (the web app’s default)',
    metrics: PERFORMANCE,
    compare: true,
  },
  {
    name: 'ads+reach',
    describe:
      'the Performance columns plus reach and frequency (distinct people in reach_daily), no comparison',
    metrics: [...PERFORMANCE, 'reach', 'frequency'],
    compare: false,
  },
];

export interface BaselineQuery {
  /** What the listing uses the query for. */
  role: 'rows' | 'previous rows' | 'recent delivery' | 'totals' | 'previous totals';
  sql: CompiledSql;
}

export function listUrl(advertiserId: string, c: ListCase, range: DateRange): string {
  const params: Record<string, string> = {
    ...range,
    metrics: c.metrics.join(','),
    sort: SORT,
    limit: String(PAGE),
  };
  if (c.compare) {
    const previous = previousPeriod(range);
    params.compare_from = previous.from;
    params.compare_to = previous.to;
  }
  return `/api/v1/advertisers/${encodeURIComponent(advertiserId)}/ads?${new URLSearchParams(params)}`;
}

/**
 * The warehouse queries listEntities runs for the Ads table with no filters, in its order: the rows per ad
 * (and for the comparison range), today's and yesterday's delivery per ad and day for the statuses, and the
 * totals (and previous totals). With no filter every ad passes, so no query carries an id list.
 */
export function baselineQueries(
  facts: FactStore,
  advertiserId: string,
  timezone: string,
  c: ListCase,
  range: DateRange,
  now: number = Date.now(),
): BaselineQuery[] {
  const plan = (role: BaselineQuery['role'], query: Omit<ReportQuery, 'advertiserId'>): BaselineQuery => ({
    role,
    sql: planReport({ advertiserId, ...query }, facts.dialect).sql,
  });
  const metrics = [...c.metrics];
  const previous = previousPeriod(range);
  const today = localToday(timezone, now);
  const out = [plan('rows', { ...range, dimensions: ['ad'], metrics })];
  if (c.compare) out.push(plan('previous rows', { ...previous, dimensions: ['ad'], metrics }));
  out.push(
    plan('recent delivery', {
      from: addDays(today, -1),
      to: today,
      dimensions: ['ad', 'day'],
      metrics: ['impressions', 'spend'],
    }),
  );
  out.push(plan('totals', { ...range, dimensions: [], metrics }));
  if (c.compare) out.push(plan('previous totals', { ...previous, dimensions: [], metrics }));
  return out;
}

/** The figure both sides must agree on: total spend (and, with reach, total reach) over the range. */
export function sameWork(
  body: EntityListResponse,
  queries: BaselineQuery[],
  results: ResultRow[][],
): { what: string; endpoint: number; baseline: number }[] {
  const totals = results[queries.findIndex((q) => q.role === 'totals')]![0]!;
  const rows = results[queries.findIndex((q) => q.role === 'rows')]!;
  const topSpend = Math.max(...rows.map((r) => Number(r.spend)));
  const checks = [
    { what: 'total spend', endpoint: body.totals.spend ?? NaN, baseline: Number(totals.spend) },
    { what: 'top row spend', endpoint: body.rows[0]?.metrics.spend ?? NaN, baseline: topSpend },
  ];
  if ('reach' in body.totals)
    checks.push({ what: 'total reach', endpoint: body.totals.reach ?? NaN, baseline: Number(totals.reach) });
  return checks;
}
