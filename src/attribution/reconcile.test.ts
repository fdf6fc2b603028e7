// The reconciliation on a small shop built by hand in a real warehouse (DuckDB) and catalog (PGlite), where
// every order's fate is known: each waterfall bar holds exactly the orders and events of its cause, and
// the bars add up.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { type CatalogDb, openPglite } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import { insertAd, insertAdGroup, insertCampaign, insertCreative } from '../catalog/structure.ts';
import { COUNTER_COLUMNS, type FactBatch, type PixelEvent, emptyBatch } from '../warehouse/schema.ts';
import { openDuckDbStore } from '../warehouse/duckdb/store.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { startOfLocalDay } from '../core/timezone.ts';
import type { ClickAttributionWindow, ViewAttributionWindow } from '../core/enums.ts';
import { adGroupRow } from '../../test/helpers/ad-group-row.ts';
import type { ReconciliationResponse, WaterfallBar } from '../shared/reconciliation-api.ts';
import { expectChainAddsUp } from '../../test/helpers/waterfall.ts';
import { getReconciliation } from './reconciliation-report.ts';

const ADV = 'adv_shop';
const TZ = 'America/New_York';
const RANGE = { from: '2026-03-10', to: '2026-03-12' };
const PIXEL = 'CPIXEL0000000000TEST';

/** An instant from a time on the advertiser's clock, "2026-03-10 14:20". */
const local = (stamp: string): Date => {
  const [date, time] = stamp.split(' ') as [string, string];
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(startOfLocalDay(date, TZ) + (h * 60 + m) * 60_000);
};

const landing = (ad: string, ttclid: string): string =>
  `https://shop.test/trail?utm_source=tiktok&utm_medium=paid&utm_campaign=c1&utm_content=${ad}&ttclid=${ttclid}`;

function event(e: Partial<PixelEvent> & { event: string; event_id: string; at: string }): PixelEvent {
  const { at, ...rest } = e;
  return {
    advertiser_id: ADV,
    pixel_code: PIXEL,
    event_time: local(at),
    received_at: local(at),
    source: 'browser',
    ttclid: null,
    ttp: null,
    page_url: null,
    value_micros: null,
    currency: null,
    order_id: null,
    ...rest,
  };
}

/** An ad click as the pixel sees it: the landing page view carrying the ttclid. */
const click = (ttclid: string, ad: string, at: string, ttp = `ttp-${ttclid}`): PixelEvent =>
  event({ event: 'Pageview', event_id: `${ttclid}:pv`, at, ttclid, ttp, page_url: landing(ad, ttclid) });

const purchase = (orderId: string, at: string, extra: Partial<PixelEvent> = {}): PixelEvent =>
  event({
    event: 'Purchase',
    event_id: orderId,
    at,
    order_id: orderId,
    value_micros: 50_000_000,
    currency: 'USD',
    page_url: 'https://shop.test/checkouts/thank_you',
    ...extra,
  });

function counters(purchases: number, viewThrough = 0): number[] {
  const values: Record<string, number> = {
    complete_payment: purchases,
    conversion: purchases,
    cta_conversion: purchases - viewThrough,
    vta_conversion: viewThrough,
    purchase_value_micros: purchases * 50_000_000,
  };
  return COUNTER_COLUMNS.map((c) => values[c] ?? 0);
}

/**
 * Every order's fate, as the platform, the pixel and the shop saw it. Ad a1 is in g7 (7-day click, 1-day
 * view), a2 in g1 (1-day click, view OFF).
 */
