// The Assets tab in a real Chromium against the real server on a fresh data directory (the sandbox seeds
// the demo advertiser, the owner is created at start). The owner creates a pixel and copies its install
// snippet, creates a token for server events and revokes another with confirmation; sends server events
// with the fresh token through TikTok's Events API path and watches them arrive in the live feed
// (filtered by source, a row opened to its parameters); sees a test event in the test view only; sees the
// diagnostics flag a Purchase sent without a currency. Then a test shop on its own origin pastes the real
// install snippet and fires ViewContent, AddToCart and Purchase, which arrive in the feed marked browser.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdvertiserInfo } from '../../src/shared/api.ts';
import type { PixelInfo } from '../../src/shared/pixels-api.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'assets e2e password' };
const SEED_DAYS = 3;
const HASHED_EMAIL = 'c'.repeat(64);

let journey: OwnerJourney;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let demo: AdvertiserInfo;
let pixel: PixelInfo;
let token = '';
let snippet = '';

async function shot(name: string, target: Page = page): Promise<void> {
  await target.waitForTimeout(250);
  await target.screenshot({ path: screenshotPath(`assets-${name}`), fullPage: false });
}

function api<T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
  return pageApi<T>(page, server.url, method, pathAndQuery, body);
}

/** A request as a shop's server sends it to TikTok, with the Access-Token header. */
async function sendServerEvents(
  accessToken: string,
  data: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Promise<{ code: number; message: string }> {
  const response = await fetch(`${server.url}/open_api/v1.3/event/track/`, {
    method: 'POST',
    headers: { 'Access-Token': accessToken, 'Content-Type': 'application/json' },
    body: JSON.stringify({ event_source: 'web', event_source_id: pixel.pixel_code, data, ...extra }),
  });
  return (await response.json()) as { code: number; message: string };
}

const serverEvent = (event: string, id: string, properties: Record<string, unknown>) => ({
  event,
  event_id: id,
  event_time: Math.floor(Date.now() / 1000),
  user: { email: HASHED_EMAIL, ttclid: 'E2E.server.click', ip: '203.0.113.9' },
  page: { url: 'https://shop.example/checkout/thanks' },
  properties,
});

const feedRows = (target: Page = page) => target.getByTestId('feed-row');

async function feedEvents(target: Page = page): Promise<string[]> {
  return feedRows(target).evaluateAll((rows) =>
    rows.map((r) => `${r.getAttribute('data-event')}/${r.getAttribute('data-source')}`),
  );
}

async function waitForLive(target: Page = page): Promise<void> {
  await target.waitForSelector('[data-testid=live-feed][data-connection=live]', { timeout: 30_000 });
}

beforeAll(async () => {
  journey = await openOwnerJourney({ name: 'assets', seedDays: SEED_DAYS, owner: OWNER, clipboard: true });
  ({ server, context, page, demo } = journey);
});

afterAll(() => journey?.close());

describe('Assets → Pixels', () => {
  test('the Assets tab opens on Pixels; the owner creates a pixel and copies its install snippet', async () => {
    await page.getByRole('link', { name: 'Assets', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/assets/pixels' && u.searchParams.has('advertiser'));
    await page.waitForSelector('.assets-nav a');
    expect(await page.locator('.assets-nav a').allTextContents()).toEqual([
      'Creatives',
      'Audiences',
      'Pixels',
      'Events',
    ]);
    await page.waitForSelector('[data-testid=pixel-row]');
    const before = await page.getByTestId('pixel-row').count();

    // An empty name is refused with a message next to the field.
    await page.locator('[data-testid=create-pixel-form] button[type=submit]').click();
    await expect
      .poll(() => page.locator('[data-testid=create-pixel-form] .inline-error').textContent())
      .toContain('Give the pixel a name');
    await page.fill('[data-testid=create-pixel-form] input[name=pixel-name]', 'E2E web shop');
    await page.locator('[data-testid=create-pixel-form] button[type=submit]').click();
    await expect.poll(() => page.getByTestId('pixel-row').count()).toBe(before + 1);

    const { pixels } = await api<{ pixels: PixelInfo[] }>(
      'GET',
      `/advertisers/${demo.advertiser_id}/pixels/overview`,
    );
    pixel = pixels.find((p) => p.pixel_name === 'E2E web shop')!;
    expect(pixel.pixel_code).toMatch(/^C[A-Z0-9]{19}$/);
    // The new pixel is the chosen one (in the address), never fired.
    await page.waitForURL((u) => u.searchParams.get('pixel') === pixel.pixel_id);
    const row = page.locator(`[data-testid=pixel-row][data-pixel-code=${pixel.pixel_code}]`);
    expect(await row.getAttribute('aria-selected')).toBe('true');
    expect(await row.getByTestId('pixel-status').textContent()).toContain('Never fired');
    expect(await row.getByTestId('pixel-events-7d').textContent()).toBe('0');

    await page.getByTestId('copy-snippet').click();
    snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toContain(`ttq.load("${pixel.pixel_code}")`);
    expect(snippet).toContain('ttq.page();');
    expect(snippet).toContain(`${server.url}/pixel/events.js`);
    expect(await page.getByTestId('install-snippet').textContent()).toBe(snippet);

    // The view survives a reload.
    await page.reload();
    await page.waitForSelector(`[data-testid=pixel-detail][data-pixel-id="${pixel.pixel_id}"]`);
    await shot('pixels');
  });

  test('tokens: one is created and shown once, another revoked after confirming; the revoked one is refused', async () => {
    const form = page.getByTestId('create-pixel-token-form');
    await form.locator('input[name=token-name]').fill('Old integration');
    await form.locator('button[type=submit]').click();
    const old = (await page.getByTestId('pixel-token-secret').inputValue()).trim();
    expect(old).toMatch(/^adcpx_/);
    await page.getByRole('button', { name: 'Done' }).click();

    await form.locator('input[name=token-name]').fill('Shop server');
    await form.locator('button[type=submit]').click();
    token = (await page.getByTestId('pixel-token-secret').inputValue()).trim();
    expect(token).toMatch(/^adcpx_/);
    expect(token).not.toBe(old);
    await page.getByTestId('copy-pixel-token').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await shot('token-created');

    const oldRow = page.locator('[data-testid=pixel-token-row][data-token-name="Old integration"]');
    await oldRow.getByTestId('revoke-pixel-token').click();
    // Nothing happens before the confirmation.
    expect(await oldRow.getAttribute('data-revoked')).toBe('false');
    await page.getByTestId('revoke-pixel-token-confirm').click();
    await expect.poll(() => oldRow.getAttribute('data-revoked')).toBe('true');
    expect((await sendServerEvents(old, [serverEvent('ViewContent', 'x', {})])).code).toBe(40105);
    const shopRow = page.locator('[data-testid=pixel-token-row][data-token-name="Shop server"]');
    expect(await shopRow.getAttribute('data-revoked')).toBe('false');
    await page.getByTestId('pixel-token-table').scrollIntoViewIfNeeded();
    await shot('tokens');
  });
});

describe('Assets for a viewer', () => {
  test('a viewer sees the pixels, events and tokens, and no control that changes them', async () => {
    const viewerUser = { email: 'viewer@example.com', password: 'viewer e2e password' };
    // The link the owner would share, with the chosen pixel in it.
    const { context: viewerContext, page: viewer } = await journey.viewerWindow(
      { ...viewerUser, name: 'Vic Viewer' },
      `${server.url}/assets/pixels?advertiser=${demo.advertiser_id}&pixel=${pixel.pixel_id}`,
      (u) => u.pathname === '/assets/pixels',
    );
    await viewer.waitForSelector(`[data-testid=pixel-detail][data-pixel-id="${pixel.pixel_id}"]`);
    await viewer.waitForSelector('[data-testid=pixel-token-row]');
    for (const control of ['create-pixel-form', 'create-pixel-token-form', 'revoke-pixel-token']) {
      expect(await viewer.getByTestId(control).count(), control).toBe(0);
    }
    expect(await viewer.getByTestId('install-snippet').count()).toBe(1);
    await viewerContext.close();
  });
});

describe('Assets → Events', () => {
  test('server events sent with the fresh token arrive live; the source filter works; a row shows its parameters', async () => {
    await page.getByTestId('assets-nav-events').click();
    await page.waitForURL((u) => u.pathname === '/assets/events');
    await page.getByTestId('feed-pixel').selectOption(pixel.pixel_id);
    await page.waitForURL((u) => u.searchParams.get('pixel') === pixel.pixel_id);
    await waitForLive();
    expect(await feedRows().count()).toBe(0);

    const answer = await sendServerEvents(token, [
      serverEvent('ViewContent', 'vc-1', { value: 20, currency: 'EUR', content_id: 'sku-1' }),
      // A purchase without its currency: the diagnostics must say so.
      serverEvent('Purchase', 'order-1', { value: 20, order_id: 'order-1' }),
    ]);
    expect(answer).toMatchObject({ code: 0, message: 'OK' });
    await expect
      .poll(() => feedEvents(), { timeout: 20_000 })
      .toEqual(['Purchase/server', 'ViewContent/server']);

    // Only browser events: the server ones go; back to all, they are there again at once (backlog).
    await page.getByTestId('feed-source').selectOption('browser');
    await page.waitForURL((u) => u.searchParams.get('source') === 'browser');
    await waitForLive();
    await expect.poll(() => feedRows().count()).toBe(0);
    await page.getByTestId('feed-source').selectOption('server');
    await waitForLive();
    await expect.poll(() => feedEvents()).toEqual(['Purchase/server', 'ViewContent/server']);

    await feedRows().first().locator('button.feed-row').click();
    const detail = page.getByTestId('feed-detail');
    await expect.poll(() => detail.textContent()).toContain('https://shop.example/checkout/thanks');
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain(HASHED_EMAIL);
    expect(text).toContain('E2E.server.click');
    expect(text).toContain('order-1');
    expect(text).toContain('20.00 (no currency)');
    await shot('live-feed');

    // Paused: new events are held aside and counted; resumed, they join the list.
    await page.getByTestId('feed-pause').click();
    await sendServerEvents(token, [serverEvent('AddToCart', 'atc-1', { value: 20, currency: 'EUR' })]);
    await expect
      .poll(() => page.getByTestId('feed-pause').textContent(), { timeout: 20_000 })
      .toBe('Resume (1 new)');
    expect(await feedRows().count()).toBe(2);
    await page.getByTestId('feed-pause').click();
    await expect
      .poll(() => feedEvents())
      .toEqual(['AddToCart/server', 'Purchase/server', 'ViewContent/server']);

    // A reload shows the same view and the recent events at once.
    await page.reload();
    await waitForLive();
    await expect
      .poll(() => feedEvents())
      .toEqual(['AddToCart/server', 'Purchase/server', 'ViewContent/server']);
    expect(await page.getByTestId('feed-source').inputValue()).toBe('server');
  });

  test('a test event shows in the Test events view only', async () => {
    const answer = await sendServerEvents(
      token,
      [serverEvent('Purchase', 'test-1', { value: 1, currency: 'EUR' })],
      {
        test_event_code: 'TEST4242',
      },
    );
    expect(answer.code).toBe(0);
    await page.getByTestId('event-view-test').click();
    await page.waitForURL((u) => u.pathname === '/assets/events/test');
    await waitForLive();
    await expect.poll(() => feedEvents(), { timeout: 20_000 }).toEqual(['Purchase/server']);
    expect(await feedRows().first().textContent()).toContain('TEST4242');
    await page.getByTestId('event-view-live').click();
    await waitForLive();
    await expect
      .poll(() => feedEvents())
      .toEqual(['AddToCart/server', 'Purchase/server', 'ViewContent/server']);
  });

  test('diagnostics flag the Purchase sent without a currency, with what to fix', async () => {
    await page.getByTestId('event-view-diagnostics').click();
    await page.waitForURL((u) => u.pathname === '/assets/events/diagnostics');
    expect(await page.getByTestId('diagnostics-pixel').inputValue()).toBe(pixel.pixel_id);
    const purchase = page.locator('[data-testid=diagnostics-event][data-event=Purchase]');
    const finding = purchase.locator('[data-testid=diagnostic][data-rule=missing_currency]');
    await finding.waitFor({ timeout: 20_000 });
    expect(await finding.getAttribute('data-severity')).toBe('error');
    expect(await finding.textContent()).toContain('What to fix:');
    expect(await finding.textContent()).toContain('properties.currency');
    // ViewContent was sent right: nothing to say about it.
    const view = page.locator('[data-testid=diagnostics-event][data-event=ViewContent]');
    expect(await view.textContent()).toContain('No issue found');
    await shot('diagnostics');
  });

  test('a test shop with the real install snippet fires ViewContent, AddToCart and Purchase, shown live as browser events', async () => {
    const shop = http.createServer((request, response) => {
      const route = (request.url ?? '/').split('?')[0];
      response.writeHead(route === '/product' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      if (route !== '/product') return void response.end('not found');
      response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trail shoe</title>${snippet}</head>
<body><h1>Trail running shoe</h1><p>€49.00</p><button id="add">Add to cart</button><button id="buy">Buy</button>
<script>
  ttq.track('ViewContent', { content_id: 'sku-trail', value: 49, currency: 'EUR' });
  document.getElementById('add').onclick = function () { ttq.track('AddToCart', { content_id: 'sku-trail', value: 49, currency: 'EUR' }); };
  document.getElementById('buy').onclick = function () {
    ttq.track('Purchase', { value: 49, currency: 'EUR', order_id: 'SHOP-1' }, { event_id: 'SHOP-1' });
  };
</script></body></html>`);
    });
    // localhost, not 127.0.0.1: another site than the Adcockpit server, as a real shop is.
    await new Promise<void>((resolve) => shop.listen(0, 'localhost', resolve));
    const shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
    try {
      await page.getByTestId('event-view-live').click();
      await page.waitForURL((u) => u.pathname === '/assets/events');
      await page.getByTestId('feed-source').selectOption('browser');
      await waitForLive();
      await expect.poll(() => feedRows().count()).toBe(0);

      const visitor = await context.newPage();
      const shopErrors: string[] = [];
      visitor.on('pageerror', (error) => shopErrors.push(error.message));
      await visitor.goto(`${shopUrl}/product?ttclid=E2E.shop.click`);
      await visitor.waitForFunction(() =>
        Boolean((window as unknown as { ttq?: { _adcockpit?: unknown } }).ttq?._adcockpit),
      );
      await visitor.click('#add');
      await visitor.click('#buy');
      // The script batches its beacons; send what is queued now rather than when the page hides.
      await visitor.evaluate(() =>
        (window as unknown as { ttq: { _adcockpit: { flush(): void } } }).ttq._adcockpit.flush(),
      );
      await visitor.close();
      expect(shopErrors).toEqual([]);

      await expect
        .poll(async () => (await feedEvents()).sort(), { timeout: 30_000 })
        .toEqual(['AddToCart/browser', 'Pageview/browser', 'Purchase/browser', 'ViewContent/browser']);
      const purchase = page.locator('[data-testid=feed-row][data-event=Purchase]');
      await purchase.locator('button.feed-row').click();
      const text = (await purchase.getByTestId('feed-detail').textContent()) ?? '';
      expect(text).toContain('E2E.shop.click');
      expect(text).toContain('SHOP-1');
      expect(text).toContain('49.00 EUR');
      await shot('live-feed-browser');

      // The Pixels table now counts them: Active, browser and server per event.
      await page.getByTestId('assets-nav-pixels').click();
      const row = page.locator(`[data-testid=pixel-row][data-pixel-code=${pixel.pixel_code}]`);
      await expect
        .poll(() => row.getByTestId('pixel-status').textContent(), { timeout: 20_000 })
        .toContain('Active');
      const purchaseRow = page.locator('[data-testid=pixel-event-row][data-event=Purchase]');
      await expect.poll(() => purchaseRow.getByTestId('pixel-event-sources').textContent()).toBe('Both');
      await shot('pixels-after');
    } finally {
      await new Promise((resolve) => shop.close(resolve));
    }
    expect(journey.pageErrors).toEqual([]);
  });
});
