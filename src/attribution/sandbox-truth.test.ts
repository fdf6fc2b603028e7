// The reconciliation against a sandbox scenario whose true causes are known: the sandbox records why each
// order happened (a click, a view, nothing) and when, so each order's bar can be checked against its path,
// and the window replay against what the platform reported.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { type CatalogDb, openPglite } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import { addDays } from '../core/dates.ts';
import { toLocal } from '../core/timezone.ts';
import type { ReconciliationResponse } from '../shared/reconciliation-api.ts';
import { runScenario } from '../sources/sandbox/bootstrap.ts';
import { parseScenario } from '../sources/sandbox/load-scenario.ts';
import { readScenarioFile } from '../sources/sandbox/scenario-file.ts';
import { openDuckDbStore } from '../warehouse/duckdb/store.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';
import { buildPurchases } from './first-party.ts';
import { loadReconciliationFacts } from './load-facts.ts';
import { expectChainAddsUp } from '../../test/helpers/waterfall.ts';
import { getReconciliation } from './reconciliation-report.ts';
import { replayWindows } from './window-replay.ts';

const TZ = 'America/New_York';
const START = '2026-03-01';
const RANGE = { from: addDays(START, 4), to: addDays(START, 9) };
const DAY_MS = 86_400_000;

const ad = (name: string, ctr: number) => ({
  ad_name: name,
  ad_text: 'The lightest trail shoe',
  call_to_action: 'SHOP_NOW',
  landing_page_url: 'https://shop.example/trail',
  creative: {
    name: `${name}.mp4`,
    duration_s: 15,
    thumbstop: 0.4,
    hold: 0.45,
    ctr,
    cvr: 0.06,
    fatigue: 0.03,
  },
});
const group = (name: string, click: string, view: string) => ({
  adgroup_name: name,
  budget_mode: 'BUDGET_MODE_DAY',
  budget: 120,
  locations: ['US'],
  age_groups: ['AGE_25_34', 'AGE_35_44'],
  optimization_goal: 'CONVERT',
  billing_event: 'OCPM',
  click_attribution_window: click,
  view_attribution_window: view,
  ads: [ad(`${name} A`, 0.015), ad(`${name} B`, 0.01)],
});

const SCENARIO = parseScenario({
  seed: 31,
  start_date: START,
  days: 16,
  advertiser: { name: 'Truth shop', currency: 'USD', timezone: TZ, product_value: 60, margin: 0.5 },
  shop: { organic_orders_per_day: 6, average_order_value: 55, refund_rate: 0.12 },
  campaigns: [
    {
      campaign_name: 'Trail',
      objective_type: 'WEB_CONVERSIONS',
      ad_groups: [group('Week click', 'SEVEN_DAYS', 'ONE_DAY'), group('Day click', 'ONE_DAY', 'SEVEN_DAYS')],
    },
  ],
});

interface Path {
  order_id: string;
  via: 'click' | 'view' | 'organic';
  touch_date: string | null;
  elapsed: number | null;
  click_window_days: number;
  ordered_date: string;
}

