// The shop behind the landing pages, and the pixel on it. Visitors arrive from ad clicks (with TikTok's
// ttclid) or come back on their own after seeing an ad; some buy at once, some days later. Every purchase
// is a shop order; the pixel reports events while it fires; the platform credits a purchase to the ad when
// the pixel reported it inside the ad group's click or view window, on the impression's date and hour.
// Orders nobody's ad caused (organic) and refunds happen too.
import { daysBetween } from '../../core/dates.ts';
import { listPixels } from '../../catalog/pixels.ts';
import type { Queryable } from '../../catalog/db.ts';
import { toLocal } from '../../core/timezone.ts';
import { ParamAllocator } from '../../warehouse/dialect.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import {
  FACT_TABLES,
  type AudienceFact,
  type EntityKeys,
  type FactBatch,
  type HourlyFact,
  type PixelEvent,
} from '../../warehouse/schema.ts';
import type { NormalisedEvent } from '../events/normalised-event.ts';
import { LiveEventBuffer, type LiveEvents } from './browser-events.ts';
import {
  type SandboxOrder,
  type SandboxRefund,
  sandboxOrderPayload,
  sandboxRefundPayload,
} from '../shop/sandbox-payloads.ts';
import { normaliseOrder, normaliseRefund } from '../shop/shopify-order.ts';
import { C, type CounterSink, newCounters } from './counters.ts';
import { FUNNEL, type Site } from './impression.ts';
import { HOUR_WEIGHTS } from './market.ts';
import { PendingQueue, type PendingItem } from './pending.ts';
import { hash32, rng, type Rng } from './random.ts';
import { type SandboxRun, pixelFiringOn } from './sandbox-run.ts';

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const DEFAULT_REFUND_RATE = 0.05;
const ORDER_ID_BASE = 5_200_000_000_000;
/** Refund ids are the order's id plus this: numeric, as Shopify's are, and never an order's. */
const REFUND_ID_OFFSET = 10_000_000_000_000;
const DAILY_WEIGHT = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

/** Where the impression being simulated happened; the simulation sets it before each impression. */
export interface ImpressionPlace {
  keys: EntityKeys;
  date: string;
  hour: number;
  hourStart: number;
  /** age, gender, country, placement, platform */
  cell: [string, string, string, string, string];
  person: number;
  landingUrl: string;
  pixelId: string | null;
  clickWindowDays: number;
  viewWindowDays: number;
}

interface AdOrigin {
  keys: [campaignId: string, adgroupId: string, adId: string];
  date: string;
  hour: number;
  cell: ImpressionPlace['cell'];
  /** When the person saw or clicked the ad. */
  at: number;
  clickWindowDays: number;
  viewWindowDays: number;
}

type Pending =
  | {
      kind: 'purchase';
      via: 'click' | 'view' | 'organic';
      /** Bought in the visit that began with the click (the pixel already saw its first pages). */
      sameVisit: boolean;
      origin: AdOrigin | null;
      pixelId: string | null;
      ttclid: string | null;
      ttp: string;
      url: string;
    }
  | {
      kind: 'refund';
      orderId: string;
      amountMicros: number;
      /**
       * The order as created, for the orders/updated body sent with the refund; absent from refunds a
       * data directory queued before it was kept, whose orders keep the status they were created with.
       */
      order?: Omit<SandboxOrder, 'timeZone'>;
    };

interface DayLedger {
  batch: FactBatch;
  dayIndex: number;
  /** Purchases credited to earlier impressions, by ad and hour / ad and audience cell. */
  hourly: Map<string, HourlyFact>;
  audience: Map<string, AudienceFact>;
  /** The day's recent browser events, for the events ingestion (the rest go into the batch). */
  live: LiveEventBuffer;
}

/** Opens the shop where the stored facts end: its pixels, the events still to come, its order count. */
export async function openShop(
  catalog: Queryable,
  facts: FactStore,
  run: SandboxRun,
  advertiser: { currency: string; timezone: string },
  live: LiveEvents | null = null,
): Promise<SandboxShop> {
  const p = new ParamAllocator(facts.dialect);
  const adv = p.add(run.advertiserId);
  const [pixels, pending, orders] = await Promise.all([
    listPixels(catalog, run.advertiserId),
    facts.query({
      text: `SELECT payload FROM ${FACT_TABLES.pending} WHERE advertiser_id = ${adv} AND source = 'sandbox'`,
      values: p.values,
    }),
    facts.query({
      text: `SELECT COUNT(*) AS n FROM ${FACT_TABLES.orders} WHERE advertiser_id = ${adv} AND source = 'sandbox'`,
      values: p.values,
    }),
  ]);
  return new SandboxShop(
    run,
    advertiser.currency,
    advertiser.timezone,
    new Map(pixels.map((px) => [px.pixel_id, px.pixel_code])),
    pending.map((row) => JSON.parse(String(row.payload)) as PendingItem<Pending>),
    Number(orders[0]?.n ?? 0),
    live,
  );
}

