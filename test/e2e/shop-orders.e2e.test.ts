// Assets → Events → Shop orders in a real Chromium against the real server and its demo advertiser. The
// owner connects a Shopify store and copies the webhook URL; Shopify is replaced by requests that follow
// its contract (HMAC-SHA256 of the raw body under the store's secret, base64, in X-Shopify-Hmac-Sha256):
// a signed orders/create arrives in the deliveries and the orders table, a forged one shows as refused.
// The owner imports Shopify's real sample export and sees its counts and orders, drops a broken file and
// sees each refused line; a viewer sees the store but no control; the owner changes the secret (the old one
// no longer signs) and disconnects with confirmation.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays } from '../../src/core/dates.ts';
import type { AdvertiserInfo } from '../../src/shared/api.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'shop orders e2e password' };
const SECRET = 'shpss_e2e0123456789abcdef0123456789ab';
const FIXTURES = path.resolve('test/fixtures/shopify');
const SAMPLE_EXPORT = path.join(FIXTURES, 'orders-export.csv');

let journey: OwnerJourney;
let server: RunningServer;
let page: Page;
let demo: AdvertiserInfo;
let webhookUrl = '';

async function shot(name: string, target: Page = page): Promise<void> {
  await target.waitForTimeout(250);
  await target.screenshot({ path: screenshotPath(`shop-${name}`), fullPage: false });
}

const shopView = (query: string) =>
  `${server.url}/assets/events/shop?advertiser=${demo.advertiser_id}&${query}`;

/** Posts a webhook as Shopify does: the raw body signed with the secret (base64 HMAC-SHA256). */
async function deliver(body: string, secret: string, webhookId: string): Promise<number> {
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': 'orders/create',
      'X-Shopify-Shop-Domain': 'e2e-snowboards.myshopify.com',
      'X-Shopify-Webhook-Id': webhookId,
      'X-Shopify-API-Version': '2025-07',
      'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body).digest('base64'),
    },
    body,
  });
  return response.status;
}

beforeAll(async () => {
  journey = await openOwnerJourney({ name: 'shop', seedDays: 21, owner: OWNER, clipboard: true });
  ({ server, page, demo } = journey);
});

afterAll(() => journey?.close());

