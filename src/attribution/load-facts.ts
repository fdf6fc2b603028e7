// Reads what reconciliation needs for a date range: the platform's purchase counters, the pixel's
// Purchase events and ad clicks, the shop's orders and refunds, duplicate copies dropped on arrival, and
// each ad's ad group and windows from the catalog. Everything later is computed from these, in memory.
import type { Queryable } from '../catalog/db.ts';
import { listAdGroups, listAds, listCampaigns } from '../catalog/structure.ts';
import { addDays } from '../core/dates.ts';
import { attributionDays } from '../core/enums.ts';
import type { ClickAttributionWindow, ViewAttributionWindow } from '../core/enums.ts';
import { startOfLocalDay } from '../core/timezone.ts';
import { ParamAllocator } from '../warehouse/dialect.ts';
import type { FactStore, ResultRow } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';

export const DAY_MS = 86_400_000;
/** The longest click window TikTok offers: no click older than this can explain a purchase. */
const LONGEST_WINDOW_DAYS = 28;

export interface DateRange {
  from: string;
  to: string;
}

export interface AdInfo {
  ad_id: string;
  ad_name: string;
  adgroup_id: string;
  adgroup_name: string;
  campaign_name: string;
  click_window: ClickAttributionWindow;
  view_window: ViewAttributionWindow;
  clickWindowDays: number;
}

export interface PlatformRow {
  ad_id: string;
  date: string;
  hour: number;
  purchases: number;
  /** View-through purchases, at most the row's purchases. */
  view_through: number;
  value_micros: number;
}

export interface PurchaseEvent {
  pixel_code: string;
  event_id: string;
  event_time: number;
  ttclid: string | null;
  ttp: string | null;
  value_micros: number | null;
  order_id: string | null;
  source: string;
}

/** An ad click as the pixel saw it: the first event carrying its ttclid. */
export interface Click {
  ttclid: string;
  at: number;
  ttp: string | null;
  /** The ad its landing URL names in utm_content; null when it names none. */
  ad_id: string | null;
}

export interface ShopOrderRow {
  order_id: string;
  order_name: string;
  created_at: number;
  total_micros: number;
  landing_site: string | null;
  cancelled: boolean;
  financial_status: string | null;
}

export interface DroppedCopy {
  pixel_code: string;
  event_id: string;
  source: string;
  received_at: number;
  first_received_at: number;
}

