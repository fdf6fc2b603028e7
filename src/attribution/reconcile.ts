// The shop reconciliation: the platform's purchases, the pixel's and the shop's orders side by side, and two
// waterfalls that meet at the shop's attributable orders — one from the platform's number, one from every
// shop order. Each bar is the difference one cause explains, and its rows (orders, events, platform rows)
// add up to it exactly, so the chain of bars adds up too.
import type {
  AdAttribution,
  BarId,
  DrillRow,
  ReconciliationTotals,
  WaterfallBar,
} from '../shared/reconciliation-api.ts';
import type { z } from 'zod';
import { type Purchase, buildPurchases, localStamp } from './first-party.ts';
import type { PlatformRow, PurchaseEvent, ReconciliationFacts } from './load-facts.ts';

const HOUR_MS = 3_600_000;
const money = (micros: number): number => Math.round(micros / 10_000) / 100;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface Reconciliation {
  totals: z.infer<typeof ReconciliationTotals>;
  platform_to_shop: WaterfallBar[];
  shop_to_attributable: WaterfallBar[];
  ads: AdAttribution[];
}

export function reconcile(f: ReconciliationFacts): Reconciliation {
  const purchases = buildPurchases(f);
  const inRange = (date: string | null): boolean =>
    date !== null && date >= f.range.from && date <= f.range.to;
  const rows = new RowMaker(f);

  // ---- The platform's side: what it credited to impressions in the range.
  const P = sum(f.platform, (r) => r.purchases);
  const V = sum(f.platform, (r) => r.view_through);
  const platformTotalRows = f.platform.map((r) =>
    rows.platform(r, r.purchases, `${plural(r.purchases, 'purchase')} credited to this impression hour`),
  );
  const viewRows = f.platform
    .filter((r) => r.view_through > 0)
    .map((r) =>
      rows.platform(
        r,
        -r.view_through,
        `${plural(r.view_through, 'view-through purchase')}: people who watched this ad, did not click, and bought within ${rows.viewWindowOf(r.ad_id)}. No click ties them to an order.`,
      ),
    );

  // ---- The pixel's purchases tied to a click within the window (the platform's click-through, seen first-party).
  const seenInWindow = purchases.filter((p) => p.events.length > 0 && p.inWindow);
  const byAdDay = new Map<string, { ad_id: string; date: string; platform: number; pixel: number }>();
  const group = (ad_id: string, date: string) => {
    const key = `${ad_id}|${date}`;
    let g = byAdDay.get(key);
    if (!g) byAdDay.set(key, (g = { ad_id, date, platform: 0, pixel: 0 }));
    return g;
  };
  for (const r of f.platform) group(r.ad_id, r.date).platform += r.purchases - r.view_through;
  for (const p of seenInWindow)
    if (inRange(p.clickDate)) group(p.click!.ad_id!, p.clickDate!).pixel += p.events.length;
  const comparisonRows = [...byAdDay.values()]
    .filter((g) => g.platform !== g.pixel)
    .sort((a, b) => (a.date === b.date ? a.ad_id.localeCompare(b.ad_id) : a.date.localeCompare(b.date)))
    .map((g) =>
      rows.comparison(
        g.ad_id,
        g.date,
        g.pixel - g.platform,
        g.pixel > g.platform
          ? `The pixel ties ${plural(g.pixel, 'purchase')} to clicks on this ad on ${g.date}; the platform credited ${g.platform} as click-through (it may have counted the others as view-through, or the pixel tied them through the visitor cookie _ttp)`
          : `The platform credited ${plural(g.platform, 'click-through purchase')} to this ad's clicks on ${g.date}; the pixel ties ${g.pixel} to them (purchases the platform matched through its own signals, or events sent elsewhere)`,
      ),
    );

  // ---- Counted on the click's day (the platform) or the order's day (the shop).
  const shiftRows: DrillRow[] = [];
  for (const p of seenInWindow) {
    const clicked = inRange(p.clickDate);
    const ordered = inRange(p.date);
    if (clicked === ordered) continue;
    const n = p.events.length;
    const clickDay = p.clickDate ?? 'an unknown day (the pixel did not see the click)';
    shiftRows.push(
      rows.purchase(
        p,
        clicked ? -n : n,
        clicked
          ? `Clicked on ${clickDay}, inside the dates, but bought on ${p.date}${utcNote(p, f)}, outside them: the platform counts it on the click's day, the shop on the order's`
          : `Clicked on ${clickDay}, before the dates, and bought on ${p.date}${utcNote(p, f)}: the shop counts it on these dates, the platform on the click's day`,
      ),
    );
  }

  // ---- Copies of one purchase: those the platform counts apart, and those dropped on arrival.
  const duplicateRows: DrillRow[] = [];
  for (const p of seenInWindow) {
    if (!inRange(p.date) || p.events.length < 2) continue;
    for (const e of p.events.slice(1)) {
      duplicateRows.push(
        rows.event(
          p,
          e,
          -1,
          e.event_id === ''
            ? `A further Purchase for the same order sent without an event_id (${e.source}), so nothing could deduplicate it: the platform counts it again`
            : `A further Purchase for the same order under another event_id (${e.event_id}, ${e.source}): deduplication needs the same event_id, so the platform counts it again`,
        ),
      );
    }
  }
  for (const d of f.droppedCopies) {
    duplicateRows.push({
      kind: 'duplicate',
      effect: 0,
      order_id: null,
      order_name: null,
      event_id: d.event_id,
      time: new Date(d.received_at).toISOString(),
      local_time: localStamp(d.received_at, f.timezone),
      value: null,
      ttclid: null,
      ad_id: null,
      ad_name: null,
      reason: `A ${d.source} copy of Purchase ${d.event_id} arriving after the one received ${localStamp(d.first_received_at, f.timezone)}: dropped on arrival (same pixel, event and event_id), counted once here and by TikTok`,
    });
  }

  // ---- From the pixel's purchases to the shop's orders.
  const missedRows = purchases
    .filter((p) => p.order && p.events.length === 0 && p.inWindow && inRange(p.date))
    .map((p) =>
      rows.purchase(
        p,
        1,
        `The shop's landing URL shows a TikTok click on this ad, but the pixel reported no Purchase for the order, so the platform could not count it (was the pixel firing on the order page?)`,
      ),
    );
  const noOrderRows = seenInWindow
    .filter((p) => !p.order && inRange(p.date))
    .map((p) =>
      rows.purchase(
        p,
        -1,
        `The pixel reported this purchase (order id ${p.events[0]!.order_id ?? 'none'}), but the shop has no such order: a test order, another shop's, or orders not imported yet`,
      ),
    );
  const attributableOrInWindow = purchases.filter((p) => p.order && p.inWindow && inRange(p.date));
  const refundRows = attributableOrInWindow
    .filter((p) => p.refundedOrCancelled)
    .map((p) => rows.purchase(p, -1, `From a TikTok click within the window, but ${p.refundedOrCancelled}`));
  const attributable = attributableOrInWindow.filter((p) => !p.refundedOrCancelled);
  const attributableRows = attributable.map((p) =>
    rows.purchase(p, 1, `From a click on this ad ${clickAge(p)}, kept`),
  );

  // ---- From every shop order to the attributable ones.
  const shopOrders = purchases.filter((p) => p.order && inRange(p.date));
  const noClickRows = shopOrders
    .filter((p) => !p.click)
    .map((p) =>
      rows.purchase(
        p,
        -1,
        'No ttclid on its pixel events or landing URL, and no earlier click by the same browser (_ttp): another channel, or organic',
      ),
    );
  const outsideRows = shopOrders
    .filter((p) => p.click && !p.inWindow)
    .map((p) => rows.purchase(p, -1, `A TikTok click, but ${p.windowNote ?? 'outside the click window'}`));

  const chain = new Chain();
  const platformToShop = [
    chain.total(
      'platform_total',
      'Platform: purchases',
      P,
      'What TikTok reports for these dates: purchases credited to the date and hour of the impression, click- and view-through.',
      platformTotalRows,
    ),
    chain.step(
      'view_through',
      'View-through credit',
      'Purchases by people who saw the ad without clicking. No click exists to tie them to an order, so no shop can attribute them.',
      viewRows,
    ),
    chain.step(
      'platform_vs_pixel',
      'Platform vs pixel clicks',
      "The platform's click-through purchases against the pixel's purchases tied to a click within the window, per ad and click day.",
      comparisonRows,
    ),
    chain.step(
      'impression_vs_order_day',
      'Impression day vs order day',
      "The platform counts a purchase on the day of the click, the shop on the day of the order (both on the advertiser's clock).",
      shiftRows,
    ),
    chain.step(
      'duplicates',
      'Duplicates',
      'Further Purchase events for one order that deduplication could not catch (no or another event_id); copies dropped on arrival are listed too and change nothing.',
      duplicateRows,
    ),
    chain.step(
      'pixel_missed',
      'Orders the pixel missed',
      'Shop orders whose landing URL shows a TikTok click within the window, without a Purchase from the pixel: the platform could not see them.',
      missedRows,
    ),
    chain.step(
      'no_shop_order',
      'Pixel purchases without a shop order',
      'Purchases the pixel reported that the shop has no order for.',
      noOrderRows,
    ),
    chain.step(
      'refunded_or_cancelled',
      'Refunded or cancelled',
      'Orders from a TikTok click within the window that were cancelled, voided or refunded in full.',
      refundRows,
    ),
    chain.total(
      'shop_attributable',
      'Shop: attributable orders',
      attributable.length,
      'Shop orders on these dates from a TikTok click within its ad group’s click window, not refunded or cancelled.',
      attributableRows,
    ),
  ];
  const shopChain = new Chain();
  const shopToAttributable = [
    shopChain.total(
      'shop_total',
      'Shop: all orders',
      shopOrders.length,
      "Every order the shop has on these dates (the advertiser's clock).",
      shopOrders.map((p) => rows.purchase(p, 1, fateOf(p))),
    ),
    shopChain.step(
      'no_tiktok_click',
      'No TikTok click',
      'Orders with no TikTok click behind them: other channels and organic (including buyers the platform credits as view-through).',
      noClickRows,
    ),
    shopChain.step(
      'outside_click_window',
      'Outside the click window',
      "Orders from a TikTok click made longer ago than the ad group's click window (or on an ad that is not the advertiser's).",
      outsideRows,
    ),
    shopChain.step(
      'refunded_or_cancelled',
      'Refunded or cancelled',
      'Orders from a TikTok click within the window that were cancelled, voided or refunded in full.',
      refundRows,
    ),
    shopChain.total(
      'shop_attributable',
      'Shop: attributable orders',
      attributable.length,
      'Shop orders on these dates from a TikTok click within its ad group’s click window, not refunded or cancelled.',
      attributableRows,
    ),
  ];
  const pixelInRange = purchases.filter((p) => p.events.length > 0 && inRange(p.date));
  return {
    totals: {
      platform: {
        purchases: P,
        click_through: P - V,
        view_through: V,
        value: money(sum(f.platform, (r) => r.value_micros)),
      },
      pixel: {
        purchases: pixelInRange.length,
        click_through: pixelInRange.filter((p) => p.inWindow).length,
        value: money(sum(pixelInRange, (p) => p.events[0]!.value_micros ?? 0)),
      },
      shop: {
        orders: shopOrders.length,
        attributable: attributable.length,
        refunded_or_cancelled: shopOrders.filter((p) => p.refundedOrCancelled).length,
        value: money(sum(shopOrders, (p) => p.order!.total_micros)),
      },
    },
    platform_to_shop: platformToShop,
    shop_to_attributable: shopToAttributable,
    ads: attributionByAd(f, purchases, inRange),
  };
}