describe('reconciliation of a sandbox scenario against its known truth', () => {
  let facts: FactStore;
  let catalog: CatalogDb;
  let advertiserId: string;
  let rec: ReconciliationResponse;
  let paths: Map<string, Path>;
  let refunded: Set<string>;
  const inRange = (date: string | null) => date !== null && date >= RANGE.from && date <= RANGE.to;
  const barOrders = (chain: 'platform_to_shop' | 'shop_to_attributable', id: string): Map<string, number> =>
    new Map(rec[chain].find((b) => b.id === id)!.rows.map((r) => [r.order_id!, r.effect]));

  beforeAll(async () => {
    facts = await openDuckDbStore(null);
    catalog = await openPglite(null);
    await migrate(catalog);
    ({ advertiserId } = await runScenario(catalog, facts, SCENARIO));
    const advertiser = (await getAdvertiser(catalog, advertiserId))!;
    rec = await getReconciliation(facts, catalog, advertiser, RANGE);
    const rows = await facts.query({
      text: `SELECT order_id, via, touch_date, epoch_ms(ordered_at) - epoch_ms(touch_at) AS elapsed,
          click_window_days, epoch_ms(ordered_at) AS ordered_at
        FROM ${FACT_TABLES.purchasePaths} WHERE advertiser_id = $1`,
      values: [advertiserId],
    });
    paths = new Map(
      rows.map((r) => [
        String(r.order_id),
        {
          order_id: String(r.order_id),
          via: r.via as Path['via'],
          touch_date: r.touch_date === null ? null : String(r.touch_date),
          elapsed: r.elapsed === null ? null : Number(r.elapsed),
          click_window_days: Number(r.click_window_days),
          ordered_date: toLocal(Number(r.ordered_at), TZ).date,
        },
      ]),
    );
    const refunds = await facts.query({
      text: `SELECT order_id FROM ${FACT_TABLES.refunds} WHERE advertiser_id = $1`,
      values: [advertiserId],
    });
    refunded = new Set(refunds.map((r) => String(r.order_id)));
  });
  afterAll(async () => {
    await facts.close();
    await catalog.close();
  });

  test('the scenario has every kind of order on these dates', () => {
    const inDates = [...paths.values()].filter((p) => inRange(p.ordered_date));
    const kinds = new Set(inDates.map((p) => p.via));
    expect([...kinds].sort()).toEqual(['click', 'organic', 'view']);
    expect(inDates.filter((p) => refunded.has(p.order_id)).length).toBeGreaterThan(0);
    expect(
      inDates.filter((p) => p.via === 'click' && p.elapsed! >= p.click_window_days * DAY_MS).length,
    ).toBeGreaterThan(0);
  });

  test("every shop order sits in the bar its true path says, and the platform's credit is the truth's", async () => {
    const noClick = barOrders('shop_to_attributable', 'no_tiktok_click');
    const outside = barOrders('shop_to_attributable', 'outside_click_window');
    const refundedBar = barOrders('shop_to_attributable', 'refunded_or_cancelled');
    const attributable = barOrders('shop_to_attributable', 'shop_attributable');
    // Purchases tied through the visitor cookie: a viewer who had clicked another ad before.
    const loaded = await loadReconciliationFacts(
      facts,
      catalog,
      { advertiser_id: advertiserId, timezone: TZ },
      RANGE,
    );
    const byCookie = new Set(
      buildPurchases(loaded)
        .filter((p) => p.click?.by === 'ttp')
        .map((p) => p.key),
    );
    let checked = 0;
    for (const path of paths.values()) {
      if (!inRange(path.ordered_date)) continue;
      checked++;
      const where = `order ${path.order_id} (${path.via})`;
      if (path.via === 'organic') {
        expect(noClick.has(path.order_id), where).toBe(true);
        continue;
      }
      if (path.via === 'view' && !byCookie.has(path.order_id)) {
        expect(noClick.has(path.order_id), where).toBe(true);
        continue;
      }
      if (path.via === 'view') continue; // tied to an earlier click by the same browser: checked below
      const inWindow = path.elapsed! < path.click_window_days * DAY_MS;
      if (!inWindow) expect(outside.has(path.order_id), where).toBe(true);
      else if (refunded.has(path.order_id)) expect(refundedBar.has(path.order_id), where).toBe(true);
      else expect(attributable.has(path.order_id), where).toBe(true);
    }
    expect(checked).toBe(rec.totals.shop.orders);
    // A tie through the cookie only ever explains a purchase the truth calls view-through.
    for (const key of byCookie) expect(paths.get(key)?.via, `order ${key}`).toBe('view');

    // The platform credited exactly the truth's purchases seen by the pixel inside their windows.
    const credited = (await facts.query({
      text: `SELECT via, COUNT(*) AS n FROM ${FACT_TABLES.purchasePaths} WHERE advertiser_id = $1 AND pixel_fired
          AND touch_date BETWEEN $2 AND $3 AND epoch_ms(ordered_at) - epoch_ms(touch_at) <
            (CASE via WHEN 'click' THEN click_window_days ELSE view_window_days END) * ${DAY_MS}
        GROUP BY via`,
      values: [advertiserId, RANGE.from, RANGE.to],
    })) as { via: string; n: bigint }[];
    const truth = Object.fromEntries(credited.map((r) => [r.via, Number(r.n)]));
    expect(rec.totals.platform).toMatchObject({
      purchases: (truth.click ?? 0) + (truth.view ?? 0),
      view_through: truth.view ?? 0,
    });
  });

  test('the impression-day bar holds the click purchases whose click and order fall on either side of the dates', () => {
    const shift = barOrders('platform_to_shop', 'impression_vs_order_day');
    for (const path of paths.values()) {
      if (path.via !== 'click' || path.elapsed! >= path.click_window_days * DAY_MS) continue;
      const clicked = inRange(path.touch_date);
      const ordered = inRange(path.ordered_date);
      if (clicked === ordered) expect(shift.has(path.order_id), path.order_id).toBe(false);
      else expect(shift.get(path.order_id), path.order_id).toBe(clicked ? -1 : 1);
    }
  });

  test('the bars add up', () => {
    expectChainAddsUp(rec.platform_to_shop);
    expectChainAddsUp(rec.shop_to_attributable);
    expect(rec.platform_to_shop.at(-1)!.value).toBe(rec.shop_to_attributable.at(-1)!.value);
  });

  test("the window replay gives back the platform's numbers under the windows run, and fewer under 1-day click", async () => {
    const replay = await replayWindows(facts, catalog, advertiserId, RANGE, {
      click_window: 'ONE_DAY',
      view_window: 'OFF',
    });
    expect(replay.as_run).toMatchObject({
      purchases: rec.totals.platform.purchases,
      view_through: rec.totals.platform.view_through,
      value: rec.totals.platform.value,
    });
    expect(replay.replayed.view_through).toBe(0);
    expect(replay.replayed.click_through).toBeLessThan(replay.as_run.click_through);
    // The ad group whose windows were already 1-day click keeps its click-through purchases.
    const longer = await replayWindows(facts, catalog, advertiserId, RANGE, {
      click_window: 'TWENTY_EIGHT_DAYS',
      view_window: 'SEVEN_DAYS',
    });
    expect(longer.replayed.purchases).toBeGreaterThan(replay.as_run.purchases);
    expect(replay.adgroups.map((g) => g.adgroup_name)).toEqual(['Day click', 'Week click']);
  });
});

