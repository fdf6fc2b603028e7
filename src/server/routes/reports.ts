// The report query of the Reporting tab (F4.1): one route for any advertiser the caller may see, named in
// the body rather than the path, so its access check is an explicit call here.
import { canViewAdvertiser } from '../../access/authorize.ts';
import { notFound } from '../../core/errors.ts';
import { queryReport } from '../../reports/query-report.ts';
import { ReportQueryRequest, ReportQueryResponse } from '../../shared/reports-api.ts';
import { type RouteDef, defineRoute } from '../route.ts';

export const reportQueryRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/reports/query',
  // The advertiser is in the body; the handler checks it before reading anything of it.
  access: 'signed-in',
  summary:
    'Runs a report: dimensions × metrics over a date range with filters, sort, limit and an optional comparison range; totals are computed from the facts, never summed.',
  tag: 'reports',
  body: ReportQueryRequest,
  response: ReportQueryResponse,
  handler: async ({ body, principal }, ctx) => {
    // One the caller may not see answers 404, as if it did not exist (as the advertiser-scoped routes do).
    if (!canViewAdvertiser(principal!.user, body.advertiser_id))
      throw notFound('Advertiser', body.advertiser_id);
    return queryReport(ctx, body);
  },
});

export const reportRoutes: RouteDef[] = [reportQueryRoute];