export class SandboxShop implements Site {
  place!: ImpressionPlace;
  private ledger!: DayLedger;
  private readonly queue: PendingQueue<Pending>;
  private readonly organicPerDay: number;
  private readonly refundRate: number;
  private readonly home: string;
  /** Per ad: its landing URL, and the parts of that URL with tracking around a click id. */
  private readonly landingUrls = new Map<string, { url: string; parts: [string, string] }>();

  constructor(
    private readonly run: SandboxRun,
    private readonly currency: string,
    private readonly timezone: string,
    private readonly pixelCodes: Map<string, string>,
    pending: PendingItem<Pending>[],
    private orderCount: number,
    private readonly live: LiveEvents | null = null,
  ) {
    this.queue = new PendingQueue(pending);
    const shop = run.scenario.shop;
    this.organicPerDay = shop?.organic_orders_per_day ?? 0;
    this.refundRate = shop?.refund_rate ?? DEFAULT_REFUND_RATE;
    const firstAd = run.scenario.campaigns[0]!.ad_groups[0]!.ads[0]!;
    this.home = `${new URL(firstAd.landing_page_url).origin}/`;
  }

  startDay(batch: FactBatch, dayIndex: number): void {
    this.ledger = {
      batch,
      dayIndex,
      hourly: new Map(),
      audience: new Map(),
      live: new LiveEventBuffer(this.run.advertiserId),
    };
  }

  /** The day's browser events that go through the events ingestion; sent before the day's facts are written. */
  liveEvents(): LiveEventBuffer {
    return this.ledger.live;
  }

  visit(
    r: Rng,
    via: 'click' | 'view',
    reached: number,
    purchaseDelayMs: number | null,
    out: CounterSink,
  ): void {
    const p = this.place;
    // The moment within the hour, leaving room for the visit to end inside it.
    const at = p.hourStart + Math.floor(r.next() * (HOUR_MS - 10 * 60 * SECOND_MS));
    const origin: AdOrigin = {
      keys: [p.keys.campaign_id, p.keys.adgroup_id, p.keys.ad_id],
      date: p.date,
      hour: p.hour,
      cell: p.cell,
      at,
      clickWindowDays: p.clickWindowDays,
      viewWindowDays: p.viewWindowDays,
    };
    const ttp = visitorCookie(p.person);
    if (via === 'view') {
      const pending: Pending = {
        kind: 'purchase',
        via,
        sameVisit: false,
        origin,
        pixelId: p.pixelId,
        ttclid: null,
        ttp,
        url: this.home,
      };
      this.queue.push(at + purchaseDelayMs!, pending);
      return;
    }
    const ttclid = clickId(r);
    const url = this.landingUrl(p, ttclid);
    if (this.firing(p.pixelId, this.ledger.dayIndex)) {
      const steps = ['Pageview', 'ViewContent', 'AddToCart', 'InitiateCheckout'] as const;
      const offsetsS = [2, 15, 60, 120];
      for (let step = FUNNEL.landingPage; step <= Math.min(reached, FUNNEL.checkout); step++) {
        const event = steps[step - 1]!;
        this.fire(p.pixelId!, event, at + offsetsS[step - 1]! * SECOND_MS, `${ttclid}:${event}`, {
          ttclid,
          ttp,
          url,
        });
      }
      // Funnel events the platform credits to the ad (only with a click window).
      if (p.clickWindowDays > 0) {
        if (reached >= FUNNEL.content) out.add(C.contentView, 1);
        if (reached >= FUNNEL.cart) out.add(C.addToCart, 1);
        if (reached >= FUNNEL.checkout) out.add(C.checkout, 1);
      }
    }
    if (purchaseDelayMs !== null) {
      const sameVisit = purchaseDelayMs < DAY_MS;
      this.queue.push(at + purchaseDelayMs, {
        kind: 'purchase',
        via,
        sameVisit,
        origin,
        pixelId: p.pixelId,
        ttclid,
        ttp,
        url,
      });
    }
  }