export interface ReconciliationFacts {
  range: DateRange;
  timezone: string;
  /** The range as UTC instants on the advertiser's clock: [start, end). */
  start: number;
  end: number;
  ads: Map<string, AdInfo>;
  platform: PlatformRow[];
  purchases: PurchaseEvent[];
  clicks: Map<string, Click>;
  orders: ShopOrderRow[];
  refundedMicros: Map<string, number>;
  droppedCopies: DroppedCopy[];
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const time = (v: unknown): number => (v instanceof Date ? v.getTime() : Date.parse(String(v)));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export async function loadAdInfo(catalog: Queryable, advertiserId: string): Promise<Map<string, AdInfo>> {
  const [campaigns, groups, ads] = await Promise.all([
    listCampaigns(catalog, advertiserId),
    listAdGroups(catalog, advertiserId),
    listAds(catalog, advertiserId),
  ]);
  const campaignName = new Map(campaigns.map((c) => [c.campaign_id, c.campaign_name]));
  const groupById = new Map(groups.map((g) => [g.adgroup_id, g]));
  const out = new Map<string, AdInfo>();
  for (const ad of ads) {
    const group = groupById.get(ad.adgroup_id);
    if (!group) continue;
    out.set(ad.ad_id, {
      ad_id: ad.ad_id,
      ad_name: ad.ad_name,
      adgroup_id: group.adgroup_id,
      adgroup_name: group.adgroup_name,
      campaign_name: campaignName.get(ad.campaign_id) ?? ad.campaign_id,
      click_window: group.click_attribution_window,
      view_window: group.view_attribution_window,
      clickWindowDays: attributionDays[group.click_attribution_window],
    });
  }
  return out;
}

export async function loadReconciliationFacts(
  facts: FactStore,
  catalog: Queryable,
  advertiser: { advertiser_id: string; timezone: string },
  range: DateRange,
): Promise<ReconciliationFacts> {
  const tz = advertiser.timezone;
  const start = startOfLocalDay(range.from, tz);
  const end = startOfLocalDay(addDays(range.to, 1), tz);
  // Purchases of clicks in the range happen up to the longest window after it; orders of the range may
  // come from clicks up to that long before it. A day either side covers clocks that disagree on dates.
  const earliest = start - (LONGEST_WINDOW_DAYS + 1) * DAY_MS;
  const latest = end + (LONGEST_WINDOW_DAYS + 1) * DAY_MS;
  const query = async (build: (p: ParamAllocator, adv: string) => string): Promise<ResultRow[]> => {
    const p = new ParamAllocator(facts.dialect);
    const adv = p.add(advertiser.advertiser_id);
    return facts.query({ text: build(p, adv), values: p.values });
  };
  const at = (p: ParamAllocator, ms: number): string => `make_timestamp(${p.add(ms * 1000)}::BIGINT)`;
  const [ads, platform, purchases, clicks, orders, refunds, dropped] = await Promise.all([
    loadAdInfo(catalog, advertiser.advertiser_id),
    query(
      (
        p,
        adv,
      ) => `SELECT ad_id, CAST(stat_date AS VARCHAR) AS d, stat_hour AS h, SUM(complete_payment) AS purchases,
         SUM(vta_conversion) AS vta, SUM(purchase_value_micros) AS value
       FROM ${FACT_TABLES.hourly} WHERE advertiser_id = ${adv}
         AND stat_date BETWEEN ${facts.dialect.dateParam(p.add(range.from))} AND ${facts.dialect.dateParam(p.add(range.to))}
       GROUP BY ALL HAVING SUM(complete_payment) > 0 OR SUM(vta_conversion) > 0 ORDER BY d, h, ad_id`,
    ),
    query(
      (
        p,
        adv,
      ) => `SELECT pixel_code, event_id, epoch_ms(event_time) AS t, ttclid, ttp, value_micros, order_id, source
       FROM ${FACT_TABLES.pixelEvents} WHERE advertiser_id = ${adv} AND event = 'Purchase'
         AND event_time >= ${at(p, start - DAY_MS)} AND event_time < ${at(p, latest)} ORDER BY event_time`,
    ),
    // A click is the first event carrying its ttclid, over all time, so a later event never passes for it.
    query(
      (p, adv) => `SELECT ttclid, MIN(epoch_ms(event_time)) AS t, arg_min(ttp, event_time) AS ttp,
         arg_min(page_url, event_time) AS url
       FROM ${FACT_TABLES.pixelEvents} WHERE advertiser_id = ${adv} AND ttclid IS NOT NULL AND ttclid <> ''
       GROUP BY ttclid HAVING MIN(event_time) >= ${at(p, earliest)} AND MIN(event_time) < ${at(p, end)}`,
    ),
    query(
      (p, adv) => `SELECT * FROM ${FACT_TABLES.orders} WHERE advertiser_id = ${adv}
         AND created_at >= ${at(p, start - DAY_MS)} AND created_at < ${at(p, latest)}`,
    ),
    query(
      (p, adv) => `SELECT order_id, SUM(amount_micros) AS refunded FROM
         (SELECT DISTINCT refund_id, order_id, amount_micros FROM ${FACT_TABLES.refunds} WHERE advertiser_id = ${adv}) r
       GROUP BY order_id`,
    ),
    query(
      (
        p,
        adv,
      ) => `SELECT pixel_code, event_id, source, epoch_ms(received_at) AS t, epoch_ms(first_received_at) AS f
       FROM ${FACT_TABLES.duplicateEvents} WHERE advertiser_id = ${adv} AND event = 'Purchase'
         AND received_at >= ${at(p, start)} AND received_at < ${at(p, end)} ORDER BY received_at`,
    ),
  ]);
  return {
    range,
    timezone: tz,
    start,
    end,
    ads,
    platform: platform.map((r) => {
      const purchasesCount = num(r.purchases);
      return {
        ad_id: String(r.ad_id),
        date: String(r.d),
        hour: num(r.h),
        purchases: purchasesCount,
        // View-through conversions may count other events too; a purchase count never goes below zero.
        view_through: Math.min(num(r.vta), purchasesCount),
        value_micros: num(r.value),
      };
    }),
    purchases: purchases.map((r) => ({
      pixel_code: String(r.pixel_code),
      event_id: String(r.event_id),
      event_time: num(r.t),
      ttclid: text(r.ttclid) || null,
      ttp: text(r.ttp) || null,
      value_micros: r.value_micros === null ? null : num(r.value_micros),
      order_id: text(r.order_id) || null,
      source: String(r.source),
    })),
    clicks: new Map(
      clicks.map((r) => {
        const click: Click = {
          ttclid: String(r.ttclid),
          at: num(r.t),
          ttp: text(r.ttp),
          ad_id: utmContent(text(r.url)),
        };
        return [click.ttclid, click];
      }),
    ),
    orders: latestOrders(orders),
    refundedMicros: new Map(refunds.map((r) => [String(r.order_id), num(r.refunded)])),
    droppedCopies: dropped.map((r) => ({
      pixel_code: String(r.pixel_code),
      event_id: String(r.event_id),
      source: String(r.source),
      received_at: num(r.t),
      first_received_at: num(r.f),
    })),
  };
}

/** One row per order: the latest version (updated_at) where a shop sent several. */
function latestOrders(rows: ResultRow[]): ShopOrderRow[] {
  const byId = new Map<string, { row: ShopOrderRow; version: number }>();
  for (const r of rows) {
    const version = r.updated_at ? time(r.updated_at) : 0;
    const id = String(r.order_id);
    const known = byId.get(id);
    if (known && known.version > version) continue;
    byId.set(id, {
      version,
      row: {
        order_id: id,
        order_name: String(r.order_name),
        created_at: time(r.created_at),
        total_micros: num(r.total_micros),
        landing_site: text(r.landing_site),
        cancelled: r.cancelled_at !== null && r.cancelled_at !== undefined,
        financial_status: text(r.financial_status),
      },
    });
  }
  return [...byId.values()].map((v) => v.row).sort((a, b) => a.created_at - b.created_at);
}

/** The parameters of a landing URL (absolute, or a path as Shopify's landing_site often is). */
export function urlParams(url: string | null): URLSearchParams | null {
  if (!url) return null;
  try {
    return new URL(url, 'https://shop.invalid').searchParams;
  } catch {
    return null;
  }
}

export function utmContent(url: string | null): string | null {
  return urlParams(url)?.get('utm_content') || null;
}
