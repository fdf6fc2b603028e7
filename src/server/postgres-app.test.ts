// The whole application with its catalog on a PostgreSQL server instead of PGlite (DATABASE_URL).
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { memberWithToken, PASSWORD, signInSession } from '../../test/helpers/members.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { readConfig } from '../core/config.ts';
import { seedDemo } from '../sources/sandbox/bootstrap.ts';
import { buildApp } from './app.ts';

let ctx: AppContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let dataDir: string;

beforeAll(async () => {
  const schema = `app_${process.pid}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(inject('postgresUrl'));
  url.searchParams.set('options', `-c search_path=${schema}`);
  dataDir = tempDir();
  ctx = await openAppContext({ ...readConfig({ ADCOCKPIT_DATA_DIR: dataDir }), databaseUrl: url.toString() });
  await seedDemo(ctx.catalog, ctx.facts, {
    seed: 5,
    historyDays: 2,
    now: Date.parse('2026-05-02T12:00:00Z'),
  });
  app = await buildApp(ctx);
}, 120_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the catalog runs on PostgreSQL: demo, members, sessions, tokens, audit', async () => {
  expect(ctx.catalog.engine).toBe('postgres');
  const [advertiser] = await ctx.catalog.query<{ advertiser_id: string }>(
    'select advertiser_id from advertisers',
  );
  const analyst = await memberWithToken(
    ctx.catalog,
    'analyst',
    [advertiser!.advertiser_id],
    'ana@example.com',
  );
  const summary = await app.inject({
    method: 'GET',
    url: `/api/v1/advertisers/${advertiser!.advertiser_id}/summary?from=2026-05-01&to=2026-05-02`,
    headers: analyst.headers,
  });
  expect(summary.statusCode).toBe(200);
  expect(summary.json().metrics.spend.value).toBeGreaterThan(0);
  const { cookie, csrf } = await signInSession(app, 'ana@example.com', PASSWORD);
  const token = await app.inject({
    method: 'POST',
    url: '/api/v1/me/tokens',
    headers: { cookie, 'x-csrf-token': csrf },
    payload: { name: 'pg' },
  });
  expect(token.statusCode).toBe(200);
  for (let i = 0; i < 6; i++) {
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ana@example.com', password: 'wrong' },
      remoteAddress: '10.1.1.1',
    });
  }
  const locked = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'ana@example.com', password: PASSWORD },
    remoteAddress: '10.1.1.2',
  });
  expect(locked.statusCode).toBe(429);
  const audit = await ctx.catalog.query<{ action: string }>('select action from audit_log order by audit_id');
  expect(audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(['auth.login', 'token.create', 'auth.login_failed']),
  );
});
