// The Dashboard tab in a real Chromium against the real server on a fresh data directory (the sandbox
// seeds a demo advertiser, the owner is created at start): the test signs in first, then the totals on
// screen must be the API's totals for the range in the URL, formatted by the same code; the date picker,
// the comparison switch and the trend metrics must change the view and survive a reload.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdvertiserInfo, MetricInfo, SummaryResponse, TopResponse } from '../../src/shared/api.ts';
import { addDays, daysBetween } from '../../src/core/dates.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { KPI_METRICS } from '../../web/src/dashboard/kpi-grid.tsx';
import { TOP_LIMIT, TOP_METRICS } from '../../web/src/dashboard/top-table.tsx';
import { formatChange, formatMetricValue } from '../../web/src/lib/format.ts';
import { resolvePreset } from '../../web/src/lib/date-range.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const shotDir = path.join(projectRoot, 'test-results', 'screenshots');
/** Days of sandbox history: enough for "Last 30 days" and a range before the first day of data. */
const SEED_DAYS = 45;
/** The owner made at the first start, as ADCOCKPIT_ADMIN_EMAIL / ADCOCKPIT_ADMIN_PASSWORD would. */
const ADMIN = { email: 'owner@example.com', password: 'dashboard e2e password' };

let journey: OwnerJourney;
let server: RunningServer;
let page: Page;
let advertiser: AdvertiserInfo;
let catalog: Map<string, MetricInfo>;
/** The browser's session cookie after sign-in, so the test's own API calls see what the page sees. */
let sessionCookie = '';