/**
 * Adcockpit's own click-through conversions per ad — purchases (pixel or shop, each once) tied to a click
 * on the ad within its ad group's click window, on the click's day like the platform's — beside the
 * platform's click- and view-through ones.
 */
export function attributionByAd(
  f: ReconciliationFacts,
  purchases: Purchase[],
  inRange: (date: string | null) => boolean,
): AdAttribution[] {
  const out = new Map<string, AdAttribution>();
  const entry = (ad_id: string): AdAttribution => {
    let a = out.get(ad_id);
    if (!a) {
      const info = f.ads.get(ad_id);
      a = {
        ad_id,
        ad_name: info?.ad_name ?? ad_id,
        adgroup_name: info?.adgroup_name ?? '',
        campaign_name: info?.campaign_name ?? '',
        platform_click_through: 0,
        platform_view_through: 0,
        first_party_click_through: 0,
        first_party_value: 0,
      };
      out.set(ad_id, a);
    }
    return a;
  };
  for (const r of f.platform) {
    const a = entry(r.ad_id);
    a.platform_click_through += r.purchases - r.view_through;
    a.platform_view_through += r.view_through;
  }
  for (const p of purchases) {
    if (!p.inWindow || !inRange(p.clickDate ?? p.date)) continue;
    const a = entry(p.click!.ad_id!);
    a.first_party_click_through += 1;
    a.first_party_value = money(a.first_party_value * 1_000_000 + p.value_micros);
  }
  return [...out.values()].sort(
    (a, b) =>
      b.first_party_click_through +
        b.platform_click_through -
        (a.first_party_click_through + a.platform_click_through) || a.ad_name.localeCompare(b.ad_name),
  );
}

