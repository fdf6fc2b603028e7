// The Reporting tab in a real Chromium against the real server on a fresh data directory (the sandbox
// seeds the demo advertiser, the owner is created at start). The owner builds a report from scratch
// (dimensions, metrics, a filter, comparison) and checks the table against the API's answer; creates a
// custom column in the formula editor, first seeing a misspelt metric underlined, then fixing it through
// the completions; pivots a dimension into columns (the Total column is the API's, not a sum of ratios);
// saves the report as a template, opens a built-in one and reopens its own (also after a reload), renames,
// duplicates and deletes; and exports XLSX, reading the downloaded file back.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdvertiserInfo } from '../../src/shared/api.ts';
import type { FormulaCheckResponse } from '../../src/shared/custom-columns-api.ts';
import type {
  ReportQueryRequest,
  ReportQueryResponse,
  ReportTemplate,
  TemplateFile,
} from '../../src/shared/reports-api.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { formatChange, formatMetricValue } from '../../web/src/lib/format.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'reporting e2e password' };
const VIEWER = { email: 'viewer@example.com', password: 'viewer e2e password', name: 'Vic Viewer' };
/** Days of sandbox history: "Last 7 days" and the week before it for the comparison. */
const SEED_DAYS = 21;
const COLUMN_NAME = 'Hold after hook';

let journey: OwnerJourney;
let server: RunningServer;
let dataDir: string;
let page: Page;
let demo: AdvertiserInfo;
let columnId = '';
/** Every report query the page asked, with the server's answer, newest last. */
const answers: { request: ReportQueryRequest; response: ReportQueryResponse }[] = [];
/** Answers seen but not yet read into `answers`. */
let reading = 0;

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: screenshotPath(`reporting-${name}`), fullPage: false });
}

function api<T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
  return pageApi<T>(page, server.url, method, pathAndQuery, body);
}

function url(): URL {
  return new URL(page.url());
}

