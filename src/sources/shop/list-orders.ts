// The shop's orders of a date range, newest first, a page at a time, with the range's totals: what the
// Shop orders screen lists. Dates are days on the advertiser's clock. The page and the totals are two
// queries over the range only, and refunds are summed for the page's orders alone, so a shop with a
// million orders answers as fast as one with a hundred.
import { addDays } from '../../core/dates.ts';
import { startOfLocalDay } from '../../core/timezone.ts';
import { ParamAllocator } from '../../warehouse/dialect.ts';
import type { FactStore, ResultRow } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import type { ShopSource } from './shopify-order.ts';

export interface ShopOrderListItem {
  order_id: string;
  order_name: string;
  /** The instant, ISO 8601 (UTC); the screen shows it on the advertiser's clock. */
  created_at: string;
  cancelled_at: string | null;
  total: number;
  currency: string;
  financial_status: string | null;
  /** Summed over the order's refunds; 0 when none. */
  refunded: number;
  source: ShopSource;
  landing_site: string | null;
  /** Whether the landing URL carries a TikTok click id (ttclid=…), which ties the order to an ad click. */
  has_ttclid: boolean;
}

export interface ShopOrderTotals {
  currency: string;
  orders: number;
  total: number;
  refunded: number;
}

export interface ShopOrderPage {
  orders: ShopOrderListItem[];
  /** Orders in the whole range (not the page). */
  total_orders: number;
  cancelled_orders: number;
  orders_with_ttclid: number;
  totals: ShopOrderTotals[];
  offset: number;
  limit: number;
  /** Where the next page starts, or null on the last page. */
  next_offset: number | null;
}

/** A ttclid parameter with a value: `?ttclid=` alone does not tie an order to a click. */
const TTCLID_PRESENT = `regexp_matches(coalesce(o.landing_site, ''), '[?&]ttclid=[^&#]')`;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const iso = (ms: unknown): string => new Date(num(ms)).toISOString();

export async function listShopOrders(
  facts: FactStore,
  advertiser: { advertiser_id: string; timezone: string },
  page: { from: string; to: string; offset: number; limit: number },
): Promise<ShopOrderPage> {
  const start = startOfLocalDay(page.from, advertiser.timezone);
  const end = startOfLocalDay(addDays(page.to, 1), advertiser.timezone);
  const run = (build: (p: ParamAllocator, inRange: string) => string): Promise<ResultRow[]> => {
    const p = new ParamAllocator(facts.dialect);
    const inRange = `o.advertiser_id = ${p.add(advertiser.advertiser_id)}
      AND o.created_at >= make_timestamp(${p.add(start * 1000)}::BIGINT)
      AND o.created_at < make_timestamp(${p.add(end * 1000)}::BIGINT)`;
    return facts.query({ text: build(p, inRange), values: p.values });
  };
  const refundsOf = (adv: string) =>
    `(SELECT order_id, SUM(amount_micros) AS refunded FROM ${FACT_TABLES.refunds}
       WHERE advertiser_id = ${adv} GROUP BY order_id)`;
  const [rows, totals] = await Promise.all([
    // order_id breaks ties between orders of the same second, so pages never overlap or skip one.
    run(
      (p, inRange) => `SELECT o.order_id, o.order_name, epoch_ms(o.created_at) AS created_ms,
         epoch_ms(o.cancelled_at) AS cancelled_ms, o.total_micros, o.currency, o.financial_status, o.source,
         o.landing_site, ${TTCLID_PRESENT} AS has_ttclid
       FROM ${FACT_TABLES.orders} o WHERE ${inRange}
       ORDER BY o.created_at DESC, o.order_id DESC LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)}`,
    ),
    run(
      (p, inRange) => `SELECT o.currency, COUNT(*) AS orders, SUM(o.total_micros) AS total,
         SUM(coalesce(r.refunded, 0)) AS refunded, COUNT(o.cancelled_at) AS cancelled,
         COUNT(*) FILTER (WHERE ${TTCLID_PRESENT}) AS with_ttclid
       FROM ${FACT_TABLES.orders} o LEFT JOIN ${refundsOf(p.add(advertiser.advertiser_id))} r
         ON r.order_id = o.order_id
       WHERE ${inRange} GROUP BY o.currency ORDER BY orders DESC, o.currency`,
    ),
  ]);
  const refunded = await pageRefunds(
    facts,
    advertiser.advertiser_id,
    rows.map((r) => String(r.order_id)),
  );
  const totalOrders = totals.reduce((sum, t) => sum + num(t.orders), 0);
  const end_ = page.offset + rows.length;
  return {
    orders: rows.map((r) => ({
      order_id: String(r.order_id),
      order_name: String(r.order_name),
      created_at: iso(r.created_ms),
      cancelled_at: r.cancelled_ms === null || r.cancelled_ms === undefined ? null : iso(r.cancelled_ms),
      total: num(r.total_micros) / 1_000_000,
      currency: String(r.currency),
      financial_status: r.financial_status === null ? null : String(r.financial_status),
      refunded: (refunded.get(String(r.order_id)) ?? 0) / 1_000_000,
      source: String(r.source) as ShopSource,
      landing_site: r.landing_site === null ? null : String(r.landing_site),
      has_ttclid: Boolean(r.has_ttclid),
    })),
    total_orders: totalOrders,
    cancelled_orders: totals.reduce((sum, t) => sum + num(t.cancelled), 0),
    orders_with_ttclid: totals.reduce((sum, t) => sum + num(t.with_ttclid), 0),
    totals: totals.map((t) => ({
      currency: String(t.currency),
      orders: num(t.orders),
      total: num(t.total) / 1_000_000,
      refunded: num(t.refunded) / 1_000_000,
    })),
    offset: page.offset,
    limit: page.limit,
    next_offset: end_ < totalOrders ? end_ : null,
  };
}

/** Refunded micro-units per order, for the page's orders only. */
async function pageRefunds(
  facts: FactStore,
  advertiserId: string,
  orderIds: string[],
): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const p = new ParamAllocator(facts.dialect);
  const adv = p.add(advertiserId);
  const ids = orderIds.map((id) => p.add(id)).join(', ');
  const rows = await facts.query({
    text: `SELECT order_id, SUM(amount_micros) AS refunded FROM ${FACT_TABLES.refunds}
      WHERE advertiser_id = ${adv} AND order_id IN (${ids}) GROUP BY order_id`,
    values: p.values,
  });
  return new Map(rows.map((r) => [String(r.order_id), num(r.refunded)]));
}
