// Scheduled reports in a real Chromium against the real server (no SMTP server: the outbox transport):
// from the Report builder to Schedules, a weekly schedule on a saved template created through the form
// (a mistyped address refused at its field first), its cadence and next send shown on the advertiser's
// clock, the e-mail previewed in a tab of its own, sent now, found in the delivery log with the outbox
// note and its message opened, and paused.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AlertRuleList, DeliveryList, Schedule, ScheduleList } from '../../src/shared/schedules-api.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { instantText } from '../../web/src/schedules/schedule-words.ts';
import { openOwnerJourney, type OwnerJourney } from '../helpers/owner-journey.ts';
import { pageApi } from '../helpers/page-api.ts';
import { screenshotPath } from '../setup/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'schedules e2e password' };
const TEMPLATE = 'Weekly by campaign';

let journey: OwnerJourney;
let server: RunningServer;
let page: Page;
let advertiserId = '';

async function shot(target: Page, name: string): Promise<void> {
  await target.waitForTimeout(200);
  await target.screenshot({ path: screenshotPath(`scheduled-reports-${name}`), fullPage: false });
}

const api = <T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown) =>
  pageApi<T>(page, server.url, method, pathAndQuery, body);

async function schedules(): Promise<Schedule[]> {
  return (await api<ScheduleList>('GET', `/advertisers/${advertiserId}/schedules`)).schedules;
}

beforeAll(async () => {
  journey = await openOwnerJourney({ name: 'schedules', seedDays: 21, owner: OWNER });
  ({ server, page } = journey);
  advertiserId = journey.demo.advertiser_id;
  await api('POST', `/advertisers/${advertiserId}/report-templates`, {
    name: TEMPLATE,
    definition: {
      dimensions: ['campaign'],
      metrics: ['spend', 'impressions', 'clicks', 'ctr', 'conversion', 'cost_per_conversion'],
      sort: { by: 'spend', direction: 'desc' },
      chart: { type: 'line', metric: 'spend' },
    },
  });
}, 180_000);

afterAll(async () => {
  await journey?.close();
});

