// Insights in a real Chromium against the real server: one advertiser with two of the suite's scenarios —
// an ad, "Broken page", whose landing page loses the clicks (critical) and an ad, "Slow opening", with a
// weak hook (warning). From the Dashboard's early warning to the insight, its evidence chart (the baseline
// and the onset marked), the evidence and the brief; the list walked with the keys and filtered by
// campaign; dismissed, the critical one leaves the Dashboard and the list, shows under "Show dismissed and
// snoozed" and stays dismissed after a reload; with the other snoozed, nothing needs attention; restored,
// the Campaign tab shows its badge on the ad's row, which leads back to it, and an ad group's row answers
// "Why isn't it spending?" with the API's checks.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Insight, InsightList, TroubleshootAnswer } from '../../src/shared/insights-api.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';
import { formatDay } from '../../web/src/insights/insight-labels.ts';

const OWNER = { email: 'owner@example.com', password: 'insights e2e password' };
/** The scenario's days: the insight is judged as of its last one. */
const FROM = '2026-03-01';
const TO = '2026-03-30';

let journey: OwnerJourney;
let server: RunningServer;
let page: Page;
let advertiserId = '';
let broken: Insight;
let slow: Insight;

interface ScenarioFile {
  advertiser: { name: string };
  campaigns: unknown[];
  changes?: unknown[];
}

/** Two scenarios of the suite (same days) as one advertiser's campaigns. */
function twoProblems(): ScenarioFile {
  const read = (name: string) =>
    JSON.parse(fs.readFileSync(path.join('test', 'insights', 'scenarios', name), 'utf8')) as ScenarioFile;
  const page = read('landing-page.json');
  const hook = read('weak-hook.json');
  return {
    ...page,
    advertiser: { ...page.advertiser, name: 'Insights: two problems' },
    campaigns: [...page.campaigns, ...hook.campaigns],
    changes: [...(page.changes ?? []), ...(hook.changes ?? [])],
  };
}

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(200);
  await page.screenshot({ path: screenshotPath(`insights-${name}`), fullPage: false });
}

const api = <T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown) =>
  pageApi<T>(page, server.url, method, pathAndQuery, body);

const dates = () => `advertiser=${advertiserId}&from=${FROM}&to=${TO}`;

async function openDashboard(): Promise<void> {
  await page.goto(`${server.url}/?${dates()}`);
  try {
    await page.waitForSelector('[data-testid=early-warnings] .panel-header a:has-text("All insights (")', {
      timeout: 60_000,
    });
  } catch (e) {
    await shot('failure-dashboard');
    throw e;
  }
}

beforeAll(async () => {
  // The demo advertiser's history: long enough for the detectors' baselines, so its list is a real one.
  journey = await openOwnerJourney({ name: 'insights', seedDays: 35, owner: OWNER });
  ({ server, page } = journey);
  advertiserId = (await api<{ advertiser_id: string }>('POST', '/sandbox/scenarios', twoProblems()))
    .advertiser_id;
  const { insights } = await api<InsightList>('GET', `/advertisers/${advertiserId}/insights?as_of=${TO}`);
  broken = insights.find((i) => i.entity_name === 'Broken page' && i.code === 'landing_page_mismatch')!;
  slow = insights.find((i) => i.entity_name === 'Slow opening' && i.code === 'weak_hook')!;
}, 240_000);

afterAll(async () => {
  await journey?.close();
});