  private landingUrl(p: ImpressionPlace, ttclid: string): string {
    let known = this.landingUrls.get(p.keys.ad_id);
    if (known?.url !== p.landingUrl) {
      known = { url: p.landingUrl, parts: landingUrlParts(p) };
      this.landingUrls.set(p.keys.ad_id, known);
    }
    return known.parts[0] + ttclid + known.parts[1];
  }

  /** After the hour's delivery: orders placed in the hour without an ad, then everything due in it. */
  endHour(hourStart: number, hour: number): void {
    const r = rng(this.run.scenario.seed, `shop:${hourStart}`);
    const organic = poisson(r, (this.organicPerDay * HOUR_WEIGHTS[hour]!) / DAILY_WEIGHT);
    const defaultPixel = this.pixelCodes.keys().next().value ?? null;
    for (let i = 0; i < organic; i++) {
      this.queue.push(hourStart + Math.floor(r.next() * HOUR_MS), {
        kind: 'purchase',
        via: 'organic',
        sameVisit: false,
        origin: null,
        pixelId: defaultPixel,
        ttclid: null,
        ttp: `o${Math.floor(r.next() * 2 ** 48).toString(36)}`,
        url: this.home,
      });
    }
    const end = hourStart + HOUR_MS;
    for (let next = this.queue.popBefore(end); next; next = this.queue.popBefore(end)) {
      if (next.item.kind === 'refund') this.refund(next.item, next.due);
      else this.purchase(r, next.item, next.due);
    }
  }

  /** Adds the day's credited purchases to its rows (or new rows for earlier days) and what is still to come. */
  finishDay(advertiserId: string): void {
    const { batch, hourly, audience } = this.ledger;
    mergeInto(batch.hourly, hourly, (a, b) => a.stat_date === b.stat_date && a.stat_hour === b.stat_hour);
    mergeInto(
      batch.audience,
      audience,
      (a, b) =>
        a.stat_date === b.stat_date &&
        a.age === b.age &&
        a.gender === b.gender &&
        a.country === b.country &&
        a.placement === b.placement &&
        a.platform === b.platform,
    );
    batch.pending = {
      advertiser_id: advertiserId,
      source: 'sandbox',
      items: this.queue.entries().map((e) => ({
        due_at: new Date(e.due),
        payload: JSON.stringify(e),
      })),
    };
  }

  private purchase(r: Rng, item: Extract<Pending, { kind: 'purchase' }>, due: number): void {
    const { batch } = this.ledger;
    this.orderCount++;
    const orderId = String(ORDER_ID_BASE + this.orderCount);
    const value = Math.round(this.run.averageOrderValue * Math.exp(0.35 * r.normal() - 0.06) * 100) / 100;
    const valueMicros = Math.round(value * 1_000_000);
    // Stored as Shopify would report it (an orders/create body through the webhooks' normaliser).
    const created: Omit<SandboxOrder, 'timeZone'> = {
      orderId,
      number: 1000 + this.orderCount,
      at: due,
      totalMicros: valueMicros,
      currency: this.currency,
      landingSite: item.url,
      customerEmail: `${item.ttp}@customers.example`,
    };
    const order = normaliseOrder(
      sandboxOrderPayload({ ...created, timeZone: this.timezone }),
      this.run.advertiserId,
      'sandbox',
    );
    if (!order.ok) throw new Error(`sandbox order ${orderId}: ${JSON.stringify(order.problems)}`);
    batch.orders.push(order.value.order);
    const firing = this.firing(item.pixelId, this.dayIndexOf(due));
    if (firing) {
      const context = { ttclid: item.ttclid, ttp: item.ttp, url: item.url };
      if (!item.sameVisit) {
        this.fire(item.pixelId!, 'Pageview', due - 240 * SECOND_MS, `${orderId}:Pageview`, context);
        this.fire(item.pixelId!, 'ViewContent', due - 200 * SECOND_MS, `${orderId}:ViewContent`, context);
        this.fire(item.pixelId!, 'AddToCart', due - 150 * SECOND_MS, `${orderId}:AddToCart`, context);
        this.fire(
          item.pixelId!,
          'InitiateCheckout',
          due - 90 * SECOND_MS,
          `${orderId}:InitiateCheckout`,
          context,
        );
      }
      this.fire(item.pixelId!, 'Purchase', due, orderId, {
        ...context,
        url: `${this.home}checkouts/thank_you`,
        valueMicros,
        orderId,
      });
    }
    const origin = item.origin;
    if (firing && origin && item.via !== 'organic') {
      const windowDays = item.via === 'click' ? origin.clickWindowDays : origin.viewWindowDays;
      if (due - origin.at < windowDays * DAY_MS) this.credit(origin, item.via, valueMicros);
    }
    // The truth behind the order, so attribution can be checked against it and replayed under any window.
    (batch.purchasePaths ??= []).push({
      advertiser_id: this.run.advertiserId,
      order_id: orderId,
      via: item.via,
      campaign_id: origin?.keys[0] ?? null,
      adgroup_id: origin?.keys[1] ?? null,
      ad_id: origin?.keys[2] ?? null,
      touch_at: origin ? new Date(origin.at) : null,
      touch_date: origin?.date ?? null,
      touch_hour: origin?.hour ?? null,
      ordered_at: new Date(due),
      value_micros: valueMicros,
      ttclid: item.ttclid,
      pixel_fired: firing,
      click_window_days: origin?.clickWindowDays ?? 0,
      view_window_days: origin?.viewWindowDays ?? 0,
    });
    if (r.next() < this.refundRate) {
      this.queue.push(due + (1 + 13 * r.next()) * DAY_MS, {
        kind: 'refund',
        orderId,
        amountMicros: valueMicros,
        order: created,
      });
    }
  }

