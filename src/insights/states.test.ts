// Dismissing, snoozing and restoring insights through the real app (PGlite catalog, DuckDB facts, a sandbox
// scenario with a known broken landing page): what the list shows after each decision, across detector
// re-runs, as time passes, and who may decide.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { readConfig } from '../core/config.ts';
import { startOfLocalDay } from '../core/timezone.ts';
import { buildApp } from '../server/app.ts';
import { type Insight, InsightList, InsightStateChange } from '../shared/insights-api.ts';
import { runScenario } from '../sources/sandbox/bootstrap.ts';
import { readScenarioFile } from '../sources/sandbox/scenario-file.ts';
import { covers, listInsights, snoozeInsight } from './states.ts';

const AS_OF = '2026-03-30';
type Member = Awaited<ReturnType<typeof memberWithToken>>;
let dataDir: string;
let ctx: AppContext;
let app: FastifyInstance;
let advertiserId: string;
let editor: Member, viewer: Member;
let broken: Insight;

beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  const scenario = readScenarioFile(path.join('test', 'insights', 'scenarios', 'landing-page.json'));
  advertiserId = (await runScenario(ctx.catalog, ctx.facts, scenario)).advertiserId;
  app = await buildApp(ctx);
  editor = await memberWithToken(ctx.catalog, 'analyst', [advertiserId]);
  viewer = await memberWithToken(ctx.catalog, 'viewer', [advertiserId]);
  const { insights } = await listInsights(ctx, advertiserId, { asOf: AS_OF });
  broken = insights.find((i) => i.code === 'landing_page_mismatch')!;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const base = () => `/api/v1/advertisers/${advertiserId}/insights`;
const list = async (query = '', who: Member = viewer) => {
  const response = await app.inject({
    method: 'GET',
    url: `${base()}?as_of=${AS_OF}${query}`,
    headers: who.headers,
  });
  expect(response.statusCode).toBe(200);
  return InsightList.parse(response.json()).insights;
};
const post = (action: string, body: unknown, who: Member = editor) =>
  app.inject({ method: 'POST', url: `${base()}/${action}`, headers: who.headers, payload: body as object });
const keyOf = (i: Insight) => ({ code: i.code, level: i.level, entity_id: i.entity_id, since: i.since });
const shown = (insights: Insight[]) =>
  insights.filter((i) => i.entity_id === broken.entity_id && i.code === broken.code);

