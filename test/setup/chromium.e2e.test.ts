import { existsSync, statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, screenshotPath } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

test('Chromium renders a page, runs its script and takes a screenshot', async () => {
  const page = await browser.newPage();
  await page.setContent('<h1>probe</h1><script>document.title = String(6 * 7)</script>');
  expect(await page.title()).toBe('42');
  expect(await page.textContent('h1')).toBe('probe');
  const file = screenshotPath('setup-chromium-probe');
  await page.screenshot({ path: file });
  expect(existsSync(file) && statSync(file).size).toBeGreaterThan(0);
});
