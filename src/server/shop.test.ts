// The shop API over a real data directory (PGlite + DuckDB): the Shopify connection, the orders CSV
// import, and Shopify's order webhooks signed as Shopify signs them — Shopify itself is the only thing
// replaced, by requests that follow its contract (HMAC-SHA256 of the raw body, base64, in a header).
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { readConfig } from '../core/config.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';
import { buildApp } from './app.ts';

type Member = Awaited<ReturnType<typeof memberWithToken>>;
const ADV = '7300000000000000001';
const OTHER = '7300000000000000002';
const SECRET = 'shpss_0123456789abcdef0123456789abcdef';
const fixtures = path.resolve('test/fixtures/shopify');
const fixture = (name: string): string => fs.readFileSync(path.join(fixtures, name), 'utf8');
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

let dataDir: string;
let ctx: AppContext;
let app: FastifyInstance;
let analyst: Member, viewer: Member;

beforeAll(async () => {
  dataDir = tempDir('adcockpit-shop-');
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  for (const [id, name] of [
    [ADV, 'Snowboard Store'],
    [OTHER, 'Second Store'],
  ] as const) {
    await insertAdvertiser(ctx.catalog, {
      advertiser_id: id,
      name,
      currency: 'EUR',
      timezone: 'America/New_York',
      source: 'import',
      product_value: null,
      margin: null,
    });
  }
  app = await buildApp(ctx);
  analyst = await memberWithToken(ctx.catalog, 'analyst', [ADV, OTHER]);
  viewer = await memberWithToken(ctx.catalog, 'viewer', [ADV]);
}, 60_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const base = (adv = ADV) => `/api/v1/advertisers/${adv}/shop`;
const importCsv = (csv: string, who: Member = analyst, adv = ADV) =>
  app.inject({
    method: 'POST',
    url: `${base(adv)}/orders/import`,
    headers: { ...who.headers, 'content-type': 'text/csv' },
    payload: csv,
  });
const sign = (body: string, secret = SECRET): string =>
  createHmac('sha256', secret).update(body).digest('base64');
let deliveries = 0;
const deliver = (
  body: string,
  options: { topic?: string; hmac?: string | null; webhookId?: string; adv?: string } = {},
) => {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-shopify-topic': options.topic ?? 'orders/create',
    'x-shopify-shop-domain': 'snowboards.myshopify.com',
    'x-shopify-webhook-id': options.webhookId ?? `wh-${++deliveries}`,
    'x-shopify-api-version': '2024-07',
  };
  if (options.hmac !== null) headers['X-Shopify-Hmac-Sha256'] = options.hmac ?? sign(body);
  return app.inject({
    method: 'POST',
    url: `/webhooks/shopify/${options.adv ?? ADV}`,
    headers,
    payload: body,
  });
};
const rows = (sql: string) => ctx.facts.query({ text: sql, values: [] });
const orderRows = (adv = ADV) =>
  rows(
    `SELECT order_id, order_name, total_micros, currency, financial_status, source, CAST(cancelled_at AS VARCHAR) AS cancelled,
       landing_site, referring_site, customer_key, line_items FROM ${FACT_TABLES.orders} WHERE advertiser_id = '${adv}' ORDER BY order_id`,
  );

