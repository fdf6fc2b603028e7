// Assets → Creatives in a real Chromium against the real server on a fresh data directory. The owner
// uploads a video made by ffmpeg with the file picker, sees it in the library with the properties read from
// the file and its poster, uses it in a new ad in the Campaign tab (where an image uploaded from the form is
// chosen at once), and then sees deleting it refused with that ad named. Also: the sandbox's creatives with
// generated thumbnails and results, the table (leaderboard) by spend, files dropped on the page, a renamed
// file refused with what it really is, the filters, and an unused creative deleted with its file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdvertiserInfo } from '../../src/shared/api.ts';
import type { CreativeLibrary } from '../../src/shared/creatives-api.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { resolvePreset } from '../../web/src/lib/date-range.ts';
import { formatMetricValue } from '../../web/src/lib/format.ts';
import { makeImage, makeVideo } from '../helpers/make-media.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'creatives e2e password' };
const VIDEO_NAME = 'e2e-summer-teaser.mp4';
const AD_NAME = 'E2E — summer teaser';

let journey: OwnerJourney;
let server: RunningServer;
let filesDir: string;
let page: Page;
let demo: AdvertiserInfo;

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: screenshotPath(`creatives-${name}`), fullPage: false });
}

const api = <T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown) =>
  pageApi<T>(page, server.url, method, pathAndQuery, body);

/** The library over the dates the page shows (last 7 days). */
const library = () => {
  const { from, to } = resolvePreset('last_7_days', demo.today);
  return api<CreativeLibrary>(
    'GET',
    `/advertisers/${demo.advertiser_id}/creatives/library?from=${from}&to=${to}`,
  );
};

beforeAll(async () => {
  filesDir = mkdtempSync(path.join(os.tmpdir(), 'adcockpit-creatives-files-'));
  writeFileSync(
    path.join(filesDir, VIDEO_NAME),
    makeVideo({ width: 720, height: 1280, seconds: 6, audio: true }),
  );
  // A PNG someone renamed to .mov.
  writeFileSync(path.join(filesDir, 'renamed.mov'), makeImage(640, 640, 'png'));
  journey = await openOwnerJourney({ name: 'creatives', seedDays: 14, owner: OWNER });
  ({ server, page, demo } = journey);
});

