import { z } from 'zod';
import { canViewAdvertiser } from '../../access/authorize.ts';
import { isIsoDate } from '../../core/dates.ts';
import { DEFAULT_KPIS, getSummary, getTop, getTrend } from '../../reports/dashboard.ts';
import { describeAdvertiser, listAdvertiserInfos } from '../../reports/advertiser-overview.ts';
import { queryReport } from '../../reports/query-report.ts';
import {
  AdvertiserInfo,
  AdvertiserList,
  ReportRequest,
  ReportResponse,
  SummaryResponse,
  TopLevel,
  TopResponse,
  TrendResponse,
} from '../../shared/api.ts';
import { advertiserOr404, checkRange } from './advertiser-guards.ts';
import { csvList, defineRoute } from '../route.ts';

const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const isoDate = z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD');
const RangeQuery = z.object({ from: isoDate, to: isoDate });

const rangeOf = ({ from, to }: { from: string; to: string }) => ({ from, to });

export const listAdvertisersRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers',
  access: 'signed-in',
  summary: 'Advertisers, with currency, time zone, today on their clock and data freshness.',
  tag: 'advertisers',
  response: AdvertiserList,
  handler: async ({ principal }, ctx) => ({
    advertisers: (await listAdvertiserInfos(ctx.catalog, ctx.facts)).filter((a) =>
      canViewAdvertiser(principal!.user, a.advertiser_id),
    ),
  }),
});

export const getAdvertiserRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId',
  access: { advertiser: 'view' },
  summary: 'One advertiser.',
  tag: 'advertisers',
  params: AdvertiserParams,
  response: AdvertiserInfo,
  handler: async ({ params }, ctx) =>
    describeAdvertiser(ctx.facts, await advertiserOr404(ctx, params.advertiserId)),
});

export const summaryRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/summary',
  access: { advertiser: 'view' },
  summary: 'Totals for a date range, each with its change against the previous period of equal length.',
  tag: 'dashboard',
  params: AdvertiserParams,
  query: RangeQuery.extend({
    metrics: csvList.optional(),
    compare: z.enum(['previous', 'none']).default('previous'),
  }),
  response: SummaryResponse,
  handler: async ({ params, query }, ctx) => {
    checkRange(query);
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    const metrics = query.metrics?.length ? query.metrics : DEFAULT_KPIS;
    return getSummary(
      ctx.facts,
      ctx.catalog,
      advertiser,
      rangeOf(query),
      metrics,
      query.compare === 'previous',
    );
  },
});

export const trendRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/trend',
  access: { advertiser: 'view' },
  summary:
    'One point per day of the range for each metric (counters 0 and ratios null on days without delivery).',
  tag: 'dashboard',
  params: AdvertiserParams,
  query: RangeQuery.extend({ metrics: csvList, grain: z.literal('day').default('day') }),
  response: TrendResponse,
  handler: async ({ params, query }, ctx) => {
    checkRange(query);
    await advertiserOr404(ctx, params.advertiserId);
    return getTrend(ctx.facts, ctx.catalog, params.advertiserId, rangeOf(query), query.metrics);
  },
});

export const topRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/top',
  access: { advertiser: 'view' },
  summary: 'The top campaigns, ad groups or ads of a date range by a metric.',
  tag: 'dashboard',
  params: AdvertiserParams,
  query: RangeQuery.extend({
    level: TopLevel,
    metrics: csvList,
    sort: z.string().default('spend'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    limit: z.coerce.number().int().min(1).max(500).default(10),
  }),
  response: TopResponse,
  handler: async ({ params, query }, ctx) => {
    checkRange(query);
    await advertiserOr404(ctx, params.advertiserId);
    return getTop(
      ctx.facts,
      ctx.catalog,
      params.advertiserId,
      rangeOf(query),
      query.level,
      query.metrics,
      { by: query.sort, direction: query.direction },
      query.limit,
    );
  },
});

export const reportRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/advertisers/:advertiserId/reports/query',
  access: { advertiser: 'view' },
  summary: 'Runs a report: dimensions × metrics over a date range; totals are computed, not summed.',
  tag: 'reports',
  params: AdvertiserParams,
  body: ReportRequest,
  response: ReportResponse,
  // The same semantic layer as POST /api/v1/reports/query, answered in this route's older shape.
  handler: async ({ params, body }, ctx) => {
    const { rows, totals } = await queryReport(ctx, {
      advertiser_id: params.advertiserId,
      filters: [],
      ...body,
    });
    return { rows, totals };
  },
});