/** Keeps the running total: each step's value is the sum of its rows. */
class Chain {
  private running = 0;
  total(id: BarId, label: string, value: number, explanation: string, rows: DrillRow[]): WaterfallBar {
    this.running = value;
    return { id, label, kind: 'total', value, running: value, explanation, rows };
  }
  step(id: BarId, label: string, explanation: string, rows: DrillRow[]): WaterfallBar {
    const value = sum(rows, (r) => r.effect);
    this.running += value;
    return { id, label, kind: 'step', value, running: this.running, explanation, rows };
  }
}

class RowMaker {
  constructor(private readonly f: ReconciliationFacts) {}

  adName(ad_id: string | null): string | null {
    return ad_id ? (this.f.ads.get(ad_id)?.ad_name ?? ad_id) : null;
  }

  viewWindowOf(ad_id: string): string {
    const w = this.f.ads.get(ad_id)?.view_window;
    return w === 'SEVEN_DAYS' ? '7 days' : w === 'ONE_DAY' ? '1 day' : 'the view window';
  }

  platform(r: PlatformRow, effect: number, reason: string): DrillRow {
    const hour = `${r.date} ${String(r.hour).padStart(2, '0')}:00`;
    return {
      kind: 'platform',
      effect,
      order_id: null,
      order_name: null,
      event_id: null,
      time: null,
      local_time: hour,
      value: money(r.value_micros),
      ttclid: null,
      ad_id: r.ad_id,
      ad_name: this.adName(r.ad_id),
      reason,
    };
  }