describe('the Shopify connection', () => {
  test('an analyst connects the store; the secret is never shown back; viewers may not; every change is audited', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: `${base()}/connection`,
      headers: viewer.headers,
      payload: { shop_domain: 'snowboards.myshopify.com', webhook_secret: SECRET },
    });
    expect(refused.statusCode).toBe(403);
    const badDomain = await app.inject({
      method: 'POST',
      url: `${base()}/connection`,
      headers: analyst.headers,
      payload: { shop_domain: 'www.snowboards.com', webhook_secret: SECRET },
    });
    expect(badDomain.statusCode).toBe(400);
    expect(badDomain.json().error.message).toContain('*.myshopify.com');

    const created = await app.inject({
      method: 'POST',
      url: `${base()}/connection`,
      headers: analyst.headers,
      payload: { shop_domain: 'https://Snowboards.myshopify.com/admin', webhook_secret: SECRET },
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      shop_domain: 'snowboards.myshopify.com',
      secret_hint: '…cdef',
      created_by: analyst.user.email,
      webhook_path: `/webhooks/shopify/${ADV}`,
    });
    expect(created.body).not.toContain(SECRET);
    const again = await app.inject({
      method: 'POST',
      url: `${base()}/connection`,
      headers: analyst.headers,
      payload: { shop_domain: 'snowboards.myshopify.com', webhook_secret: SECRET },
    });
    expect(again.statusCode).toBe(409);
    const seen = await app.inject({ method: 'GET', url: `${base()}/connection`, headers: viewer.headers });
    expect(seen.json().secret_hint).toBe('…cdef');
    const audited = await ctx.catalog.query<{ action: string; after: string }>(
      `select action, after::text as after from audit_log where target_type = 'shop_connection' order by audit_id`,
    );
    expect(audited.map((a) => a.action)).toEqual(['shop_connection.create']);
    expect(audited[0]!.after).not.toContain(SECRET);
  });
});

describe('the orders CSV import', () => {
  test('the real export is stored: 19 orders, 14,089.04 EUR; imported again, every order is replaced and none doubled', async () => {
    const csv = fixture('orders-export.csv');
    const first = await importCsv(csv);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      rows: 40,
      orders: 19,
      new_orders: 19,
      replaced_orders: 0,
      kept_newer: 0,
      refunds: 0,
      refunded: 0,
      totals: [{ currency: 'EUR', total: 14089.04 }],
    });
    const second = await importCsv(csv);
    expect(second.json()).toMatchObject({ orders: 19, new_orders: 0, replaced_orders: 19 });
    const [sum] = await rows(
      `SELECT COUNT(*) AS n, SUM(total_micros) AS total, SUM(line_items) AS items FROM ${FACT_TABLES.orders} WHERE advertiser_id = '${ADV}'`,
    );
    expect(sum).toEqual({ n: 19n, total: 14_089_040_000n, items: 40n });
    const audit = await ctx.catalog.query(`select 1 from audit_log where action = 'shop_orders.import'`);
    expect(audit).toHaveLength(2);
  });

  test('a file with bad rows answers each line and reason, and stores nothing', async () => {
    const lines = fixture('orders-export.bogus-gateway.csv').split('\n');
    lines[2] = lines[2]!.replace('2026-04-10 11:08:54 +0530', '2026-04-10 25:08:54 +0530');
    const response = await importCsv(lines.join('\n'), analyst, OTHER);
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.message).toContain('nothing was stored');
    expect(error.details).toEqual([
      {
        field: 'line 3, Created at',
        message: expect.stringContaining('not "2026-04-10 25:08:54 +0530" (order #1001)'),
      },
    ]);
    expect(await orderRows(OTHER)).toEqual([]);
    const viewerTry = await importCsv(fixture('orders-export.bogus-gateway.csv'), viewer);
    expect(viewerTry.statusCode).toBe(403);
    const asJson = await app.inject({
      method: 'POST',
      url: `${base()}/orders/import`,
      headers: analyst.headers,
      payload: { csv: 'x' },
    });
    expect(asJson.statusCode).toBe(415);
  });
});

