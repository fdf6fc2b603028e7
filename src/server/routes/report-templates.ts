// Report templates (F4.3): saved reports shared by an advertiser's team, also movable as files. Everyone
// who sees the advertiser reads and runs them; those who may build reports (as for custom columns) write.
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getReportTemplate, listReportTemplates } from '../../catalog/report-templates.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { isIsoDate } from '../../core/dates.ts';
import { localToday } from '../../core/timezone.ts';
import { CONTENT_TYPES, attachment, renderExport } from '../../delivery/export-report.ts';
import { queryReport } from '../../reports/query-report.ts';
import {
  changeReportTemplate,
  createReportTemplate,
  duplicateReportTemplate,
  removeReportTemplate,
  templateQuery,
} from '../../reports/templates.ts';
import { exportTemplateFile, importTemplateFile } from '../../reports/templates-file.ts';
import {
  ExportFormat,
  ReportTemplate,
  ReportTemplateCreate,
  ReportTemplateList,
  ReportTemplateUpdate,
  TemplateFile,
} from '../../shared/reports-api.ts';
import { advertiserOr404 } from './advertiser-guards.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const base = '/api/v1/advertisers/:advertiserId/report-templates';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const TemplateParams = AdvertiserParams.extend({ templateId: z.string().min(1) });
const isoDate = z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD');

async function templateOr404(ctx: AppContext, advertiserId: string, templateId: string) {
  const template = await getReportTemplate(ctx.catalog, advertiserId, templateId);
  if (!template) throw notFound('Report template', templateId);
  return template;
}

const listRoute = defineRoute({
  method: 'GET',
  url: base,
  access: { advertiser: 'view' },
  summary:
    'The advertiser’s report templates, the built-in Creative Performance and Funnel Analysis among them.',
  tag: 'report-templates',
  params: AdvertiserParams,
  response: ReportTemplateList,
  handler: async ({ params }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return { templates: await listReportTemplates(ctx.catalog, params.advertiserId) };
  },
});

const getRoute = defineRoute({
  method: 'GET',
  url: `${base}/:templateId`,
  access: { advertiser: 'view' },
  summary: 'One report template.',
  tag: 'report-templates',
  params: TemplateParams,
  response: ReportTemplate,
  handler: async ({ params }, ctx) => templateOr404(ctx, params.advertiserId, params.templateId),
});

const createRoute = defineRoute({
  method: 'POST',
  url: base,
  access: { advertiser: 'report' },
  summary:
    'Saves a report as a template. Names are unique per advertiser whatever their case; metrics must be catalog metrics or the advertiser’s custom columns.',
  tag: 'report-templates',
  params: AdvertiserParams,
  body: ReportTemplateCreate,
  response: ReportTemplate,
  handler: async ({ params, body, principal }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return createReportTemplate(ctx.catalog, params.advertiserId, body, principal!.actor);
  },
});

const updateRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/:templateId`,
  access: { advertiser: 'report' },
  summary: 'Renames a template or replaces its definition (its id stays).',
  tag: 'report-templates',
  params: TemplateParams,
  body: ReportTemplateUpdate,
  response: ReportTemplate,
  handler: async ({ params, body, principal }, ctx) =>
    changeReportTemplate(ctx.catalog, params.advertiserId, params.templateId, body, principal!.actor),
});

const deleteRoute = defineRoute({
  method: 'DELETE',
  url: `${base}/:templateId`,
  access: { advertiser: 'report' },
  summary: 'Deletes a template; a built-in one deleted is not given back.',
  tag: 'report-templates',
  params: TemplateParams,
  response: z.object({ deleted: z.string() }),
  handler: async ({ params, principal }, ctx) => {
    await removeReportTemplate(ctx.catalog, params.advertiserId, params.templateId, principal!.actor);
    return { deleted: params.templateId };
  },
});

const duplicateRoute = defineRoute({
  method: 'POST',
  url: `${base}/:templateId/duplicate`,
  access: { advertiser: 'report' },
  summary: 'Copies a template under a new name (default "<name> (copy)"); the copy is never built in.',
  tag: 'report-templates',
  params: TemplateParams,
  body: ReportTemplateCreate.pick({ name: true }).partial(),
  response: ReportTemplate,
  handler: async ({ params, body, principal }, ctx) =>
    duplicateReportTemplate(ctx.catalog, params.advertiserId, params.templateId, body.name, principal!.actor),
});

const fileRoute = defineRoute({
  method: 'GET',
  url: `${base}/:templateId/file`,
  access: { advertiser: 'view' },
  summary:
    'The template as a file, with every custom column it uses (and those they use), for version control or another installation.',
  tag: 'report-templates',
  params: TemplateParams,
  response: TemplateFile,
  handler: async ({ params }, ctx) => exportTemplateFile(ctx.catalog, params.advertiserId, params.templateId),
});

const importRoute = defineRoute({
  method: 'POST',
  url: `${base}/import`,
  access: { advertiser: 'report' },
  summary:
    'Imports a template file: creates the custom columns the advertiser lacks and reuses identical ones. Refused with nothing written when a column id has another formula here or the name is taken.',
  tag: 'report-templates',
  params: AdvertiserParams,
  body: TemplateFile,
  response: z.object({
    template: ReportTemplate,
    created_columns: z.array(z.string()),
    reused_columns: z.array(z.string()),
  }),
  handler: async ({ params, body, principal }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return importTemplateFile(ctx.catalog, params.advertiserId, body, principal!.actor, 'body');
  },
});

const exportRoute = defineRoute({
  method: 'GET',
  url: `${base}/:templateId/export`,
  access: { advertiser: 'view' },
  summary:
    'Runs the template and answers with the report as a CSV or XLSX file; without from and to, on the template’s own dates (a preset resolved on the advertiser’s today).',
  tag: 'report-templates',
  params: TemplateParams,
  query: z.object({ format: ExportFormat.default('xlsx'), from: isoDate.optional(), to: isoDate.optional() }),
  response: z.string(),
  produces: Object.values(CONTENT_TYPES),
  handler: async ({ params, query, reply }, ctx) => {
    if ((query.from === undefined) !== (query.to === undefined)) {
      throw new AppError('validation_failed', 'Give both from and to, or neither for the template’s dates.', [
        { field: query.from === undefined ? 'query.from' : 'query.to', message: 'is missing' },
      ]);
    }
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    const template = await templateOr404(ctx, params.advertiserId, params.templateId);
    const range = query.from && query.to ? { from: query.from, to: query.to } : undefined;
    const report = await queryReport(ctx, templateQuery(template, localToday(advertiser.timezone), range));
    const file = renderExport(report, query.format, { advertiser: advertiser.name, report: template.name });
    reply.header('content-type', file.contentType).header('content-disposition', attachment(file.filename));
    return file.body as never;
  },
});

export const reportTemplateRoutes: RouteDef[] = [
  listRoute,
  createRoute,
  importRoute,
  getRoute,
  updateRoute,
  deleteRoute,
  duplicateRoute,
  fileRoute,
  exportRoute,
];