function shop(): FactBatch {
  const batch = emptyBatch();
  const order = (id: string, at: string, landingSite: string | null = 'https://shop.test/') =>
    batch.orders.push({
      advertiser_id: ADV,
      order_id: id,
      order_name: `#${id}`,
      created_at: local(at),
      total_micros: 50_000_000,
      currency: 'USD',
      landing_site: landingSite,
      source: 'shopify_csv',
    });
  const credit = (ad: string, at: string, purchases: number, viewThrough = 0) => {
    const date = at.slice(0, 10);
    const hour = Number(at.slice(11, 13));
    batch.hourly.push({
      advertiser_id: ADV,
      campaign_id: ad === 'a1' ? 'c1' : 'c1',
      adgroup_id: ad === 'a1' ? 'g7' : 'g1',
      ad_id: ad,
      stat_date: date,
      stat_hour: hour,
      counters: counters(purchases, viewThrough),
    });
  };
  // A: clicked and bought within the hour → attributable.
  batch.pixelEvents.push(
    click('T1', 'a1', '2026-03-10 14:00'),
    purchase('1001', '2026-03-10 14:20', { ttclid: 'T1' }),
  );
  order('1001', '2026-03-10 14:20', landing('a1', 'T1'));
  credit('a1', '2026-03-10 14:00', 1);
  // B: clicked the day before the range, bought in it → counted on another day by the platform.
  batch.pixelEvents.push(
    click('T2', 'a1', '2026-03-09 10:00'),
    purchase('1002', '2026-03-10 09:00', { ttclid: 'T2' }),
  );
  order('1002', '2026-03-10 09:00', landing('a1', 'T2'));
  credit('a1', '2026-03-09 10:00', 1);
  // C: clicked on the range's last evening, bought after midnight → out of the shop's dates.
  batch.pixelEvents.push(
    click('T3', 'a1', '2026-03-12 22:00'),
    purchase('1003', '2026-03-13 01:00', { ttclid: 'T3' }),
  );
  order('1003', '2026-03-13 01:00', landing('a1', 'T3'));
  credit('a1', '2026-03-12 22:00', 1);
  // D: a2's window is one day; bought three days after the click → outside the click window.
  batch.pixelEvents.push(
    click('T4', 'a2', '2026-03-08 12:00'),
    purchase('1004', '2026-03-11 12:00', { ttclid: 'T4' }),
  );
  order('1004', '2026-03-11 12:00', landing('a2', 'T4'));
  // E: organic.
  batch.pixelEvents.push(purchase('1005', '2026-03-11 09:00', { ttp: 'someone' }));
  order('1005', '2026-03-11 09:00');
  // F: watched a1 without clicking, bought within a day → view-through for the platform, no click for the shop.
  batch.pixelEvents.push(purchase('1006', '2026-03-11 10:00', { ttp: 'viewer' }));
  order('1006', '2026-03-11 10:00');
  credit('a1', '2026-03-11 08:00', 1, 1);
  // G: from a click, refunded in full later.
  batch.pixelEvents.push(
    click('T7', 'a1', '2026-03-11 11:00'),
    purchase('1007', '2026-03-11 11:30', { ttclid: 'T7' }),
  );
  order('1007', '2026-03-11 11:30', landing('a1', 'T7'));
  batch.refunds.push({
    advertiser_id: ADV,
    order_id: '1007',
    refund_id: 'r1007',
    refunded_at: local('2026-03-14 10:00'),
    amount_micros: 50_000_000,
    source: 'shopify_csv',
  });
  credit('a1', '2026-03-11 11:00', 1);
  // H: the site sent the purchase twice, the server copy without an event_id → the platform counts two.
  batch.pixelEvents.push(
    click('T8', 'a1', '2026-03-11 15:00'),
    purchase('1008', '2026-03-11 15:10', { ttclid: 'T8' }),
    purchase('1008', '2026-03-11 15:11', { ttclid: 'T8', event_id: '', source: 'server' }),
  );
  order('1008', '2026-03-11 15:10', landing('a1', 'T8'));
  credit('a1', '2026-03-11 15:00', 2);
  // I: came back without the ttclid; the same browser (_ttp) clicked a1 the day before.
  batch.pixelEvents.push(
    click('T9', 'a1', '2026-03-11 16:00', 'visitor-9'),
    purchase('1009', '2026-03-12 10:00', { ttp: 'visitor-9' }),
  );
  order('1009', '2026-03-12 10:00');
  credit('a1', '2026-03-11 16:00', 1);
  // J: the pixel saw the click but not the purchase; the shop's landing URL has the click.
  batch.pixelEvents.push(click('T10', 'a1', '2026-03-12 09:00'));
  order('1010', '2026-03-12 09:30', landing('a1', 'T10'));
  // K: a purchase the pixel reported that the shop has no order for (a test order).
  batch.pixelEvents.push(
    click('T11', 'a1', '2026-03-12 11:00'),
    purchase('9999', '2026-03-12 11:05', { ttclid: 'T11' }),
  );
  credit('a1', '2026-03-12 11:00', 1);
  // M: 21:00 in New York is the next day in UTC; on the advertiser's clock it is in the range.
  batch.pixelEvents.push(
    click('T12', 'a1', '2026-03-12 20:30'),
    purchase('1012', '2026-03-12 21:00', { ttclid: 'T12' }),
  );
  order('1012', '2026-03-12 21:00', landing('a1', 'T12'));
  credit('a1', '2026-03-12 20:00', 1);
  // L: from a click, cancelled by the shop the next day.
  batch.pixelEvents.push(
    click('T13', 'a1', '2026-03-10 16:00'),
    purchase('1011', '2026-03-10 16:10', { ttclid: 'T13' }),
  );
  order('1011', '2026-03-10 16:10', landing('a1', 'T13'));
  batch.orders.at(-1)!.cancelled_at = local('2026-03-11 09:00');
  batch.orders.at(-1)!.updated_at = local('2026-03-11 09:00');
  credit('a1', '2026-03-10 16:00', 1);
  // A gives back part of its money: a partial refund keeps the order.
  batch.refunds.push({
    advertiser_id: ADV,
    order_id: '1001',
    refund_id: 'r1001',
    refunded_at: local('2026-03-12 10:00'),
    amount_micros: 10_000_000,
    source: 'shopify_csv',
  });
  // A click-through purchase only the platform knows of (it matched through its own signals).
  credit('a2', '2026-03-10 09:00', 1);
  // A server copy of A's purchase under the same event_id, dropped on arrival.
  batch.duplicateEvents = [
    {
      advertiser_id: ADV,
      pixel_code: PIXEL,
      event_id: '1001',
      event: 'Purchase',
      source: 'server',
      received_at: local('2026-03-10 14:21'),
      first_received_at: local('2026-03-10 14:20'),
    },
  ];
  return batch;
}