describe('insights', () => {
  test('the scenario has its critical insight and its warning', () => {
    expect(broken).toBeDefined();
    expect(broken.severity).toBe('critical');
    expect(broken.brief).not.toBeNull();
    expect(slow?.severity).toBe('warning');
  });

  test('the Dashboard warns of it, critical first, and the warning opens it', async () => {
    await openDashboard();
    const warnings = page.getByTestId('warning');
    await expect(warnings.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).resolves.toEqual(
      ['landing_page_mismatch', 'weak_hook'],
    );
    const first = warnings.first();
    await expect(first.getAttribute('data-severity')).resolves.toBe('critical');
    await expect(first.textContent()).resolves.toContain('Broken page');
    await expect(first.textContent()).resolves.toContain(broken.summary);
    await shot('dashboard-warning');

    await first.click();
    await page.waitForURL((u) => u.pathname === '/insights');
    expect(new URL(page.url()).searchParams.get('insight')).toBe(
      `landing_page_mismatch:ad:${broken.entity_id}`,
    );
    await page.waitForSelector('[data-testid=insight-detail][data-code=landing_page_mismatch]');
    await expect(page.locator('#insight-title').textContent()).resolves.toBe(broken.summary);
  });

  test('the evidence chart draws the metric by day with the baseline and the onset marked', async () => {
    const chart = page.getByTestId('evidence-chart');
    await chart.locator('canvas').waitFor();
    // It opens on the metric the detector's test judged: the conversion rate.
    const cvr = broken.evidence.metrics.find((m) => m.metric === 'conversion_rate')!;
    expect(broken.evidence.tests[0]?.metric).toBe('conversion_rate');
    await expect(chart.getAttribute('data-metric')).resolves.toBe('conversion_rate');
    await expect(chart.getAttribute('data-onset')).resolves.toBe(broken.since);
    expect(Number(await chart.getAttribute('data-baseline'))).toBeCloseTo(cvr.baseline!, 10);
    expect(Number(await chart.getAttribute('data-days'))).toBeGreaterThan(20);
    const caption = await page.getByTestId('evidence-caption').textContent();
    expect(caption).toMatch(/^CVR by day for Broken page.*Baseline .*\(dashed line/);
    expect(caption).toContain(`onset ${formatDay(broken.since)}`);
    await shot('detail-chart');

    // The other metric of the evidence: CTR, against its own baseline.
    const ctr = broken.evidence.metrics.find((m) => m.metric === 'ctr')!;
    await page.getByRole('button', { name: 'CTR (destination)', exact: true }).click();
    await page.waitForSelector('[data-testid=evidence-chart][data-metric=ctr] canvas');
    expect(Number(await chart.getAttribute('data-baseline'))).toBeCloseTo(ctr.baseline!, 10);
  });

  test('the evidence table and the brief are the API’s', async () => {
    const rows = page.getByTestId('evidence-table').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(broken.evidence.metrics.length);
    const brief = page.getByTestId('insight-brief');
    await expect(brief.textContent()).resolves.toContain(broken.brief!.headline);
    for (const item of broken.brief!.items) await expect(brief.textContent()).resolves.toContain(item);
    await page.getByTestId('evidence-table').scrollIntoViewIfNeeded();
    await shot('detail-evidence');
  });

  test('the arrow keys walk the list, and the campaign filter narrows it', async () => {
    const detail = (code: string) => page.waitForSelector(`[data-testid=insight-detail][data-code=${code}]`);
    await page.locator('[data-testid=insight-row][data-code=landing_page_mismatch]').click();
    await page.keyboard.press('ArrowDown');
    await detail('weak_hook');
    expect(new URL(page.url()).searchParams.get('insight')).toBe(`weak_hook:ad:${slow.entity_id}`);
    await expect(page.locator('[aria-selected=true]').getAttribute('data-entity')).resolves.toBe(
      'Slow opening',
    );
    await page.keyboard.press('ArrowUp');
    await detail('landing_page_mismatch');
    await page.keyboard.press('End');
    await detail('weak_hook');
    await page.keyboard.press('Home');
    await detail('landing_page_mismatch');

    await page.getByTestId('filter-campaign').selectOption({ label: 'weak hook — campaign' });
    await page.waitForSelector('[data-testid=insights-count]:has-text("1 of 2")');
    await expect(page.getByTestId('insight-row').getAttribute('data-entity')).resolves.toBe('Slow opening');
    await page.getByTestId('filter-campaign').selectOption('');
    await page.waitForSelector('[data-testid=insights-count]:has-text("2 of 2")');
  });

  test('dismissed, it leaves the list, shows under "show dismissed", and stays dismissed after a reload', async () => {
    await page.locator('[data-testid=insight-row][data-code=landing_page_mismatch]').click();
    await page.getByTestId('insight-dismiss').click();
    await page.waitForSelector('[data-testid=insights-count]:has-text("1 of 1")');
    await expect(page.getByTestId('insight-row').getAttribute('data-entity')).resolves.toBe('Slow opening');

    await page.getByTestId('show-dismissed').check();
    const row = page.locator('[data-testid=insight-row][data-state=dismissed]');
    await row.waitFor();
    await expect(row.getAttribute('data-entity')).resolves.toBe('Broken page');
    await row.click();
    await expect(page.getByTestId('insight-state').textContent()).resolves.toMatch(/^Dismissed by /);
    await shot('list-dismissed');

    await page.reload();
    await page.locator('[data-testid=insight-row][data-state=dismissed]').waitFor({ timeout: 60_000 });
    await page.getByTestId('show-dismissed').uncheck();
    await page.waitForSelector('[data-testid=insights-count]:has-text("1 of 1")');

    await openDashboard();
    await expect(
      page.getByTestId('warning').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))),
    ).resolves.toEqual(['weak_hook']);
  });

  test('with the other snoozed for a week, nothing needs attention', async () => {
    await page.goto(`${server.url}/insights?${dates()}`);
    await page.waitForSelector('[data-testid=insight-detail][data-code=weak_hook]', { timeout: 60_000 });
    await page.getByTestId('insight-snooze').click();
    await page.getByTestId('snooze-week').click();
    await page.waitForSelector('[data-testid=empty-state]:has-text("Nothing needs attention")');
    await shot('list-empty');
    const { insights } = await api<InsightList>(
      'GET',
      `/advertisers/${advertiserId}/insights?as_of=${TO}&include=dismissed`,
    );
    expect(insights.find((i) => i.code === 'weak_hook')?.state).toMatchObject({ status: 'snoozed' });

    await openDashboard();
    await page.getByTestId('warnings-empty').waitFor();
    await expect(page.getByTestId('warning').count()).resolves.toBe(0);
    await shot('dashboard-nothing');
  });

  test('restored, the Campaign tab badges the ad’s row, and the badge leads to the insight', async () => {
    await page.goto(`${server.url}/insights?${dates()}&dismissed=show`);
    await page.locator('[data-testid=insight-row][data-code=landing_page_mismatch]').click();
    await page.waitForSelector('[data-testid=insight-detail][data-code=landing_page_mismatch]');
    await page.getByTestId('insight-restore').click();
    await page
      .locator('[data-testid=insight-row][data-code=landing_page_mismatch][data-state=open]')
      .waitFor();

    await page.goto(`${server.url}/campaigns?${dates()}&level=ads`);
    await page.waitForSelector('[data-testid=entity-table][data-level=ads][data-busy=false]', {
      timeout: 60_000,
    });
    const row = page.locator('.et-row', {
      has: page.getByTestId('row-name').getByText('Broken page', { exact: true }),
    });
    const badge = row.getByTestId('insight-badge');
    await badge.waitFor();
    await expect(badge.getAttribute('data-severity')).resolves.toBe('critical');
    await expect(badge.getAttribute('data-count')).resolves.toBe('1');
    const other = page.locator('.et-row', {
      has: page.getByTestId('row-name').getByText('Working page', { exact: true }),
    });
    await expect(other.getByTestId('insight-badge').count()).resolves.toBe(0);

    await badge.hover();
    await expect(page.getByRole('tooltip').textContent()).resolves.toContain(broken.summary);
    await shot('campaigns-badge');

    await badge.click();
    await page.waitForURL((u) => u.pathname === '/insights');
    await page.waitForSelector('[data-testid=insight-detail][data-code=landing_page_mismatch]');
    expect(journey.pageErrors).toEqual([]);
  });

  test('an ad group row answers "Why isn\'t it spending?" with the API\'s checks', async () => {
    await page.goto(`${server.url}/campaigns?${dates()}&level=adgroups`);
    await page.waitForSelector('[data-testid=entity-table][data-level=adgroups][data-busy=false]', {
      timeout: 60_000,
    });
    // Both campaigns have a "Broad US": the one of the landing page's campaign.
    const row = page
      .locator('.et-row', { has: page.getByTestId('row-name').getByText('Broad US', { exact: true }) })
      .filter({ hasText: 'landing page — campaign' });
    const adgroupId = (
      await api<{ rows: { id: string; name: string; campaign_name: string }[] }>(
        'GET',
        `/advertisers/${advertiserId}/adgroups?from=${FROM}&to=${TO}&metrics=spend`,
      )
    ).rows.find((r) => r.name === 'Broad US' && r.campaign_name === 'landing page — campaign')!.id;
    const expected = await api<TroubleshootAnswer>(
      'GET',
      `/advertisers/${advertiserId}/adgroups/${adgroupId}/troubleshoot?as_of=${TO}`,
    );
    await row.getByTestId('row-troubleshoot').click();
    const dialog = page.getByTestId('troubleshoot-dialog');
    await dialog.getByTestId('troubleshoot-checks').waitFor();
    await expect(dialog.getByTestId('troubleshoot-verdict').textContent()).resolves.toContain(
      expected.verdict,
    );
    const shown = await dialog
      .locator('[data-check]')
      .evaluateAll((items) =>
        items.map((li) => [li.getAttribute('data-check'), li.getAttribute('data-status')]),
      );
    expect(shown).toEqual(expected.checks.map((c) => [c.id, c.status]));
    await shot('campaigns-troubleshoot');
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    expect(journey.pageErrors).toEqual([]);
  });

  test('on the demo account the list is every open insight the API has, in its order', async () => {
    const demo = journey.demo.advertiser_id;
    await page.goto(`${server.url}/insights?advertiser=${demo}`);
    await page.waitForURL((u) => u.searchParams.has('to'));
    const asOf = new URL(page.url()).searchParams.get('to')!;
    const { insights } = await api<InsightList>('GET', `/advertisers/${demo}/insights?as_of=${asOf}`);
    expect(insights.length).toBeGreaterThan(0);
    await page.waitForSelector(
      `[data-testid=insights-count]:has-text("${insights.length} of ${insights.length} as of")`,
      { timeout: 60_000 },
    );
    const rows = await page
      .getByTestId('insight-row')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-code'), e.getAttribute('data-entity')]));
    expect(rows).toEqual(insights.map((i) => [i.code, i.entity_name]));
    await page.getByTestId('insight-detail').waitFor();
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=insight-detail] .skeleton'),
      null,
      {
        timeout: 60_000,
      },
    );
    await shot('demo-list');
    expect(journey.pageErrors).toEqual([]);
  });
});
