// Each example scenario shows one phenomenon; these tests check it in the facts the sandbox writes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../app-context.ts';
import { listAdGroups, listAds } from '../../catalog/structure.ts';
import { readConfig } from '../../core/config.ts';
import { runReport } from '../../reports/run-report.ts';
import { hourlyPerAdAndHour } from '../../../test/helpers/fact-sql.ts';
import { ParamAllocator } from '../../warehouse/dialect.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import { runScenario } from './bootstrap.ts';
import { readScenarioFile } from './scenario-file.ts';

let ctx: AppContext;
let dataDir: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  for (const file of [
    'narrow-audience.json',
    'low-bid.json',
    'review.json',
    'creative-fatigue.json',
    'landing-page-break.json',
    'budget-change.yaml',
    'silent-pixel.json',
    'billing-and-schedules.json',
  ]) {
    ids.set(
      file,
      (await runScenario(ctx.catalog, ctx.facts, readScenarioFile(path.join('examples', file)))).advertiserId,
    );
  }
}, 240_000);
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function report(
  file: string,
  dimensions: ('adgroup' | 'ad' | 'day')[],
  metrics: string[],
  from = '2026-03-01',
  to = '2026-03-21',
) {
  return runReport(ctx.facts, ctx.catalog, { advertiserId: ids.get(file)!, from, to, dimensions, metrics });
}
/** Rows of a warehouse query about one example's advertiser (bound as `$ADV`). */
async function facts(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const p = new ParamAllocator(ctx.facts.dialect);
  return ctx.facts.query({ text: sql.replaceAll('$ADV', p.add(ids.get(file)!)), values: p.values });
}
const NY_DATE = (column: string) =>
  `CAST(timezone('America/New_York', ${column} AT TIME ZONE 'UTC') AS DATE)`;

async function groupNamed(file: string, name: string): Promise<string> {
  return (await listAdGroups(ctx.catalog, ids.get(file)!)).find((g) => g.adgroup_name === name)!.adgroup_id;
}

