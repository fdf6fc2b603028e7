// Exports (F4.5): any report the Reporting tab can ask for, as a CSV or XLSX file. The advertiser is named
// in the body (as for POST /api/v1/reports/query), so its access check is an explicit call here.
import { z } from 'zod';
import { canViewAdvertiser } from '../../access/authorize.ts';
import { getAdvertiser } from '../../catalog/advertisers.ts';
import { notFound } from '../../core/errors.ts';
import { CONTENT_TYPES, attachment, renderExport } from '../../delivery/export-report.ts';
import { queryReport } from '../../reports/query-report.ts';
import { ReportExportRequest } from '../../shared/reports-api.ts';
import { type RouteDef, defineRoute } from '../route.ts';

export const reportExportRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/reports/export',
  // The advertiser is in the body; the handler checks it before reading anything of it.
  access: 'signed-in',
  summary:
    'Runs a report query and answers with a file: CSV (labels, rows, a Totals row) or XLSX (typed cells with number formats), named "<advertiser>-report-<from>_<to>".',
  tag: 'reports',
  body: ReportExportRequest,
  response: z.string(),
  produces: Object.values(CONTENT_TYPES),
  handler: async ({ body, principal, reply }, ctx) => {
    const advertiserId = body.query.advertiser_id;
    // One the caller may not see answers 404, as if it did not exist.
    if (!canViewAdvertiser(principal!.user, advertiserId)) throw notFound('Advertiser', advertiserId);
    const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
    if (!advertiser) throw notFound('Advertiser', advertiserId);
    const report = await queryReport(ctx, body.query);
    const file = renderExport(report, body.format, { advertiser: advertiser.name, report: 'Report' });
    reply.header('content-type', file.contentType).header('content-disposition', attachment(file.filename));
    return file.body as never;
  },
});

export const reportExportRoutes: RouteDef[] = [reportExportRoute];
