// GET /api/v1/advertisers/{id}/insights through the whole app and `adcockpit insights --server … --format
// json` against it: who may ask, bad dates, the same JSON from both, and the evidence's counts recomputed
// straight from the warehouse's hourly facts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../helpers/members.ts';
import { tempDir } from '../helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../src/app-context.ts';
import { readConfig } from '../../src/core/config.ts';
import { detectInsights } from '../../src/insights/detect.ts';
import { buildApp } from '../../src/server/app.ts';
import { InsightList } from '../../src/shared/insights-api.ts';
import { runScenario } from '../../src/sources/sandbox/bootstrap.ts';
import { readScenarioFile } from '../../src/sources/sandbox/scenario-file.ts';
import { ParamAllocator } from '../../src/warehouse/dialect.ts';
import { FACT_TABLES } from '../../src/warehouse/schema.ts';

const AS_OF = '2026-03-30';
type Member = Awaited<ReturnType<typeof memberWithToken>>;
let dataDir: string;
let ctx: AppContext;
let app: FastifyInstance;
let baseUrl: string;
let advertiserId: string;
let viewer: Member, outsider: Member;

beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  const scenario = readScenarioFile(path.join('test', 'insights', 'scenarios', 'landing-page.json'));
  advertiserId = (await runScenario(ctx.catalog, ctx.facts, scenario)).advertiserId;
  app = await buildApp(ctx);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  viewer = await memberWithToken(ctx.catalog, 'viewer', [advertiserId]);
  outsider = await memberWithToken(ctx.catalog, 'analyst', []);
}, 120_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = viewer.headers) =>
  app.inject({ method: 'GET', url, headers });
const url = (asOf = AS_OF) => `/api/v1/advertisers/${advertiserId}/insights?as_of=${asOf}`;

describe('GET /api/v1/advertisers/{id}/insights', () => {
  test('answers a viewer with the insights the runner finds, in the contract’s shape', async () => {
    const response = await get(url());
    expect(response.statusCode).toBe(200);
    const body = InsightList.parse(response.json());
    expect(body).toEqual(await detectInsights(ctx, advertiserId, AS_OF));
    expect(body.insights.map((i) => [i.code, i.entity_name])).toEqual([
      ['landing_page_mismatch', 'Broken page'],
    ]);
  });

  test('the evidence’s counts are the warehouse’s, summed over the stated window', async () => {
    const [insight] = InsightList.parse((await get(url())).json()).insights;
    const { from, to } = insight!.evidence.window;
    const p = new ParamAllocator(ctx.facts.dialect);
    const sql = `SELECT SUM(clicks) AS clicks, SUM(impressions) AS impressions, SUM(conversion) AS conversions
      FROM ${FACT_TABLES.hourly} WHERE advertiser_id = ${p.add(advertiserId)} AND ad_id = ${p.add(insight!.entity_id)}
      AND stat_date BETWEEN CAST(${p.add(from)} AS DATE) AND CAST(${p.add(to)} AS DATE)`;
    const [row] = await ctx.facts.query({ text: sql, values: p.values });
    const cvr = insight!.evidence.metrics.find((m) => m.metric === 'conversion_rate')!;
    const ctr = insight!.evidence.metrics.find((m) => m.metric === 'ctr')!;
    expect([cvr.numerator, cvr.denominator]).toEqual([Number(row!.conversions), Number(row!.clicks)]);
    expect([ctr.numerator, ctr.denominator]).toEqual([Number(row!.clicks), Number(row!.impressions)]);
  });

  test('refuses those who may not see the advertiser, and a day that is not on the calendar', async () => {
    expect([403, 404]).toContain((await get(url(), outsider.headers)).statusCode);
    const bad = await get(url('2026-02-30'));
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('as_of');
    expect((await get(`/api/v1/advertisers/nope/insights`)).statusCode).not.toBe(200);
  });

  test('is in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/v1/advertisers/{advertiserId}/insights');
  });

  test('adcockpit insights --server … --format json prints exactly the API’s JSON', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'insights',
        '--server',
        baseUrl,
        '--token',
        viewer.token,
        '--advertiser',
        'Insights: landing page',
        '--as-of',
        AS_OF,
        '--format',
        'json',
      ],
      { timeout: 60_000 },
    );
    expect(JSON.parse(stdout)).toEqual((await get(url())).json());
    expect(stdout).toBe(`${JSON.stringify((await get(url())).json(), null, 2)}\n`);
  }, 90_000);
});
