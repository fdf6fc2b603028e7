// The Campaign tab in a real Chromium against the real server on a fresh data directory (the sandbox seeds
// the demo advertiser, the owner is created at start). The owner builds a campaign, an ad group and an ad
// through the forms (fixing a budget the server refuses on the way), sees the ad in review and then
// delivering after the sandbox clock moves on; pauses an ad and undoes it; duplicates an ad group and
// gives the copy another audience; saves a column set that is still chosen after a reload; filters by a
// metric threshold and sorts by a column. A 5,000-ad account scrolls with only the visible rows in the
// page, and a viewer sees the tables without any control that changes them.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdvertiserInfo } from '../../src/shared/api.ts';
import type { AdGroupFields, ColumnSets, EntityListResponse } from '../../src/shared/campaigns-api.ts';
import { addDays } from '../../src/core/dates.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { parseScenario } from '../../src/sources/sandbox/load-scenario.ts';
import { seedScenario } from '../../src/sources/sandbox/seed-scenario.ts';
import { formatMetricValue } from '../../web/src/lib/format.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'campaigns e2e password' };
const VIEWER = { email: 'viewer@example.com', password: 'viewer e2e password', name: 'Vic Viewer' };
/** Days of sandbox history: enough for "Last 7 days" and the comparison before it. */
const SEED_DAYS = 21;

let journey: OwnerJourney;
let server: RunningServer;
let page: Page;
let demo: AdvertiserInfo;
/** The ad group made by duplicating "US 25-44 · Broad". */
let copyId = '';

async function shot(name: string, target: Page = page): Promise<void> {
  // Switches and dimmed rows settle (their transitions take 0.15–0.2 s).
  await target.waitForTimeout(300);
  await target.screenshot({ path: screenshotPath(`campaigns-${name}`), fullPage: false });
}

/** The API as the signed-in page sees it (its cookie and CSRF token). */
function api<T>(
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
  target: Page = page,
): Promise<T> {
  return pageApi<T>(target, server.url, method, pathAndQuery, body);
}

function url(): URL {
  return new URL(page.url());
}

async function currentAdvertiser(): Promise<AdvertiserInfo> {
  const { advertisers } = await api<{ advertisers: AdvertiserInfo[] }>('GET', '/advertisers');
  return advertisers.find((a) => a.advertiser_id === demo.advertiser_id)!;
}

/** Waits until the table shows the final answer for this level. */
async function waitForTable(level: string, target: Page = page): Promise<void> {
  await target.waitForSelector(`[data-testid=entity-table][data-level=${level}][data-busy=false]`, {
    timeout: 60_000,
  });
}

function row(name: string) {
  return page.locator('[data-testid=entity-row]', {
    has: page.getByTestId('row-name').getByText(name, { exact: true }),
  });
}

async function rowNames(): Promise<string[]> {
  return page.getByTestId('row-name').allTextContents();
}

async function headerColumns(): Promise<string[]> {
  return page
    .locator('[data-testid=entity-table] .et-header [data-column]')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-column') ?? ''));
}

async function noHorizontalOverflow(): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, 'the page does not scroll sideways (the table does)').toBeLessThanOrEqual(client);
}

beforeAll(async () => {
  journey = await openOwnerJourney({ name: 'campaigns', seedDays: SEED_DAYS, owner: OWNER });
  ({ server, page, demo } = journey);
});

afterAll(() => journey?.close());

