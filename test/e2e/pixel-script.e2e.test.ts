// The browser pixel in a real Chromium: a test shop on its own origin (a small HTTP server here) pastes the
// install snippet pointing at the real Adcockpit server, a visitor lands from an ad with a ttclid, views a
// product, adds it to the cart, buys (identify + event_id) and reaches the thank-you page. The events are
// then read from the server's warehouse: browser source, the ttclid and the same _ttp on every page, the
// e-mail hashed as Node hashes the normalised address, value and currency — and the purchase shows in the
// advertiser's live feed. The same shop on plain http (no crypto.subtle) hashes with the script's own
// SHA-256 to the same values. A page that feeds ttq garbage gets no exception.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listAdvertisers } from '../../src/catalog/advertisers.ts';
import { listPixels } from '../../src/catalog/pixels.ts';
import { pixelEventsQuery } from '../../src/sources/events/export-events.ts';
import { installSnippet } from '../../src/sources/events/pixel-script/snippet.ts';
import type { RunningServer } from '../../src/server/start.ts';
import type { ResultRow } from '../../src/warehouse/fact-store.ts';
import { startFreshServer, type FreshServer } from '../helpers/fresh-server.ts';
import { memberWithToken } from '../helpers/members.ts';
import { launchChromium, screenshotPath } from '../setup/browser.ts';

const SEED_DAYS = 3;
const TTCLID = 'E2E.click.7f3a9c';
const ORDER = 'E2E-1001';
const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

let fresh: FreshServer;
let server: RunningServer;
let shop: http.Server;
let shopUrl: string;
let pixelCode: string;
let browser: Browser;
let context: BrowserContext;
const pageErrors: string[] = [];
/** What the live feed (server-sent events) has sent so far, for the demo's pixel. */
let feedText = '';
const feed = new AbortController();

/** Reads the advertiser's live feed in the background, as the Assets → Events page does. */
async function followLiveFeed(advertiserId: string): Promise<void> {
  const { headers } = await memberWithToken(server.ctx.catalog, 'owner');
  const response = await fetch(
    `${server.url}/api/v1/advertisers/${advertiserId}/events/stream?pixel=${pixelCode}&source=browser`,
    { headers, signal: feed.signal },
  );
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        feedText += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted at the end of the file
    }
  })();
}

