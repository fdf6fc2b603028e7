// What the CLI's data commands need, served either straight from a data directory (no server running)
// or by a running server's API (--server URL): the warehouse file has one writer, so both are needed.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { findAdvertiser, getAdvertiser } from '../catalog/advertisers.ts';
import { issuePixelToken } from '../catalog/pixel-tokens.ts';
import { getPixelByCode } from '../catalog/pixels.ts';
import { listReportTemplates } from '../catalog/report-templates.ts';
import { openAppContext } from '../app-context.ts';
import type { Config } from '../core/config.ts';
import { AppError, notFound } from '../core/errors.ts';
import { type ExportFile, renderExport } from '../delivery/export-report.ts';
import { dailyFactsQuery } from '../reports/export-facts.ts';
import { queryReport } from '../reports/query-report.ts';
import { describeAdvertiser, listAdvertiserInfos } from '../reports/advertiser-overview.ts';
import { templateQuery } from '../reports/templates.ts';
import { localToday } from '../core/timezone.ts';
import {
  type ImportResult,
  ensureBuiltinTemplatesForAll,
  exportTemplateFile,
  importTemplateFile,
} from '../reports/templates-file.ts';
import { advanceSandbox, runScenario, seedDemo } from '../sources/sandbox/bootstrap.ts';
import type { Scenario } from '../sources/sandbox/scenario.ts';
import { pixelEventsQuery } from '../sources/events/export-events.ts';
import { importOrdersFile } from '../sources/shop/import-orders.ts';
import type { OrdersImported } from '../shared/shop-api.ts';
import { listPixelActivity } from '../sources/events/pixel-activity-list.ts';
import type { PixelActivityInfo } from '../shared/pixels-api.ts';
import type { AdvertiserInfo } from '../shared/api.ts';
import { listInsights } from '../insights/states.ts';
import type { InsightList, TroubleshootAnswer } from '../shared/insights-api.ts';
import { troubleshootAdGroup } from '../insights/troubleshoot.ts';
import { createCustomerFileAudience, listAudiences } from '../audiences/audiences.ts';
import type { Audience, AudienceList, CustomerFileUploadQuery } from '../shared/audiences-api.ts';
import { messageContent } from '../schedules/content.ts';
import { sendScheduleNow } from '../schedules/engine.ts';
import { createSchedule, listSchedules, scheduleAdvertiser } from '../schedules/schedules.ts';
import type { Delivery, Schedule, ScheduleCreate } from '../shared/schedules-api.ts';
import type {
  ExportFormat,
  ReportQueryRequest,
  ReportQueryResponse,
  ReportTemplate,
  TemplateFile,
} from '../shared/reports-api.ts';

export type PixelListing = PixelActivityInfo & { advertiser_id: string };

export interface DataClient {
  listAdvertisers(): Promise<AdvertiserInfo[]>;
  /** Resolves an id or a name (case-insensitive) to an advertiser id. */
  resolveAdvertiser(idOrName: string): Promise<string>;
  advertiser(advertiserId: string): Promise<AdvertiserInfo>;
  /** The report query of the semantic layer (POST /api/v1/reports/query). */
  queryReport(request: ReportQueryRequest): Promise<ReportQueryResponse>;
  exportReport(request: ReportQueryRequest, format: ExportFormat): Promise<ExportFile>;
  /** A template run into a file, on its own dates unless `range` is given. */
  exportTemplate(
    template: ReportTemplate,
    format: ExportFormat,
    range?: { from: string; to: string },
  ): Promise<ExportFile>;
  listTemplates(advertiserId: string): Promise<ReportTemplate[]>;
  templateFile(advertiserId: string, templateId: string): Promise<TemplateFile>;
  importTemplate(advertiserId: string, file: TemplateFile): Promise<ImportResult>;
  exportFacts(advertiserId: string, format: 'csv' | 'parquet', out: string): Promise<number>;
  /** Pixels with their status: one advertiser's, or every advertiser's when null. */
  listPixels(advertiserId: string | null): Promise<PixelListing[]>;
  /** A new Events API token for the pixel with this code: its secret, shown this once. */
  createPixelToken(pixelCode: string, name: string): Promise<string>;
  /** Every stored event of the pixel (each once, no test events) into `out`; the number of events. */
  exportEvents(pixelCode: string, format: 'csv' | 'parquet', out: string): Promise<number>;
  /** A Shopify orders export into the advertiser's shop orders, the whole file or nothing. */
  importOrders(advertiserId: string, csv: string): Promise<OrdersImported>;
  /** A customer file streamed from disk into a new custom audience; the audience with its import report. */
  importAudience(advertiserId: string, file: string, query: CustomerFileUploadQuery): Promise<Audience>;
  listAudiences(advertiserId: string): Promise<AudienceList>;
  seedDemo(seed: number, days: number): Promise<string>;
  runScenario(scenario: Scenario): Promise<{ advertiserId: string; hours: number }>;
  advanceSandbox(advertiserId: string, hours: number): Promise<Date>;
  /** The insights as of a day (default: the advertiser's today), as GET …/insights answers them. */
  insights(advertiserId: string, asOf?: string, includeDismissed?: boolean): Promise<InsightList>;
  /** Why an ad group does not spend (its id or exact name), as GET …/adgroups/{id}/troubleshoot answers. */
  troubleshoot(advertiserId: string, adgroup: string, asOf?: string): Promise<TroubleshootAnswer>;
  listSchedules(advertiserId: string): Promise<Schedule[]>;
  createSchedule(advertiserId: string, body: ScheduleCreate): Promise<Schedule>;
  /** Sends the schedule with this id now (wherever its advertiser); the delivery once tried. */
  runSchedule(scheduleId: string): Promise<Delivery>;
  close(): Promise<void>;
}

