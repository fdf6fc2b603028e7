// The waterfalls add up whatever the facts: random shops — clicks on known and unknown ads, purchases with
// and without ttclid, event_id or order, copies, orders the pixel missed, refunds, cancellations, platform
// rows that match nothing — always give bars that are the sums of their rows, chains whose steps lead to
// their totals, and every shop order in exactly one bar of the shop's chain.
import { expect, test } from 'vitest';
import { startOfLocalDay } from '../core/timezone.ts';
import { rng } from '../sources/sandbox/random.ts';
import { expectChainAddsUp } from '../../test/helpers/waterfall.ts';
import type { AdInfo, Click, PurchaseEvent, ReconciliationFacts, ShopOrderRow } from './load-facts.ts';
import { reconcile } from './reconcile.ts';

const TZ = 'Europe/Amsterdam';
const RANGE = { from: '2026-10-20', to: '2026-10-27' };
const HOUR = 3_600_000;

function randomShop(seed: number): ReconciliationFacts {
  const r = rng(seed, 'shop');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r.next() * items.length)]!;
  const start = startOfLocalDay(RANGE.from, TZ);
  const end = startOfLocalDay('2026-10-28', TZ);
  const t0 = start - 10 * 24 * HOUR;
  const at = () => t0 + Math.floor(r.next() * (end - t0 + 8 * 24 * HOUR));
  const ads = new Map<string, AdInfo>();
  for (const [i, days] of [1, 7, 0].entries()) {
    ads.set(`ad${i}`, {
      ad_id: `ad${i}`,
      ad_name: `Ad ${i}`,
      adgroup_id: `g${i}`,
      adgroup_name: `Group ${i}`,
      campaign_name: 'C',
      click_window: days === 1 ? 'ONE_DAY' : days === 7 ? 'SEVEN_DAYS' : 'OFF',
      view_window: 'ONE_DAY',
      clickWindowDays: days,
    });
  }
  const clicks = new Map<string, Click>();
  for (let i = 0; i < 30; i++) {
    const ttclid = `T${i}`;
    clicks.set(ttclid, {
      ttclid,
      at: at(),
      ttp: `v${i % 12}`,
      ad_id: r.next() < 0.9 ? pick(['ad0', 'ad1', 'ad2']) : 'elsewhere',
    });
  }
  const orders: ShopOrderRow[] = [];
  const purchases: PurchaseEvent[] = [];
  for (let i = 0; i < 60; i++) {
    const id = String(1000 + i);
    const when = at();
    const ttclid = r.next() < 0.5 ? `T${Math.floor(r.next() * 34)}` : null;
    if (r.next() < 0.9) {
      orders.push({
        order_id: id,
        order_name: `#${id}`,
        created_at: when,
        total_micros: 40_000_000,
        landing_site: r.next() < 0.6 && ttclid ? `/p?utm_content=ad1&ttclid=${ttclid}` : '/',
        cancelled: r.next() < 0.05,
        financial_status: r.next() < 0.05 ? 'refunded' : 'paid',
      });
    }
    const copies = r.next() < 0.8 ? (r.next() < 0.15 ? 2 : 1) : 0;
    for (let c = 0; c < copies; c++) {
      purchases.push({
        pixel_code: 'P',
        event_id: c === 0 ? (r.next() < 0.9 ? id : '') : r.next() < 0.5 ? '' : `${id}-s`,
        event_time: when + c * 1000,
        ttclid: r.next() < 0.8 ? ttclid : null,
        ttp: `v${Math.floor(r.next() * 15)}`,
        value_micros: 40_000_000,
        order_id: r.next() < 0.85 ? id : null,
        source: c === 0 ? 'browser' : 'server',
      });
    }
  }
  const platform = Array.from({ length: 25 }, () => {
    const purchasesCount = 1 + Math.floor(r.next() * 3);
    return {
      ad_id: pick(['ad0', 'ad1', 'ad2', 'gone']),
      date: pick(['2026-10-20', '2026-10-22', '2026-10-25', '2026-10-27']),
      hour: Math.floor(r.next() * 24),
      purchases: purchasesCount,
      view_through: Math.floor(r.next() * (purchasesCount + 1)),
      value_micros: purchasesCount * 40_000_000,
    };
  });
  return {
    range: RANGE,
    timezone: TZ,
    start,
    end,
    ads,
    platform,
    purchases: purchases.sort((a, b) => a.event_time - b.event_time),
    clicks,
    orders: orders.sort((a, b) => a.created_at - b.created_at),
    refundedMicros: new Map(orders.filter(() => r.next() < 0.1).map((o) => [o.order_id, 40_000_000])),
    droppedCopies: [],
  };
}

test('for 200 random shops the bars add up and each shop order is in exactly one bar', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const f = randomShop(seed);
    const rec = reconcile(f);
    expectChainAddsUp(rec.platform_to_shop);
    expectChainAddsUp(rec.shop_to_attributable);
    expect(rec.platform_to_shop.at(-1)!.value, `seed ${seed}`).toBe(rec.shop_to_attributable.at(-1)!.value);
    expect(rec.platform_to_shop[0]!.value).toBe(f.platform.reduce((n, p) => n + p.purchases, 0));
    const [total, ...rest] = rec.shop_to_attributable;
    const seen = rest.flatMap((b) => b.rows.map((row) => row.order_id));
    expect(new Set(seen).size, `seed ${seed}: no order in two bars`).toBe(seen.length);
    expect(total!.rows.length).toBe(total!.value);
  }
});