async function catalogWithAds(): Promise<CatalogDb> {
  const db = await openPglite(null);
  await migrate(db);
  await insertAdvertiser(db, {
    advertiser_id: ADV,
    name: 'Hand-built shop',
    currency: 'USD',
    timezone: TZ,
    source: 'import',
    product_value: 50,
    margin: 0.4,
  });
  await insertCampaign(db, {
    campaign_id: 'c1',
    advertiser_id: ADV,
    campaign_name: 'Trail',
    objective_type: 'WEB_CONVERSIONS',
    budget_mode: 'BUDGET_MODE_INFINITE',
    budget_micros: null,
    operation_status: 'ENABLE',
  });
  const group = (id: string, name: string, click: ClickAttributionWindow, view: ViewAttributionWindow) =>
    insertAdGroup(
      db,
      adGroupRow({
        adgroup_id: id,
        campaign_id: 'c1',
        advertiser_id: ADV,
        adgroup_name: name,
        budget_micros: 50_000_000n,
        click_attribution_window: click,
        view_attribution_window: view,
      }),
    );
  await group('g7', 'Seven-day click', 'SEVEN_DAYS', 'ONE_DAY');
  await group('g1', 'One-day click', 'ONE_DAY', 'OFF');
  await insertCreative(db, {
    creative_id: 'v1',
    advertiser_id: ADV,
    file_name: 'hook.mp4',
    kind: 'video',
    duration_s: 12,
    width: 1080,
    height: 1920,
  });
  for (const [ad, adgroup] of [
    ['a1', 'g7'],
    ['a2', 'g1'],
  ] as const) {
    await insertAd(db, {
      ad_id: ad,
      adgroup_id: adgroup,
      campaign_id: 'c1',
      advertiser_id: ADV,
      ad_name: `Ad ${ad}`,
      ad_format: 'SINGLE_VIDEO',
      ad_text: 'Try it',
      call_to_action: 'SHOP_NOW',
      landing_page_url: 'https://shop.test/trail',
      creative_id: 'v1',
      operation_status: 'ENABLE',
      review_status: 'SUCCEED',
      review_submitted_at: null,
    });
  }
  return db;
}

const ordersOf = (bar: WaterfallBar | undefined): string[] =>
  (bar?.rows ?? []).map((r) => `${r.order_id}:${r.effect}`).sort();