/** What the command line does on the data directory is recorded as done by it. */
const operator = { ...SYSTEM_ACTOR, label: 'command line' };

export async function localClient(config: Config): Promise<DataClient> {
  const ctx = await openAppContext(config);
  try {
    // As the server does at start-up: a data directory from before templates gets the built-ins.
    await ensureBuiltinTemplatesForAll(ctx.catalog);
  } catch (error) {
    await ctx.close();
    throw error;
  }
  return {
    listAdvertisers: () => listAdvertiserInfos(ctx.catalog, ctx.facts),
    resolveAdvertiser: async (idOrName) => (await findAdvertiser(ctx.catalog, idOrName)).advertiser_id,
    async advertiser(advertiserId) {
      const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
      if (!advertiser) throw notFound('Advertiser', advertiserId);
      return describeAdvertiser(ctx.facts, advertiser);
    },
    queryReport: (request) => queryReport(ctx, request),
    async exportReport(request, format) {
      const advertiser = await getAdvertiser(ctx.catalog, request.advertiser_id);
      if (!advertiser) throw notFound('Advertiser', request.advertiser_id);
      return renderExport(await queryReport(ctx, request), format, {
        advertiser: advertiser.name,
        report: 'Report',
      });
    },
    async exportTemplate(template, format, range) {
      const advertiser = await getAdvertiser(ctx.catalog, template.advertiser_id);
      if (!advertiser) throw notFound('Advertiser', template.advertiser_id);
      const request = templateQuery(template, localToday(advertiser.timezone), range);
      return renderExport(await queryReport(ctx, request), format, {
        advertiser: advertiser.name,
        report: template.name,
      });
    },
    listTemplates: (advertiserId) => listReportTemplates(ctx.catalog, advertiserId),
    templateFile: (advertiserId, templateId) => exportTemplateFile(ctx.catalog, advertiserId, templateId),
    importTemplate: (advertiserId, file) => importTemplateFile(ctx.catalog, advertiserId, file, operator),
    exportFacts: async (advertiserId, format, out) =>
      ctx.facts.exportQuery(await dailyFactsQuery(ctx.facts, ctx.catalog, advertiserId), format, out),
    listPixels: (advertiserId) => listPixelActivity(ctx, advertiserId),
    async createPixelToken(pixelCode, name) {
      const pixel = pixelWithCode(pixelCode, await getPixelByCode(ctx.catalog, pixelCode));
      return (await issuePixelToken(ctx.catalog, operator, pixel, name)).secret;
    },
    async exportEvents(pixelCode, format, out) {
      pixelWithCode(pixelCode, await getPixelByCode(ctx.catalog, pixelCode));
      return ctx.facts.exportQuery(pixelEventsQuery(ctx.facts, pixelCode), format, out);
    },
    async importOrders(advertiserId, csv) {
      if (!(await getAdvertiser(ctx.catalog, advertiserId))) throw notFound('Advertiser', advertiserId);
      return importOrdersFile(ctx, operator, advertiserId, csv);
    },
    importAudience: (advertiserId, file, query) =>
      createCustomerFileAudience(ctx, operator, advertiserId, query, fs.createReadStream(file)),
    listAudiences: (advertiserId) => listAudiences(ctx, advertiserId),
    // The sandbox's recent browser events go through the events ingestion, as in the server.
    seedDemo: (seed, days) =>
      seedDemo(ctx.catalog, ctx.facts, { seed, historyDays: days, events: ctx.events }),
    runScenario: (scenario) => runScenario(ctx.catalog, ctx.facts, scenario, undefined, ctx.events),
    advanceSandbox: (advertiserId, hours) =>
      advanceSandbox(ctx.catalog, ctx.facts, advertiserId, hours, ctx.events),
    insights: (advertiserId, asOf, includeDismissed) =>
      listInsights(ctx, advertiserId, { asOf, includeDismissed }),
    troubleshoot: (advertiserId, adgroup, asOf) => troubleshootAdGroup(ctx, advertiserId, adgroup, asOf),
    listSchedules: (advertiserId) => listSchedules(ctx.catalog, advertiserId),
    createSchedule: (advertiserId, body) => createSchedule(ctx.catalog, advertiserId, body, operator),
    runSchedule: async (scheduleId) =>
      sendScheduleNow(ctx, await scheduleAdvertiser(ctx.catalog, scheduleId), scheduleId, operator, {
        content: messageContent,
      }),
    close: () => ctx.close(),
  };
}

