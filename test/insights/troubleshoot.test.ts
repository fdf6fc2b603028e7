// The delivery troubleshooting check: ad groups each held back by one cause in a simulated account get
// the right failing check (and the healthy one none), then the route (who may ask, bad input, OpenAPI) and
// `adcockpit troubleshoot --server …` against it. Checks that need a shape the sandbox cannot make in a
// month (a budget under TikTok's minimum, dayparting, tired ads) run on hand-built facts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../helpers/members.ts';
import { tempDir } from '../helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../src/app-context.ts';
import { listAdGroups } from '../../src/catalog/structure.ts';
import { readConfig } from '../../src/core/config.ts';
import { troubleshoot, troubleshootAdGroup } from '../../src/insights/troubleshoot.ts';
import { buildApp } from '../../src/server/app.ts';
import { type TroubleshootAnswer, TroubleshootAnswer as Answer } from '../../src/shared/insights-api.ts';
import { runScenario } from '../../src/sources/sandbox/bootstrap.ts';
import { readScenarioFile } from '../../src/sources/sandbox/scenario-file.ts';
import { buildView } from './build-view.ts';

const AS_OF = '2026-03-30';
type Member = Awaited<ReturnType<typeof memberWithToken>>;
let dataDir: string;
let ctx: AppContext;
let app: FastifyInstance;
let baseUrl: string;
let advertiserId: string;
let viewer: Member, outsider: Member;
const ids = new Map<string, string>();

beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  const scenario = readScenarioFile(path.join('test', 'insights', 'scenarios', 'troubleshoot.json'));
  advertiserId = (await runScenario(ctx.catalog, ctx.facts, scenario)).advertiserId;
  for (const g of await listAdGroups(ctx.catalog, advertiserId)) ids.set(g.adgroup_name, g.adgroup_id);
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

const failing = (a: TroubleshootAnswer) => a.checks.filter((c) => c.status === 'fail').map((c) => c.id);
const checkOf = (a: TroubleshootAnswer, id: string) => a.checks.find((c) => c.id === id)!;
const answer = (name: string) => troubleshootAdGroup(ctx, advertiserId, name, AS_OF);

describe('each cause gets its failing check', () => {
  test('a healthy ad group passes every check that applies', async () => {
    const a = await answer('Healthy');
    expect(failing(a)).toEqual([]);
    expect(a.checks.map((c) => c.id)).toEqual([
      'status',
      'review',
      'budget_minimum',
      'pacing',
      'bid',
      'audience',
      'schedule',
      'fatigue',
    ]);
    expect(checkOf(a, 'bid').status).toBe('not_applicable');
    expect(a.verdict).toBe('Nothing holds this ad group back.');
  });

  test('switched off: the status check, and the verdict names it', async () => {
    const a = await answer('Switched off');
    expect(failing(a)[0]).toBe('status');
    expect(a.verdict).toContain('the ad group is off');
    expect(checkOf(a, 'status').fix).toBe('Switch the ad group on.');
  });

  test('an ad stuck in review: the review check, with its age in hours', async () => {
    const a = await answer('Waiting for review');
    expect(failing(a)).toContain('review');
    const hours = checkOf(a, 'review').evidence.values.find((v) => v.name === 'oldest_review_hours')!;
    expect(hours.value as number).toBeGreaterThan(24 * 28);
    expect(checkOf(a, 'review').fix).toContain('24 hours');
  });

  test('a bid under the clearing cost: pacing and the bid, with the bid against the clearing CPM', async () => {
    const a = await answer('Low bid');
    expect(failing(a)).toEqual(['pacing', 'bid']);
    const values = Object.fromEntries(checkOf(a, 'bid').evidence.values.map((v) => [v.name, v.value]));
    expect(values.bid).toBe(0.2);
    expect(values.bid_cpm as number).toBeLessThan(0.85 * (values.clearing_cpm as number));
    expect(a.verdict).toMatch(/^Bid competitive\? No/);
  });

  test('a Narrow audience with a big budget: pacing and the audience, with the estimate and its label', async () => {
    const a = await answer('Tiny audience');
    expect(failing(a)).toEqual(['pacing', 'audience']);
    const values = Object.fromEntries(checkOf(a, 'audience').evidence.values.map((v) => [v.name, v.value]));
    expect(values).toMatchObject({ audience_size: 94_325, audience_label: 'Narrow' });
  });

  test('a schedule that has ended: the schedule check', async () => {
    const a = await answer('Ended');
    expect(failing(a)).toContain('schedule');
    expect(checkOf(a, 'schedule').evidence.text).toContain('ended 2026-03-20');
  });
});

