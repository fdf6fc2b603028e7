// POST /api/v1/reports/query through the whole app: who may ask (the advertiser is in the body), the
// answer's shape, the OpenAPI document, and the older advertiser-scoped route answering from the same code.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { type AccountSpec, buildReportAccount } from '../../test/helpers/report-account.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { readConfig } from '../core/config.ts';
import { buildApp } from './app.ts';

const SPEC: AccountSpec = {
  seed: 5,
  advertiserId: 'adv_api',
  campaigns: 3,
  adGroupsPerCampaign: 1,
  adsPerAdGroup: 2,
  from: '2026-05-01',
  days: 6,
  hourChance: 0.3,
  maxSegments: 2,
  maxPeople: 10,
};
type Member = Awaited<ReturnType<typeof memberWithToken>>;
let dataDir: string;
let ctx: AppContext;
let app: FastifyInstance;
let viewer: Member, outsider: Member;

beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await buildReportAccount(ctx.facts, ctx.catalog, SPEC);
  app = await buildApp(ctx);
  viewer = await memberWithToken(ctx.catalog, 'viewer', [SPEC.advertiserId]);
  outsider = await memberWithToken(ctx.catalog, 'analyst', []);
}, 120_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const query = {
  advertiser_id: SPEC.advertiserId,
  from: '2026-05-01',
  to: '2026-05-03',
  dimensions: ['campaign'],
  metrics: ['spend', 'reach', 'frequency'],
  compare: { from: '2026-05-04', to: '2026-05-06' },
};
const post = (url: string, payload: unknown, headers: Record<string, string> = viewer.headers) =>
  app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });

describe('POST /api/v1/reports/query', () => {
  test('answers anyone who may see the advertiser, with columns, totals and the comparison', async () => {
    const response = await post('/api/v1/reports/query', query);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.columns.map((c: { id: string }) => c.id)).toEqual([
      'campaign',
      'campaign_name',
      'spend',
      'reach',
      'frequency',
    ]);
    expect(body.rows).toHaveLength(3);
    expect(body.currency).toBe('EUR');
    expect(body.compare.rows).toHaveLength(3);
    const summedReach = body.rows.reduce((sum: number, r: { reach: number }) => sum + r.reach, 0);
    expect(body.totals.reach).toBeLessThanOrEqual(summedReach);
    expect(body.totals.frequency).toBeGreaterThan(0);
  });

  test('an advertiser the caller may not see is a 404, as if it did not exist; no caller is a 401', async () => {
    const hidden = await post('/api/v1/reports/query', query, outsider.headers);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
    expect((await post('/api/v1/reports/query', query, {})).statusCode).toBe(401);
  });

  test('a body that breaks the schema is refused field by field', async () => {
    const response = await post('/api/v1/reports/query', {
      ...query,
      metrics: [],
      filters: [{ dimension: 'campaign', operator: 'like', values: ['x'] }],
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toContain('body.metrics');
    expect(fields.some((f: string) => f.startsWith('body.filters[0]'))).toBe(true);
  });

  test('is in the OpenAPI document with its body and answer', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: viewer.headers });
    const operation = response.json().paths['/api/v1/reports/query'].post;
    expect(operation.requestBody.content['application/json'].schema.properties).toHaveProperty('filters');
    expect(operation.responses[200].content['application/json'].schema.properties).toHaveProperty(
      'truncated',
    );
  });

  test('the advertiser-scoped route answers the same rows and totals', async () => {
    const { advertiser_id, compare, ...rest } = query;
    void compare;
    const older = await post(`/api/v1/advertisers/${advertiser_id}/reports/query`, rest);
    expect(older.statusCode).toBe(200);
    const newer = (await post('/api/v1/reports/query', { ...query, compare: undefined })).json();
    expect(older.json()).toEqual({ rows: newer.rows, totals: newer.totals });
  });
});
