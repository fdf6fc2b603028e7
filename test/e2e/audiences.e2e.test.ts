// Assets → Audiences in a real Chromium against the real server on a fresh data directory with 30 days of
// the demo. The owner uploads a customer file (made here: a few thousand rows, some invalid, some
// duplicates) with the file picker and reads the import report; a small file dropped on the form gives an
// audience too small to target; a lookalike of the customers shows its size before it is made. Then builds a website audience from the sandbox's pixel events — "AddToCart in the last 30
// days and not Purchase" — whose size follows the rule as it is edited, includes it in an existing ad group
// (the small one cannot be included), sees the audience estimate change and the targeting saved, and finds
// deleting the audience refused with the ad group named.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdvertiserInfo } from '../../src/shared/api.ts';
import type { Audience, AudienceList, WebsiteRulePreview } from '../../src/shared/audiences-api.ts';
import type { AdGroupFields, AudienceEstimate } from '../../src/shared/campaigns-api.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';
import { formatAudience } from '../../web/src/campaigns/labels.ts';

const OWNER = { email: 'owner@example.com', password: 'audiences e2e password' };
const FILE = 'customers-2026.csv';
const SMALL_FILE = 'vip-list.csv';
const WEBSITE = 'Cart abandoners 30 d';
const AD_GROUP = 'US 25-44 · Broad';

let journey: OwnerJourney;
let server: RunningServer;
let filesDir: string;
let page: Page;
let demo: AdvertiserInfo;

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: screenshotPath(`audiences-${name}`), fullPage: false });
}

const api = <T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown) =>
  pageApi<T>(page, server.url, method, pathAndQuery, body);
const audiences = async () =>
  (await api<AudienceList>('GET', `/advertisers/${demo.advertiser_id}/audiences`)).audiences;
const named = async (name: string): Promise<Audience> => (await audiences()).find((a) => a.name === name)!;
const n = (value: number) => value.toLocaleString('en-US');

/**
 * A customer file as shops export them: 2,400 customers with an email, 500 with only a phone (E.164),
 * 60 of the emails again in other case and spacing, 30 addresses that are not emails and 10 phone numbers
 * without a country code. Lines of the invalid rows are returned (1-based, the header is line 1).
 */
function customerFile(): { text: string; badEmailLines: number[]; badPhoneLines: number[] } {
  const lines = ['email,phone'];
  const badEmailLines: number[] = [];
  const badPhoneLines: number[] = [];
  for (let i = 0; i < 2400; i++) lines.push(`customer.${i}@example.com,`);
  for (let i = 0; i < 500; i++) lines.push(`,+3162${1_000_000 + i}`);
  for (let i = 0; i < 60; i++) lines.push(`  Customer.${i * 7}@Example.COM ,`);
  for (let i = 0; i < 30; i++) {
    lines.push(`customer.${i}.at.example.com,`);
    badEmailLines.push(lines.length);
  }
  for (let i = 0; i < 10; i++) {
    lines.push(`,06${String(20_000_000 + i)}`);
    badPhoneLines.push(lines.length);
  }
  return { text: `${lines.join('\n')}\n`, badEmailLines, badPhoneLines };
}

beforeAll(async () => {
  filesDir = mkdtempSync(path.join(os.tmpdir(), 'adcockpit-audience-files-'));
  writeFileSync(path.join(filesDir, FILE), customerFile().text);
  writeFileSync(
    path.join(filesDir, SMALL_FILE),
    `${Array.from({ length: 300 }, (_, i) => `vip.${i}@example.org`).join('\n')}\n`,
  );
  // 30 days of history: enough cart abandoners (by _ttp cookie) for TikTok's minimum of 1,000.
  journey = await openOwnerJourney({ name: 'audiences', seedDays: 30, owner: OWNER });
  ({ server, page, demo } = journey);
});

afterAll(async () => {
  await journey?.close();
  if (filesDir) rmSync(filesDir, { recursive: true, force: true });
});

