// What is measured: each Dashboard request as the web app sends it, and as its baseline the SQL that request
// runs, planned once up front and executed straight on the warehouse. Each query is marked with whether the
// endpoint's answer uses its result (since runReport skips totals nobody reads, all of them are).
// Each case also names one number that must come out the same both ways, so the two sides provably did the
// same work.
import { type DateRange, previousPeriod } from '../../src/core/dates.ts';
import { DEFAULT_KPIS } from '../../src/reports/dashboard.ts';
import type { CompiledSql } from '../../src/warehouse/dialect.ts';
import type { FactStore, ResultRow } from '../../src/warehouse/fact-store.ts';
import { type ReportQuery, planReport } from '../../src/warehouse/plan-report.ts';

export interface BenchCase {
  name: string;
  describe: string;
  url(advertiserId: string, range: DateRange): string;
  /** The queries the endpoint runs for this range, in the order it issues them. */
  baseline(facts: FactStore, advertiserId: string, range: DateRange): BaselineQuery[];
  /** The same figure read from the endpoint's JSON and from the baseline's result rows. */
  check(body: unknown, results: ResultRow[][]): { endpoint: number; baseline: number };
}

export interface BaselineQuery {
  sql: CompiledSql;
  /** Whether the endpoint's answer is built from this query's result. */
  used: boolean;
}

/**
 * What runReport executes for one report: the rows, and — only when there are dimensions and the caller
 * reads them — the same plan without dimensions for the totals.
 */
function reportSql(facts: FactStore, query: ReportQuery, totals: boolean): BaselineQuery[] {
  const out: BaselineQuery[] = [{ sql: planReport(query, facts.dialect).sql, used: true }];
  if (totals && query.dimensions.length > 0) {
    const totalsQuery = { ...query, dimensions: [], sort: undefined, limit: undefined };
    out.push({ sql: planReport(totalsQuery, facts.dialect).sql, used: true });
  }
  return out;
}

const path = (advertiserId: string, endpoint: string, params: Record<string, string>): string =>
  `/api/v1/advertisers/${encodeURIComponent(advertiserId)}/${endpoint}?${new URLSearchParams(params)}`;

function summaryCase(name: string, describe: string, metrics: string[]): BenchCase {
  return {
    name,
    describe,
    url: (advertiserId, range) =>
      path(advertiserId, 'summary', { ...range, compare: 'previous', metrics: metrics.join(',') }),
    baseline: (facts, advertiserId, range) => {
      const query = { advertiserId, dimensions: [], metrics };
      // Without dimensions the one row is the total: one query per period.
      return [
        ...reportSql(facts, { ...query, ...range }, true),
        ...reportSql(facts, { ...query, ...previousPeriod(range) }, true),
      ];
    },
    check: (body, results) => ({
      endpoint: (body as { metrics: Record<string, { value: number }> }).metrics[metrics[0]!]!.value,
      baseline: Number(results[0]![0]![metrics[0]!]),
    }),
  };
}

/** The trend's two default metrics on the Dashboard (web/src/app/view-state.ts). */
const TREND_METRICS = ['spend', 'conversion'];

export const CASES: BenchCase[] = [
  summaryCase(
    'summary',
    `GET …/summary, the Dashboard's ${DEFAULT_KPIS.length} KPIs with the previous period: 2 queries on delivery_hourly`,
    DEFAULT_KPIS,
  ),
  {
    name: 'trend',
    describe: `GET …/trend?metrics=${TREND_METRICS.join(',')}: a day report on delivery_hourly (1 query)`,
    url: (advertiserId, range) => path(advertiserId, 'trend', { ...range, metrics: TREND_METRICS.join(',') }),
    baseline: (facts, advertiserId, range) =>
      // getTrend reads only the rows and asks runReport for no totals.
      reportSql(facts, { advertiserId, ...range, dimensions: ['day'], metrics: TREND_METRICS }, false),
    check: (body, results) => ({
      endpoint: (body as { points: { spend: number }[] }).points.reduce((sum, p) => sum + p.spend, 0),
      baseline: results[0]!.reduce((sum, row) => sum + Number(row.spend), 0),
    }),
  },
  summaryCase(
    'summary+reach',
    'GET …/summary with reach and frequency: the same 2 queries, each also counting distinct people in reach_daily',
    ['reach', 'frequency', 'impressions', 'spend'],
  ),
];