describe('the sandbox shows each phenomenon', () => {
  test('a narrow audience underspends and its frequency climbs; a broad one spends its budget', async () => {
    const file = 'narrow-audience.json';
    const r = await report(file, ['adgroup'], ['spend', 'frequency']);
    const byId = new Map(r.rows.map((x) => [x.adgroup, x]));
    const b = byId.get(await groupNamed(file, 'Broad US 25-44'))!;
    const n = byId.get(await groupNamed(file, 'Narrow NL women 25-34 · 3 interests'))!;
    expect(b.spend as number).toBeGreaterThan(14 * 50 * 0.95);
    expect(n.spend as number).toBeLessThan(14 * 50 * 0.5);
    expect(n.frequency as number).toBeGreaterThan((b.frequency as number) * 1.2);
  });

  test('a custom bid far below the market wins almost nothing', async () => {
    const file = 'low-bid.json';
    const r = await report(file, ['adgroup'], ['spend', 'impressions']);
    const byId = new Map(r.rows.map((x) => [x.adgroup, x]));
    const lowest = byId.get(await groupNamed(file, 'Lowest cost'))!;
    const capped = byId.get(await groupNamed(file, 'Cost cap far below the market'));
    expect(lowest.spend as number).toBeGreaterThan(600);
    expect((capped?.impressions as number | undefined) ?? 0).toBeLessThan(
      (lowest.impressions as number) * 0.02,
    );
  });

  test('ads in review deliver nothing until approved; stuck and rejected ads never do', async () => {
    const file = 'review.json';
    const ads = await listAds(ctx.catalog, ids.get(file)!);
    const r = await report(file, ['ad'], ['impressions']);
    const impressions = (name: string) =>
      (r.rows.find((x) => x.ad === ads.find((a) => a.ad_name === name)!.ad_id)?.impressions as
        number | undefined) ?? 0;
    expect(impressions('Approved after 3 h')).toBeGreaterThan(0);
    expect(impressions('Approved after 30 h')).toBeGreaterThan(0);
    expect(impressions('Stuck in review')).toBe(0);
    expect(impressions('Rejected')).toBe(0);
    const review = Object.fromEntries(
      ads.map((a) => [a.ad_name, [a.review_status, a.reviewed_at, a.reject_reason]]),
    );
    expect(review).toEqual({
      'Approved after 3 h': ['SUCCEED', '2026-03-01T08:00:00.000Z', null],
      'Approved after 30 h': ['SUCCEED', '2026-03-02T11:00:00.000Z', null],
      'Stuck in review': ['REVIEWING', null, null],
      Rejected: ['FAIL', expect.any(String), 'Unrealistic claims'],
    });
    const firstDay = await report(file, ['ad'], ['impressions'], '2026-03-01', '2026-03-01');
    const slowId = ads.find((a) => a.ad_name === 'Approved after 30 h')!.ad_id;
    expect(firstDay.rows.find((x) => x.ad === slowId)).toBeUndefined();
  });

  test('fatigue: as frequency climbs, CTR and the 2-second view rate fall and CPM rises', async () => {
    const first = await report(
      'creative-fatigue.json',
      [],
      ['ctr', 'video_watched_2s_rate', 'cpm', 'frequency'],
      '2026-03-01',
      '2026-03-04',
    );
    const last = await report(
      'creative-fatigue.json',
      [],
      ['ctr', 'video_watched_2s_rate', 'cpm'],
      '2026-03-18',
      '2026-03-21',
    );
    expect(last.totals.ctr!).toBeLessThan(first.totals.ctr! * 0.8);
    expect(last.totals.video_watched_2s_rate!).toBeLessThan(first.totals.video_watched_2s_rate! * 0.8);
    expect(last.totals.cpm!).toBeGreaterThan(first.totals.cpm! * 1.05);
  });

  test('a landing page that breaks lowers CVR but not CTR', async () => {
    const before = await report(
      'landing-page-break.json',
      [],
      ['ctr', 'conversion_rate'],
      '2026-03-01',
      '2026-03-07',
    );
    const after = await report(
      'landing-page-break.json',
      [],
      ['ctr', 'conversion_rate'],
      '2026-03-08',
      '2026-03-14',
    );
    expect(after.totals.conversion_rate!).toBeLessThan(before.totals.conversion_rate! * 0.3);
    expect(Math.abs(after.totals.ctr! / before.totals.ctr! - 1)).toBeLessThan(0.15);
  });

  test('a budget change moves spend from its day on (read from a YAML scenario)', async () => {
    const r = await report('budget-change.yaml', ['day'], ['spend']);
    const spend = (day: string) => r.rows.find((x) => x.day === day)!.spend as number;
    expect(spend('2026-03-07')).toBeLessThanOrEqual(40);
    expect(spend('2026-03-07')).toBeGreaterThan(36);
    expect(spend('2026-03-08')).toBeGreaterThan(100);
    expect(spend('2026-03-08')).toBeLessThanOrEqual(120);
  });

  test('a silent pixel stops conversions while clicks and shop orders go on', async () => {
    const file = 'silent-pixel.json';
    const week = (from: string, to: string) =>
      report(file, [], ['clicks', 'complete_payment', 'conversion'], from, to);
    const [before, after] = [await week('2026-03-01', '2026-03-07'), await week('2026-03-08', '2026-03-14')];
    expect(before.totals.complete_payment!).toBeGreaterThan(10);
    expect(after.totals.complete_payment).toBe(0);
    expect(after.totals.clicks!).toBeGreaterThan(before.totals.clicks! * 0.8);
    const perWeek = (table: string, column: string) =>
      facts(
        file,
        `SELECT ${NY_DATE(column)} >= DATE '2026-03-08' AS second_week, COUNT(*) AS n
         FROM ${table} WHERE advertiser_id = $ADV GROUP BY ALL ORDER BY second_week`,
      );
    const [ordersBefore, ordersAfter] = await perWeek(FACT_TABLES.orders, 'created_at');
    expect(Number(ordersAfter!.n)).toBeGreaterThan(Number(ordersBefore!.n) * 0.7);
    const events = await perWeek(FACT_TABLES.pixelEvents, 'event_time');
    expect(events).toEqual([{ second_week: false, n: expect.any(BigInt) }]);
  });

  test('the shop: every credited purchase is an order the pixel saw, organic orders and refunds too', async () => {
    const file = 'silent-pixel.json';
    const [shop] = await facts(
      file,
      `SELECT
         (SELECT COUNT(*) FROM ${FACT_TABLES.orders} WHERE advertiser_id = $ADV) AS orders,
         (SELECT COUNT(*) FROM ${FACT_TABLES.orders} WHERE advertiser_id = $ADV AND landing_site NOT LIKE '%ttclid=%') AS without_click,
         (SELECT COUNT(*) FROM ${FACT_TABLES.refunds} WHERE advertiser_id = $ADV) AS refunds,
         (SELECT COUNT(*) FROM ${FACT_TABLES.pixelEvents} e WHERE advertiser_id = $ADV AND event = 'Purchase'
            AND NOT EXISTS (SELECT 1 FROM ${FACT_TABLES.orders} o WHERE o.order_id = e.order_id AND o.total_micros = e.value_micros)) AS purchases_without_order,
         (SELECT COUNT(*) FROM ${FACT_TABLES.pixelEvents} WHERE advertiser_id = $ADV AND event = 'Purchase' AND ttclid IS NOT NULL) AS click_purchases,
         (SELECT SUM(complete_payment) FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV) AS credited,
         (SELECT SUM(cta_conversion) FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV) AS credited_clicks`,
    );
    const n = (key: string) => Number(shop![key]);
    expect(n('purchases_without_order')).toBe(0);
    // 12 organic orders a day, plus those of view-through buyers: orders no click led to.
    expect(n('without_click')).toBeGreaterThan(14 * 12 * 0.8);
    expect(n('orders')).toBeGreaterThan(n('credited'));
    expect(n('credited_clicks')).toBeLessThanOrEqual(n('click_purchases'));
    expect(n('refunds') / n('orders')).toBeGreaterThan(0.02);
    expect(n('refunds') / n('orders')).toBeLessThan(0.12);
    const [ttclid] = await facts(
      file,
      `SELECT ttclid, page_url FROM ${FACT_TABLES.pixelEvents} WHERE advertiser_id = $ADV AND event = 'Pageview' AND ttclid IS NOT NULL LIMIT 1`,
    );
    expect(ttclid!.ttclid).toMatch(/^E\.C\.P\.[\w-]{32}$/);
    expect(new URL(String(ttclid!.page_url)).searchParams.get('ttclid')).toBe(ttclid!.ttclid);
  });

  test('billing: per click, per 6-second view or per impression; dayparting and a schedule that ends', async () => {
    const file = 'billing-and-schedules.json';
    // Within an ad's hour every billed event costs the same, so spend is a whole multiple of their count.
    const notMultipleOf = (column: string) =>
      `COUNT(*) FILTER (WHERE spend_micros > 0 AND (${column} = 0 OR spend_micros % ${column} <> 0))`;
    const group = async (name: string) => {
      const [row] = await facts(
        file,
        `SELECT SUM(spend_micros) AS spend, ${notMultipleOf('clicks')} AS not_per_click,
           ${notMultipleOf('video_watched_6s')} AS not_per_view, ${notMultipleOf('impressions')} AS not_per_impression,
           COUNT(*) FILTER (WHERE impressions > 0 AND (stat_hour < 9 OR stat_hour >= 17 OR isodow(stat_date) > 5)) AS off_hours,
           CAST(MAX(stat_date) FILTER (WHERE impressions > 0) AS VARCHAR) AS last_day
         FROM ${hourlyPerAdAndHour} h
         WHERE ad_id IN (SELECT ad_id FROM ${FACT_TABLES.hourly} WHERE adgroup_id = '${await groupNamed(file, name)}')`,
      );
      return Object.fromEntries(
        Object.entries(row!).map(([k, v]) => [k, k === 'last_day' ? String(v) : Number(v)]),
      );
    };
    const cpc = await group('Billed per click');
    expect(cpc.spend).toBeGreaterThan(14 * 40 * 0.8 * 1e6);
    expect(cpc.not_per_click).toBe(0);
    expect(cpc.not_per_impression).toBeGreaterThan(20);
    const cpv = await group('Billed per 6-second view');
    expect(cpv.spend).toBeGreaterThan(14 * 40 * 0.8 * 1e6);
    expect(cpv.not_per_view).toBe(0);
    expect(cpv.not_per_impression).toBeGreaterThan(20);
    const office = await group('Office hours, ends on day 10');
    expect(office.not_per_impression).toBe(0);
    expect(office.off_hours).toBe(0);
    expect(office.last_day).toBe('2026-03-11');
    // Eight weekdays of office hours, spending its budget on each of them.
    expect(office.spend).toBeGreaterThan(8 * 40 * 0.9 * 1e6);
  });
});
