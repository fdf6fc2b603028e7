// The shop reconciliation in a real Chromium against the real server and its demo advertiser (a sandbox):
// the three totals and every bar on screen are the API's for the dates in the address, a bar chosen with
// the keyboard shows its orders below, and the window replay under 1-day click shows what the API replays.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdvertiserInfo } from '../../src/shared/api.ts';
import type { ReconciliationResponse, WindowReplayResponse } from '../../src/shared/reconciliation-api.ts';
import { addDays } from '../../src/core/dates.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';

const SEED_DAYS = 21;
const ADMIN = { email: 'owner@example.com', password: 'reconciliation e2e password' };

let journey: OwnerJourney;
let server: RunningServer;
let page: Page;
let advertiser: AdvertiserInfo;

beforeAll(async () => {
  journey = await openOwnerJourney({ name: 'reconciliation', seedDays: SEED_DAYS, owner: ADMIN });
  ({ server, page, demo: advertiser } = journey);
  expect(advertiser.source).toBe('sandbox');
});

afterAll(() => journey?.close());

describe('Shop reconciliation', () => {
  test('totals and bars are the API’s, a bar drills down to its orders, the replay follows the window', async () => {
    // Two finished weeks ending yesterday: clicks, later purchases, refunds and organic orders are all in.
    const to = addDays(advertiser.today, -1);
    const from = addDays(to, -13);
    await page.goto(
      `${server.url}/assets/events/reconciliation?advertiser=${advertiser.advertiser_id}&from=${from}&to=${to}`,
    );
    await page.waitForSelector('[data-testid=reconciliation][aria-busy=false]', { timeout: 60_000 });
    const rec = await pageApi<ReconciliationResponse>(
      page,
      server.url,
      'GET',
      `/advertisers/${advertiser.advertiser_id}/reconciliation?from=${from}&to=${to}`,
    );
    expect(rec.totals.platform.purchases).toBeGreaterThan(0);
    expect(rec.totals.shop.orders).toBeGreaterThan(rec.totals.shop.attributable);
    const text = async (testId: string) => (await page.getByTestId(testId).textContent())?.trim();
    expect(await text('total-platform-value')).toBe(rec.totals.platform.purchases.toLocaleString('en-US'));
    expect(await text('total-pixel-value')).toBe(rec.totals.pixel.purchases.toLocaleString('en-US'));
    expect(await text('total-shop-value')).toBe(rec.totals.shop.orders.toLocaleString('en-US'));
    for (const chain of ['platform_to_shop', 'shop_to_attributable'] as const) {
      for (const bar of rec[chain]) {
        const shown = await text(`bar-${chain}-${bar.id}`);
        const expected =
          bar.kind === 'total' || bar.value <= 0 ? bar.value.toLocaleString('en-US') : `+${bar.value}`;
        expect(shown, `${chain} ${bar.id}`).toBe(expected);
      }
    }
    // The windows per ad group are those of the catalog.
    const windows = page.getByTestId('windows').locator('tbody tr');
    expect(await windows.count()).toBe(rec.windows.length);

    // Choose "No TikTok click" with the keyboard: its orders appear below.
    const noClick = rec.shop_to_attributable.find((b) => b.id === 'no_tiktok_click')!;
    expect(noClick.rows.length).toBeGreaterThan(0);
    const button = page.locator('[data-bar=no_tiktok_click]');
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    const drill = page.getByTestId('drill-down');
    await expect.poll(async () => drill.locator('h2').textContent()).toContain('No TikTok click');
    const rows = drill.locator('tbody tr');
    expect(await rows.count()).toBe(Math.min(100, noClick.rows.length));
    const first = noClick.rows[0]!;
    const firstRow = await rows.first().textContent();
    expect(firstRow).toContain(first.order_name!);
    expect(firstRow).toContain(first.local_time!);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('reconciliation'), fullPage: false });
    await drill.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('reconciliation-drill-down'), fullPage: false });
    await page.locator('#ads-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('reconciliation-per-ad'), fullPage: false });

    // The replay under 1-day click (no view window) shows what the API replays, labelled as the sandbox's.
    const replay = page.getByTestId('window-replay');
    expect(await replay.textContent()).toContain('Sandbox');
    await replay.getByRole('button', { name: '1-day click' }).click();
    await expect.poll(async () => replay.getByTestId('replay-heading').textContent()).toBe('1-day click');
    const api = await pageApi<WindowReplayResponse>(
      page,
      server.url,
      'GET',
      `/advertisers/${advertiser.advertiser_id}/reconciliation/window-replay?from=${from}&to=${to}&click_window=ONE_DAY&view_window=OFF`,
    );
    expect(api.as_run.purchases).toBe(rec.totals.platform.purchases);
    await expect
      .poll(async () => (await replay.getByTestId('replay-replayed').textContent())?.trim())
      .toBe(api.replayed.purchases.toLocaleString('en-US'));
    expect(api.replayed.purchases).toBeLessThan(api.as_run.purchases);
    await replay.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('reconciliation-replay'), fullPage: false });
    expect(journey.pageErrors).toEqual([]);
  });
});