  comparison(ad_id: string, date: string, effect: number, reason: string): DrillRow {
    return {
      kind: 'comparison',
      effect,
      order_id: null,
      order_name: null,
      event_id: null,
      time: null,
      local_time: date,
      value: null,
      ttclid: null,
      ad_id,
      ad_name: this.adName(ad_id),
      reason,
    };
  }

  purchase(p: Purchase, effect: number, reason: string): DrillRow {
    const first = p.events[0];
    return {
      kind: 'order',
      effect,
      order_id: p.order?.order_id ?? first?.order_id ?? null,
      order_name: p.order?.order_name ?? null,
      event_id: first?.event_id ?? null,
      time: new Date(p.at).toISOString(),
      local_time: localStamp(p.at, this.f.timezone),
      value: money(p.value_micros),
      ttclid: p.click?.ttclid ?? first?.ttclid ?? null,
      ad_id: p.click?.ad_id ?? null,
      ad_name: this.adName(p.click?.ad_id ?? null),
      reason,
    };
  }

  event(p: Purchase, e: PurchaseEvent, effect: number, reason: string): DrillRow {
    return {
      ...this.purchase(p, effect, reason),
      kind: 'event',
      event_id: e.event_id,
      time: new Date(e.event_time).toISOString(),
      local_time: localStamp(e.event_time, this.f.timezone),
      value: e.value_micros === null ? null : money(e.value_micros),
    };
  }
}

/** Where an order ends up, for the shop's total. */
function fateOf(p: Purchase): string {
  if (!p.click) return 'No TikTok click';
  if (!p.inWindow) return `Outside the click window: ${p.windowNote ?? ''}`.trim();
  if (p.refundedOrCancelled) return `From a TikTok click, ${p.refundedOrCancelled}`;
  return `Attributable: a click on this ad ${clickAge(p)}`;
}

function clickAge(p: Purchase): string {
  const at = p.click?.at;
  if (at == null) return '(its time unknown: the pixel did not see it; the landing URL tells of it)';
  const hours = (p.at - at) / HOUR_MS;
  const by = p.click!.by === 'ttp' ? ', tied through the visitor cookie _ttp' : '';
  return hours < 24 ? `${hours.toFixed(1)} h before${by}` : `${(hours / 24).toFixed(1)} days before${by}`;
}

/** The order's UTC date when it differs from the advertiser's: why a shop on UTC counts it on another day. */
function utcNote(p: Purchase, f: ReconciliationFacts): string {
  const utc = new Date(p.at).toISOString().slice(0, 10);
  return utc === p.date ? '' : ` (${utc} in UTC; dates here are on the ${f.timezone} clock)`;
}

function sum<T>(items: T[], of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}