describe('reconciliation when the pixel goes silent (the sandbox knows which orders it missed)', () => {
  test("orders from clicks the pixel no longer saw are exactly the 'Orders the pixel missed'", async () => {
    const facts = await openDuckDbStore(null);
    const catalog = await openPglite(null);
    try {
      await migrate(catalog);
      const scenario = readScenarioFile('examples/silent-pixel.json');
      const { advertiserId } = await runScenario(catalog, facts, scenario);
      const advertiser = (await getAdvertiser(catalog, advertiserId))!;
      // The pixel stops on day 7: the dates straddle it.
      const range = { from: addDays(scenario.start_date, 5), to: addDays(scenario.start_date, 10) };
      const rec = await getReconciliation(facts, catalog, advertiser, range);
      const missed = new Set(
        rec.platform_to_shop.find((b) => b.id === 'pixel_missed')!.rows.map((r) => r.order_id),
      );
      const unseen = await facts.query({
        text: `SELECT order_id, epoch_ms(ordered_at) AS t, epoch_ms(ordered_at) - epoch_ms(touch_at) AS elapsed,
            click_window_days FROM ${FACT_TABLES.purchasePaths}
          WHERE advertiser_id = $1 AND via = 'click' AND NOT pixel_fired`,
        values: [advertiserId],
      });
      let expected = 0;
      for (const row of unseen) {
        if (!inDates(toLocal(Number(row.t), scenario.advertiser.timezone).date, range)) continue;
        if (Number(row.elapsed) >= Number(row.click_window_days) * DAY_MS) continue;
        expected++;
        expect(missed.has(String(row.order_id)), `order ${row.order_id}`).toBe(true);
      }
      expect(expected).toBeGreaterThan(0);
      expect(missed.size).toBe(expected);
      expectChainAddsUp(rec.platform_to_shop);
      expectChainAddsUp(rec.shop_to_attributable);
    } finally {
      await facts.close();
      await catalog.close();
    }
  });
});

function inDates(date: string, range: { from: string; to: string }): boolean {
  return date >= range.from && date <= range.to;
}