export function remoteClient(serverUrl: string, token: string | null): DataClient {
  const base = serverUrl.replace(/\/+$/, '');
  if (!token) {
    throw new AppError(
      'unauthorized',
      'A server needs an API token: pass --token or set ADCOCKPIT_TOKEN (create one with "adcockpit token create --user <email>").',
    );
  }
  /**
   * A body is sent as JSON, or as it is (a string) when its content type is given; a file's stream is
   * streamed, not read into memory first.
   */
  const send = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
        },
        body:
          body === undefined
            ? undefined
            : body instanceof Readable
              ? (Readable.toWeb(body) as ReadableStream<Uint8Array>)
              : contentType
                ? String(body)
                : JSON.stringify(body),
        ...(body instanceof Readable ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      throw new AppError(
        'internal',
        `Cannot reach the server at ${base}: ${(error as Error).message}. Is it running?`,
      );
    }
    if (!response.ok) {
      const json = (await response.json().catch(() => null)) as {
        error?: { code: string; message: string; details: [] };
      } | null;
      const e = json?.error;
      throw new AppError(
        (e?.code as never) ?? 'internal',
        e?.message ?? `The server answered ${response.status}.`,
        e?.details ?? [],
      );
    }
    return response;
  };
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> =>
    (await (await send(method, path, body)).json()) as T;
  const advertiserPath = (advertiserId: string) => `/api/v1/advertisers/${encodeURIComponent(advertiserId)}`;
  /** The API path of the pixel with this code, found among the advertisers the token may see. */
  const pixelPath = async (code: string): Promise<string> => {
    const pixel = pixelWithCode(
      code,
      (await client.listPixels(null)).find((p) => p.pixel_code === code),
    );
    return `${advertiserPath(pixel.advertiser_id)}/pixels/${encodeURIComponent(pixel.pixel_id)}`;
  };
  const client: DataClient = {
    listAdvertisers: async () =>
      (await call<{ advertisers: AdvertiserInfo[] }>('GET', '/api/v1/advertisers')).advertisers,
    async resolveAdvertiser(idOrName) {
      const all = await client.listAdvertisers();
      const match = all.find(
        (a) => a.advertiser_id === idOrName || a.name.toLowerCase() === idOrName.toLowerCase(),
      );
      if (!match)
        throw new AppError(
          'not_found',
          `No advertiser has the id or name "${idOrName}". List them with "adcockpit advertiser list".`,
        );
      return match.advertiser_id;
    },
    advertiser: (advertiserId) => call<AdvertiserInfo>('GET', advertiserPath(advertiserId)),
    queryReport: (request) => call<ReportQueryResponse>('POST', '/api/v1/reports/query', request),
    exportReport: async (request, format) =>
      fileOf(await send('POST', '/api/v1/reports/export', { query: request, format })),
    async exportTemplate(template, format, range) {
      const query = new URLSearchParams({ format, ...(range ?? {}) });
      const path = `${advertiserPath(template.advertiser_id)}/report-templates/${encodeURIComponent(template.template_id)}/export?${query}`;
      return fileOf(await send('GET', path));
    },
    listTemplates: async (advertiserId) =>
      (await call<{ templates: ReportTemplate[] }>('GET', `${advertiserPath(advertiserId)}/report-templates`))
        .templates,
    templateFile: (advertiserId, templateId) =>
      call<TemplateFile>(
        'GET',
        `${advertiserPath(advertiserId)}/report-templates/${encodeURIComponent(templateId)}/file`,
      ),
    importTemplate: (advertiserId, file) =>
      call<ImportResult>('POST', `${advertiserPath(advertiserId)}/report-templates/import`, file),
    async exportFacts(advertiserId, format, out) {
      const result = await call<{ rows: number; content_base64: string }>(
        'POST',
        `/api/v1/advertisers/${encodeURIComponent(advertiserId)}/facts/export`,
        { format },
      );
      fs.writeFileSync(out, Buffer.from(result.content_base64, 'base64'));
      return result.rows;
    },
    async listPixels(advertiserId) {
      const ids = advertiserId
        ? [advertiserId]
        : (await client.listAdvertisers()).map((a) => a.advertiser_id);
      const lists = await Promise.all(
        ids.map(async (id) =>
          (
            await call<{ pixels: PixelActivityInfo[] }>('GET', `${advertiserPath(id)}/pixels/activity`)
          ).pixels.map((p) => ({
            ...p,
            advertiser_id: id,
          })),
        ),
      );
      return lists.flat();
    },
    async createPixelToken(pixelCode, name) {
      const path = `${await pixelPath(pixelCode)}/tokens`;
      return (await call<{ secret: string }>('POST', path, { name })).secret;
    },
    async exportEvents(pixelCode, format, out) {
      const response = await send('GET', `${await pixelPath(pixelCode)}/events/export?format=${format}`);
      fs.writeFileSync(out, Buffer.from(await response.arrayBuffer()));
      return Number(response.headers.get('x-event-count'));
    },
    importOrders: async (advertiserId, csv) =>
      (await (
        await send('POST', `${advertiserPath(advertiserId)}/shop/orders/import`, csv, 'text/csv')
      ).json()) as OrdersImported,
    async importAudience(advertiserId, file, query) {
      const search = new URLSearchParams(
        Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
      );
      const path = `${advertiserPath(advertiserId)}/audiences/customer-file?${search}`;
      return (await (await send('POST', path, fs.createReadStream(file), 'text/csv')).json()) as Audience;
    },
    listAudiences: (advertiserId) => call<AudienceList>('GET', `${advertiserPath(advertiserId)}/audiences`),
    seedDemo: async (seed, days) =>
      (await call<{ advertiser_id: string }>('POST', '/api/v1/sandbox/seed', { seed, days })).advertiser_id,
    async runScenario(scenario) {
      const result = await call<{ advertiser_id: string; hours: number }>(
        'POST',
        '/api/v1/sandbox/scenarios',
        scenario,
      );
      return { advertiserId: result.advertiser_id, hours: result.hours };
    },
    async advanceSandbox(advertiserId, hours) {
      const path = `/api/v1/sandbox/advertisers/${encodeURIComponent(advertiserId)}/advance`;
      return new Date((await call<{ simulated_until: string }>('POST', path, { hours })).simulated_until);
    },
    insights: (advertiserId, asOf, includeDismissed) => {
      const query = new URLSearchParams();
      if (asOf) query.set('as_of', asOf);
      if (includeDismissed) query.set('include', 'dismissed');
      const search = query.toString();
      return call<InsightList>(
        'GET',
        `${advertiserPath(advertiserId)}/insights${search ? `?${search}` : ''}`,
      );
    },
    troubleshoot: (advertiserId, adgroup, asOf) =>
      call<TroubleshootAnswer>(
        'GET',
        `${advertiserPath(advertiserId)}/adgroups/${encodeURIComponent(adgroup)}/troubleshoot${asOf ? `?as_of=${encodeURIComponent(asOf)}` : ''}`,
      ),
    listSchedules: async (advertiserId) =>
      (await call<{ schedules: Schedule[] }>('GET', `${advertiserPath(advertiserId)}/schedules`)).schedules,
    createSchedule: (advertiserId, body) =>
      call<Schedule>('POST', `${advertiserPath(advertiserId)}/schedules`, body),
    async runSchedule(scheduleId) {
      // The API names schedules under their advertiser: find it among those the token may see.
      for (const { advertiser_id } of await client.listAdvertisers()) {
        if (!(await client.listSchedules(advertiser_id)).some((s) => s.schedule_id === scheduleId)) continue;
        const path = `${advertiserPath(advertiser_id)}/schedules/${encodeURIComponent(scheduleId)}/send`;
        return (await call<{ delivery: Delivery }>('POST', path)).delivery;
      }
      throw notFound('Schedule', scheduleId);
    },
    close: async () => undefined,
  };
  return client;
}

/** The pixel found for a code given on the command line, or an error saying how to find the codes. */
function pixelWithCode<T>(code: string, pixel: T | null | undefined): T {
  if (!pixel) {
    throw new AppError('not_found', `No pixel has the code ${code}. List them with "adcockpit pixel list".`, [
      { field: '--pixel', message: `${code} unknown` },
    ]);
  }
  return pixel;
}

/** A file the server sent: its bytes, type and the name its Content-Disposition gives. */
async function fileOf(response: Response): Promise<ExportFile> {
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? '',
    filename: /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? '',
  };
}