async function api<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${pathAndQuery}`, {
    headers: { cookie: sessionCookie },
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`GET ${pathAndQuery} → ${response.status}: ${JSON.stringify(body)}`);
  return body as T;
}

async function shot(name: string): Promise<void> {
  mkdirSync(shotDir, { recursive: true });
  // Keep the viewport as it is: a full-page capture resizes it, which closes open tooltips and menus.
  await page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage: false });
}

async function shotFull(name: string): Promise<void> {
  mkdirSync(shotDir, { recursive: true });
  await page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage: true });
}

interface UrlView {
  advertiser: string | null;
  preset: string | null;
  from: string;
  to: string;
  compare: string | null;
  trend: string | null;
}

function urlView(): UrlView {
  const params = new URL(page.url()).searchParams;
  return {
    advertiser: params.get('advertiser'),
    preset: params.get('preset'),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    compare: params.get('compare'),
    trend: params.get('trend'),
  };
}

/** Waits until the totals on screen are the final ones for this range and comparison. */
async function waitForDashboard(from: string, to: string, compare: boolean): Promise<void> {
  await page.waitForSelector(
    `[data-testid=dashboard][data-busy=false][data-summary-range="${from}..${to}"][data-summary-compare=${compare ? 'previous' : 'none'}]`,
    { timeout: 60_000 },
  );
  await page.waitForSelector('[data-testid=trend-chart] canvas', { timeout: 30_000 });
}

async function expectKpisMatchApi(view: UrlView): Promise<void> {
  const compare = view.compare !== 'none';
  const summary = await api<SummaryResponse>(
    `/advertisers/${view.advertiser}/summary?from=${view.from}&to=${view.to}&compare=${compare ? 'previous' : 'none'}&metrics=${KPI_METRICS.join(',')}`,
  );
  expect([summary.range.from, summary.range.to]).toEqual([view.from, view.to]);
  for (const id of KPI_METRICS) {
    const metric = catalog.get(id);
    expect(metric, `${id} is in the metric catalog`).toBeDefined();
    const entry = summary.metrics[id];
    expect(entry, `the summary has ${id}`).toBeDefined();
    const card = page.locator(`[data-metric="${id}"]`).first();
    const shown = (await card.getByTestId('kpi-value').textContent())?.trim();
    expect(shown, `${id} card`).toBe(formatMetricValue(entry!.value, metric!.format, summary.currency));
    const change = card.getByTestId('kpi-change');
    if (!compare) {
      expect(await change.count(), `${id} shows no change without comparison`).toBe(0);
    } else if (entry!.change !== null) {
      expect(await change.textContent(), `${id} change`).toContain(formatChange(entry!.change));
    } else {
      expect((await change.textContent())?.trim().startsWith('—'), `${id} has no change to show`).toBe(true);
    }
  }
}

async function pickPreset(preset: string): Promise<void> {
  await page.getByTestId('date-range-button').click();
  await page.locator(`[data-preset="${preset}"]`).click();
  await page.waitForURL((url) => url.searchParams.get('preset') === preset);
}

async function noHorizontalOverflow(): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, 'the page does not scroll sideways').toBeLessThanOrEqual(client);
}

beforeAll(async () => {
  journey = await openOwnerJourney({ name: 'dashboard', seedDays: SEED_DAYS, owner: ADMIN });
  ({ server, page } = journey);
  // Nobody gets in without an account: the API refuses an anonymous call (the app opened on sign-in).
  expect((await fetch(`${server.url}/api/v1/advertisers`)).status).toBe(401);
  sessionCookie = (await page.context().cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');
  expect(sessionCookie, 'signing in set a session cookie').not.toBe('');

  const { advertisers } = await api<{ advertisers: AdvertiserInfo[] }>('/advertisers');
  expect(advertisers.length, 'the fresh install has its demo advertiser').toBeGreaterThan(0);
  advertiser = advertisers[0]!;
  const { metrics } = await api<{ metrics: MetricInfo[] }>('/metrics');
  catalog = new Map(metrics.map((m) => [m.id, m]));
});

afterAll(() => journey?.close());

describe('Dashboard', () => {
  test('opens on the first advertiser, last 7 days on its clock, totals equal to the API', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL((url) => url.searchParams.has('from'));
    const view = urlView();
    expect(view.advertiser).toBe(advertiser.advertiser_id);
    expect(view.preset).toBe('last_7_days');
    expect({ from: view.from, to: view.to }).toEqual(resolvePreset('last_7_days', advertiser.today));
    expect(view.compare).toBe('previous');
    await waitForDashboard(view.from, view.to, true);

    const switcher = page.getByTestId('advertiser-switcher');
    await expect(switcher.textContent()).resolves.toContain(advertiser.name);
    await expect(switcher.textContent()).resolves.toContain(advertiser.currency);
    if (advertiser.source === 'sandbox') await expect(switcher.textContent()).resolves.toMatch(/sandbox/i);
    await expect(page.getByTestId('freshness').textContent()).resolves.toMatch(
      new RegExp(`^Data through ${advertiser.data_to} · updated (\\d{4}-\\d{2}-\\d{2} )?\\d{2}:\\d{2}$`),
    );
    // Only the Dashboard tab exists so far.
    await expect(page.locator('.tabs a').allTextContents()).resolves.toEqual([
      'Dashboard',
      'Campaigns',
      'Insights',
      'Reporting',
      'Assets',
    ]);

    await expectKpisMatchApi(view);
    await shotFull('dashboard-1440-last-7-days');
  });

  test('top campaigns and ads are the API’s top 10 by cost', async () => {
    const view = urlView();
    for (const level of ['campaign', 'ad'] as const) {
      const top = await api<TopResponse>(
        `/advertisers/${view.advertiser}/top?level=${level}&from=${view.from}&to=${view.to}&metrics=${TOP_METRICS.join(',')}&sort=spend&direction=desc&limit=${TOP_LIMIT}`,
      );
      const rows = page.locator(`[data-testid=top-${level}] tbody tr[data-id]`);
      expect(top.rows.length).toBeLessThanOrEqual(TOP_LIMIT);
      expect(await rows.locator('.cell-name').allTextContents()).toEqual(top.rows.map((row) => row.name));
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual(
        top.rows.map((row) => row.id),
      );
      const first = top.rows[0];
      if (first) {
        const spendCell = rows
          .first()
          .locator('td')
          .nth(level === 'campaign' ? 2 : 3);
        const spend = first.spend;
        expect((await spendCell.textContent())?.trim()).toBe(
          formatMetricValue(typeof spend === 'number' ? spend : null, 'money', advertiser.currency),
        );
        const style = await spendCell.evaluate((el) => {
          const css = getComputedStyle(el);
          return { align: css.textAlign, numerals: css.fontVariantNumeric };
        });
        expect(style).toEqual({ align: 'right', numerals: 'tabular-nums' });
      }
    }
  });

  test('the date picker changes the range: Last 30 days, back to Last 7 days, then a custom range', async () => {
    await pickPreset('last_30_days');
    let view = urlView();
    expect({ from: view.from, to: view.to }).toEqual(resolvePreset('last_30_days', advertiser.today));
    await waitForDashboard(view.from, view.to, true);
    await expect(page.getByTestId('date-range-button').textContent()).resolves.toContain('Last 30 days');
    await expectKpisMatchApi(view);
    expect(await page.getByTestId('trend-chart').getAttribute('data-points')).toBe('30');
    await shot('dashboard-1440-last-30-days');

    await pickPreset('last_7_days');
    view = urlView();
    await waitForDashboard(view.from, view.to, true);
    await expectKpisMatchApi(view);

    const to = addDays(advertiser.data_to!, -3);
    const from = addDays(to, -9);
    await page.getByTestId('date-range-button').click();
    await page.locator('input[name=from]').fill(from);
    await page.locator('input[name=to]').fill(to);
    await shot('date-picker-custom');
    await page.getByTestId('apply-custom-range').click();
    await page.waitForURL(
      (url) => url.searchParams.get('from') === from && url.searchParams.get('to') === to,
    );
    view = urlView();
    expect(view.preset).toBeNull();
    await waitForDashboard(from, to, true);
    await expect(page.getByTestId('date-range-button').textContent()).resolves.toContain('Custom');
    await expectKpisMatchApi(view);
    expect(await page.getByTestId('trend-chart').getAttribute('data-points')).toBe(
      String(daysBetween(from, to) + 1),
    );
  });

  test('comparison switches off and on; the trend metrics can be changed', async () => {
    let view = urlView();
    await page.locator('.compare-toggle').click();
    await page.waitForURL((url) => url.searchParams.get('compare') === 'none');
    await waitForDashboard(view.from, view.to, false);
    view = urlView();
    await expectKpisMatchApi(view);
    await expect(page.getByTestId('compare-toggle').isChecked()).resolves.toBe(false);

    await page.getByTestId('trend-metric-2').selectOption('ctr');
    await page.waitForURL((url) => url.searchParams.get('trend') === 'spend,ctr');
    await waitForDashboard(view.from, view.to, false);
    await shot('dashboard-1440-custom-no-compare');
  });

  test('a reload shows the same view', async () => {
    const before = urlView();
    await page.reload();
    await waitForDashboard(before.from, before.to, false);
    expect(urlView()).toEqual(before);
    await expect(page.getByTestId('date-range-button').getAttribute('data-from')).resolves.toBe(before.from);
    await expect(page.getByTestId('date-range-button').getAttribute('data-to')).resolves.toBe(before.to);
    await expect(page.getByTestId('compare-toggle').isChecked()).resolves.toBe(false);
    await expect(page.getByTestId('trend-metric-2').inputValue()).resolves.toBe('ctr');
    await expectKpisMatchApi(before);

    // And comparison comes back with its changes.
    await page.locator('.compare-toggle').click();
    await page.waitForURL((url) => url.searchParams.get('compare') === 'previous');
    await waitForDashboard(before.from, before.to, true);
    await expectKpisMatchApi(urlView());
  });

  test('every metric label explains itself on keyboard focus', async () => {
    const label = page.locator('[data-metric="cost_per_conversion"] .term').first();
    await label.focus();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    const cpa = catalog.get('cost_per_conversion')!;
    await expect(tooltip.textContent()).resolves.toContain(cpa.description);
    await expect(tooltip.textContent()).resolves.toContain('Formula');
    await shot('glossary-tooltip-cpa');
    await label.blur();

    const header = page.locator('[data-testid=top-campaign] th[data-metric="ctr"] .term');
    await header.focus();
    await expect(page.getByRole('tooltip').textContent()).resolves.toContain(catalog.get('ctr')!.description);
    await header.blur();
  });

  test('loading keeps the layout: the cards do not move when the numbers arrive', async () => {
    const view = urlView();
    // Hold the summary back so the skeletons can be measured; the answer itself is the server's.
    await page.route('**/api/v1/advertisers/*/summary*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await page.reload();
    await page.waitForSelector('.kpi-card .skeleton');
    const boxes = () =>
      page
        .locator('.kpi-card')
        .evaluateAll((cards) => cards.map((c) => JSON.stringify(c.getBoundingClientRect())));
    const loading = await boxes();
    await shot('dashboard-loading');
    await waitForDashboard(view.from, view.to, view.compare !== 'none');
    expect(await boxes()).toEqual(loading);
    await page.unroute('**/api/v1/advertisers/*/summary*');
  });

  test('a range without data shows the empty state', async () => {
    const before = addDays(advertiser.data_from!, -20);
    await page.goto(
      `${server.url}/?advertiser=${advertiser.advertiser_id}&from=${before}&to=${addDays(before, 6)}`,
    );
    await page.getByTestId('empty-state').waitFor();
    await shot('dashboard-empty-range');
    await page.getByTestId('empty-state').getByRole('button').click();
    await page.waitForURL((url) => url.searchParams.get('to') === advertiser.data_to);
    await waitForDashboard(urlView().from, urlView().to, true);
  });

  test('fits a 1280 px wide window', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await pickPreset('last_14_days');
    const view = urlView();
    await waitForDashboard(view.from, view.to, true);
    await noHorizontalOverflow();
    await expectKpisMatchApi(view);
    await shotFull('dashboard-1280-last-14-days');
    await page.getByTestId('date-range-button').click();
    await shot('date-picker-1280');
    await page.keyboard.press('Escape');
  });

  test('the page threw no script errors along the way', () => {
    expect(journey.pageErrors).toEqual([]);
  });
});