  private refund(item: Extract<Pending, { kind: 'refund' }>, due: number): void {
    // A refunds/create body through the webhooks' normaliser; one refund per order, numbered after it.
    const sent: SandboxRefund = {
      refundId: String(REFUND_ID_OFFSET + Number(item.orderId)),
      orderId: item.orderId,
      at: due,
      timeZone: this.timezone,
      amountMicros: item.amountMicros,
    };
    const refund = normaliseRefund(sandboxRefundPayload(sent), this.run.advertiserId, 'sandbox');
    if (!refund.ok) throw new Error(`sandbox refund of ${item.orderId}: ${JSON.stringify(refund.problems)}`);
    this.ledger.batch.refunds.push(refund.value);
    if (!item.order) return;
    // Shopify also sends orders/updated: the order, now refunded, replaces the stored version. The refund
    // inside that body is the one above (same id), so only the order is taken from it.
    const updated = normaliseOrder(
      sandboxOrderPayload({ ...item.order, timeZone: this.timezone }, sent),
      this.run.advertiserId,
      'sandbox',
    );
    if (!updated.ok) {
      throw new Error(`sandbox refunded order ${item.orderId}: ${JSON.stringify(updated.problems)}`);
    }
    this.ledger.batch.orders.push(updated.value.order);
  }

  /** The platform's conversion, on the date and hour of the impression that earned it. */
  private credit(origin: AdOrigin, via: 'click' | 'view', valueMicros: number): void {
    const [campaign_id, adgroup_id, ad_id] = origin.keys;
    const keys = { advertiser_id: this.run.advertiserId, campaign_id, adgroup_id, ad_id };
    const hourKey = `${ad_id}|${origin.date}|${origin.hour}`;
    let row = this.ledger.hourly.get(hourKey);
    if (!row) {
      row = { ...keys, stat_date: origin.date, stat_hour: origin.hour, counters: newCounters() };
      this.ledger.hourly.set(hourKey, row);
    }
    const [age, gender, country, placement, platform] = origin.cell;
    const cell = { ...keys, stat_date: origin.date, age, gender, country, placement, platform };
    const cellKey = audienceKey(cell);
    let cellRow = this.ledger.audience.get(cellKey);
    if (!cellRow) {
      cellRow = { ...cell, counters: newCounters() };
      this.ledger.audience.set(cellKey, cellRow);
    }
    for (const counters of [row.counters, cellRow.counters]) {
      counters[C.purchase]! += 1;
      counters[C.conversion]! += 1;
      counters[C.purchaseValue]! += valueMicros;
      counters[via === 'click' ? C.ctaConversion : C.vtaConversion]! += 1;
    }
  }