/** Waits until the table and the chart show final answers (no request in flight). */
async function settled(): Promise<void> {
  await page.waitForSelector('[data-testid=table-panel][data-busy=false][data-rows]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=chart-panel][data-busy=false]', { timeout: 60_000 });
  // The page has drawn its answers; the test's own copies may still be being read.
  while (reading > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * The newest answer to a table query by exactly these dimensions and the metrics and filters in the
 * address bar (older questions may still be answered later, when the cache refreshes them).
 */
function tableAnswer(dimensions: string[]): { request: ReportQueryRequest; response: ReportQueryResponse } {
  const params = url().searchParams;
  const metrics = params.get('metrics');
  const filters = params.get('filters') ?? '[]';
  const found = answers
    .filter(
      (a) =>
        a.request.limit !== undefined &&
        a.request.dimensions.join() === dimensions.join() &&
        a.request.metrics.join() === metrics &&
        JSON.stringify(a.request.filters) === JSON.stringify(JSON.parse(filters)),
    )
    .at(-1);
  if (!found) throw new Error(`The page asked no table query by ${dimensions.join(', ') || 'nothing'}.`);
  return found;
}

async function headerMetrics(): Promise<string[]> {
  return page
    .locator('[data-testid=report-table] thead tr:last-child th[data-metric]')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-metric') ?? ''));
}

async function cellText(row: number, metric: string, group = ''): Promise<string> {
  const cell = page
    .getByTestId('report-row')
    .nth(row)
    .locator(`td[data-metric="${metric}"][data-group="${group}"] [data-testid=cell-value]`);
  return (await cell.textContent()) ?? '';
}

async function toggleField(selector: string): Promise<void> {
  await page.locator(`[data-testid=field-panel] ${selector} input`).click();
}

beforeAll(async () => {
  journey = await openOwnerJourney({ name: 'reporting', seedDays: SEED_DAYS, owner: OWNER });
  ({ server, dataDir, page, demo } = journey);
  page.on('response', async (response) => {
    if (!response.url().endsWith('/api/v1/reports/query') || !response.ok()) return;
    reading += 1;
    try {
      const request = response.request().postDataJSON() as ReportQueryRequest;
      answers.push({ request, response: (await response.json()) as ReportQueryResponse });
    } finally {
      reading -= 1;
    }
  });
});

afterAll(() => journey?.close());

describe('Reporting tab', () => {
  test('build a report: dimensions, metrics, a filter and comparison; the table is the API’s answer', async () => {
    await page.locator('.tabs a', { hasText: 'Reporting' }).click();
    await page.waitForURL((u) => u.pathname === '/reporting' && u.searchParams.has('metrics'));
    expect(url().searchParams.get('advertiser')).toBe(demo.advertiser_id);
    await settled();
    // The default report: by day, as a line.
    await expect(page.getByTestId('report-chart').getAttribute('data-type')).resolves.toBe('line');

    // By campaign instead of day: bars; add Hook rate from the search box with the keyboard.
    await toggleField('[data-dimension=campaign]');
    await toggleField('[data-dimension=day]');
    await page.getByTestId('field-search').fill('hook rate');
    await page.getByTestId('field-search').press('Enter');
    await page.getByTestId('field-search').fill('');
    await page.waitForURL((u) => u.searchParams.get('dims') === 'campaign');
    await settled();
    expect(url().searchParams.get('metrics')?.split(',').at(-1)).toBe('hook_rate');
    await expect(page.getByTestId('report-chart').getAttribute('data-type')).resolves.toBe('bar');
    // Column order is decided in the metrics row: Hook rate one to the left.
    await page.getByTestId('metrics-bar').getByRole('button', { name: 'Move Hook rate left' }).click();
    await page.waitForURL((u) => u.searchParams.get('metrics')?.split(',').at(-2) === 'hook_rate');
    await settled();

    const { request, response } = tableAnswer(['campaign']);
    expect(request.compare).toBeDefined();
    expect(await headerMetrics()).toEqual(request.metrics);
    const names = await page
      .locator('[data-testid=report-row] td[data-dimension=campaign]')
      .allTextContents();
    expect(names).toEqual(response.rows.map((r) => r.campaign_name));
    // Every number on screen is the API's, formatted; totals are the API's totals, not sums.
    const spend = response.rows.map((r) => formatMetricValue(r.spend as number, 'money', response.currency));
    for (let i = 0; i < spend.length; i += 1) expect(await cellText(i, 'spend')).toBe(spend[i]);
    const totalCtr = page.locator('[data-testid=report-totals] td[data-metric=ctr] [data-testid=cell-value]');
    await expect(totalCtr.textContent()).resolves.toBe(
      formatMetricValue(response.totals.ctr!, 'percent', 'USD'),
    );
    // Each cell shows its change against the previous period.
    const before = response.compare!.rows[0]!.spend!;
    const change = formatChange((response.rows[0]!.spend as number) / before - 1);
    const firstChange = page
      .getByTestId('report-row')
      .first()
      .locator('td[data-metric=spend] [data-testid=cell-change]');
    await expect(firstChange.textContent()).resolves.toContain(change);
    await shot('by-campaign');

    // A metric filter: campaigns that spent more than the smallest spend shown.
    const floor = Math.min(...response.rows.map((r) => r.spend as number));
    await page.getByTestId('add-filter').click();
    const form = page.getByTestId('filter-form');
    await form.locator('select[name=field]').selectOption('m:spend');
    await form.locator('select[name=operator]').selectOption('gt');
    await form.locator('input[name=value]').fill(String(Math.floor(floor * 100) / 100 + 0.01));
    await page.getByTestId('filter-apply').click();
    await page.waitForURL((u) => u.searchParams.has('filters'));
    await settled();
    const filtered = tableAnswer(['campaign']);
    expect(filtered.request.filters).toEqual([
      { metric: 'spend', operator: 'gt', value: expect.any(Number) },
    ]);
    expect(filtered.response.rows.length).toBe(response.rows.length - 1);
    await expect(page.getByTestId('report-row').count()).resolves.toBe(filtered.response.rows.length);
    await expect(page.getByTestId('filter-chip').textContent()).resolves.toMatch(/^Cost > \$/);

    // Back undoes the filter; a reload keeps the report.
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('filters'));
    await page.reload();
    await settled();
    await expect(page.getByTestId('report-row').count()).resolves.toBe(response.rows.length);
    expect(await headerMetrics()).toEqual(request.metrics);

    // A dimension filter picks from the values delivered, shown in words; the request keeps TikTok's.
    await page.getByTestId('add-filter').click();
    await form.locator('select[name=field]').selectOption('d:gender');
    const values = page.getByTestId('filter-values');
    await values.locator('label', { hasText: 'Female' }).click();
    await shot('filter-values');
    await page.getByTestId('filter-apply').click();
    await page.waitForURL((u) => u.searchParams.has('filters'));
    await settled();
    expect(tableAnswer(['campaign']).request.filters).toEqual([
      { dimension: 'gender', operator: 'in', values: ['FEMALE'] },
    ]);
    await expect(page.getByTestId('filter-chip').textContent()).resolves.toContain('Gender is any of Female');
    await page
      .getByTestId('filter-chip')
      .getByRole('button', { name: /^Remove filter/ })
      .click();
    await page.waitForURL((u) => !u.searchParams.has('filters'));
    await settled();
  });

  test('a custom column from the formula editor: a misspelt id is underlined, the completions fix it', async () => {
    await page.getByTestId('new-column').click();
    const editor = page.getByTestId('column-editor');
    await editor.locator('input[name=name]').fill(COLUMN_NAME);
    const input = page.getByTestId('formula-input');
    await input.pressSequentially('video_watched_6s / video_watchd_3s', { delay: 5 });

    // The server's check comes back: the misspelt id is marked where it is, and listed with its position.
    const mark = editor.getByTestId('formula-problem-mark');
    await mark.first().waitFor();
    await expect(mark.first().textContent()).resolves.toBe('video_watchd_3s');
    const problem = editor.locator('[data-testid=formula-problems] li').first();
    await expect(problem.getAttribute('data-position')).resolves.toBe('19');
    await expect(problem.textContent()).resolves.toContain('video_watched_3s');
    await expect(page.getByTestId('column-save').isDisabled()).resolves.toBe(true);
    const check = await api<FormulaCheckResponse>(
      'POST',
      `/advertisers/${demo.advertiser_id}/custom-columns/check`,
      { formula: 'video_watched_6s / video_watchd_3s' },
    );
    expect(check.ok).toBe(false);
    await shot('formula-error');

    // Delete the bad word and let the completions write it: type a prefix, arrow down, Enter.
    for (let i = 0; i < 'video_watchd_3s'.length; i += 1) await input.press('Backspace');
    await input.pressSequentially('video_wa', { delay: 5 });
    const completions = page.getByTestId('formula-completions');
    await completions.waitFor();
    const options = await completions
      .locator('[role=option]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-insert')));
    expect(options).toContain('video_watched_3s');
    const steps = options.indexOf('video_watched_3s');
    for (let i = 0; i < steps; i += 1) await input.press('ArrowDown');
    await shot('formula-completions');
    await input.press('Enter');
    await expect(input.inputValue()).resolves.toBe('video_watched_6s / video_watched_3s');
    await editor.getByTestId('formula-ok').waitFor();
    await expect(mark.count()).resolves.toBe(0);

    await editor.locator('select[name=format]').selectOption('percent');
    await editor
      .locator('textarea[name=description]')
      .fill('Of the 3-second viewers, the share still there at 6 seconds.');
    await page.getByTestId('column-save').click();
    await editor.waitFor({ state: 'detached' });

    // The new column is in the team's list and in the report, computed by the server like any metric.
    const { custom_columns } = await api<{ custom_columns: { id: string; name: string }[] }>(
      'GET',
      `/advertisers/${demo.advertiser_id}/custom-columns`,
    );
    columnId = custom_columns.find((c) => c.name === COLUMN_NAME)!.id;
    await page.waitForURL((u) => (u.searchParams.get('metrics') ?? '').split(',').includes(columnId));
    await settled();
    expect(await headerMetrics()).toContain(columnId);
    const { response } = tableAnswer(['campaign']);
    const value = response.rows[0]![columnId] as number | null;
    expect(await cellText(0, columnId)).toBe(formatMetricValue(value, 'percent', response.currency));
    await expect(
      page.locator(`[data-testid=field-panel] [data-act=custom] [data-metric=${columnId}]`).count(),
    ).resolves.toBe(1);
    await shot('custom-column');

    // The pencil beside it opens the same editor on the stored column.
    await page
      .locator(
        `[data-testid=field-panel] .rp-field-row:has([data-metric=${columnId}]) [data-testid=edit-column]`,
      )
      .click();
    const edit = page.getByTestId('column-editor');
    await expect(edit.locator('input[name=name]').inputValue()).resolves.toBe(COLUMN_NAME);
    await expect(page.getByTestId('formula-input').inputValue()).resolves.toBe(
      'video_watched_6s / video_watched_3s',
    );
    await edit.getByTestId('formula-ok').waitFor();
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });
  });

  test('pivot a dimension into columns: the Total column is the API’s answer by the rows alone', async () => {
    await toggleField('[data-dimension=gender]');
    await page.waitForURL((u) => u.searchParams.get('dims') === 'campaign,gender');
    await page.getByTestId('pivot-select').selectOption('gender');
    await page.waitForURL((u) => u.searchParams.get('pivot') === 'gender');
    await settled();
    await expect(page.getByTestId('report-table').getAttribute('data-pivot')).resolves.toBe('true');

    const byCampaign = tableAnswer(['campaign']).response;
    const firstCampaign = byCampaign.rows[0]!;
    // Asked again independently: CTR by campaign over all genders, a ratio of sums.
    const direct = await api<ReportQueryResponse>('POST', '/reports/query', {
      ...tableAnswer(['campaign']).request,
      compare: undefined,
      filters: [],
      metrics: ['ctr'],
      sort: { by: 'ctr', direction: 'desc' },
    });
    const directCtr = direct.rows.find((r) => r.campaign === firstCampaign.campaign)!.ctr as number;
    const row = page.getByTestId('report-row').filter({ hasText: String(firstCampaign.campaign_name) });
    const total = row.locator('td.rp-total-col[data-metric=ctr] [data-testid=cell-value]');
    await expect(total.textContent()).resolves.toBe(formatMetricValue(directCtr, 'percent', 'USD'));
    const groups = await page
      .locator('[data-testid=report-table] .rp-group-head')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-group')));
    expect(groups.at(-1)).toBe('Total');
    expect(groups.length).toBeGreaterThan(2);
    await shot('pivot');
  });

  test('save as a template, open a built-in one, reopen ours after a reload; rename, duplicate, delete', async () => {
    await page.getByTestId('template-menu').click();
    await page.locator('[data-action="Save as…"]').click();
    const dialog = page.getByTestId('template-dialog');
    await dialog.locator('input[name=template_name]').fill('Hook hold by gender');
    await page.getByTestId('template-name-submit').click();
    await page.waitForURL((u) => u.searchParams.has('template'));
    const savedId = url().searchParams.get('template')!;
    await expect(page.getByTestId('report-name').textContent()).resolves.toBe('Hook hold by gender');
    await expect(page.getByTestId('report-edited').count()).resolves.toBe(0);
    const saved = await api<ReportTemplate>(
      'GET',
      `/advertisers/${demo.advertiser_id}/report-templates/${savedId}`,
    );
    expect(saved.definition).toMatchObject({
      dimensions: ['campaign', 'gender'],
      pivot: 'gender',
      dates: { preset: 'last_7_days' },
      compare: 'previous_period',
    });
    expect(saved.definition.metrics).toContain(columnId);

    // A built-in template replaces the report on screen.
    await page.getByTestId('template-menu').click();
    await page.locator('[data-template="Creative Performance"]').click();
    await page.waitForURL((u) => u.searchParams.get('template') !== savedId);
    await settled();
    await expect(page.getByTestId('report-name').textContent()).resolves.toBe('Creative Performance');
    expect(url().searchParams.get('dims')).toBe('ad');
    expect(await headerMetrics()).toEqual(
      (
        await api<ReportTemplate>(
          'GET',
          `/advertisers/${demo.advertiser_id}/report-templates/${url().searchParams.get('template')}`,
        )
      ).definition.metrics,
    );
    await shot('builtin-template');

    // Ours again, from the menu, then after a reload: the same report, not marked as edited.
    await page.getByTestId('template-menu').click();
    await page.locator('[data-template="Hook hold by gender"]').click();
    await page.waitForURL((u) => u.searchParams.get('template') === savedId);
    await page.reload();
    await settled();
    await expect(page.getByTestId('report-name').textContent()).resolves.toBe('Hook hold by gender');
    await expect(page.getByTestId('report-edited').count()).resolves.toBe(0);
    expect(url().searchParams.get('pivot')).toBe('gender');
    expect(await headerMetrics()).toContain(columnId);

    // A change marks it edited; Save writes it back.
    await page.getByTestId('chart-metric').selectOption(columnId);
    await page.getByTestId('report-edited').waitFor();
    await page.getByTestId('template-menu').click();
    await page.locator('[data-action=Save]').click();
    await page.getByTestId('report-edited').waitFor({ state: 'detached' });

    await page.getByTestId('template-menu').click();
    await page.locator('[data-action="Rename…"]').click();
    await dialog.locator('input[name=template_name]').fill('Hold after hook by gender');
    await page.getByTestId('template-name-submit').click();
    await expect(page.getByTestId('report-name')).toBeDefined();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=report-name]')?.textContent === 'Hold after hook by gender',
    );

    await page.getByTestId('template-menu').click();
    await page.locator('[data-action="Duplicate…"]').click();
    await page.getByTestId('template-name-submit').click();
    await page.waitForURL((u) => u.searchParams.get('template') !== savedId);
    await expect(page.getByTestId('report-name').textContent()).resolves.toBe(
      'Copy of Hold after hook by gender',
    );
    await page.getByTestId('template-menu').click();
    await shot('template-menu');
    await page.locator('[data-action="Delete…"]').click();
    await page.getByTestId('template-delete-confirm').click();
    await page.waitForURL((u) => !u.searchParams.has('template'));
    const { templates } = await api<{ templates: ReportTemplate[] }>(
      'GET',
      `/advertisers/${demo.advertiser_id}/report-templates`,
    );
    expect(templates.map((t) => t.name)).toContain('Hold after hook by gender');
    expect(templates.map((t) => t.name)).not.toContain('Copy of Hold after hook by gender');

    // As a file and back: the file carries the custom column; imported under another name, it opens.
    await page.getByTestId('template-menu').click();
    await page.locator('[data-template="Hold after hook by gender"]').click();
    await page.waitForURL((u) => u.searchParams.get('template') === savedId);
    await page.getByTestId('template-menu').click();
    const [fileDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-action="Download as file"]').click(),
    ]);
    const filePath = path.join(dataDir, fileDownload.suggestedFilename());
    await fileDownload.saveAs(filePath);
    const file = JSON.parse(readFileSync(filePath, 'utf8')) as TemplateFile;
    expect(file.format).toBe('adcockpit.report-template');
    expect(file.custom_columns.map((c) => c.id)).toContain(columnId);
    const importPath = path.join(dataDir, 'imported-template.json');
    writeFileSync(importPath, JSON.stringify({ ...file, name: 'Imported hold report' }));
    await page.getByTestId('template-import-input').setInputFiles(importPath);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=report-name]')?.textContent === 'Imported hold report',
    );
    expect(url().searchParams.get('template')).not.toBe(savedId);
    expect(url().searchParams.get('pivot')).toBe('gender');
    await settled();
  });

  test('export XLSX: the downloaded file holds the report’s rows and numbers', async () => {
    await page.goto(
      `${server.url}/reporting?advertiser=${demo.advertiser_id}&preset=last_7_days&compare=none&dims=campaign&metrics=spend,ctr,${columnId}`,
    );
    await settled();
    const { response } = tableAnswer(['campaign']);
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = path.join(dataDir, download.suggestedFilename());
    await download.saveAs(file);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows.findIndex((r) => r.some((v) => typeof v === 'string' && /cost/i.test(v)));
    expect(header).toBeGreaterThanOrEqual(0);
    const headers = rows[header]!.map((v) => String(v ?? ''));
    const spendColumn = headers.findIndex((h) => /^cost/i.test(h));
    const columnColumn = headers.indexOf(COLUMN_NAME);
    expect(columnColumn).toBeGreaterThan(spendColumn);
    const first = rows[header + 1]!;
    expect(first).toContain(response.rows[0]!.campaign_name);
    expect(Number(first[spendColumn])).toBeCloseTo(response.rows[0]!.spend as number, 2);
    const hold = response.rows[0]![columnId] as number;
    expect(Number(first[columnColumn])).toBeCloseTo(hold, 4);
    await shot('export');

    // CSV too: a header with the column names, then the same first row.
    await page.getByTestId('export-menu').click();
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
    const csvPath = path.join(dataDir, csvDownload.suggestedFilename());
    await csvDownload.saveAs(csvPath);
    const lines = readFileSync(csvPath, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    expect(lines[0]).toContain(COLUMN_NAME);
    expect(lines.find((line) => line.includes(String(response.rows[0]!.campaign_name)))).toBeDefined();
  });

  test('a long report: the first 1,000 rows, drawn as they scroll into view', async () => {
    await page.goto(
      `${server.url}/reporting?advertiser=${demo.advertiser_id}&preset=last_7_days&dims=hour,ad&metrics=spend,ctr`,
    );
    await settled();
    const { response } = tableAnswer(['hour', 'ad']);
    expect(response.truncated).toBe(true);
    expect(response.rows.length).toBe(1000);
    await expect(page.getByTestId('table-panel').getAttribute('data-rows')).resolves.toBe('1000');
    expect(await page.getByTestId('report-row').count()).toBeLessThan(100);
    await expect(page.getByTestId('table-notes').textContent()).resolves.toContain('first 1,000 rows');
    await page.locator('.rp-table-scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const lastAd = String(response.rows.at(-1)!.ad_name);
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll('[data-testid=report-row] td[data-dimension=ad]')].at(-1)
          ?.textContent === name,
      lastAd,
    );
    await shot('long-report');
  });

  test('a viewer reads reports and templates, and has no control that changes them', async () => {
    const { context: viewerContext, page: viewer } = await journey.viewerWindow(
      VIEWER,
      `${server.url}/reporting?dims=campaign&metrics=spend,${columnId}`,
      (u) => u.pathname === '/reporting' && u.searchParams.has('from'),
    );
    await viewer.waitForSelector('[data-testid=table-panel][data-busy=false][data-rows]', {
      timeout: 60_000,
    });
    // The team's custom column is there for the viewer too.
    expect(await viewer.locator(`[data-testid=report-table] th[data-metric=${columnId}]`).count()).toBe(1);
    expect(await viewer.getByTestId('new-column').count()).toBe(0);
    expect(await viewer.getByTestId('edit-column').count()).toBe(0);
    await viewer.getByTestId('template-menu').click();
    await viewer.locator('[data-template="Funnel Analysis"]').waitFor();
    for (const action of ['Save as…', 'Rename…', 'Delete…', 'Import from file…'])
      expect(await viewer.locator(`[data-action="${action}"]`).count(), action).toBe(0);
    await viewer.waitForTimeout(250);
    await viewer.screenshot({ path: screenshotPath('reporting-viewer') });
    await viewerContext.close();
  });

  test('no script errors on the way', () => {
    expect(journey.pageErrors).toEqual([]);
  });
});