describe('reconciliation of a hand-built shop', () => {
  let facts: FactStore;
  let catalog: CatalogDb;
  let rec: ReconciliationResponse;
  const bar = (chain: 'platform_to_shop' | 'shop_to_attributable', id: string) =>
    rec[chain].find((b) => b.id === id)!;

  beforeAll(async () => {
    facts = await openDuckDbStore(null);
    catalog = await catalogWithAds();
    await facts.append(shop());
    rec = await getReconciliation(
      facts,
      catalog,
      { advertiser_id: ADV, timezone: TZ, currency: 'USD', source: 'import' },
      RANGE,
    );
  });
  afterAll(async () => {
    await facts.close();
    await catalog.close();
  });

  test('the three totals', () => {
    expect(rec.totals.platform).toEqual({ purchases: 11, click_through: 10, view_through: 1, value: 550 });
    // Pixel purchases on the dates, each order once: A B D E F G H I K L M (J unseen, C the day after).
    expect(rec.totals.pixel).toMatchObject({ purchases: 11, click_through: 8 });
    expect(rec.totals.shop).toMatchObject({ orders: 11, attributable: 6, refunded_or_cancelled: 2 });
  });

  test('each bar of the platform waterfall holds the orders of its cause', () => {
    expect(rec.platform_to_shop.map((b) => [b.id, b.value])).toEqual([
      ['platform_total', 11],
      ['view_through', -1],
      ['platform_vs_pixel', -1],
      ['impression_vs_order_day', 0],
      ['duplicates', -1],
      ['pixel_missed', 1],
      ['no_shop_order', -1],
      ['refunded_or_cancelled', -2],
      ['shop_attributable', 6],
    ]);
    expect(bar('platform_to_shop', 'view_through').rows).toMatchObject([
      { kind: 'platform', ad_id: 'a1', local_time: '2026-03-11 08:00', effect: -1 },
    ]);
    expect(bar('platform_to_shop', 'platform_vs_pixel').rows).toMatchObject([
      { kind: 'comparison', ad_id: 'a2', local_time: '2026-03-10', effect: -1 },
    ]);
    // B clicked before the dates and bought in them; C clicked in them and bought after.
    expect(ordersOf(bar('platform_to_shop', 'impression_vs_order_day'))).toEqual(['1002:1', '1003:-1']);
    const duplicates = bar('platform_to_shop', 'duplicates').rows;
    expect(duplicates.map((r) => [r.kind, r.order_id ?? r.event_id, r.effect])).toEqual([
      ['event', '1008', -1],
      ['duplicate', '1001', 0],
    ]);
    expect(ordersOf(bar('platform_to_shop', 'pixel_missed'))).toEqual(['1010:1']);
    expect(ordersOf(bar('platform_to_shop', 'no_shop_order'))).toEqual(['9999:-1']);
    expect(ordersOf(bar('platform_to_shop', 'refunded_or_cancelled'))).toEqual(['1007:-1', '1011:-1']);
    expect(bar('platform_to_shop', 'refunded_or_cancelled').rows.map((r) => r.reason)).toEqual([
      expect.stringContaining('cancelled'),
      expect.stringContaining('refunded in full'),
    ]);
    expect(ordersOf(bar('platform_to_shop', 'shop_attributable'))).toEqual([
      '1001:1',
      '1002:1',
      '1008:1',
      '1009:1',
      '1010:1',
      '1012:1',
    ]);
  });

  test('each bar from the shop total holds the orders of its cause', () => {
    expect(rec.shop_to_attributable.map((b) => [b.id, b.value])).toEqual([
      ['shop_total', 11],
      ['no_tiktok_click', -2],
      ['outside_click_window', -1],
      ['refunded_or_cancelled', -2],
      ['shop_attributable', 6],
    ]);
    expect(ordersOf(bar('shop_to_attributable', 'no_tiktok_click'))).toEqual(['1005:-1', '1006:-1']);
    const outside = bar('shop_to_attributable', 'outside_click_window').rows;
    expect(outside).toMatchObject([{ order_id: '1004', ad_id: 'a2', ttclid: 'T4' }]);
    expect(outside[0]!.reason).toContain("One-day click's click window is 1 day");
  });

  test('drill-down rows carry the order, its time on both clocks, value, ttclid and ad', () => {
    const m = bar('platform_to_shop', 'shop_attributable').rows.find((r) => r.order_id === '1012')!;
    expect(m).toMatchObject({
      order_name: '#1012',
      local_time: '2026-03-12 21:00',
      time: '2026-03-13T01:00:00.000Z',
      value: 50,
      ttclid: 'T12',
      ad_id: 'a1',
      ad_name: 'Ad a1',
    });
    const i = bar('platform_to_shop', 'shop_attributable').rows.find((r) => r.order_id === '1009')!;
    expect(i.reason).toContain('_ttp');
  });

  test('the bars add up, in both waterfalls', () => {
    expectChainAddsUp(rec.platform_to_shop);
    expectChainAddsUp(rec.shop_to_attributable);
  });

  test("first-party attribution per ad, beside the platform's, and the windows per ad group", () => {
    const a1 = rec.ads.find((a) => a.ad_id === 'a1')!;
    // The platform: A C G H×2 I K L M on the range's click days, F as view-through.
    expect(a1).toMatchObject({ platform_click_through: 9, platform_view_through: 1 });
    // Adcockpit: A C G H I J K L M (H once; J through the shop's landing URL); B's click was the day before.
    expect(a1.first_party_click_through).toBe(9);
    expect(rec.ads.find((a) => a.ad_id === 'a2')).toMatchObject({
      platform_click_through: 1,
      first_party_click_through: 0,
    });
    expect(
      rec.windows.map((w) => [w.adgroup_name, w.click_attribution_window, w.view_attribution_window]),
    ).toEqual([
      ['One-day click', 'ONE_DAY', 'OFF'],
      ['Seven-day click', 'SEVEN_DAYS', 'ONE_DAY'],
    ]);
  });
});