describe('Shopify webhooks', () => {
  test("Shopify's canned orders/create sample is stored with its exact 18-digit id, already cancelled", async () => {
    const body = fixture('order-webhook.canned.json');
    const response = await deliver(body);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ outcome: 'stored' });
    const stored = (await orderRows()).find((o) => o.order_name === '#9999');
    expect(stored).toEqual({
      order_id: '820982911946154508',
      order_name: '#9999',
      total_micros: 1_575_900_000n,
      currency: 'USD',
      financial_status: 'voided',
      source: 'shopify_webhook',
      cancelled: '2024-06-26 16:33:21',
      landing_site: null,
      referring_site: null,
      customer_key: sha('jon@example.com'),
      line_items: 2,
    });
  });

  test('a real dev-store checkout: its landing site kept, an empty referring site stored as none', async () => {
    const response = await deliver(fixture('order-webhook.devstore-checkout.json'));
    expect(response.statusCode).toBe(200);
    const stored = (await orderRows()).find((o) => o.order_id === '2998548365461')!;
    expect(stored).toMatchObject({
      order_name: '#1029',
      total_micros: 60_330_000n,
      currency: 'AUD',
      financial_status: 'paid',
      referring_site: null,
      customer_key: sha('customer@example.com'),
      cancelled: null,
    });
    expect(String(stored.landing_site)).toMatch(/^\/\?_bt=eyJfcmFpbHMi/);
  });

  test('a bad or missing signature is refused with 401, logged, and stores nothing', async () => {
    const order = JSON.parse(fixture('order-webhook.devstore-checkout.json'));
    const body = JSON.stringify({ ...order, id: 1111, name: '#forged' });
    const wrongKey = await deliver(body, { hmac: sign(body, 'another-secret-entirely') });
    expect(wrongKey.statusCode).toBe(401);
    // Signed, then the body changed on the way: a signature is over the exact bytes.
    const tampered = await deliver(body.replace('"60.33"', '"0.01"'), { hmac: sign(body) });
    expect(tampered.statusCode).toBe(401);
    const missing = await deliver(body, { hmac: null });
    expect(missing.statusCode).toBe(401);
    expect((await orderRows()).some((o) => o.order_id === '1111')).toBe(false);
    const log = await app.inject({ method: 'GET', url: `${base()}/webhooks`, headers: viewer.headers });
    expect(
      log
        .json()
        .deliveries.slice(0, 3)
        .map((d: { outcome: string; detail: string }) => [d.outcome, d.detail]),
    ).toEqual([
      ['rejected', 'no X-Shopify-Hmac-Sha256 header'],
      ['rejected', 'X-Shopify-Hmac-Sha256 does not match the body under the stored webhook secret'],
      ['rejected', 'X-Shopify-Hmac-Sha256 does not match the body under the stored webhook secret'],
    ]);
  });

  test('orders/updated replaces the order; a retried webhook id is acknowledged without effect; an older version never wins', async () => {
    const order = JSON.parse(fixture('order-webhook.devstore-checkout.json'));
    const updated = JSON.stringify({
      ...order,
      updated_at: '2020-12-28T09:00:00+11:00',
      financial_status: 'partially_refunded',
      total_price: '50.00',
    });
    const first = await deliver(updated, { topic: 'orders/updated', webhookId: 'retry-me' });
    expect(first.json().outcome).toBe('stored');
    // Shopify retries the same delivery; even a different body under that id is not applied again.
    const retried = await deliver(JSON.stringify({ ...order, total_price: '1.00' }), {
      topic: 'orders/updated',
      webhookId: 'retry-me',
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json().outcome).toBe('duplicate');
    // The first orders/create arriving late (a new delivery id) is older than what is stored.
    await deliver(fixture('order-webhook.devstore-checkout.json'));
    const stored = (await orderRows()).filter((o) => o.order_id === '2998548365461');
    expect(stored).toEqual([
      expect.objectContaining({ total_micros: 50_000_000n, financial_status: 'partially_refunded' }),
    ]);
  });

  test('refunds/create adds a refund once; it takes the place of the CSV’s refunded total', async () => {
    const csv = [
      'Name,Id,Created at,Total,Currency,Refunded Amount,Financial Status',
      '#1029,2998548365461,2020-12-27 08:18:47 +1100,60.33,AUD,10.00,partially_refunded',
    ].join('\n');
    // The export's version of #1029 is older than the orders/updated stored above: the order stays as it is.
    expect((await importCsv(csv)).json()).toMatchObject({
      orders: 1,
      new_orders: 0,
      replaced_orders: 0,
      kept_newer: 1,
      refunds: 1,
      refunded: 10,
    });
    expect((await orderRows()).find((o) => o.order_id === '2998548365461')!.total_micros).toBe(50_000_000n);
    const refund = JSON.stringify({
      id: 800_100_200_300_400_500n.toString(),
      order_id: 2998548365461,
      created_at: '2020-12-29T10:00:00+11:00',
      processed_at: '2020-12-29T10:00:01+11:00',
      transactions: [
        { amount: '10.00', kind: 'refund', status: 'success' },
        { amount: '5.00', kind: 'refund', status: 'failure' },
      ],
    }).replace('"800100200300400500"', '800100200300400500');
    const response = await deliver(refund, { topic: 'refunds/create', webhookId: 'refund-1' });
    expect(response.json().outcome).toBe('stored');
    await deliver(refund, { topic: 'refunds/create', webhookId: 'refund-1' });
    const refunds = await rows(
      `SELECT refund_id, order_id, amount_micros, CAST(refunded_at AS VARCHAR) AS at, source FROM ${FACT_TABLES.refunds} WHERE advertiser_id = '${ADV}'`,
    );
    expect(refunds).toEqual([
      {
        refund_id: '800100200300400500',
        order_id: '2998548365461',
        amount_micros: 10_000_000n,
        at: '2020-12-28 23:00:01',
        source: 'shopify_webhook',
      },
    ]);
  });

  test('topics not used are acknowledged and ignored; unreadable payloads are 422; no connection is 404', async () => {
    const ignored = await deliver('{"id":1}', { topic: 'products/update' });
    expect([ignored.statusCode, ignored.json().outcome]).toEqual([200, 'ignored']);
    const unreadable = await deliver('{"id":"abc","name":"#1"}', { topic: 'orders/create' });
    expect(unreadable.statusCode).toBe(422);
    expect(unreadable.json().problems.map((p: { field: string }) => p.field)).toEqual([
      'id',
      'created_at',
      'total_price',
      'currency',
    ]);
    // Signed with the secret (an app's client secret signs every store's webhooks), from another store.
    const elsewhere = await app.inject({
      method: 'POST',
      url: `/webhooks/shopify/${ADV}`,
      headers: {
        'content-type': 'application/json',
        'shopify-topic': 'orders/create',
        'shopify-hmac-sha256': sign('{"id":2}'),
        'shopify-shop-domain': 'another-store.myshopify.com',
      },
      payload: '{"id":2}',
    });
    expect([elsewhere.statusCode, elsewhere.json().outcome]).toEqual([200, 'ignored']);
    const [latest] = (
      await app.inject({ method: 'GET', url: `${base()}/webhooks?limit=1`, headers: viewer.headers })
    ).json().deliveries;
    expect(latest.detail).toBe(
      'from another-store.myshopify.com, not the connected store snowboards.myshopify.com',
    );
    const nobody = await deliver(fixture('order-webhook.canned.json'), { adv: OTHER });
    expect(nobody.statusCode).toBe(404);
  });

  test('a rotated secret takes effect at once; deleting the connection refuses further deliveries', async () => {
    const rotated = await app.inject({
      method: 'PATCH',
      url: `${base()}/connection`,
      headers: analyst.headers,
      payload: { webhook_secret: 'a-brand-new-signing-secret' },
    });
    expect(rotated.json().secret_hint).toBe('…cret');
    const body = fixture('order-webhook.canned.json');
    expect((await deliver(body)).statusCode).toBe(401);
    expect((await deliver(body, { hmac: sign(body, 'a-brand-new-signing-secret') })).statusCode).toBe(200);
    const removed = await app.inject({
      method: 'DELETE',
      url: `${base()}/connection`,
      headers: analyst.headers,
    });
    expect(removed.statusCode).toBe(200);
    expect((await deliver(body, { hmac: sign(body, 'a-brand-new-signing-secret') })).statusCode).toBe(404);
    const actions = await ctx.catalog.query<{ action: string }>(
      `select action from audit_log where target_type = 'shop_connection' order by audit_id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'shop_connection.create',
      'shop_connection.rotate_secret',
      'shop_connection.delete',
    ]);
  });

  test('the OpenAPI document lists the shop routes, the import and the webhook included', async () => {
    const doc = (
      await app.inject({ method: 'GET', url: '/api/openapi.json', headers: viewer.headers })
    ).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/advertisers/{advertiserId}/shop/connection',
        '/api/v1/advertisers/{advertiserId}/shop/webhooks',
        '/api/v1/advertisers/{advertiserId}/shop/orders/import',
        '/webhooks/shopify/{advertiserId}',
      ]),
    );
  });
});