describe('Shop orders', () => {
  test('the view is listed after Shop reconciliation; the owner connects the store and copies the webhook URL', async () => {
    await page.goto(shopView(`from=${demo.today}&to=${demo.today}`));
    await page.waitForSelector('[data-testid=shop-connect-form]', { timeout: 30_000 });
    const views = await page.locator('.assets-views a').allTextContents();
    expect(views.slice(-2)).toEqual(['Shop reconciliation', 'Shop orders']);

    // Nothing filled: each field says what it needs, and nothing is sent.
    await page.getByRole('button', { name: 'Connect store' }).click();
    await expect
      .poll(() => page.locator('[data-field-error=shop_domain]').textContent())
      .toContain('myshopify.com');
    expect(await page.locator('[data-field-error=webhook_secret]').textContent()).toContain('signing secret');
    // A domain that is no Shopify store is refused by the server, next to the field.
    await page.fill('input[name=shop_domain]', 'www.snowboards.com');
    await page.fill('input[name=webhook_secret]', SECRET);
    await page.getByRole('button', { name: 'Connect store' }).click();
    await expect
      .poll(() => page.locator('[data-field-error=shop_domain]').textContent())
      .toContain('myshopify.com');
    await shot('connect-form');

    // The store name alone is enough: it becomes the *.myshopify.com domain.
    await page.fill('input[name=shop_domain]', 'e2e-snowboards');
    await page.getByRole('button', { name: 'Connect store' }).click();
    await expect
      .poll(() => page.getByTestId('shop-domain').textContent())
      .toBe('e2e-snowboards.myshopify.com');
    expect(await page.getByTestId('shop-secret-hint').textContent()).toBe(`…${SECRET.slice(-4)}`);
    expect(await page.locator('body').textContent()).not.toContain(SECRET);
    const steps = (await page.getByTestId('shop-steps').textContent()) ?? '';
    for (const topic of ['orders/create', 'orders/updated', 'orders/cancelled', 'refunds/create']) {
      expect(steps).toContain(topic);
    }
    // Served over plain http on this machine: the screen says Shopify cannot reach it.
    expect(await page.locator('.shop-warning').textContent()).toContain('plain http');

    await page.getByTestId('shop-copy-webhook-url').click();
    webhookUrl = await page.evaluate(() => navigator.clipboard.readText());
    expect(webhookUrl).toBe(`${server.url}/webhooks/shopify/${demo.advertiser_id}`);
    expect(await page.getByTestId('shop-webhook-url').inputValue()).toBe(webhookUrl);
    await expect.poll(() => page.getByTestId('shop-deliveries-empty').count()).toBe(1);
    await shot('connected');
  });

  test('a signed orders/create lands in the deliveries and the orders table; a forged one shows as a bad signature', async () => {
    const createdAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, '+00:00');
    // Shopify's ids pass what a JavaScript number holds: written raw into the body, as Shopify sends them.
    const order = JSON.stringify({
      id: 'ORDER_ID',
      name: '#5001',
      email: 'buyer@example.com',
      created_at: createdAt,
      updated_at: createdAt,
      total_price: '129.90',
      currency: demo.currency,
      financial_status: 'paid',
      landing_site: '/products/snowboard?utm_source=tiktok&ttclid=E2E.click.5001',
      source_name: 'web',
      line_items: [{ quantity: 1, price: '129.90' }],
    }).replace('"ORDER_ID"', '820982911946159001');
    expect(await deliver(order, SECRET, 'e2e-webhook-1')).toBe(200);
    const forged = order.replace('#5001', '#6666').replace('129.90', '9999.00');
    expect(await deliver(forged, 'not the store secret', 'e2e-webhook-2')).toBe(401);

    // The screen asks again on its own; a reload shows it at once.
    await page.reload();
    const rows = page.locator('[data-testid=shop-deliveries-table] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(await rows.nth(0).getAttribute('data-outcome')).toBe('rejected');
    expect(await rows.nth(0).textContent()).toContain('Bad signature');
    expect(await rows.nth(1).getAttribute('data-outcome')).toBe('stored');
    expect(await rows.nth(1).textContent()).toContain('#5001');
    expect(await page.getByTestId('shop-rejected-count').textContent()).toContain('1 with a bad signature');

    const orderRow = page.locator('[data-testid=shop-orders-rows] tr[data-order="#5001"]');
    await orderRow.waitFor({ timeout: 20_000 });
    const text = (await orderRow.textContent()) ?? '';
    expect(text).toContain('Webhook');
    expect(text).toContain('ttclid');
    expect(text).toContain('129.90');
    expect(await page.locator('[data-testid=shop-orders-rows] tr[data-order="#6666"]').count()).toBe(0);
    // The store now delivers: the set-up steps fold away.
    expect(await page.getByTestId('shop-steps').getAttribute('open')).toBeNull();
    await page.getByTestId('shop-deliveries').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -60));
    await shot('webhook-delivered');
  });

  test('the sandbox shop’s hundreds of orders page a hundred at a time, as the API lists them', async () => {
    const from = addDays(demo.today, -20);
    const to = demo.today;
    await page.goto(shopView(`from=${from}&to=${to}`));
    const list = (offset: number) =>
      pageApi<{ total_orders: number; orders: { order_name: string }[] }>(
        page,
        server.url,
        'GET',
        `/advertisers/${demo.advertiser_id}/shop/orders?from=${from}&to=${to}&offset=${offset}&limit=100`,
      );
    const first = await list(0);
    expect(first.total_orders).toBeGreaterThan(200);
    const total = first.total_orders.toLocaleString('en-US');
    const range = page.getByTestId('shop-orders-range');
    await expect.poll(() => range.textContent(), { timeout: 20_000 }).toBe(`1–100 of ${total}`);
    expect(await page.getByTestId('shop-orders-count').textContent()).toBe(total);
    const shownNames = () =>
      page
        .locator('[data-testid=shop-orders-rows] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-order')));
    expect(await shownNames()).toEqual(first.orders.map((o) => o.order_name));
    await page.getByTestId('shop-orders-older').click();
    await expect.poll(() => range.textContent()).toBe(`101–200 of ${total}`);
    const second = await list(100);
    await expect.poll(shownNames).toEqual(second.orders.map((o) => o.order_name));
    await page.getByTestId('shop-orders-table').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -60));
    await shot('sandbox-orders');

    // The sandbox refunds whole orders and, as Shopify, sends orders/updated with them: every refunded
    // sandbox order says so in its financial status, and no other does.
    const all = await pageApi<{
      orders: { source: string; total: number; refunded: number; financial_status: string | null }[];
    }>(
      page,
      server.url,
      'GET',
      `/advertisers/${demo.advertiser_id}/shop/orders?from=${from}&to=${to}&limit=500`,
    );
    const sandbox = all.orders.filter((o) => o.source === 'sandbox');
    const refunded = sandbox.filter((o) => o.refunded > 0);
    expect(refunded.length).toBeGreaterThan(0);
    for (const o of refunded) expect(o).toMatchObject({ financial_status: 'refunded', refunded: o.total });
    expect(sandbox.filter((o) => o.financial_status === 'refunded')).toHaveLength(refunded.length);
  });

  test('the real sample export is imported with its counts, and its orders listed on their dates', async () => {
    await page.getByTestId('shop-import-file').setInputFiles(SAMPLE_EXPORT);
    const result = page.getByTestId('shop-import-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('orders-export.csv: 19 orders imported from 40 rows');
    expect(await page.getByTestId('import-new').textContent()).toBe('19');
    expect(await page.getByTestId('import-replaced').textContent()).toBe('0');
    expect(await page.getByTestId('import-refunds').textContent()).toBe('0');
    expect(await page.getByTestId('import-total-EUR').textContent()).toBe('€14,089.04');
    await shot('import-result');

    // The export's week (May 2025), in the address as the tabs share it.
    await page.goto(shopView('from=2025-05-11&to=2025-05-17'));
    await expect
      .poll(() => page.getByTestId('shop-orders-count').textContent(), { timeout: 20_000 })
      .toBe('19');
    const names = await page
      .locator('[data-testid=shop-orders-rows] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-order')));
    expect(names[0]).toBe('#1019');
    expect(names.at(-1)).toBe('#1001');
    expect(names).toHaveLength(19);
    expect(await page.getByTestId('shop-orders-total-EUR').textContent()).toContain('€14,089.04');
    expect(await page.getByTestId('shop-orders-ttclid').textContent()).toBe('0');
    const first = (await page.locator('[data-testid=shop-orders-rows] tbody tr').first().textContent()) ?? '';
    expect(first).toContain('CSV import');
    await page.getByTestId('shop-orders-table').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -60));
    await shot('orders-table');

    // Imported again (dropped on the panel this time): every order replaced, none counted twice.
    await dropFile('orders-export.csv', readFileSync(SAMPLE_EXPORT, 'utf8'));
    await expect
      .poll(() => page.getByTestId('import-replaced').textContent(), { timeout: 30_000 })
      .toBe('19');
    expect(await page.getByTestId('import-new').textContent()).toBe('0');
    await expect.poll(() => page.getByTestId('shop-orders-count').textContent()).toBe('19');
  });

  test('a broken export dropped on the panel is refused whole, each line named with its column and reason', async () => {
    const lines = readFileSync(path.join(FIXTURES, 'orders-export.bogus-gateway.csv'), 'utf8').split('\n');
    lines[2] = lines[2]!.replace('2026-04-10 11:08:54 +0530', '2026-04-10 25:08:54 +0530');
    lines.push('#9999,broken,row');
    await dropFile('orders_export_broken.csv', lines.join('\n'));
    const refusal = page.getByTestId('shop-import-refusal');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.textContent()).toContain(
      'orders_export_broken.csv was not imported — nothing was stored',
    );
    const errors = await page
      .locator('[data-testid=shop-import-errors] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent ?? '')));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors).toContainEqual(['3', 'Created at', expect.stringContaining('25:08:54')]);
    expect(errors.some(([, , problem]) => /fields where the header has/.test(problem ?? ''))).toBe(true);
    // Nothing of it was stored: the April 2026 orders are not there.
    const stored = await pageApi<{ total_orders: number }>(
      page,
      server.url,
      'GET',
      `/advertisers/${demo.advertiser_id}/shop/orders?from=2026-04-01&to=2026-04-30`,
    );
    expect(stored.total_orders).toBe(0);
    await refusal.scrollIntoViewIfNeeded();
    await shot('import-refused');
  });

  test('a viewer sees the store and its orders but no control; the owner changes the secret, then disconnects with confirmation', async () => {
    const viewerUser = { email: 'viewer@example.com', password: 'viewer shop e2e password' };
    const { context: viewerContext, page: viewer } = await journey.viewerWindow(
      { ...viewerUser, name: 'Vic Viewer' },
      shopView(`from=${demo.today}&to=${demo.today}`),
      (u) => u.pathname === '/assets/events/shop',
    );
    await expect
      .poll(() => viewer.getByTestId('shop-domain').textContent(), { timeout: 20_000 })
      .toBe('e2e-snowboards.myshopify.com');
    await viewer.locator('[data-testid=shop-orders-rows] tr[data-order="#5001"]').waitFor();
    for (const control of ['shop-rotate', 'shop-disconnect', 'shop-import-file', 'shop-steps']) {
      expect(await viewer.getByTestId(control).count(), control).toBe(0);
    }
    await shot('viewer', viewer);
    await viewerContext.close();

    await page.goto(shopView(`from=${demo.today}&to=${demo.today}`));
    // A new signing secret: deliveries signed with the old one are refused from now on.
    const rotated = 'shpss_rotated0123456789abcdef01234567';
    await page.getByTestId('shop-rotate').click();
    await page.locator('[data-testid=shop-rotate-form] button[type=submit]').click();
    await expect
      .poll(() => page.locator('[data-testid=shop-rotate-form] .inline-error').textContent())
      .toContain('whole new signing secret');
    await page.fill('input[name=new_webhook_secret]', rotated);
    await page.locator('[data-testid=shop-rotate-form] button[type=submit]').click();
    await expect.poll(() => page.getByTestId('shop-secret-hint').textContent()).toBe(`…${rotated.slice(-4)}`);
    const body = JSON.stringify({
      id: '820982911946159002',
      name: '#5002',
      created_at: new Date().toISOString(),
      total_price: '10.00',
      currency: demo.currency,
    });
    expect(await deliver(body, SECRET, 'e2e-webhook-old-secret')).toBe(401);
    expect(await deliver(body, rotated, 'e2e-webhook-new-secret')).toBe(200);

    await page.getByTestId('shop-disconnect').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    await page.getByTestId('shop-connect-form').waitFor({ timeout: 20_000 });
    // Disconnected, the store's webhooks are no longer taken; its orders stay.
    expect(await deliver('{}', SECRET, 'e2e-webhook-3')).toBe(404);
    await page.locator('[data-testid=shop-orders-rows] tr[data-order="#5001"]').waitFor();
    expect(journey.pageErrors).toEqual([]);
  });
});

/** Drops a file on the import panel as a person dragging it from their desktop would. */
async function dropFile(name: string, content: string): Promise<void> {
  const zone = page.getByTestId('shop-drop');
  await zone.scrollIntoViewIfNeeded();
  const transfer = await page.evaluateHandle(
    ({ fileName, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], fileName, { type: 'text/csv' }));
      return data;
    },
    { fileName: name, text: content },
  );
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}