describe('dismiss, snooze and restore', () => {
  test('the scenario has the broken page to decide about', () => {
    expect(broken).toBeDefined();
    expect(broken.state).toBeUndefined();
  });

  test('a viewer may not dismiss: it hides the insight for the whole team', async () => {
    const response = await post('dismiss', keyOf(broken), viewer);
    expect(response.statusCode).toBe(403);
    expect(shown(await list())).toHaveLength(1);
  });

  test('a dismissed insight leaves the list, stays out on a re-run, and is listed with its state on request', async () => {
    const response = await post('dismiss', keyOf(broken));
    expect(response.statusCode).toBe(200);
    const change = InsightStateChange.parse(response.json());
    expect(change.state).toMatchObject({ status: 'dismissed', by: 'analyst', until: null });

    // Each GET runs the detectors again over the facts: the same onset, the same key.
    expect(shown(await list())).toEqual([]);
    expect(shown(await list())).toEqual([]);
    const all = shown(await list('&include=dismissed'));
    expect(all).toHaveLength(1);
    expect(all[0]!.state).toMatchObject({ status: 'dismissed', by: 'analyst' });
    expect(Date.parse(all[0]!.state!.at)).toBeGreaterThan(Date.now() - 60_000);
    // Apart from the state, it is the insight as the detectors found it.
    expect({ ...all[0]!, state: undefined }).toEqual({ ...broken, state: undefined });
  });

  test('restore opens it again; restoring what is open says there is nothing to restore', async () => {
    const response = await post('restore', keyOf(broken));
    expect(response.statusCode).toBe(200);
    expect(InsightStateChange.parse(response.json()).state).toBeNull();
    expect(shown(await list())).toEqual([broken]);
    const again = await post('restore', keyOf(broken));
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toContain('neither dismissed nor snoozed');
  });

  test('a snooze hides it until its day and expires on that day', async () => {
    const today = '2030-01-10';
    const nowMs = startOfLocalDay(today, 'America/New_York') + 12 * 3_600_000;
    const actor = { label: editor.user.email, userId: editor.user.user_id, ip: null };
    await snoozeInsight(ctx.catalog, advertiserId, { ...keyOf(broken), until: '2030-01-17' }, actor, nowMs);
    const at = (day: string) => startOfLocalDay(day, 'America/New_York') + 3_600_000;
    const open = async (ms: number) =>
      shown((await listInsights(ctx, advertiserId, { asOf: AS_OF, nowMs: ms })).insights);
    expect(await open(nowMs)).toEqual([]);
    expect(await open(at('2030-01-16'))).toEqual([]);
    expect(await open(at('2030-01-17'))).toEqual([broken]);
    const marked = (await listInsights(ctx, advertiserId, { asOf: AS_OF, nowMs, includeDismissed: true }))
      .insights;
    expect(shown(marked)[0]!.state).toMatchObject({ status: 'snoozed', until: '2030-01-17' });
    expect((await post('restore', keyOf(broken))).statusCode).toBe(200);
  });

  test('a snooze must end after today; a key must name an entity of the advertiser', async () => {
    const past = await post('snooze', { ...keyOf(broken), until: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details).toEqual([expect.objectContaining({ field: 'body.until' })]);
    const nobody = await post('dismiss', { ...keyOf(broken), entity_id: 'no-such-ad' });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.details).toEqual([expect.objectContaining({ field: 'body.entity_id' })]);
    const badDay = await post('dismiss', { ...keyOf(broken), since: '2026-02-30' });
    expect(badDay.statusCode).toBe(400);
    expect(shown(await list())).toEqual([broken]);
  });

  test('adcockpit insights --include-dismissed --format json prints the API’s JSON, states and all', async () => {
    expect((await post('dismiss', keyOf(broken))).statusCode).toBe(200);
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
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
        advertiserId,
        '--as-of',
        AS_OF,
        '--include-dismissed',
        '--format',
        'json',
      ],
      { timeout: 60_000 },
    );
    const api = await app.inject({
      method: 'GET',
      url: `${base()}?as_of=${AS_OF}&include=dismissed`,
      headers: viewer.headers,
    });
    expect(stdout).toBe(`${JSON.stringify(api.json(), null, 2)}\n`);
    expect(shown(InsightList.parse(JSON.parse(stdout)).insights)[0]!.state?.status).toBe('dismissed');
    expect((await post('restore', keyOf(broken))).statusCode).toBe(200);
  }, 90_000);

  test('the routes are in the OpenAPI document', async () => {
    const doc = (
      await app.inject({ method: 'GET', url: '/api/openapi.json', headers: viewer.headers })
    ).json() as {
      paths: Record<string, unknown>;
    };
    for (const action of ['dismiss', 'snooze', 'restore']) {
      expect(Object.keys(doc.paths)).toContain(`/api/v1/advertisers/{advertiserId}/insights/${action}`);
    }
  });
});

describe('which onsets a decision covers', () => {
  const dismissal = {
    status: 'dismissed' as const,
    since: '2026-03-12',
    snoozed_until: null,
    acted_on: '2026-03-30',
  };
  test('the same problem with its onset moved by a re-run stays dismissed', () => {
    expect(covers(dismissal, { since: '2026-03-12' }, '2026-04-02')).toBe(true);
    expect(covers(dismissal, { since: '2026-03-10' }, '2026-04-02')).toBe(true);
    expect(covers(dismissal, { since: '2026-03-14' }, '2026-04-02')).toBe(true);
    expect(covers(dismissal, { since: '2026-03-30' }, '2026-04-02')).toBe(true);
  });
  test('the problem coming back after the dismissal is a new episode and shows', () => {
    expect(covers(dismissal, { since: '2026-03-31' }, '2026-04-02')).toBe(false);
  });
  test('an onset later than the day it was dismissed (history judged after the fact) is still covered', () => {
    expect(
      covers(
        { ...dismissal, since: '2026-05-01', acted_on: '2026-04-01' },
        { since: '2026-05-01' },
        '2026-05-02',
      ),
    ).toBe(true);
  });
  test('a snooze covers until its day, not on it', () => {
    const snooze = { ...dismissal, status: 'snoozed' as const, snoozed_until: '2026-04-05' };
    expect(covers(snooze, { since: '2026-03-12' }, '2026-04-04')).toBe(true);
    expect(covers(snooze, { since: '2026-03-12' }, '2026-04-05')).toBe(false);
  });
});
