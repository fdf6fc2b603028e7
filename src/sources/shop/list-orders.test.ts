// The orders list route over a real data directory (PGlite + DuckDB): the real Shopify export imported,
// plus webhook-shaped orders either side of midnight on the advertiser's clock, one with a ttclid and a
// refund. Days are the advertiser's, pages never overlap, totals cover the whole range.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../../test/helpers/members.ts';
import { tempDir } from '../../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../app-context.ts';
import { insertAdvertiser } from '../../catalog/advertisers.ts';
import { readConfig } from '../../core/config.ts';
import { buildApp } from '../../server/app.ts';
import { emptyBatch } from '../../warehouse/schema.ts';
import type { ShopOrderPage } from './list-orders.ts';
import { normaliseOrder } from './shopify-order.ts';

const ADV = '7300000000000000011';
let dataDir: string;
let ctx: AppContext;
let app: FastifyInstance;
let viewer: Awaited<ReturnType<typeof memberWithToken>>;

/** A webhook-shaped order, stored as the webhook handler stores it. */
async function storeWebhookOrder(order: {
  id: string;
  name: string;
  at: string;
  total: string;
  landing?: string;
  refund?: string;
}): Promise<void> {
  const normalised = normaliseOrder(
    {
      id: order.id,
      name: order.name,
      created_at: order.at,
      updated_at: order.at,
      total_price: order.total,
      currency: 'EUR',
      financial_status: order.refund ? 'partially_refunded' : 'paid',
      landing_site: order.landing ?? null,
      refunds: order.refund
        ? [
            {
              id: `9${order.id}`,
              order_id: order.id,
              created_at: order.at,
              transactions: [{ amount: order.refund, kind: 'refund', status: 'success' }],
            },
          ]
        : [],
    },
    ADV,
    'shopify_webhook',
  );
  if (!normalised.ok) throw new Error(JSON.stringify(normalised.problems));
  const batch = emptyBatch();
  batch.orders = [normalised.value.order];
  batch.refunds = normalised.value.refunds;
  await ctx.facts.append(batch);
}

beforeAll(async () => {
  dataDir = tempDir('adcockpit-shop-orders-');
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await insertAdvertiser(ctx.catalog, {
    advertiser_id: ADV,
    name: 'Snowboard Store',
    currency: 'EUR',
    timezone: 'America/New_York',
    source: 'import',
    product_value: null,
    margin: null,
  });
  app = await buildApp(ctx);
  const analyst = await memberWithToken(ctx.catalog, 'analyst', [ADV]);
  viewer = await memberWithToken(ctx.catalog, 'viewer', [ADV]);
  const csv = fs.readFileSync(path.resolve('test/fixtures/shopify/orders-export.csv'), 'utf8');
  const imported = await app.inject({
    method: 'POST',
    url: `/api/v1/advertisers/${ADV}/shop/orders/import`,
    headers: { ...analyst.headers, 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(imported.statusCode).toBe(200);
  // 23:30 in New York on the 13th is 03:30 UTC on the 14th: still the 13th on the advertiser's clock.
  await storeWebhookOrder({
    id: '7000000000001',
    name: '#2001',
    at: '2025-05-13T23:30:00-04:00',
    total: '80.00',
    landing: '/products/board?utm_source=tiktok&ttclid=E.C.P.abc123',
    refund: '20.00',
  });
  await storeWebhookOrder({
    id: '7000000000002',
    name: '#2002',
    at: '2025-05-14T00:10:00-04:00',
    total: '15.00',
    landing: '/products/board?ttclid=',
  });
}, 60_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const list = (query: string) =>
  app.inject({
    method: 'GET',
    url: `/api/v1/advertisers/${ADV}/shop/orders?${query}`,
    headers: viewer.headers,
  });

describe('GET …/shop/orders', () => {
  test('one day on the advertiser’s clock: its orders newest first, the late-evening webhook order included', async () => {
    const response = await list('from=2025-05-13&to=2025-05-13');
    expect(response.statusCode).toBe(200);
    const page = response.json() as ShopOrderPage;
    expect(page.orders.map((o) => o.order_name)).toEqual([
      '#2001',
      '#1012',
      '#1011',
      '#1010',
      '#1009',
      '#1008',
      '#1007',
      '#1006',
    ]);
    expect(page.total_orders).toBe(8);
    expect(page.next_offset).toBeNull();
    expect(page.totals).toEqual([{ currency: 'EUR', orders: 8, total: 6385.25, refunded: 20 }]);
    expect(page.orders_with_ttclid).toBe(1);
    expect(page.orders[0]).toMatchObject({
      created_at: '2025-05-14T03:30:00.000Z',
      total: 80,
      refunded: 20,
      financial_status: 'partially_refunded',
      source: 'shopify_webhook',
      has_ttclid: true,
    });
    expect(page.orders[1]).toMatchObject({ source: 'shopify_csv', refunded: 0, has_ttclid: false });
  });

  test('pages of three cover the range once each, in order; an empty ttclid does not count as a click', async () => {
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page = (
        await list(`from=2025-05-11&to=2025-05-31&limit=3&offset=${offset}`)
      ).json() as ShopOrderPage;
      expect(page.total_orders).toBe(21);
      seen.push(...page.orders.map((o) => o.order_name));
      offset = page.next_offset;
      pages++;
    }
    expect(pages).toBe(7);
    expect(new Set(seen).size).toBe(21);
    expect(seen[0]).toBe('#1019');
    expect(seen.at(-1)).toBe('#1001');
    const all = (await list('from=2025-05-11&to=2025-05-31&limit=500')).json() as ShopOrderPage;
    expect(all.orders.map((o) => o.order_name)).toEqual(seen);
    expect(all.orders.find((o) => o.order_name === '#2002')!.has_ttclid).toBe(false);
    expect(all.orders_with_ttclid).toBe(1);
    expect(all.totals[0]!.total).toBeCloseTo(14_089.04 + 95, 2);
  });

  test('a range with no orders is empty; a reversed range or a page too large is refused by field', async () => {
    const empty = (await list('from=2024-01-01&to=2024-01-31')).json() as ShopOrderPage;
    expect(empty).toMatchObject({ orders: [], total_orders: 0, totals: [], next_offset: null });
    const reversed = await list('from=2025-05-14&to=2025-05-13');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details[0].field).toBe('query.from');
    const tooMany = await list('from=2025-05-13&to=2025-05-13&limit=501');
    expect(tooMany.statusCode).toBe(400);
    const badDate = await list('from=2025-05-32&to=2025-06-01');
    expect(badDate.statusCode).toBe(400);
  });

  test('the OpenAPI document lists the route with its query', async () => {
    const doc = (
      await app.inject({ method: 'GET', url: '/api/openapi.json', headers: viewer.headers })
    ).json();
    const route = doc.paths['/api/v1/advertisers/{advertiserId}/shop/orders'].get;
    expect(route.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'offset', 'limit']),
    );
  });
});