  /**
   * The pixel reports an event: recent ones (see LiveEvents) through the events ingestion, as a shop's
   * pixel would send them; older ones straight into the day's facts. Both carry the same fields.
   */
  private fire(
    pixelId: string,
    event: string,
    at: number,
    eventId: string,
    context: { ttclid: string | null; ttp: string; url: string; valueMicros?: number; orderId?: string },
  ): void {
    const pixelCode = this.pixelCodes.get(pixelId)!;
    const valueMicros = context.valueMicros ?? null;
    const currency = valueMicros === null ? null : this.currency;
    const orderId = context.orderId ?? null;
    const properties =
      valueMicros === null
        ? null
        : { content_type: 'product', value: valueMicros / 1_000_000, currency, order_id: orderId };
    if (this.live !== null && at >= this.live.since) {
      const e: NormalisedEvent = {
        event,
        event_id: eventId,
        event_time: at,
        ttclid: context.ttclid,
        ttp: context.ttp,
        ip: null,
        user_agent: null,
        page_url: context.url,
        user_data: {},
        properties,
        value_micros: valueMicros,
        currency,
        order_id: orderId,
      };
      this.ledger.live.add(pixelCode, e);
      return;
    }
    const e: PixelEvent = {
      advertiser_id: this.run.advertiserId,
      pixel_code: pixelCode,
      event_id: eventId,
      event,
      event_time: new Date(at),
      received_at: new Date(at),
      source: 'browser',
      ttclid: context.ttclid,
      ttp: context.ttp,
      page_url: context.url,
      value_micros: valueMicros,
      currency,
      order_id: orderId,
      event_source: 'web',
      properties: properties === null ? null : JSON.stringify(properties),
    };
    this.ledger.batch.pixelEvents.push(e);
  }

  private firing(pixelId: string | null, dayIndex: number): boolean {
    return pixelId !== null && this.pixelCodes.has(pixelId) && pixelFiringOn(this.run, pixelId, dayIndex);
  }

  private dayIndexOf(at: number): number {
    return daysBetween(this.run.scenario.start_date, toLocal(at, this.timezone).date);
  }
}

const audienceKey = (r: Omit<AudienceFact, 'counters'>): string =>
  `${r.ad_id}|${r.stat_date}|${r.age}|${r.gender}|${r.country}|${r.placement}|${r.platform}`;

/**
 * Adds each delta to the batch's row with the same key, or appends it as a row of its own. Rows are
 * found through their ad (a few dozen rows each), not through a key built for each of the day's rows.
 */
function mergeInto<T extends { ad_id: string; counters: number[] }>(
  rows: T[],
  deltas: Map<string, T>,
  same: (a: T, b: T) => boolean,
): void {
  if (deltas.size === 0) return;
  const wanted = new Set<string>();
  for (const delta of deltas.values()) wanted.add(delta.ad_id);
  const byAd = new Map<string, T[]>();
  for (const row of rows) {
    if (!wanted.has(row.ad_id)) continue;
    const list = byAd.get(row.ad_id);
    if (list) list.push(row);
    else byAd.set(row.ad_id, [row]);
  }
  for (const delta of deltas.values()) {
    const row = byAd.get(delta.ad_id)?.find((candidate) => same(candidate, delta));
    if (!row) {
      rows.push(delta);
      continue;
    }
    delta.counters.forEach((v, c) => (row.counters[c]! += v));
  }
}

/** TikTok's click id, added to the landing URL of every ad click. */
function clickId(r: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 'E.C.P.';
  for (let i = 0; i < 32; i++) id += alphabet[Math.floor(r.next() * 64)];
  return id;
}

/** The site's first-party visitor id (`_ttp`): the same person keeps the same cookie. */
function visitorCookie(person: number): string {
  return `${hash32(`ttp:${person}`).toString(36)}${(person % 1_000_000_007).toString(36)}`;
}

/**
 * The ad's landing URL with its tracking parameters, in two parts around the click id. A click id's
 * characters need no escaping, so every click of the ad gets the URL the URL API would build, built once.
 */
function landingUrlParts(p: ImpressionPlace): [string, string] {
  const url = new URL(p.landingUrl);
  url.searchParams.set('utm_source', 'tiktok');
  url.searchParams.set('utm_medium', 'paid');
  url.searchParams.set('utm_campaign', p.keys.campaign_id);
  url.searchParams.set('utm_content', p.keys.ad_id);
  url.searchParams.set('ttclid', TTCLID_MARK);
  const text = url.toString();
  const at = text.lastIndexOf(TTCLID_MARK);
  return [text.slice(0, at), text.slice(at + TTCLID_MARK.length)];
}
const TTCLID_MARK = 'ttclid-to-come-0a9f';

function poisson(r: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + r.normal() * Math.sqrt(mean)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = r.next(); p > limit; p *= r.next()) k++;
  return k;
}
