// The report templates and exports API over a simulated advertiser: who may read and write, files out and
// back in, and exported reports opened as a spreadsheet program would.
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { seededContext, type SeededContext } from '../../test/helpers/seeded-context.ts';
import { localToday } from '../core/timezone.ts';
import { resolvePreset } from '../core/dates.ts';
import { queryReport } from '../reports/query-report.ts';
import { buildApp } from './app.ts';

type Member = Awaited<ReturnType<typeof memberWithToken>>;
let s: SeededContext;
let app: FastifyInstance;
let admin: Member, analyst: Member, viewer: Member, outsider: Member;
const range = { from: '2026-04-08', to: '2026-04-10' };

beforeAll(async () => {
  s = await seededContext({ days: 3, now: Date.parse('2026-04-10T20:00:00Z') });
  app = await buildApp(s.ctx);
  admin = await memberWithToken(s.ctx.catalog, 'admin');
  analyst = await memberWithToken(s.ctx.catalog, 'analyst', [s.advertiserId]);
  viewer = await memberWithToken(s.ctx.catalog, 'viewer', [s.advertiserId]);
  outsider = await memberWithToken(s.ctx.catalog, 'analyst', []);
}, 120_000);
afterAll(async () => {
  await app.close();
  await s.dispose();
});

const base = () => `/api/v1/advertisers/${s.advertiserId}/report-templates`;
const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  who: Member,
  payload?: Record<string, unknown>,
) => app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload }) });

interface Template {
  template_id: string;
  name: string;
  builtin: boolean;
  definition: { metrics: string[]; dimensions: string[] };
}
const templates = async (who: Member = viewer): Promise<Template[]> =>
  (await call('GET', base(), who)).json().templates;
const named = async (name: string) => (await templates()).find((t) => t.name === name)!;

const openXlsx = async (body: Buffer) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
};