describe('checks on hand-built facts', () => {
  test('a budget under TikTok’s minimum fails, naming both amounts', () => {
    const view = buildView([{ name: 'Small', group: 'Tiny budget', rates: () => ({}) }]);
    view.adGroups[0]!.budget_micros = 10_000_000n;
    const check = checkOf(troubleshoot(view, view.adGroups[0]!), 'budget_minimum');
    expect(check.status).toBe('fail');
    expect(check.evidence.text).toContain('10.00 USD a day is under 20.00 USD');
  });

  test('dayparting that is off at the moment judged warns; all hours off fails', () => {
    const view = buildView([{ name: 'Parted', group: 'Dayparted', rates: () => ({}) }]);
    // 2026-03-30 is a Monday; the view is judged at its last moment (23:59 on its clock).
    view.adGroups[0]!.dayparting = '1'.repeat(40) + '0'.repeat(8) + '1'.repeat(288);
    expect(checkOf(troubleshoot(view, view.adGroups[0]!), 'schedule').status).toBe('warn');
    view.adGroups[0]!.dayparting = '0'.repeat(336);
    expect(checkOf(troubleshoot(view, view.adGroups[0]!), 'schedule').status).toBe('fail');
  });

  test('tired ads warn in the fatigue check', () => {
    const slide = (a: number, b: number) => (d: number) => a + ((b - a) * d) / 29;
    const view = buildView([
      {
        name: 'Tired',
        rates: (d) => ({
          ctr: slide(0.03, 0.014)(d),
          hook: slide(0.4, 0.25)(d),
          frequency: slide(1.2, 3)(d),
        }),
      },
    ]);
    const check = checkOf(troubleshoot(view, view.adGroups[0]!), 'fatigue');
    expect(check.status).toBe('warn');
    expect(check.evidence.text).toContain('"Tired"');
  });
});

describe('GET /api/v1/advertisers/{id}/adgroups/{adgroupId}/troubleshoot', () => {
  const get = (url: string, headers: Record<string, string> = viewer.headers) =>
    app.inject({ method: 'GET', url, headers });
  const url = (adgroup: string, asOf = AS_OF) =>
    `/api/v1/advertisers/${advertiserId}/adgroups/${encodeURIComponent(adgroup)}/troubleshoot?as_of=${asOf}`;

  test('answers a viewer in the contract’s shape, by id or by exact name', async () => {
    const response = await get(url(ids.get('Low bid')!));
    expect(response.statusCode).toBe(200);
    const body = Answer.parse(response.json());
    expect(body).toEqual(await answer('Low bid'));
    expect((await get(url('Low bid'))).json()).toEqual(response.json());
  });

  test('refuses an outsider, an unknown ad group and a day not on the calendar', async () => {
    expect([403, 404]).toContain((await get(url('Low bid'), outsider.headers)).statusCode);
    const unknown = await get(url('No such group'));
    expect(unknown.statusCode).toBe(404);
    expect(JSON.stringify(unknown.json())).toContain('No such group');
    const bad = await get(url('Low bid', '2026-02-30'));
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('as_of');
  });

  test('is in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain(
      '/api/v1/advertisers/{advertiserId}/adgroups/{adgroupId}/troubleshoot',
    );
  });

  test('adcockpit troubleshoot --server prints the API’s JSON, and a table with each check', async () => {
    const run = (format: string) =>
      promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'troubleshoot',
          '--server',
          baseUrl,
          '--token',
          viewer.token,
          '--advertiser',
          'Troubleshooting',
          '--adgroup',
          'Tiny audience',
          '--as-of',
          AS_OF,
          '--format',
          format,
        ],
        { timeout: 60_000 },
      );
    const json = await run('json');
    expect(JSON.parse(json.stdout)).toEqual((await get(url('Tiny audience'))).json());
    const table = await run('table');
    expect(table.stdout).toMatch(/^FAIL\s+Audience large enough\s+94,325 people \(Narrow\)/m);
    expect(table.stdout).toMatch(/^PASS\s+Switched on/m);
  }, 120_000);
});