describe('Assets → Audiences', () => {
  test('the Audiences page sits beside Creatives and starts empty, saying what an audience can be', async () => {
    await page.goto(`${server.url}/assets/creatives?advertiser=${demo.advertiser_id}`);
    await page.getByTestId('assets-nav-audiences').click();
    await page.waitForURL((u) => u.pathname === '/assets/audiences');
    await page.getByTestId('empty-state').waitFor();
    await expect(page.getByTestId('empty-state').textContent()).resolves.toContain('customer file');
    expect(await page.title()).toContain('Audiences');
  });

  test('a customer file chosen with the file picker is imported, with its report', async () => {
    const { badEmailLines, badPhoneLines } = customerFile();
    await page.getByTestId('create-audience').click();
    await page.getByTestId('create-customer_file').click();
    const form = page.getByTestId('customer-file-form');
    await form.waitFor();
    // Nothing chosen yet: the form says what is missing, and sends nothing.
    await form.getByRole('button', { name: 'Upload and import' }).click();
    await expect(form.locator('[data-field-error=file]').textContent()).resolves.toContain('.csv or .txt');
    await page.getByTestId('customer-file-input').setInputFiles(path.join(filesDir, FILE));
    await expect(page.getByTestId('chosen-file').textContent()).resolves.toContain(FILE);
    // The name follows the file's until the person writes one.
    await expect(page.getByTestId('audience-name').inputValue()).resolves.toBe('customers-2026');
    await page.getByTestId('audience-name').fill('Customers 2026');
    await shot('customer-file-form');
    await form.getByRole('button', { name: 'Upload and import' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });

    const saved = await named('Customers 2026');
    const r = saved.customer_file!;
    expect([r.rows_read, r.valid, r.invalid, r.duplicates, r.members]).toEqual([3000, 2960, 40, 60, 2900]);
    // What the screen says is the server's report.
    await expect(report.getByTestId('report-rows-read').textContent()).resolves.toBe(n(r.rows_read));
    await expect(report.getByTestId('report-valid').textContent()).resolves.toBe(n(r.valid));
    await expect(report.getByTestId('report-invalid').textContent()).resolves.toBe(n(r.invalid));
    await expect(report.getByTestId('report-duplicates').textContent()).resolves.toBe(n(r.duplicates));
    await expect(report.getByTestId('report-matched').textContent()).resolves.toBe(n(saved.matched_size!));
    // Each reason with the lines to look at.
    const reasons = await report.getByTestId('invalid-reasons').textContent();
    expect(reasons).toContain('not a valid email address');
    expect(reasons).toContain(n(badEmailLines[0]!));
    expect(reasons).toContain(n(badPhoneLines[0]!));
    await expect(report.getByTestId('privacy-note').textContent()).resolves.toContain('never stored');
    await shot('import-report');

    // The audience is in the list, with its size and status.
    await page.getByRole('button', { name: 'Open the audience' }).click();
    await page.getByTestId('audience-detail').waitFor();
    const row = page.locator('[data-testid=audience-row][data-name="Customers 2026"]');
    await expect(row.getByTestId('audience-size').textContent()).resolves.toBe(n(saved.matched_size!));
    await expect(row.getByTestId('audience-status').textContent()).resolves.toBe(
      saved.targetable ? 'Ready' : 'Too small to target (< 1,000)',
    );
  });

  test('a small file dropped on the form gives an audience too small to target, and says so', async () => {
    await page.getByTestId('create-audience').click();
    await page.getByTestId('create-customer_file').click();
    const csv = readFileSync(path.join(filesDir, SMALL_FILE), 'utf8');
    await page.evaluate(
      ({ text, name }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], name, { type: 'text/csv' }));
        const zone = document.querySelector('[data-testid=file-drop]')!;
        for (const type of ['dragenter', 'dragover', 'drop'])
          zone.dispatchEvent(
            new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
          );
      },
      { text: csv, name: SMALL_FILE },
    );
    await expect(page.getByTestId('chosen-file').textContent()).resolves.toContain(SMALL_FILE);
    await page.getByTestId('audience-name').fill('VIP list');
    await page.getByTestId('customer-file-form').getByRole('button', { name: 'Upload and import' }).click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    const vip = await named('VIP list');
    expect(vip.targetable).toBe(false);
    await expect(page.getByTestId('import-done').textContent()).resolves.toContain(
      'Too small to target (< 1,000)',
    );
    await page.getByTestId('customer-file-form').getByRole('button', { name: 'Close' }).click();
    const row = page.locator('[data-testid=audience-row][data-name="VIP list"]');
    await expect(row.getByTestId('audience-status').textContent()).resolves.toBe(
      'Too small to target (< 1,000)',
    );
    await shot('list');
  });

  test('a lookalike of the customers, its size shown before it is made', async () => {
    await page.getByTestId('create-audience').click();
    await page.getByTestId('create-lookalike').click();
    const form = page.getByTestId('lookalike-form');
    await form.waitFor();
    await page.getByTestId('audience-name').fill('Customers lookalike US 1 %');
    // Any customer file or website audience of 100 matched people or more can be the source.
    const source = page.getByTestId('lookalike-source');
    await source.selectOption({
      label: `Customers 2026 · ${n((await named('Customers 2026')).matched_size!)}`,
    });
    await form.getByText('Narrow · 1 %').click();
    const { countries } = await api<{ countries: { country: string; population: number }[] }>(
      'GET',
      `/advertisers/${demo.advertiser_id}/audiences/lookalike-countries`,
    );
    const us = countries.find((c) => c.country === 'US')!;
    const expected = Math.round(us.population / 100);
    await expect(page.getByTestId('lookalike-size').textContent()).resolves.toContain(n(expected));
    await shot('lookalike-form');
    await form.getByRole('button', { name: 'Create lookalike' }).click();
    const detail = page.getByTestId('audience-detail');
    await detail.waitFor();
    await expect(detail.textContent()).resolves.toContain('Narrow · 1 % of the country');
    const made = await named('Customers lookalike US 1 %');
    expect(made.matched_size).toBe(expected);
    expect(made.lookalike!.source_audience_name).toBe('Customers 2026');
    await page.getByTestId('audience-detail').getByRole('button', { name: 'Close' }).click();
  });

  test('a website audience from the pixel’s events, its size following the rule as it is edited', async () => {
    await page.getByTestId('create-audience').click();
    await page.getByTestId('create-website').click();
    const form = page.getByTestId('website-form');
    await form.waitFor();
    await page.getByTestId('audience-name').fill(WEBSITE);
    const size = page.getByTestId('rule-size');
    const settledSize = async () => {
      await expect.poll(() => size.getAttribute('data-pending'), { timeout: 30_000 }).toBe('false');
      return (await page.getByTestId('rule-size-value').textContent())!;
    };
    // The form starts with AddToCart in the last 30 days.
    const carts = await api<WebsiteRulePreview>(
      'POST',
      `/advertisers/${demo.advertiser_id}/audiences/website/preview`,
      {
        include: [{ events: ['AddToCart'], within_days: 30 }],
      },
    );
    await expect.poll(settledSize, { timeout: 30_000 }).toContain(n(carts.matched_size));

    // "… and not Purchase": the size drops to the abandoners.
    await page.getByTestId('add-exclude').click();
    await expect(page.getByTestId('exclude-events-tag').allTextContents()).resolves.toEqual(['Purchase×']);
    const rule = {
      include: [{ events: ['AddToCart'], within_days: 30 }],
      exclude: [{ events: ['Purchase'], within_days: 30 }],
    };
    const abandoners = await api<WebsiteRulePreview>(
      'POST',
      `/advertisers/${demo.advertiser_id}/audiences/website/preview`,
      rule,
    );
    expect(abandoners.matched_size).toBeLessThan(carts.matched_size);
    expect(abandoners.matched_size).toBeGreaterThanOrEqual(1000);
    await expect.poll(settledSize, { timeout: 30_000 }).toContain(n(abandoners.matched_size));
    await expect(size.textContent()).resolves.toContain('can be targeted');

    // An incomplete condition asks nothing and says why.
    await page.getByTestId('include-days').fill('');
    await expect(size.textContent()).resolves.toContain('Complete the rule');
    await page.getByTestId('include-days').fill('30');
    await expect.poll(settledSize, { timeout: 30_000 }).toContain(n(abandoners.matched_size));
    await shot('website-rule');

    await form.getByRole('button', { name: 'Create audience' }).click();
    const detail = page.getByTestId('audience-detail');
    await detail.waitFor();
    await expect(detail.getByTestId('audience-rule').textContent()).resolves.toBe(
      'People with AddToCart in the last 30 days, but not Purchase in the last 30 days (any pixel).',
    );
    const saved = await named(WEBSITE);
    expect(saved.matched_size).toBe(abandoners.matched_size);
    await shot('website-detail');
  });

  test('included in an ad group, the estimate changes and the targeting is saved', async () => {
    const website = await named(WEBSITE);
    const vip = await named('VIP list');
    const groups = await api<{ rows: { id: string; name: string; parent_id?: string }[] }>(
      'GET',
      `/advertisers/${demo.advertiser_id}/adgroups?from=${demo.today}&to=${demo.today}&metrics=spend`,
    );
    const group = groups.rows.find((g) => g.name === AD_GROUP)!;
    const fields = await api<AdGroupFields>('GET', `/advertisers/${demo.advertiser_id}/adgroups/${group.id}`);
    await page.goto(
      `${server.url}/campaigns?advertiser=${demo.advertiser_id}&preset=last_7_days&level=adgroups&campaign_ids=${fields.campaign_id}&form=adgroup&id=${group.id}`,
    );
    const panel = page.getByTestId('side-panel');
    await panel.waitFor();
    const estimate = page.getByTestId('audience-estimate');
    const settled = async () => {
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid=audience-estimate]');
        return !!el?.getAttribute('data-label') && !el.classList.contains('audience-loading');
      });
      return (await page.getByTestId('audience-size').textContent())!;
    };
    const question = {
      locations: fields.locations,
      age_groups: fields.age_groups,
      gender: fields.gender,
      interests: fields.interests,
    };
    const before = await api<AudienceEstimate>(
      'POST',
      `/advertisers/${demo.advertiser_id}/audience-estimate`,
      question,
    );
    await expect.poll(settled).toContain(formatAudience(before.size));

    // The small audience is listed but cannot be included.
    const search = page.getByTestId('include-audience-search');
    await search.click();
    const small = page.locator('[data-testid=audience-option][data-name="VIP list"]');
    await expect(small.getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(small.textContent()).resolves.toContain('too small to target');
    await small.click({ force: true });
    await expect(page.getByTestId('include-audience-chip').count()).resolves.toBe(0);

    // Typing finds the website audience; Enter includes it.
    await search.fill('cart');
    await expect(page.getByTestId('audience-option').count()).resolves.toBe(1);
    await search.press('Enter');
    await expect(page.getByTestId('include-audience-chip').textContent()).resolves.toContain(WEBSITE);
    const after = await api<AudienceEstimate>(
      'POST',
      `/advertisers/${demo.advertiser_id}/audience-estimate`,
      {
        ...question,
        audience_ids: [website.audience_id],
      },
    );
    expect(after.size).toBeLessThan(before.size);
    await expect.poll(settled).toContain(formatAudience(after.size));
    const breakdown = page.getByTestId('audience-breakdown');
    await expect(breakdown.textContent()).resolves.toContain(`Only ${WEBSITE}`);
    await expect(breakdown.textContent()).resolves.toContain(formatAudience(before.size));
    await expect(panel.getByTestId('adgroup-summary').textContent()).resolves.toContain(`only ${WEBSITE}`);
    // Excluding: the small audience can be excluded; the included one is not offered twice.
    const exclude = page.getByTestId('exclude-audience-search');
    await exclude.click();
    await expect(
      page.locator(`[data-testid=audience-option][data-name="${WEBSITE}"]`).getAttribute('aria-disabled'),
    ).resolves.toBe('true');
    await page.locator('[data-testid=audience-option][data-name="VIP list"]').click();
    await expect(page.getByTestId('exclude-audience-chip').textContent()).resolves.toContain('VIP list');
    await estimate.click();
    await shot('adgroup-form');

    await page.getByTestId('form-submit').click();
    await page.waitForURL((u) => !u.searchParams.has('form'));
    const saved = await api<AdGroupFields>('GET', `/advertisers/${demo.advertiser_id}/adgroups/${group.id}`);
    expect(saved.audience_ids).toEqual([website.audience_id]);
    expect(saved.excluded_audience_ids).toEqual([vip.audience_id]);
  });

  test('the audience names the ad group using it, and deleting it is refused with that ad group', async () => {
    const website = await named(WEBSITE);
    await page.goto(
      `${server.url}/assets/audiences?advertiser=${demo.advertiser_id}&audience=${website.audience_id}`,
    );
    const detail = page.getByTestId('audience-detail');
    await detail.waitFor();
    await expect(detail.getByTestId('audience-uses').textContent()).resolves.toContain(AD_GROUP);
    const row = page.locator(`[data-testid=audience-row][data-name="${WEBSITE}"]`);
    await expect(row.getByTestId('audience-used-by').textContent()).resolves.toBe('1 ad group');
    await page.getByTestId('delete-audience').click();
    await page.getByTestId('delete-audience-confirm').click();
    const refusal = page.getByTestId('delete-error');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain(AD_GROUP);
    expect((await audiences()).some((a) => a.name === WEBSITE)).toBe(true);
    await shot('delete-refused');

    // Renamed in place.
    await page.getByTestId('audience-name-input').fill('Cart abandoners · 30 days');
    await page.getByTestId('edit-audience').getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await audiences()).some((a) => a.name === 'Cart abandoners · 30 days'))
      .toBe(true);
    await expect(detail.locator('h2').textContent()).resolves.toBe('Cart abandoners · 30 days');
    expect(journey.pageErrors).toEqual([]);
  });
});