async function waitForFeed(pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!pattern.test(feedText)) {
    if (Date.now() > deadline)
      throw new Error(`The live feed never showed ${pattern}; it showed:\n${feedText.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function shopPage(title: string, body: string, pageScript: string): string {
  const snippet = installSnippet(`${server.url}/pixel/events.js`, pixelCode);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${snippet}
<style>body{font:15px system-ui,sans-serif;margin:40px;color:#222}button{font:inherit;padding:8px 16px;margin-right:8px}
.price{font-size:22px;font-weight:600}</style></head>
<body><h1>${title}</h1>${body}<script>${pageScript}</script></body></html>`;
}

const PAGES: Record<string, () => string> = {
  '/product/trail-shoe': () =>
    shopPage(
      'Trail running shoe',
      `<p class="price">€49.00</p><button id="add">Add to cart</button><button id="buy">Buy now</button>`,
      `ttq.track('ViewContent', { content_id: 'sku-trail-42', content_type: 'product', value: 49, currency: 'EUR' });
       document.getElementById('add').onclick = function () {
         ttq.track('AddToCart', { contents: [{ content_id: 'sku-trail-42', quantity: 1, price: 49 }], value: 49, currency: 'EUR' });
       };
       document.getElementById('buy').onclick = function () {
         ttq.identify({ email: '  Shopper.One@Example.COM ', phone_number: '+31 (0)6 1234 5678', external_id: ' cust-7 ' });
         ttq.track('Purchase', { value: '49.00', currency: 'EUR', order_id: '${ORDER}', content_type: 'product',
           contents: [{ content_id: 'sku-trail-42', quantity: 1, price: 49 }] }, { event_id: '${ORDER}' });
         location.href = '/thanks';
       };`,
    ),
  '/thanks': () => shopPage('Thank you for your order', '<p>Order E2E-1001 is confirmed.</p>', ''),
  '/garbage': () =>
    shopPage(
      'A page with a careless tag manager',
      '<p id="done">loaded</p>',
      `var cyclic = {}; cyclic.me = cyclic;
       ttq.track(); ttq.track(null, null, null); ttq.track({}, 5); ttq.track('ViewContent', cyclic);
       ttq.identify(); ttq.identify('me@example.com'); ttq.identify({ email: { nested: true } });
       ttq.instance('CNOTLOADED').track('Purchase'); ttq.load(); ttq.load(42); ttq.page(document.body);
       ttq.track('ViewContent', { value: 'not a number', currency: 'EURO' });
       ttq.track('Search', { search_string: 'garbage page ok' });
       window.garbageDone = true;`,
    ),
};

async function storedEvents(where: (row: ResultRow) => boolean, count: number): Promise<ResultRow[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await server.ctx.events.drained();
    const rows = (await server.ctx.facts.query(pixelEventsQuery(server.ctx.facts, pixelCode))).filter(where);
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function openShopPage(pathAndQuery: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${pathAndQuery}: ${error.message}`));
  await page.goto(`${shopUrl}${pathAndQuery}`);
  await page.waitForFunction(() =>
    Boolean((window as unknown as { ttq?: { _adcockpit?: unknown } }).ttq?._adcockpit),
  );
  return page;
}

beforeAll(async () => {
  fresh = await startFreshServer('pixel', { seedDays: SEED_DAYS });
  ({ server } = fresh);
  const [demo] = await listAdvertisers(server.ctx.catalog);
  const [pixel] = await listPixels(server.ctx.catalog, demo!.advertiser_id);
  pixelCode = pixel!.pixel_code;
  await followLiveFeed(demo!.advertiser_id);
  shop = http.createServer((request, response) => {
    const render = PAGES[(request.url ?? '/').split('?')[0]!];
    response.writeHead(render ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(render ? render() : 'not found');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  // localhost, not 127.0.0.1: the shop is another site than the Adcockpit server, as in real life.
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  // shop.test is the same shop as a site on plain http (no crypto.subtle there).
  browser = await launchChromium(['--host-resolver-rules=MAP shop.test 127.0.0.1']);
  context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
});

afterAll(async () => {
  feed.abort();
  await browser?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await fresh?.close();
});

describe('Browser pixel on a shop', () => {
  test('the demo’s pixel is alive at start: its last hours arrived through the events ingestion', async () => {
    // Nothing has been sent from a browser yet; what was received is the sandbox's own pixel.
    const received = server.ctx.events.lastAccepted(pixelCode);
    expect(received, 'events received for the demo pixel').not.toBeNull();
    expect(Date.now() - received!.getTime()).toBeLessThan(3 * 3_600_000);
    await server.ctx.events.drained();
    const rows = await server.ctx.facts.query(pixelEventsQuery(server.ctx.facts, pixelCode));
    const recent = rows.filter(
      (r) => new Date(r.event_time as string | Date).getTime() > Date.now() - 6 * 3_600_000,
    );
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((r) => r.source === 'browser')).toBe(true);
  });

  test('a visit from an ad: view, add to cart, purchase and thank-you page arrive with ttclid, _ttp and hashes', async () => {
    const product = await openShopPage(`/product/trail-shoe?ttclid=${TTCLID}&utm_source=tiktok`);
    await product.click('#add');
    await product.screenshot({ path: screenshotPath('pixel-shop-product') });
    const cookies = Object.fromEntries((await context.cookies(shopUrl)).map((c) => [c.name, c.value]));
    expect(cookies._ttp).toMatch(/^[A-Za-z0-9]{27}$/);
    expect(cookies.ttclid).toBe(TTCLID);
    // Buying navigates away at once: the events still queued go out with sendBeacon as the page hides.
    await Promise.all([product.waitForURL(`${shopUrl}/thanks`), product.click('#buy')]);
    await product.waitForFunction(() =>
      Boolean((window as unknown as { ttq?: { _adcockpit?: unknown } }).ttq?._adcockpit),
    );
    await product.evaluate(() =>
      (window as unknown as { ttq: { _adcockpit: { flush(): void } } }).ttq._adcockpit.flush(),
    );

    const rows = await storedEvents((row) => row.ttp === cookies._ttp, 5);
    expect(rows.map((r) => r.event).sort()).toEqual([
      'AddToCart',
      'Pageview',
      'Pageview',
      'Purchase',
      'ViewContent',
    ]);
    for (const row of rows) {
      expect(row.source).toBe('browser');
      expect(row.ttp).toBe(cookies._ttp);
      // The thank-you page has no ttclid in its address; the cookie carried it there.
      expect(row.ttclid).toBe(TTCLID);
      expect(row.ip).toBe('127.0.0.1');
      expect(String(row.user_agent)).toContain('Chrome');
    }
    const thanks = rows.find((r) => r.event === 'Pageview' && String(r.page_url).endsWith('/thanks'));
    expect(thanks, 'the thank-you page view').toBeDefined();

    const purchase = rows.find((r) => r.event === 'Purchase')!;
    expect(purchase.event_id).toBe(ORDER);
    expect(purchase.order_id).toBe(ORDER);
    expect(Number(purchase.value_micros)).toBe(49_000_000);
    expect(purchase.currency).toBe('EUR');
    const user = JSON.parse(String(purchase.user_data)) as Record<string, unknown>;
    expect(user.email).toEqual([sha('shopper.one@example.com')]);
    expect(user.phone).toEqual([sha('+31612345678')]);
    expect(user.external_id).toEqual([sha('cust-7')]);
    expect(JSON.stringify(user)).not.toContain('Example.COM');

    const view = rows.find((r) => r.event === 'ViewContent')!;
    expect(Number(view.value_micros)).toBe(49_000_000);
    expect(String(view.page_url)).toContain(`ttclid=${TTCLID}`);
    expect(pageErrors).toEqual([]);
    // The purchase appears in the live feed as a counted browser event.
    await waitForFeed(
      new RegExp(`"event":"Purchase","event_id":"${ORDER}"[^}]*"source":"browser","outcome":"counted"`),
    );
    await product.close();
  });

  test('a later visit in the same browser keeps the same _ttp and the ttclid', async () => {
    const before = Object.fromEntries((await context.cookies(shopUrl)).map((c) => [c.name, c.value]));
    const again = await openShopPage('/product/trail-shoe');
    await again.evaluate(() =>
      (window as unknown as { ttq: { _adcockpit: { flush(): void } } }).ttq._adcockpit.flush(),
    );
    const after = Object.fromEntries((await context.cookies(shopUrl)).map((c) => [c.name, c.value]));
    expect(after._ttp).toBe(before._ttp);
    const rows = await storedEvents(
      (row) =>
        row.ttp === before._ttp && row.event === 'ViewContent' && !String(row.page_url).includes('ttclid='),
      1,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ttclid).toBe(TTCLID);
    await again.close();
  });

  test('on a plain-http shop (no crypto.subtle) identify still hashes, as Node does', async () => {
    const insecure = await browser.newContext();
    const page = await insecure.newPage();
    page.on('pageerror', (error) => pageErrors.push(`shop.test: ${error.message}`));
    const url = `http://shop.test:${(shop.address() as AddressInfo).port}`;
    await page.goto(`${url}/product/trail-shoe?ttclid=E2E.http.1`);
    await page.waitForFunction(() =>
      Boolean((window as unknown as { ttq?: { _adcockpit?: unknown } }).ttq?._adcockpit),
    );
    expect(await page.evaluate(() => window.isSecureContext || Boolean(window.crypto?.subtle))).toBe(false);
    await page.evaluate(() => {
      const w = window as unknown as { ttq: { identify(x: unknown): void; track(...a: unknown[]): void } };
      w.ttq.identify({ email: ' Plain.Http@Example.com ', phone_number: '0031 6 1111 2222' });
      w.ttq.track('Lead', { value: 0, currency: 'EUR' }, { event_id: 'E2E-lead-1' });
    });
    await page.evaluate(() =>
      (window as unknown as { ttq: { _adcockpit: { flush(): void } } }).ttq._adcockpit.flush(),
    );
    const ttp = (await insecure.cookies(url)).find((c) => c.name === '_ttp')?.value;
    expect(ttp).toMatch(/^[A-Za-z0-9]{27}$/);
    const rows = await storedEvents((row) => row.event === 'Lead' && row.event_id === 'E2E-lead-1', 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.ttp).toBe(ttp);
    expect(rows[0]!.ttclid).toBe('E2E.http.1');
    const user = JSON.parse(String(rows[0]!.user_data)) as Record<string, unknown>;
    expect(user.email).toEqual([sha('plain.http@example.com')]);
    expect(user.phone).toEqual([sha('+31611112222')]);
    expect(pageErrors).toEqual([]);
    await insecure.close();
  });

  test('a page that calls ttq with garbage gets no exception, and its good events still arrive', async () => {
    const page = await openShopPage('/garbage');
    await page.waitForFunction(() => (window as unknown as { garbageDone?: boolean }).garbageDone === true);
    const state = await page.evaluate(() => {
      const s = (window as unknown as { ttq: { _adcockpit: { errors: number; flush(): void } } }).ttq
        ._adcockpit;
      s.flush();
      return { errors: s.errors };
    });
    expect(pageErrors).toEqual([]);
    expect(state.errors).toBeGreaterThan(0);
    const rows = await storedEvents(
      (row) => row.event === 'Search' && String(row.page_url).endsWith('/garbage'),
      1,
    );
    expect(rows).toHaveLength(1);
    await page.close();
  });
});