describe('Campaign tab', () => {
  test('the tab keeps the advertiser and dates; rows and totals are the API’s', async () => {
    await page.goto(`${server.url}/?preset=last_14_days`);
    await page.waitForURL(
      (u) => u.searchParams.get('preset') === 'last_14_days' && u.searchParams.has('advertiser'),
    );
    await expect(page.locator('.tabs a').allTextContents()).resolves.toEqual([
      'Dashboard',
      'Campaigns',
      'Insights',
      'Reporting',
      'Assets',
    ]);
    await page.locator('.tabs a', { hasText: 'Campaigns' }).click();
    await page.waitForURL((u) => u.pathname === '/campaigns' && u.searchParams.get('level') === 'campaigns');
    expect(url().searchParams.get('advertiser')).toBe(demo.advertiser_id);
    expect(url().searchParams.get('preset')).toBe('last_14_days');
    await waitForTable('campaigns');

    const p = url().searchParams;
    const sets = await api<ColumnSets>('GET', '/me/column-sets');
    expect(sets.chosen).toBe('Performance');
    const metrics = sets.sets.find((s) => s.name === 'Performance')!.metrics;
    expect(await headerColumns()).toEqual(['switch', 'name', 'status', 'budget', ...metrics]);
    const list = await api<EntityListResponse>(
      'GET',
      `/advertisers/${demo.advertiser_id}/campaigns?from=${p.get('from')}&to=${p.get('to')}&metrics=${metrics.join(',')}`,
    );
    expect(await rowNames()).toEqual(list.rows.map((r) => r.name));
    const spendTotal = page.locator(
      '[data-testid=totals-row] [data-metric=spend] [data-testid=metric-value]',
    );
    await expect(spendTotal.textContent()).resolves.toBe(
      formatMetricValue(list.totals.spend, 'money', demo.currency),
    );
    await expect(page.getByTestId('totals-row').textContent()).resolves.toContain(
      `Total of ${list.total_rows} campaigns`,
    );
    // With comparison on, every metric cell carries its change.
    expect(await page.locator('[data-testid=entity-row] [data-testid=metric-change]').count()).toBe(
      list.rows.length * metrics.length,
    );
    await noHorizontalOverflow();
    await shot('list');

    // Back on the Dashboard, the same advertiser and dates.
    await page.locator('.tabs a', { hasText: 'Dashboard' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(url().searchParams.get('preset')).toBe('last_14_days');
    await page.goBack();
    await waitForTable('campaigns');
  });

  test('build a campaign, an ad group and an ad; a refused budget is fixed on the way; the ad is reviewed, then delivers', async () => {
    await page.goto(`${server.url}/campaigns?advertiser=${demo.advertiser_id}&preset=last_7_days`);
    await waitForTable('campaigns');
    await page.getByTestId('create-button').click();
    const panel = page.getByTestId('side-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-kind')).toBe('campaign');
    await panel.locator('input[name=campaign_name]').fill('E2E Trail Launch');
    await panel.locator('input[name=budget]').fill('10');
    await page.getByTestId('form-submit').click();
    const budgetError = panel.locator('[data-field-error=budget]');
    await budgetError.waitFor();
    await expect(budgetError.textContent()).resolves.toMatch(/50/);
    await expect(page.getByTestId('form-error').textContent()).resolves.toMatch(/marked in red/);
    await shot('create-campaign-error');
    await panel.locator('input[name=budget]').fill('120');
    await page.getByTestId('form-submit').click();

    // Next step: the ad group, in the new campaign.
    await page.waitForSelector('[data-testid=side-panel][data-kind=adgroup][data-mode=create]');
    await expect(page.getByTestId('notice-text').textContent()).resolves.toContain('E2E Trail Launch');
    const campaignSelect = panel.locator('select[name=campaign_id]');
    await expect.poll(() => campaignSelect.locator('option:checked').textContent()).toBe('E2E Trail Launch');
    await panel.locator('input[name=adgroup_name]').fill('E2E · US 18-34');
    await panel.locator('input[name=budget]').fill('40');
    await panel.getByTestId('locations').fill('US');
    await panel.getByTestId('locations').press('Enter');
    await panel.locator('[data-testid=age][data-value=AGE_18_24]').check();
    await panel.locator('[data-testid=age][data-value=AGE_25_34]').check();
    const estimate = page.getByTestId('audience-estimate');
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=audience-estimate]');
      return !!el?.getAttribute('data-label') && !el.classList.contains('audience-loading');
    });
    const shownLabel = await estimate.getAttribute('data-label');
    const asked = await api<{ size: number; label: string }>(
      'POST',
      `/advertisers/${demo.advertiser_id}/audience-estimate`,
      {
        locations: ['US'],
        age_groups: ['AGE_18_24', 'AGE_25_34'],
      },
    );
    expect(shownLabel).toBe(asked.label);
    await shot('create-adgroup');
    await page.getByTestId('form-submit').click();

    // Last step: the ad, with its preview.
    await page.waitForSelector('[data-testid=side-panel][data-kind=ad][data-mode=create]');
    await panel.locator('input[name=ad_name]').fill('E2E — creator review');
    await page.getByTestId('creative-select').selectOption({ index: 1 });
    const creativeName = (await page
      .getByTestId('creative-select')
      .locator('option:checked')
      .textContent())!.split(' · ')[0]!;
    await panel.locator('textarea[name=ad_text]').fill('x'.repeat(101));
    await expect(page.getByTestId('text-count').textContent()).resolves.toBe('101 / 100 characters');
    await panel.locator('textarea[name=ad_text]').fill('A trail runner tests them for 100 km');
    await panel.locator('input[name=landing_page_url]').fill('https://shop.northwind.example/trail');
    await expect(page.getByTestId('preview-text').textContent()).resolves.toBe(
      'A trail runner tests them for 100 km',
    );
    await expect(page.getByTestId('preview-file').textContent()).resolves.toBe(creativeName);
    await expect(page.getByTestId('preview-cta').textContent()).resolves.toContain('Shop now');
    await shot('create-ad');
    await page.getByTestId('form-submit').click();

    // The table moves to the new ad group's ads: the ad is in review.
    await page.waitForURL((u) => u.searchParams.get('level') === 'ads' && !u.searchParams.has('form'));
    await waitForTable('ads');
    const ad = row('E2E — creator review');
    await expect(ad.getByTestId('row-status').getAttribute('data-code')).resolves.toBe('IN_REVIEW');
    await expect(ad.getByTestId('row-status').textContent()).resolves.toMatch(/^In review/);
    await expect(page.getByTestId('breadcrumb').textContent()).resolves.toMatch(
      /All campaigns.*E2E Trail Launch.*E2E · US 18-34/,
    );
    await shot('ad-in-review');

    // The sandbox's clock moves on: review ends within hours and the ad starts to deliver.
    await api('POST', `/sandbox/advertisers/${demo.advertiser_id}/advance`, { hours: 10 });
    const advertiser = await currentAdvertiser();
    const simulated = addDays(advertiser.today, 1);
    const p = url().searchParams;
    await page.goto(
      `${server.url}/campaigns?advertiser=${demo.advertiser_id}&from=${advertiser.today}&to=${simulated}&compare=none&level=ads&campaign_ids=${p.get('campaign_ids')}&adgroup_ids=${p.get('adgroup_ids')}`,
    );
    await waitForTable('ads');
    const code = await ad.getByTestId('row-status').getAttribute('data-code');
    expect(code, 'the review is over').not.toBe('IN_REVIEW');
    const impressions = ad.locator('[data-metric=impressions] [data-testid=metric-value]');
    await expect(impressions.textContent()).resolves.not.toBe('0');
    // The status is about today on the advertiser's clock: it says "Delivering" once the simulated
    // hours after the review fall on today (not when the test runs just before midnight there).
    expect(['DELIVERING', 'NOT_DELIVERING']).toContain(code);
    await shot('ad-delivering');
  });

  test('pause an ad with its switch, see the status change, undo it', async () => {
    const ad = row('E2E — creator review');
    const before = await ad.getByTestId('row-status').getAttribute('data-code');
    await ad.locator('.row-switch').click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid=entity-row]')]
          .find((r) => r.textContent?.includes('E2E — creator review'))
          ?.querySelector('[data-testid=row-status]')
          ?.getAttribute('data-code') === 'DISABLED',
    );
    await expect(ad.getByTestId('row-status').textContent()).resolves.toBe('Inactive');
    expect(await ad.getByTestId('row-switch').isChecked()).toBe(false);
    await expect(page.getByTestId('notice-text').textContent()).resolves.toContain('switched off');
    await shot('ad-paused');

    await page.getByTestId('undo-button').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=notice-text]')?.textContent?.startsWith('Undone'),
    );
    await waitForTable('ads');
    await expect.poll(() => ad.getByTestId('row-switch').isChecked()).toBe(true);
    await expect(ad.getByTestId('row-status').getAttribute('data-code')).resolves.toBe(before);
    await shot('ad-undone');
  });

  test('duplicate an ad group and give the copy another audience (same ads, different audience)', async () => {
    await page.goto(`${server.url}/campaigns?advertiser=${demo.advertiser_id}&preset=last_7_days`);
    await waitForTable('campaigns');
    await page.getByTestId('row-name').getByText('Trail Shoe Launch — Audience test').click();
    await page.waitForURL((u) => u.searchParams.get('level') === 'adgroups');
    await waitForTable('adgroups');
    await expect(page.getByTestId('crumb-campaign').textContent()).resolves.toBe(
      'Trail Shoe Launch — Audience test',
    );
    const original = row('US 25-44 · Broad');
    await original.hover();
    await original.getByTestId('row-duplicate').click();

    // The copy opens in its edit form; its audience changes, its ads stay.
    await page.waitForSelector('[data-testid=side-panel][data-kind=adgroup][data-mode=edit]');
    copyId = url().searchParams.get('id')!;
    const panel = page.getByTestId('side-panel');
    await expect(panel.locator('input[name=adgroup_name]').inputValue()).resolves.toContain(
      'US 25-44 · Broad',
    );
    await panel.locator('input[name=adgroup_name]').fill('US 25-44 · Trail runners');
    await panel.getByTestId('interests').fill('trail running');
    await panel.getByTestId('interests').press('Enter');
    await panel.locator('[data-testid=age][data-value=AGE_35_44]').uncheck();
    // Fixed at creation: shown, not editable.
    await expect(
      panel
        .locator('select')
        .filter({ has: page.locator('option[value=SEVEN_DAYS]') })
        .first()
        .isDisabled(),
    ).resolves.toBe(true);
    await shot('duplicate-edit');
    await page.getByTestId('form-submit').click();
    await page.waitForURL((u) => !u.searchParams.has('form'));
    await waitForTable('adgroups');
    await expect(row('US 25-44 · Trail runners').count()).resolves.toBe(1);
    await expect(row('US 25-44 · Broad').count()).resolves.toBe(1);

    const copy = await api<AdGroupFields>('GET', `/advertisers/${demo.advertiser_id}/adgroups/${copyId}`);
    expect(copy.interests).toEqual(['trail running']);
    expect(copy.age_groups).toEqual(['AGE_25_34']);
    const p = url().searchParams;
    const ads = await api<EntityListResponse>(
      'GET',
      `/advertisers/${demo.advertiser_id}/ads?from=${p.get('from')}&to=${p.get('to')}&adgroup_ids=${copyId}&metrics=spend`,
    );
    expect(ads.rows.map((r) => r.name).sort()).toEqual([
      'Trail shoe — creator review',
      'Trail shoe — slow motion',
      'Trail shoe — unboxing',
    ]);
    await shot('duplicated');
  });

  test('inline budget: +20 % in one click, and undo puts it back', async () => {
    const group = row('US 25-44 · Trail runners');
    await expect(group.getByTestId('row-budget').textContent()).resolves.toBe('$70.00');
    await group.getByTestId('budget-edit').click();
    const editor = page.getByTestId('budget-editor');
    await editor.waitFor();
    await expect(page.getByTestId('budget-input').inputValue()).resolves.toBe('70');
    await shot('budget-editor');
    await page.getByTestId('budget-plus').click();
    await editor.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('notice-text').textContent())
      .toBe('Budget of “US 25-44 · Trail runners” set to $84.00.');
    await waitForTable('adgroups');
    await expect(group.getByTestId('row-budget').textContent()).resolves.toBe('$84.00');
    expect(
      (await api<AdGroupFields>('GET', `/advertisers/${demo.advertiser_id}/adgroups/${copyId}`)).budget,
    ).toBe(84);

    // A typed amount under the minimum is refused beside the input, and the budget stays.
    await group.getByTestId('budget-edit').click();
    await page.getByTestId('budget-input').fill('5');
    await page.getByTestId('budget-input').press('Enter');
    await page.locator('[data-testid=budget-editor] [data-field-error=budget]').waitFor();
    await shot('budget-refused');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });

    await page.getByTestId('undo-button').click();
    await expect.poll(() => page.getByTestId('notice-text').textContent()).toMatch(/^Undone: /);
    await waitForTable('adgroups');
    await expect(group.getByTestId('row-budget').textContent()).resolves.toBe('$70.00');
  });

  test('bulk: delete after confirming; a deleted ad cannot be switched off, the others are', async () => {
    const p = url().searchParams;
    await page.goto(
      `${server.url}/campaigns?advertiser=${demo.advertiser_id}&preset=last_7_days&level=ads&campaign_ids=${p.get('campaign_ids')}&adgroup_ids=${copyId}`,
    );
    await waitForTable('ads');
    expect(await rowNames()).toHaveLength(3);
    await row('Trail shoe — slow motion').getByTestId('row-select').check();
    await page.waitForURL((u) => u.searchParams.get('ad_ids') !== null);
    await page.getByTestId('bulk-delete').click();
    await shot('delete-confirm');
    await page.getByTestId('bulk-delete-confirm').click();
    await expect.poll(() => page.getByTestId('notice-text').textContent()).toBe('1 ad deleted.');
    await waitForTable('ads');
    expect((await rowNames()).sort()).toEqual(['Trail shoe — creator review', 'Trail shoe — unboxing']);

    // Deleted rows show when asked for; a bulk change applies where it can and says why not elsewhere.
    await page.getByTestId('filters-button').click();
    for (const status of ['ENABLE', 'DISABLE', 'DELETE']) {
      await page.locator(`[data-testid=status-filter][data-status=${status}]`).check();
    }
    await page.keyboard.press('Escape');
    await page.waitForURL((u) => u.searchParams.get('status') === 'ENABLE,DISABLE,DELETE');
    await waitForTable('ads');
    const deleted = row('Trail shoe — slow motion');
    await expect(deleted.getByTestId('row-status').textContent()).resolves.toBe('Deleted');
    expect(await deleted.getByTestId('row-switch').isDisabled()).toBe(true);
    await deleted.getByTestId('row-select').check();
    await row('Trail shoe — unboxing').getByTestId('row-select').check();
    await page.getByTestId('bulk-disable').click();
    await expect
      .poll(() => page.getByTestId('notice-text').textContent())
      .toBe('1 of 2 ads switched off; 1 could not be changed:');
    await expect(page.getByTestId('notice-details').textContent()).resolves.toMatch(
      /^Trail shoe — slow motion: .*deleted/,
    );
    await waitForTable('ads');
    await expect(
      row('Trail shoe — unboxing').getByTestId('row-status').getAttribute('data-code'),
    ).resolves.toBe('DISABLED');
    await shot('bulk-partial');
  });

  test('customise the columns, save them as a set; the set is still chosen after a reload', async () => {
    await page.goto(`${server.url}/campaigns?advertiser=${demo.advertiser_id}&preset=last_7_days&level=ads`);
    await waitForTable('ads');
    await page.getByTestId('columns-button').click();
    await page.locator('[data-testid=column-option][data-metric=reach]').check();
    await page.locator('[data-testid=column-option][data-metric=frequency]').check();
    await page.locator('[data-testid=column-option][data-metric=cpm]').uncheck();
    // Reach moves up, by button and by keyboard.
    const order = page.getByTestId('column-order');
    await order.locator('li[data-metric=reach] [data-testid=column-up]').click();
    await order.locator('li[data-metric=reach]').focus();
    await page.keyboard.press('Alt+ArrowUp');
    const wanted = await order
      .locator('li')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-metric')));
    expect(wanted).toEqual([
      'spend',
      'impressions',
      'clicks',
      'ctr',
      'cpc',
      'conversion',
      'reach',
      'cost_per_conversion',
      'conversion_rate',
      'frequency',
    ]);
    await page.getByTestId('column-set-name').fill('Morning check');
    await shot('columns');
    await page.getByTestId('column-set-save').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=columns-button]')?.textContent?.includes('Morning check'),
    );
    await waitForTable('ads');
    expect(await headerColumns()).toEqual(['switch', 'name', 'status', ...wanted]);

    // Widen the name column from the keyboard; the width is kept with the person's preferences.
    await page.getByTestId('resize-name').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await api<ColumnSets>('GET', '/me/column-sets')).widths.name).toBe(300);

    await page.reload();
    await waitForTable('ads');
    await expect(page.getByTestId('columns-button').textContent()).resolves.toContain('Morning check');
    expect(await headerColumns()).toEqual(['switch', 'name', 'status', ...wanted]);
    const nameWidth = await page
      .locator('.et-header [data-column=name]')
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(nameWidth).toBe(300);
    const sets = await api<ColumnSets>('GET', '/me/column-sets');
    expect(sets.chosen).toBe('Morning check');
    expect(sets.sets.find((s) => s.name === 'Morning check')).toEqual({
      name: 'Morning check',
      metrics: wanted,
      builtin: false,
    });
    await shot('column-set-remembered');

    // Back to a built-in set.
    await page.getByTestId('columns-button').click();
    await page.locator('[data-testid=column-set][data-set=Performance]').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=columns-button]')?.textContent?.includes('Performance'),
    );
  });

  test('the team’s custom column is a column like any metric, with the API’s totals', async () => {
    await api('POST', `/advertisers/${demo.advertiser_id}/custom-columns`, {
      name: 'Clicks per mille',
      formula: 'clicks / impressions * 1000',
      format: 'number',
    });
    await page.goto(
      `${server.url}/campaigns?advertiser=${demo.advertiser_id}&preset=last_7_days&level=campaigns`,
    );
    await waitForTable('campaigns');
    await page.getByTestId('columns-button').click();
    await page.locator('[data-testid=column-option][data-metric=cc_clicks_per_mille]').check();
    await page.getByTestId('columns-apply').click();
    await waitForTable('campaigns');
    expect(await headerColumns()).toContain('cc_clicks_per_mille');
    const p = url().searchParams;
    const list = await api<EntityListResponse>(
      'GET',
      `/advertisers/${demo.advertiser_id}/campaigns?from=${p.get('from')}&to=${p.get('to')}&metrics=clicks,impressions,cc_clicks_per_mille`,
    );
    const { clicks, impressions, cc_clicks_per_mille: perMille } = list.totals;
    expect(perMille).toBeCloseTo((clicks! / impressions!) * 1000, 6);
    const total = page.locator(
      '[data-testid=totals-row] [data-metric=cc_clicks_per_mille] [data-testid=metric-value]',
    );
    await expect(total.textContent()).resolves.toBe(formatMetricValue(perMille!, 'decimal', demo.currency));
    await shot('custom-column');
  });

  test('filter by a metric threshold and sort by a column; both live in the URL', async () => {
    await page.goto(
      `${server.url}/campaigns?advertiser=${demo.advertiser_id}&preset=last_7_days&level=ads&compare=none`,
    );
    await waitForTable('ads');
    const all = await page.getByTestId('entity-table').getAttribute('data-rows');
    await page.getByTestId('filters-button').click();
    await page.getByTestId('threshold-metric').selectOption('spend');
    await page.getByTestId('threshold-operator').selectOption('>');
    await page.getByTestId('threshold-value').fill('100');
    await page.getByTestId('threshold-add').click();
    await page.waitForURL((u) => u.searchParams.get('filters') === 'spend>100');
    await page.keyboard.press('Escape');
    await page.getByTestId('sort-spend').click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'spend:desc');
    await waitForTable('ads');

    const p = url().searchParams;
    const list = await api<EntityListResponse>(
      'GET',
      `/advertisers/${demo.advertiser_id}/ads?from=${p.get('from')}&to=${p.get('to')}&metrics=spend&filters=spend>100&sort=spend:desc`,
    );
    expect(list.rows.length).toBeGreaterThan(0);
    expect(list.total_rows).toBeLessThan(Number(all));
    expect(list.rows.every((r) => (r.metrics.spend ?? 0) > 100)).toBe(true);
    expect(await rowNames()).toEqual(list.rows.map((r) => r.name));
    await expect(page.getByTestId('filter-chip').allTextContents()).resolves.toEqual([
      expect.stringContaining('Cost is above 100 USD'),
    ]);
    await shot('threshold-filter');

    // A reload shows the same; a second click sorts ascending.
    await page.reload();
    await waitForTable('ads');
    expect(await rowNames()).toEqual(list.rows.map((r) => r.name));
    await page.getByTestId('sort-spend').click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'spend:asc');
    await waitForTable('ads');
    expect(await rowNames()).toEqual(list.rows.map((r) => r.name).reverse());
  });

  test('5,000 ads: only the rows in view are in the page, and scrolling reaches the last one', async () => {
    const campaigns = Array.from({ length: 50 }, (_, c) => ({
      campaign_name: `Load ${String(c + 1).padStart(2, '0')}`,
      objective_type: 'TRAFFIC',
      ad_groups: Array.from({ length: 10 }, (_, g) => ({
        adgroup_name: `Load ${c + 1}.${g + 1}`,
        budget_mode: 'BUDGET_MODE_DAY',
        budget: 25,
        locations: ['US'],
        optimization_goal: 'CLICK',
        billing_event: 'CPC',
        ads: Array.from({ length: 10 }, (_, a) => ({
          ad_name: `Load ad ${String(c + 1).padStart(2, '0')}.${String(g + 1).padStart(2, '0')}.${String(a + 1).padStart(2, '0')}`,
          ad_text: 'Load test',
          call_to_action: 'LEARN_MORE',
          landing_page_url: 'https://shop.example/',
          creative: {
            name: `load-${c}-${g}-${a}.mp4`,
            duration_s: 10,
            thumbstop: 0.3,
            hold: 0.4,
            ctr: 0.01,
            cvr: 0.03,
            fatigue: 0.05,
          },
        })),
      })),
    }));
    const big = await seedScenario(
      server.ctx.catalog,
      server.ctx.facts,
      parseScenario({
        seed: 5000,
        start_date: addDays(demo.today, -3),
        days: 2,
        advertiser: {
          name: 'Load test: 5,000 ads',
          currency: 'EUR',
          timezone: 'Europe/Amsterdam',
          product_value: 50,
          margin: 0.5,
        },
        campaigns,
      }),
    );
    await page.goto(`${server.url}/campaigns?advertiser=${big}&preset=last_7_days&level=ads&sort=name:asc`);
    await waitForTable('ads');
    const table = page.getByTestId('entity-table');
    expect(await table.getAttribute('data-rows')).toBe('5000');
    const inPage = await page.getByTestId('entity-row').count();
    expect(inPage, 'rows in the page').toBeLessThan(60);
    await expect(page.getByTestId('row-name').first().textContent()).resolves.toBe('Load ad 01.01.01');
    await shot('5000-top');

    // Scroll in wheel-sized steps and time each frame: rows come and go without the page stalling.
    const timings = await table.evaluate(async (el) => {
      const out: number[] = [];
      for (let i = 0; i < 60; i++) {
        const start = performance.now();
        el.scrollTop += 300;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        out.push(performance.now() - start);
      }
      return out;
    });
    timings.sort((a, b) => a - b);
    // Two animation frames are ~33 ms on their own.
    expect(timings[Math.floor(timings.length / 2)]!, 'median ms per scroll step').toBeLessThan(250);
    expect(await page.getByTestId('entity-row').count()).toBeLessThan(60);
    await table.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=row-name]')].some(
        (n) => n.textContent === 'Load ad 50.10.10',
      ),
    );
    expect(await page.getByTestId('entity-row').count()).toBeLessThan(60);
    // The header and totals stay on top; the name stays on the left while the metrics scroll sideways.
    await table.evaluate((el) => (el.scrollLeft = 400));
    const header = await page.locator('.et-header').boundingBox();
    const tableBox = await table.boundingBox();
    expect(Math.abs(header!.y - tableBox!.y)).toBeLessThan(3);
    const name = await page.getByTestId('row-name').last().boundingBox();
    expect(name!.x).toBeGreaterThan(tableBox!.x);
    expect(name!.x).toBeLessThan(tableBox!.x + 200);
    await shot('5000-bottom');
  });

  test('a viewer sees the tables, and no control that changes them', async () => {
    const { context: viewerContext, page: viewer } = await journey.viewerWindow(
      VIEWER,
      `${server.url}/campaigns?level=adgroups`,
      (u) => u.pathname === '/campaigns' && u.searchParams.has('from'),
    );
    await waitForTable('adgroups', viewer);
    expect(await viewer.getByTestId('entity-row').count()).toBeGreaterThan(0);
    for (const control of ['create-button', 'row-switch', 'budget-edit', 'row-edit', 'row-duplicate']) {
      expect(await viewer.getByTestId(control).count(), control).toBe(0);
    }
    await viewer.getByTestId('row-select').first().check();
    expect(await viewer.getByTestId('bulk-enable').count()).toBe(0);
    // A form in the URL is not opened for someone who may not use it.
    await viewer.goto(`${server.url}/campaigns?level=campaigns&form=campaign`);
    await waitForTable('campaigns', viewer);
    expect(await viewer.getByTestId('side-panel').count()).toBe(0);
    await shot('viewer', viewer);
    await viewerContext.close();
  });

  test('no script errors on any page', () => {
    expect(journey.pageErrors).toEqual([]);
  });
});