afterAll(async () => {
  await journey?.close();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

describe('Assets → Creatives', () => {
  test("the library opens first in the Assets tab with the sandbox's creatives, their thumbnails and results", async () => {
    await page.goto(`${server.url}/assets/pixels?advertiser=${demo.advertiser_id}&preset=last_7_days`);
    const nav = page.locator('.assets-nav a');
    await nav.first().waitFor();
    expect(await nav.allTextContents()).toEqual(['Creatives', 'Audiences', 'Pixels', 'Events']);
    await nav.first().click();
    await page.waitForURL((u) => u.pathname === '/assets/creatives');
    await page.getByTestId('creative-grid').waitFor({ timeout: 90_000 });
    const data = await library();
    const cards = page.getByTestId('creative-card');
    expect(await cards.count()).toBe(data.creatives.length);
    // Every sandbox creative has a generated file, so every card shows a thumbnail that loaded.
    await expect
      .poll(() =>
        page.$$eval('[data-testid=creative-card] img', (imgs) =>
          imgs.every(
            (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
          ),
        ),
      )
      .toBe(true);
    expect(await page.locator('[data-testid=creative-card] img').count()).toBe(data.creatives.length);
    await shot('grid');

    // The table is the leaderboard: by spend, highest first, with the API's figures.
    await page.getByTestId('layout-table').click();
    await page.getByTestId('creative-table').waitFor();
    const names = await page
      .locator('[data-testid=creative-row]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
    const bySpend = [...data.creatives]
      .filter((c) => c.results.spend !== null)
      .sort((a, b) => b.results.spend! - a.results.spend! || a.file_name.localeCompare(b.file_name));
    expect(names.slice(0, bySpend.length)).toEqual(bySpend.map((c) => c.file_name));
    const top = page.locator('[data-testid=creative-row]').first();
    await expect(top.textContent()).resolves.toContain(
      formatMetricValue(bySpend[0]!.results.spend, 'money', demo.currency),
    );
    await shot('leaderboard');
  });

  test('upload a video with the file picker: it is in the library with its metadata and poster', async () => {
    await page.getByTestId('upload-input').setInputFiles(path.join(filesDir, VIDEO_NAME));
    const item = page.getByTestId('upload-item').last();
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await expect(item.textContent()).resolves.toContain(`Added "${VIDEO_NAME}" to the library.`);
    // The new creative opens beside the list.
    const detail = page.getByTestId('creative-detail');
    await detail.waitFor();
    const meta = await detail.getByTestId('creative-meta').textContent();
    expect(meta).toContain('720 × 1280 px');
    expect(meta).toContain('9:16');
    expect(meta).toContain('6 s');
    expect(meta).toContain('h264 · aac');
    const uploaded = (await library()).creatives.find((c) => c.file_name === VIDEO_NAME)!;
    expect(meta).toContain(uploaded.media!.md5);
    const player = detail.getByTestId('creative-player');
    expect(await player.getAttribute('poster')).toBe(uploaded.poster_url);
    // The browser can play it: its metadata loads from the file route.
    await expect
      .poll(() =>
        player.evaluate((v) => [(v as HTMLVideoElement).readyState >= 1, (v as HTMLVideoElement).duration]),
      )
      .toEqual([true, 6]);
    await expect(detail.textContent()).resolves.toContain('Used in 0 ads');
    await shot('uploaded');
  });

  test('a PNG renamed to .mov is refused saying what it is', async () => {
    await page.getByTestId('upload-input').setInputFiles(path.join(filesDir, 'renamed.mov'));
    const item = page.getByTestId('upload-item').last();
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 60_000 }).toBe('failed');
    await expect(item.textContent()).resolves.toContain('but it is a PNG image');
    await shot('refused');
  });

  test('files dropped on the page are uploaded', async () => {
    const jpeg = makeImage(1080, 1350, 'jpg').toString('base64');
    await page.evaluate(
      ({ b64, name }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name, { type: 'image/jpeg' }));
        const area = document.querySelector('[data-testid=drop-area]')!;
        (window as unknown as { dropTransfer: DataTransfer }).dropTransfer = transfer;
        for (const type of ['dragenter', 'dragover'])
          area.dispatchEvent(
            new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
          );
      },
      { b64: jpeg, name: 'portrait-lookbook.jpg' },
    );
    await page.locator('.cr-drop-hint').waitFor();
    await shot('drag-over');
    await page.evaluate(() => {
      const transfer = (window as unknown as { dropTransfer: DataTransfer }).dropTransfer;
      document
        .querySelector('[data-testid=drop-area]')!
        .dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    });
    const item = page.getByTestId('upload-item').last();
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    const detail = page.getByTestId('creative-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('portrait-lookbook.jpg');
    const meta = await detail.getByTestId('creative-meta').textContent();
    expect(meta).toContain('1080 × 1350 px');
    expect(meta).toContain('4:5');
    await expect
      .poll(() =>
        detail.getByTestId('creative-image').evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBe(1080);
  });

  test('use it in a new ad in the Campaign tab', async () => {
    const uploaded = (await library()).creatives.find((c) => c.file_name === VIDEO_NAME)!;
    const groups = await api<{ rows: { id: string; name: string }[] }>(
      'GET',
      `/advertisers/${demo.advertiser_id}/adgroups?from=${demo.today}&to=${demo.today}&metrics=spend`,
    );
    const group = groups.rows[0]!;
    await page.goto(
      `${server.url}/campaigns?advertiser=${demo.advertiser_id}&preset=last_7_days&level=ads&form=ad&parent=${group.id}`,
    );
    const panel = page.getByTestId('side-panel');
    await panel.waitFor();
    await panel.locator('input[name=ad_name]').fill(AD_NAME);
    // A file uploaded from the form is chosen at once, the format following what it is.
    writeFileSync(path.join(filesDir, 'square-promo.png'), makeImage(1080, 1080, 'png'));
    await page.getByTestId('ad-form-upload-input').setInputFiles(path.join(filesDir, 'square-promo.png'));
    await expect
      .poll(() => page.getByTestId('ad-form-upload-message').textContent(), { timeout: 60_000 })
      .toBe('Added "square-promo.png" to the library.');
    const square = (await library()).creatives.find((c) => c.file_name === 'square-promo.png')!;
    await expect.poll(() => page.getByTestId('creative-select').inputValue()).toBe(square.creative_id);
    expect(await panel.locator('select[name=ad_format]').inputValue()).toBe('SINGLE_IMAGE');
    await expect(page.getByTestId('preview-file').textContent()).resolves.toBe('square-promo.png');
    await panel.locator('select[name=ad_format]').selectOption('SINGLE_VIDEO');
    await expect
      .poll(() =>
        page.getByTestId('creative-select').locator(`option[value="${uploaded.creative_id}"]`).count(),
      )
      .toBe(1);
    await page.getByTestId('creative-select').selectOption(uploaded.creative_id);
    await panel.locator('textarea[name=ad_text]').fill('Summer is here: the new trail shoe');
    await panel.locator('input[name=landing_page_url]').fill('https://shop.northwind.example/summer');
    await expect(page.getByTestId('preview-file').textContent()).resolves.toBe(VIDEO_NAME);
    // The preview shows the video's poster frame behind the text.
    await expect.poll(() => page.getByTestId('preview-poster').getAttribute('src')).toBe(uploaded.poster_url);
    await expect
      .poll(() =>
        page.getByTestId('preview-poster').evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await shot('ad-form');
    await page.getByTestId('form-submit').click();
    await expect
      .poll(async () =>
        (await library()).creatives.find((c) => c.file_name === VIDEO_NAME)!.used_in.map((u) => u.ad_name),
      )
      .toEqual([AD_NAME]);
  });

  test('deleting it is refused, naming the ad; the ad links to the Campaign tab', async () => {
    const uploaded = (await library()).creatives.find((c) => c.file_name === VIDEO_NAME)!;
    await page.goto(
      `${server.url}/assets/creatives?advertiser=${demo.advertiser_id}&preset=last_7_days&creative=${uploaded.creative_id}`,
    );
    const detail = page.getByTestId('creative-detail');
    await detail.waitFor();
    await expect(detail.getByTestId('creative-uses').textContent()).resolves.toContain(AD_NAME);
    await page.getByTestId('delete-creative').click();
    await page.getByTestId('delete-creative-confirm').click();
    const refusal = page.getByTestId('delete-error');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain(`"${VIDEO_NAME}" is used by an ad (${AD_NAME})`);
    await shot('delete-refused');
    expect((await library()).creatives.some((c) => c.creative_id === uploaded.creative_id)).toBe(true);

    await detail.getByRole('link', { name: AD_NAME }).click();
    await page.waitForURL((u) => u.pathname === '/campaigns' && u.searchParams.get('form') === 'ad');
    await page.locator('[data-testid=side-panel][data-mode=edit]').waitFor();
    await expect(page.locator('[data-testid=side-panel] input[name=ad_name]').inputValue()).resolves.toBe(
      AD_NAME,
    );
  });

  test('filters: unused videos, search', async () => {
    await page.goto(
      `${server.url}/assets/creatives?advertiser=${demo.advertiser_id}&preset=last_7_days&usage=unused`,
    );
    await page.getByTestId('creative-grid').or(page.locator('.empty-state')).first().waitFor();
    const data = await library();
    const unused = data.creatives
      .filter((c) => c.used_in.length === 0)
      .map((c) => c.file_name)
      .sort();
    const shown = await page
      .getByTestId('creative-card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-name')));
    expect([...shown].sort()).toEqual(unused);
    expect(unused).toEqual(expect.arrayContaining(['portrait-lookbook.jpg', 'square-promo.png']));
    await page.goto(
      `${server.url}/assets/creatives?advertiser=${demo.advertiser_id}&preset=last_7_days&q=summer`,
    );
    await page.getByTestId('creative-grid').waitFor();
    expect(
      await page
        .getByTestId('creative-card')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-name'))),
    ).toEqual([VIDEO_NAME]);
    expect(journey.pageErrors).toEqual([]);
  });
  test('an unused creative is deleted from the library, file and all', async () => {
    const lookbook = (await library()).creatives.find((c) => c.file_name === 'portrait-lookbook.jpg')!;
    await page.goto(
      `${server.url}/assets/creatives?advertiser=${demo.advertiser_id}&preset=last_7_days&creative=${lookbook.creative_id}`,
    );
    await page.getByTestId('creative-detail').waitFor();
    await page.getByTestId('delete-creative').click();
    await page.getByTestId('delete-creative-confirm').click();
    await page.getByTestId('creative-detail').waitFor({ state: 'detached' });
    await expect
      .poll(() =>
        page
          .getByTestId('creative-card')
          .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-name'))),
      )
      .not.toContain('portrait-lookbook.jpg');
    const gone = await page.request.get(`${server.url}${lookbook.file_url}`);
    expect(gone.status()).toBe(404);
    expect(journey.pageErrors).toEqual([]);
  });
});
