// The reconciliation routes over HTTP on the simulated demo advertiser: answers that follow the contract and
// add up, the first-party attribution route agreeing with the reconciliation, the window replay refused for
// an advertiser that is not a sandbox, and bad dates refused with the field named.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { addDays } from '../core/dates.ts';
import {
  FirstPartyAttributionResponse,
  ReconciliationResponse,
  WindowReplayResponse,
} from '../shared/reconciliation-api.ts';
import { memberWithToken } from '../../test/helpers/members.ts';
import { seededContext, type SeededContext } from '../../test/helpers/seeded-context.ts';
import { expectChainAddsUp } from '../../test/helpers/waterfall.ts';
import { buildApp } from './app.ts';

const NOW = Date.parse('2026-06-15T18:00:00Z');
const TO = '2026-06-14';
const FROM = addDays(TO, -6);
const IMPORTED = 'adv_imported_shop';
let s: SeededContext;
let app: FastifyInstance;
let headers: Record<string, string>;

beforeAll(async () => {
  s = await seededContext({ days: 14, now: NOW });
  await insertAdvertiser(s.ctx.catalog, {
    advertiser_id: IMPORTED,
    name: 'Imported shop',
    currency: 'EUR',
    timezone: 'Europe/Amsterdam',
    source: 'import',
    product_value: null,
    margin: null,
  });
  app = await buildApp(s.ctx);
  ({ headers } = await memberWithToken(s.ctx.catalog, 'analyst', [s.advertiserId, IMPORTED]));
}, 180_000);
afterAll(async () => {
  await app.close();
  await s.dispose();
});

const get = async (url: string) => {
  const response = await app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json() };
};
const base = (id = s.advertiserId) => `/api/v1/advertisers/${id}`;

describe('reconciliation routes', () => {
  test('the reconciliation follows its contract, adds up, and agrees with the attribution route', async () => {
    const { status, body } = await get(`${base()}/reconciliation?from=${FROM}&to=${TO}`);
    expect(status).toBe(200);
    const rec = ReconciliationResponse.parse(body);
    expect(rec).toMatchObject({ sandbox: true, timezone: 'America/New_York', range: { from: FROM, to: TO } });
    expect(rec.totals.platform.purchases).toBeGreaterThan(0);
    expect(rec.totals.shop.orders).toBeGreaterThan(0);
    expectChainAddsUp(rec.platform_to_shop);
    expectChainAddsUp(rec.shop_to_attributable);
    expect(rec.windows.length).toBeGreaterThan(0);

    const attribution = FirstPartyAttributionResponse.parse(
      (await get(`${base()}/attribution?from=${FROM}&to=${TO}`)).body,
    );
    expect(attribution.ads).toEqual(rec.ads);
    expect(rec.ads.reduce((n, a) => n + a.platform_click_through, 0)).toBe(rec.totals.platform.click_through);
  });

  test("the window replay gives back the platform's purchases under the windows run", async () => {
    const rec = ReconciliationResponse.parse(
      (await get(`${base()}/reconciliation?from=${FROM}&to=${TO}`)).body,
    );
    const { status, body } = await get(
      `${base()}/reconciliation/window-replay?from=${FROM}&to=${TO}&click_window=ONE_DAY&view_window=OFF`,
    );
    expect(status).toBe(200);
    const replay = WindowReplayResponse.parse(body);
    expect(replay.as_run.purchases).toBe(rec.totals.platform.purchases);
    expect(replay.replayed.view_through).toBe(0);
  });

  test('a real advertiser gets a reconciliation of nothing, and no replay', async () => {
    const { status, body } = await get(`${base(IMPORTED)}/reconciliation?from=${FROM}&to=${TO}`);
    expect(status).toBe(200);
    expect(body.sandbox).toBe(false);
    expect(body.totals.shop.orders).toBe(0);
    const replay = await get(
      `${base(IMPORTED)}/reconciliation/window-replay?from=${FROM}&to=${TO}&click_window=ONE_DAY&view_window=OFF`,
    );
    expect(replay.status).toBe(400);
    expect(replay.body.error.details).toEqual([
      { field: 'params.advertiserId', message: 'not a sandbox advertiser' },
    ]);
  });

  test('bad dates and windows are refused with the field named', async () => {
    const reversed = await get(`${base()}/reconciliation?from=${TO}&to=${FROM}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].field).toBe('query.from');
    const long = await get(`${base()}/reconciliation?from=2025-01-01&to=${TO}`);
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].field).toBe('query.to');
    const malformed = await get(`${base()}/reconciliation?from=June&to=${TO}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe('query.from');
    const window = await get(
      `${base()}/reconciliation/window-replay?from=${FROM}&to=${TO}&click_window=3D&view_window=OFF`,
    );
    expect(window.status).toBe(400);
    expect(window.body.error.details[0].field).toBe('query.click_window');
    expect((await get(`${base('nobody')}/reconciliation?from=${FROM}&to=${TO}`)).status).toBe(404);
  });

  test('the OpenAPI document lists the three routes', async () => {
    const { body } = await get('/api/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/advertisers/{advertiserId}/reconciliation',
        '/api/v1/advertisers/{advertiserId}/attribution',
        '/api/v1/advertisers/{advertiserId}/reconciliation/window-replay',
      ]),
    );
  });
});