describe('scheduled reports', () => {
  test('the Report builder leads to Schedules, empty at first', async () => {
    await page.goto(`${server.url}/reporting?advertiser=${advertiserId}`);
    await page.getByTestId('reporting-nav-schedules').click();
    await page.waitForURL((u) => u.pathname === '/reporting/schedules');
    await page.waitForSelector('text=No scheduled reports yet');
    expect(await page.getByTestId('reporting-nav-schedules').getAttribute('aria-current')).toBe('page');
  }, 60_000);

  test('a weekly schedule is created through the form; a mistyped address is refused at its field', async () => {
    await page.getByTestId('schedule-new').click();
    const form = page.getByTestId('schedule-form');
    await form.waitFor();
    await form.getByTestId('schedule-template').selectOption({ label: TEMPLATE });
    await form.getByTestId('schedule-every').selectOption('weekly');
    await form.getByTestId('schedule-weekday-4').check();
    await form.getByTestId('schedule-at').fill('07:30');
    await form.getByTestId('schedule-range').selectOption('last_week');
    await form.getByTestId('schedule-attach-csv').check();
    await form.getByTestId('schedule-emails').fill('client@example.com, boss@example');
    await form.getByTestId('schedule-save').click();
    await form.locator('text=“boss@example” is not an e-mail address').waitFor();
    expect(await schedules()).toHaveLength(0);
    await form.getByTestId('schedule-emails').fill('client@example.com, boss@example.com');
    await shot(page, 'form');
    await form.getByTestId('schedule-save').click();
    await form.waitFor({ state: 'detached' });

    const [created] = await schedules();
    expect(created).toMatchObject({
      template_name: TEMPLATE,
      recurrence: { every: 'weekly', weekdays: [1, 4] },
      at: '07:30',
      range: 'last_week',
      attach: expect.arrayContaining(['csv', 'xlsx']),
      recipients: { emails: ['client@example.com', 'boss@example.com'] },
      paused: false,
    });
    expect(created!.recipients.members.map((m) => m.name)).toHaveLength(1);
    const row = page.getByTestId('schedule-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('td').nth(1).textContent()).toBe('Mondays and Thursdays at 07:30');
    expect(await row.getByTestId('schedule-next').textContent()).toBe(
      instantText(created!.next_send_at!, created!.time_zone),
    );
    await shot(page, 'list');
  }, 90_000);

  test('the preview opens the e-mail in a tab of its own', async () => {
    const [preview] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('schedule-preview').click(),
    ]);
    journey.watch(preview);
    await preview.waitForLoadState('load');
    const html = await preview.content();
    expect(html).toContain(TEMPLATE);
    expect(html).toContain('Needs attention');
    expect(html).not.toMatch(/<script/i);
    await shot(preview, 'preview');
    // Its link opens the template's report over the e-mail's period in the Report builder (marked
    // edited: the dates are the e-mail's, not the template's own).
    const href = await preview
      .locator('a:has-text("Open the full report in Adcockpit")')
      .getAttribute('href');
    await preview.goto(href!);
    await preview.getByTestId('report-name').locator(`text=${TEMPLATE}`).waitFor();
    const opened = new URL(preview.url());
    expect(opened.pathname).toBe('/reporting');
    expect(opened.searchParams.get('dims')).toBe('campaign');
    expect(opened.searchParams.get('metrics')).toBe(
      'spend,impressions,clicks,ctr,conversion,cost_per_conversion',
    );
    await preview.close();
  }, 90_000);

  test('send now delivers into the outbox; the log shows it and its message opens', async () => {
    await page.getByTestId('schedule-send-now').click();
    const notice = page.getByTestId('schedule-notice');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toContain(`“${TEMPLATE}” was sent to 3 recipients (into the outbox)`);

    const { deliveries } = await api<DeliveryList>('GET', `/advertisers/${advertiserId}/deliveries`);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ kind: 'send_now', status: 'sent', transport: 'outbox' });

    await page.getByTestId('reporting-nav-deliveries').click();
    await page.waitForURL((u) => u.pathname === '/reporting/deliveries');
    await page.getByTestId('outbox-banner').waitFor();
    const delivery = page.getByTestId('delivery-row');
    await expect.poll(() => delivery.count()).toBe(1);
    expect(await delivery.getAttribute('data-status')).toBe('sent');
    expect(await delivery.locator('td').nth(4).textContent()).toBe('3/3 delivered');
    await delivery.locator('button.sc-expand').click();
    await page.locator('.sc-detail >> text=client@example.com').waitFor();
    await expect.poll(() => page.getByTestId('outbox-row').count()).toBe(3);
    await shot(page, 'deliveries');

    const [message] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('outbox-open').first().click(),
    ]);
    journey.watch(message);
    await message.waitForLoadState('load');
    expect(await message.content()).toContain(TEMPLATE);
    await shot(message, 'outbox-message');
    await message.close();
  }, 120_000);

  test('pausing stops the next send; the row says so', async () => {
    await page.getByTestId('reporting-nav-schedules').click();
    await page.waitForURL((u) => u.pathname === '/reporting/schedules');
    await page.getByTestId('schedule-pause').click();
    await page.getByTestId('schedule-next').locator('text=Paused').waitFor();
    const [paused] = await schedules();
    expect(paused).toMatchObject({ paused: true, next_send_at: null });
    expect(await page.getByTestId('schedule-pause').textContent()).toBe('Resume');
  }, 60_000);

  test('an alert’s condition is refused with its problem marked, then saved', async () => {
    await page.getByTestId('reporting-nav-alerts').click();
    await page.waitForURL((u) => u.pathname === '/reporting/alerts');
    await page.getByTestId('alert-new').click();
    const form = page.getByTestId('alert-form');
    await form.waitFor();
    await form.getByTestId('alert-name').fill('CPA too high');
    // Marked as it is typed, before any save
    await form.locator('textarea').first().fill('cpa > 30 AND spend > 50');
    const problems = form.getByTestId('alert-condition-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('cost_per_conversion');
    await shot(page, 'alert-problem');
    // and refused on save all the same
    await form.getByTestId('alert-save').click();
    await form.locator('.field-error, [data-testid=alert-condition-problems]').first().waitFor();
    expect((await api<AlertRuleList>('GET', `/advertisers/${advertiserId}/alerts`)).alerts).toHaveLength(0);
    await form.locator('textarea').first().fill('cost_per_conversion > 30 AND spend > 50');
    await form.getByTestId('alert-condition-ok').waitFor();
    await form.getByTestId('alert-save').click();
    await form.waitFor({ state: 'detached' });
    const { alerts } = await api<AlertRuleList>('GET', `/advertisers/${advertiserId}/alerts`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      name: 'CPA too high',
      watch: { kind: 'metric', condition: 'cost_per_conversion > 30 AND spend > 50', window_days: 3 },
      cooldown_hours: 24,
    });
    await expect.poll(() => page.getByTestId('alert-row').count()).toBe(1);
    await shot(page, 'alerts');
  }, 60_000);

  test('Settings → Mail says messages go to the outbox and never shows a password', async () => {
    await page.goto(`${server.url}/settings/mail`);
    const settings = page.getByTestId('mail-settings');
    await settings.waitFor();
    expect(await settings.locator('.panel-title').textContent()).toBe('Writing to the outbox');
    await page.getByTestId('mail-smtp-url').fill('smtp://reports:s3cret-pass@127.0.0.1:2525');
    await settings.locator('button[type=submit]').click();
    await settings.locator('text=Sending through 127.0.0.1:2525').waitFor();
    expect(await page.getByTestId('mail-smtp-url').inputValue()).toBe('');
    expect(await page.content()).not.toContain('s3cret-pass');
    await shot(page, 'mail-settings');
    expect(journey.pageErrors).toEqual([]);
  }, 60_000);
});