describe('the report templates API', () => {
  test('everyone on the advertiser reads the built-ins; analysts save, rename, duplicate and delete', async () => {
    const builtins = await templates();
    expect(builtins.map((t) => [t.name, t.builtin])).toEqual([
      ['Creative Performance', true],
      ['Funnel Analysis', true],
    ]);
    expect(builtins[0]!.definition.dimensions).toEqual(['ad']);

    const created = await call('POST', base(), analyst, {
      name: 'Daily spend',
      definition: { dimensions: ['day'], metrics: ['spend', 'cc_landing_to_cart_rate'] },
    });
    expect(created.statusCode).toBe(200);
    const t = created.json();
    expect(t).toMatchObject({
      name: 'Daily spend',
      builtin: false,
      created_by: analyst.user.email,
      definition: { dates: { preset: 'last_7_days' }, compare: 'none', chart: { type: 'none' } },
    });
    expect((await call('GET', `${base()}/${t.template_id}`, viewer)).json().name).toBe('Daily spend');

    const renamed = await call('PATCH', `${base()}/${t.template_id}`, admin, { name: 'Spend by day' });
    expect(renamed.json()).toMatchObject({ name: 'Spend by day', modified_by: admin.user.email });
    const copy = await call('POST', `${base()}/${t.template_id}/duplicate`, analyst, {});
    expect(copy.json()).toMatchObject({ name: 'Spend by day (copy)', builtin: false });
    const builtinCopy = await call('POST', `${base()}/${builtins[1]!.template_id}/duplicate`, analyst, {
      name: 'Our funnel',
    });
    expect(builtinCopy.json()).toMatchObject({ name: 'Our funnel', builtin: false });

    const taken = await call('PATCH', `${base()}/${copy.json().template_id}`, analyst, {
      name: 'spend BY day',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.details).toEqual([{ field: 'body.name', message: 'is taken' }]);
    const empty = await call('PATCH', `${base()}/${t.template_id}`, analyst, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('change the name or the definition');

    for (const id of [t.template_id, copy.json().template_id, builtinCopy.json().template_id])
      expect((await call('DELETE', `${base()}/${id}`, analyst)).json()).toEqual({ deleted: id });
    expect((await call('GET', `${base()}/${t.template_id}`, viewer)).statusCode).toBe(404);
    expect((await templates()).map((x) => x.name)).toEqual(['Creative Performance', 'Funnel Analysis']);
  });

  test('an unknown metric or a bad definition is refused at its field', async () => {
    const response = await call('POST', base(), analyst, {
      name: 'Bad',
      definition: { metrics: ['spend', 'cpx'], dimensions: ['nope'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ field: 'body.definition.dimensions[0]' }),
    ]);
    const unknown = await call('POST', base(), analyst, {
      name: 'Bad',
      definition: { metrics: ['spend', 'cpx'] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'unknown_metric',
      details: [{ field: 'body.definition.metrics[1]', message: expect.stringContaining('"cpx"') }],
    });
  });

  test('viewers read but do not write; someone not on the advertiser does not see it at all', async () => {
    const funnel = await named('Funnel Analysis');
    for (const [method, url, payload] of [
      ['POST', base(), { name: 'X', definition: { metrics: ['spend'] } }],
      ['PATCH', `${base()}/${funnel.template_id}`, { name: 'Y' }],
      ['DELETE', `${base()}/${funnel.template_id}`, undefined],
      ['POST', `${base()}/${funnel.template_id}/duplicate`, {}],
    ] as const) {
      const response = await call(method, url, viewer, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect((await call(method, url, outsider, payload)).statusCode, `${method} ${url}`).toBe(404);
    }
    for (const url of [base(), `${base()}/${funnel.template_id}/file`])
      expect((await call('GET', url, outsider)).statusCode).toBe(404);
  });

  test('a template goes out as a file with its columns and comes back in, or is refused whole', async () => {
    const funnel = await named('Funnel Analysis');
    const file = (await call('GET', `${base()}/${funnel.template_id}/file`, viewer)).json();
    expect(file).toMatchObject({ format: 'adcockpit.report-template', version: 1, name: 'Funnel Analysis' });
    expect(file.custom_columns.map((c: { id: string }) => c.id)).toEqual([
      'cc_landing_to_cart_rate',
      'cc_cart_to_checkout_rate',
      'cc_checkout_to_purchase_rate',
    ]);

    const sameName = await call('POST', `${base()}/import`, analyst, file);
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.details).toEqual([
      { field: 'body.name', message: expect.stringContaining('already has a report template named') },
    ]);

    const changed = structuredClone(file);
    changed.name = 'Funnel (imported)';
    changed.custom_columns[1].formula = 'initiate_checkout / clicks';
    const clash = await call('POST', `${base()}/import`, analyst, changed);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.details[0]).toMatchObject({ field: 'body.custom_columns[1].formula' });

    const malformed = await call('POST', `${base()}/import`, analyst, { ...file, format: 'csv' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].field).toBe('body.format');
    expect((await templates()).map((t) => t.name)).toEqual(['Creative Performance', 'Funnel Analysis']);

    const imported = await call('POST', `${base()}/import`, analyst, { ...file, name: 'Funnel (imported)' });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({
      template: { name: 'Funnel (imported)', builtin: false, created_by: analyst.user.email },
      created_columns: [],
      reused_columns: ['cc_landing_to_cart_rate', 'cc_cart_to_checkout_rate', 'cc_checkout_to_purchase_rate'],
    });
    await call('DELETE', `${base()}/${imported.json().template.template_id}`, analyst);
  });
});

describe('exports', () => {
  test('a template runs into an XLSX named after the advertiser, the template and the dates', async () => {
    const creative = await named('Creative Performance');
    const response = await app.inject({
      method: 'GET',
      url: `${base()}/${creative.template_id}/export?format=xlsx&from=${range.from}&to=${range.to}`,
      headers: viewer.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toContain(
      'filename="northwind-outdoor-sandbox-creative-performance-2026-04-08_2026-04-10.xlsx"',
    );
    const sheet = await openXlsx(response.rawPayload);
    expect(sheet.name).toBe('Creative Performance');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['Ad ID', 'Ad', 'Cost', 'Impressions', 'CTR (destination)']);
    expect(header).toContain('Completion per Hook');

    const expected = await queryReport(s.ctx, {
      advertiser_id: s.advertiserId,
      ...range,
      dimensions: ['ad'],
      metrics: creative.definition.metrics,
      filters: [],
      sort: { by: 'spend', direction: 'desc' },
    });
    expect(expected.rows.length).toBeGreaterThan(1);
    expect(sheet.rowCount).toBe(expected.rows.length + 2);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe(expected.rows[0]!.ad);
    expect(first.getCell(3).value).toBeCloseTo(expected.rows[0]!.spend as number, 6);
    expect(first.getCell(3).numFmt).toBe('"$"#,##0.00');
    expect(first.getCell(5).numFmt).toBe('0.00%');
    const totals = sheet.getRow(sheet.rowCount);
    expect(totals.getCell(1).value).toBe('Total');
    expect(totals.getCell(3).value).toBeCloseTo(expected.totals.spend!, 6);
  });

  test('without dates a template exports its own: the preset on the advertiser’s today', async () => {
    const funnel = await named('Funnel Analysis');
    const response = await call('GET', `${base()}/${funnel.template_id}/export?format=csv`, viewer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const { from, to } = resolvePreset('last_7_days', localToday('America/New_York'));
    expect(response.headers['content-disposition']).toContain(
      `northwind-outdoor-sandbox-funnel-analysis-${from}_${to}.csv`,
    );
    expect(response.body.split('\r\n')[0]).toBe(
      'Campaign ID,Campaign,Cost,Cost per landing page view,Cost per add to cart,ROAS,CVR,Add to Cart Rate,Checkout Rate,Purchase Rate',
    );
    const half = await call('GET', `${base()}/${funnel.template_id}/export?from=2026-04-01`, viewer);
    expect(half.statusCode).toBe(400);
    expect(half.json().error.details).toEqual([{ field: 'query.to', message: 'is missing' }]);
  });

  test('POST /api/v1/reports/export turns any report query into CSV or XLSX', async () => {
    const query = {
      advertiser_id: s.advertiserId,
      ...range,
      dimensions: ['day', 'campaign'],
      metrics: ['spend', 'impressions', 'ctr'],
    };
    const csv = await call('POST', '/api/v1/reports/export', viewer, { query, format: 'csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain(
      'filename="northwind-outdoor-sandbox-report-2026-04-08_2026-04-10.csv"',
    );
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('Day,Campaign ID,Campaign,Cost,Impressions,CTR (destination)');
    expect(lines.at(-1)).toMatch(/^Total,,,[\d.]+,\d+,0\.\d+$/);

    const xlsx = await app.inject({
      method: 'POST',
      url: '/api/v1/reports/export',
      headers: viewer.headers,
      payload: { query, format: 'xlsx' },
    });
    const sheet = await openXlsx(xlsx.rawPayload);
    expect(sheet.name).toBe('Report');
    expect(sheet.getCell('A2').value).toEqual(new Date('2026-04-08T00:00:00Z'));
    expect(sheet.getCell('E2').numFmt).toBe('#,##0');
    expect(sheet.rowCount).toBe(lines.length);

    const hidden = await call('POST', '/api/v1/reports/export', outsider, { query, format: 'csv' });
    expect(hidden.statusCode).toBe(404);
    const bad = await call('POST', '/api/v1/reports/export', viewer, { query, format: 'pdf' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('body.format');
  });

  test('the OpenAPI document lists the template routes and the exports as files', async () => {
    const doc = (await call('GET', '/api/openapi.json', viewer)).json();
    const paths = doc.paths as Record<string, Record<string, { responses: { 200: { content: object } } }>>;
    for (const path of [
      '/api/v1/advertisers/{advertiserId}/report-templates',
      '/api/v1/advertisers/{advertiserId}/report-templates/{templateId}',
      '/api/v1/advertisers/{advertiserId}/report-templates/{templateId}/duplicate',
      '/api/v1/advertisers/{advertiserId}/report-templates/{templateId}/file',
      '/api/v1/advertisers/{advertiserId}/report-templates/import',
    ])
      expect(paths[path], path).toBeDefined();
    expect(Object.keys(paths['/api/v1/reports/export']!.post!.responses[200].content)).toEqual([
      'text/csv; charset=utf-8',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(
      Object.keys(
        paths['/api/v1/advertisers/{advertiserId}/report-templates/{templateId}/export']!.get!.responses[200]
          .content,
      ),
    ).toHaveLength(2);
  });
});

describe('re-seeding the sandbox', () => {
  test('keeps the team’s templates and does not give the built-ins twice', async () => {
    const saved = await call('POST', base(), analyst, {
      name: 'Kept',
      definition: { metrics: ['spend', 'cc_completion_per_hook'] },
    });
    expect(saved.statusCode).toBe(200);
    const funnel = await named('Funnel Analysis');
    await call('DELETE', `${base()}/${funnel.template_id}`, analyst);
    const seeded = await call('POST', '/api/v1/sandbox/seed', admin, { days: 1, seed: 7 });
    expect(seeded.statusCode).toBe(200);
    expect(seeded.json().advertiser_id).toBe(s.advertiserId);
    const after = await templates();
    expect(after.map((t) => t.name)).toEqual(['Creative Performance', 'Kept']);
    expect(after.find((t) => t.name === 'Kept')).toMatchObject({
      template_id: saved.json().template_id,
      created_by: analyst.user.email,
    });
  }, 60_000);
});
