// First-party attribution: each purchase — a shop order, or a pixel Purchase the shop does not have — tied
// to the ad click that brought its buyer, from what the site itself recorded. The pixel events of one
// order (a browser and a server copy, a purchase sent twice) form one purchase.
//
// A purchase's click is found, in this order, through
//   1. the ttclid its Purchase event carries (the pixel kept it from the landing URL in a cookie);
//   2. the ttclid in the shop order's landing URL (Shopify's landing_site) — the pixel may have missed it;
//   3. the visitor cookie `_ttp`: the last click by the same browser before the purchase.
// The click is the first event that carried its ttclid; its page URL names the ad in `utm_content`. A
// purchase counts as the ad's click-through conversion when it came within the ad group's click window.
import { toLocal } from '../core/timezone.ts';
import {
  type AdInfo,
  type Click,
  DAY_MS,
  type PurchaseEvent,
  type ReconciliationFacts,
  type ShopOrderRow,
  urlParams,
} from './load-facts.ts';

export type MatchedBy = 'ttclid' | 'landing_site' | 'ttp';

export interface TiedClick {
  ttclid: string | null;
  /** When the pixel saw the click; null when only the shop's landing URL tells of it. */
  at: number | null;
  ad_id: string | null;
  ad: AdInfo | null;
  by: MatchedBy;
}

export interface Purchase {
  key: string;
  order: ShopOrderRow | null;
  /** The pixel's Purchase events for it, oldest first (several: copies the platform counts apart). */
  events: PurchaseEvent[];
  at: number;
  /** The purchase's date on the advertiser's clock: the order's, else its first event's. */
  date: string;
  click: TiedClick | null;
  clickDate: string | null;
  /** Within the ad group's click window; a click whose time nobody saw counts as within (as the shop would). */
  inWindow: boolean;
  /** Why a click does not count, when it does not. */
  windowNote: string | null;
  refundedOrCancelled: string | null;
  value_micros: number;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as YYYY-MM-DD HH:MM on the advertiser's clock. */
export function localStamp(ms: number, timezone: string): string {
  let clock = clockFormats.get(timezone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clockFormats.set(timezone, clock);
  }
  return `${toLocal(ms, timezone).date} ${clock.format(new Date(ms))}`;
}

/** Groups the pixel's purchases and the shop's orders into purchases, each tied to its click if any. */
export function buildPurchases(f: ReconciliationFacts): Purchase[] {
  const ordersById = new Map(f.orders.map((o) => [o.order_id, o]));
  const groups = new Map<string, { order: ShopOrderRow | null; events: PurchaseEvent[] }>();
  for (const o of f.orders) groups.set(o.order_id, { order: o, events: [] });
  for (const e of f.purchases) {
    // An event names its order through order_id, or through an event_id that is the order's id.
    const key =
      e.order_id ??
      (e.event_id !== '' && ordersById.has(e.event_id) ? e.event_id : null) ??
      (e.event_id !== '' ? `event:${e.pixel_code}:${e.event_id}` : `event:${e.pixel_code}@${e.event_time}`);
    const group = groups.get(key) ?? { order: ordersById.get(key) ?? null, events: [] };
    group.events.push(e);
    groups.set(key, group);
  }
  const clicksByTtp = clicksByVisitor(f.clicks);
  const out: Purchase[] = [];
  for (const [key, { order, events }] of groups) {
    const at = order?.created_at ?? events[0]!.event_time;
    const click = tieClick(order, events, at, f, clicksByTtp);
    const windowCheck = checkWindow(click, at);
    out.push({
      key,
      order,
      events,
      at,
      date: toLocal(at, f.timezone).date,
      click,
      clickDate: click?.at != null ? toLocal(click.at, f.timezone).date : null,
      inWindow: windowCheck.inWindow,
      windowNote: windowCheck.note,
      refundedOrCancelled: order ? refundReason(order, f.refundedMicros.get(order.order_id) ?? 0) : null,
      value_micros: order?.total_micros ?? events.find((e) => e.value_micros !== null)?.value_micros ?? 0,
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

function clicksByVisitor(clicks: Map<string, Click>): Map<string, Click[]> {
  const out = new Map<string, Click[]>();
  for (const c of clicks.values()) {
    if (!c.ttp) continue;
    const list = out.get(c.ttp);
    if (list) list.push(c);
    else out.set(c.ttp, [c]);
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at);
  return out;
}

function tieClick(
  order: ShopOrderRow | null,
  events: PurchaseEvent[],
  at: number,
  f: ReconciliationFacts,
  byTtp: Map<string, Click[]>,
): TiedClick | null {
  const withAd = (ad_id: string | null) => ({ ad_id, ad: ad_id ? (f.ads.get(ad_id) ?? null) : null });
  for (const e of events) {
    const click = e.ttclid ? f.clicks.get(e.ttclid) : undefined;
    if (click) return { ttclid: click.ttclid, at: click.at, ...withAd(click.ad_id), by: 'ttclid' };
  }
  const landing = urlParams(order?.landing_site ?? null);
  const landingTtclid = landing?.get('ttclid') || null;
  if (landingTtclid) {
    const click = f.clicks.get(landingTtclid);
    if (click) return { ttclid: click.ttclid, at: click.at, ...withAd(click.ad_id), by: 'landing_site' };
    return {
      ttclid: landingTtclid,
      at: null,
      ...withAd(landing?.get('utm_content') || null),
      by: 'landing_site',
    };
  }
  // An event's ttclid the pixel never saw land still says a TikTok click happened, but not which or when.
  const ttclid = events.find((e) => e.ttclid)?.ttclid;
  if (ttclid) return { ttclid, at: null, ad_id: null, ad: null, by: 'ttclid' };
  for (const e of events) {
    const candidates = e.ttp ? byTtp.get(e.ttp) : undefined;
    const last = candidates?.filter((c) => c.at <= at).at(-1);
    if (last) return { ttclid: last.ttclid, at: last.at, ...withAd(last.ad_id), by: 'ttp' };
  }
  return null;
}

function checkWindow(click: TiedClick | null, at: number): { inWindow: boolean; note: string | null } {
  if (!click) return { inWindow: false, note: null };
  if (!click.ad) {
    return {
      inWindow: false,
      note: click.ad_id
        ? `the click's landing URL names ad ${click.ad_id} (utm_content), which is not one of this advertiser's ads`
        : click.at === null
          ? 'the pixel saw no landing with this ttclid in the 28 days before, so its ad and time are unknown'
          : "the click's landing URL names no ad (utm_content)",
    };
  }
  const days = click.ad.clickWindowDays;
  if (days === 0) return { inWindow: false, note: `${click.ad.adgroup_name} has its click window OFF` };
  if (click.at === null) return { inWindow: true, note: null };
  const elapsed = at - click.at;
  if (elapsed < days * DAY_MS) return { inWindow: true, note: null };
  return {
    inWindow: false,
    note: `bought ${(elapsed / DAY_MS).toFixed(1)} days after the click; ${click.ad.adgroup_name}'s click window is ${days} day${days === 1 ? '' : 's'}`,
  };
}

function refundReason(order: ShopOrderRow, refundedMicros: number): string | null {
  if (order.cancelled) return 'cancelled';
  const status = order.financial_status?.toLowerCase();
  if (status === 'voided') return 'voided';
  if (status === 'refunded' || (order.total_micros > 0 && refundedMicros >= order.total_micros))
    return 'refunded in full';
  return null;
}
