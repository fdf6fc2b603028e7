// The normalised fact schema every source writes: counters by ad and hour, counters by ad, day and audience
// segment, and the distinct people each ad reached per day (which makes reach exact at any grain). Reach
// rows are the bulk of the data, so they refer to ads by a small integer key (ad_keys) instead of ids.
/**
 * Counter columns in their physical order; fact rows carry their values in this order. Append only: a new
 * counter goes at the end, and warehouses created before it get the column added on open (NULL = 0).
 */
export const COUNTER_COLUMNS: readonly string[] = [
  'spend_micros',
  'impressions',
  'clicks',
  'engagements',
  'video_play_actions',
  'video_watched_2s',
  'video_watched_3s',
  'video_watched_6s',
  'video_views_p25',
  'video_views_p50',
  'video_views_p75',
  'video_views_p100',
  'likes',
  'comments',
  'shares',
  'follows',
  'conversion',
  'cta_conversion',
  'vta_conversion',
  'total_landing_page_view',
  'page_content_view_events',
  'web_event_add_to_cart',
  'initiate_checkout',
  'complete_payment',
  'purchase_value_micros',
  'video_play_time_ms',
  'engaged_view',
];

export const FACT_TABLES = {
  hourly: 'delivery_hourly',
  audience: 'delivery_audience_daily',
  reach: 'reach_daily',
  adKeys: 'ad_keys',
  watermarks: 'source_watermarks',
  pixelEvents: 'pixel_events',
  testEvents: 'pixel_test_events',
  duplicateEvents: 'pixel_event_duplicates',
  orders: 'shop_orders',
  refunds: 'shop_refunds',
  pending: 'source_pending',
  purchasePaths: 'sandbox_purchase_paths',
  /** A customer-file audience's people, as distinct SHA-256 hashes (32 bytes each). */
  audienceMembers: 'audience_members',
  /** A customer file's hashes while it is being read, before they become an audience's members. */
  audienceUploads: 'audience_member_uploads',
} as const;

/**
 * A copy of each ad's catalog attributes (names, objective, creative) for the planner to join, kept out of
 * FACT_TABLES on purpose: it mirrors the catalog rather than holding facts, so deleting an advertiser's
 * facts leaves it, and only a refresh from the catalog rewrites it.
 */
export const AD_ATTRIBUTES_TABLE = 'ad_attributes';

/**
 * How far the Events API's journal has been written into the warehouse, per journal: kept out of
 * FACT_TABLES because it belongs to no advertiser, and written in the same transaction as the events.
 */
export const JOURNAL_POSITIONS_TABLE = 'journal_positions';

/** A place in a segmented journal: the segment's number and a byte offset in it. */
export interface JournalPosition {
  journal: string;
  segment: number;
  offset: number;
}

export interface AdAttributes {
  ad_id: string;
  campaign_id: string;
  adgroup_id: string;
  campaign_name: string;
  adgroup_name: string;
  ad_name: string;
  objective: string;
  creative_id: string;
  creative_name: string;
}

/** Columns of the attribute table after advertiser_id, in their physical order. */
export const AD_ATTRIBUTE_COLUMNS: readonly (keyof AdAttributes)[] = [
  'ad_id',
  'campaign_id',
  'adgroup_id',
  'campaign_name',
  'adgroup_name',
  'ad_name',
  'objective',
  'creative_id',
  'creative_name',
];

/** Keys every delivery row carries; campaign and ad group are denormalised because an ad never moves. */
export interface EntityKeys {
  advertiser_id: string;
  campaign_id: string;
  adgroup_id: string;
  ad_id: string;
}

export interface HourlyFact extends EntityKeys {
  stat_date: string;
  /** Hour 0-23 on the advertiser's clock. */
  stat_hour: number;
  counters: number[];
}

export interface AudienceFact extends EntityKeys {
  stat_date: string;
  age: string;
  gender: string;
  country: string;
  placement: string;
  platform: string;
  counters: number[];
}

/**
 * Distinct people per ad and day, column-wise in typed arrays (tens of millions of rows): the first
 * `length` entries of each array are rows. Person ids are integers below 2^53; days count from 1970-01-01.
 */
export class ReachColumns {
  length = 0;
  adKeys = new Int32Array(0);
  days = new Int32Array(0);
  persons = new Float64Array(0);
  impressions = new Int32Array(0);

  /** Makes room for `n` more rows and counts them in; returns the index of the first. */
  grow(n: number): number {
    const start = this.length;
    this.length += n;
    if (this.length > this.adKeys.length) {
      const capacity = Math.max(this.length, this.adKeys.length * 2, 1024);
      const resize = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
        to.set(from.subarray(0, start));
        return to;
      };
      this.adKeys = resize(this.adKeys, new Int32Array(capacity));
      this.days = resize(this.days, new Int32Array(capacity));
      this.persons = resize(this.persons, new Float64Array(capacity));
      this.impressions = resize(this.impressions, new Int32Array(capacity));
    }
    return start;
  }

  push(adKey: number, day: number, person: number, impressions: number): void {
    const row = this.grow(1);
    this.adKeys[row] = adKey;
    this.days[row] = day;
    this.persons[row] = person;
    this.impressions[row] = impressions;
  }
}

/** A date (YYYY-MM-DD) as days since 1970-01-01, as the reach columns hold it. */
export function epochDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** How far a source has written an advertiser's facts; stored in the same transaction as the facts. */
export interface Watermark {
  advertiser_id: string;
  source: string;
  /** Facts are complete up to (not including) this instant. */
  until: Date;
}

/** One event a site sent through a pixel (browser) or the Events API (server). */
export interface PixelEvent {
  advertiser_id: string;
  pixel_code: string;
  /** The sender's id for the event; a browser and a server copy of one event share it. */
  event_id: string;
  /** TikTok's event name, e.g. Pageview, ViewContent, AddToCart, InitiateCheckout, Purchase. */
  event: string;
  event_time: Date;
  received_at: Date;
  source: 'browser' | 'server';
  /** TikTok's click id, kept from the landing URL of a session that began with an ad click. */
  ttclid: string | null;
  /** The site's first-party visitor cookie (`_ttp`). */
  ttp: string | null;
  page_url: string | null;
  value_micros: number | null;
  currency: string | null;
  order_id: string | null;
  /** Events API fields, absent for the sandbox's browser events: web, app, offline or crm. */
  event_source?: string | null;
  ip?: string | null;
  user_agent?: string | null;
  /** JSON: the hashed identifiers and other user fields as sent (SHA-256 hex, lower case). */
  user_data?: string | null;
  /** JSON: the event's properties as sent (contents, value, currency, …). */
  properties?: string | null;
}

/** An event sent with a test_event_code: shown in the test view, never counted. */
export interface TestPixelEvent extends PixelEvent {
  test_event_code: string;
}

/** A copy of an event already stored under the same (pixel, event, event_id) within the dedup window. */
export interface DuplicatePixelEvent {
  advertiser_id: string;
  pixel_code: string;
  event_id: string;
  event: string;
  source: 'browser' | 'server';
  received_at: Date;
  /** When the copy that counts arrived. */
  first_received_at: Date;
}

/** An order as the shop records it, whether or not an ad caused it. */
export interface ShopOrder {
  advertiser_id: string;
  order_id: string;
  /** The name the shop shows, e.g. #1042. */
  order_name: string;
  created_at: Date;
  total_micros: number;
  currency: string;
  /** The landing URL of the visit that led to the order (Shopify's landing_site), with its ttclid if any. */
  landing_site: string | null;
  /** Where the order came from: sandbox, shopify_csv, shopify_webhook. */
  source: string;
  /** When the shop cancelled the order; null (or absent) while it stands. */
  cancelled_at?: Date | null;
  /**
   * The version of the order this row holds (Shopify's updated_at); absent = created_at. Only one row per
   * (advertiser_id, order_id) is kept: a batch's version replaces the stored one unless that is newer.
   */
  updated_at?: Date;
  /** Shopify's financial status: paid, pending, refunded, partially_refunded, voided, … */
  financial_status?: string | null;
  /** SHA-256 hex of the customer's e-mail trimmed and lower-cased, to match orders with events; never the e-mail. */
  customer_key?: string | null;
  /** Line items in the order (rows of it in a CSV export). */
  line_items?: number | null;
  /** The site that referred the visit (Shopify's referring_site); null when the shop did not record one. */
  referring_site?: string | null;
  /** The channel Shopify says the order came through: web, pos, shopify_draft_order, tiktok, … */
  source_name?: string | null;
}

/**
 * The refund id of a row standing for all of an order's refunds at once (a CSV export gives only the total
 * refunded). Once the order has a refund of its own id (from a webhook), that row is dropped.
 */
export const ORDER_TOTAL_REFUND_PREFIX = 'total:';

/** Money given back on an order; one row per (advertiser_id, refund_id), a later copy replaces the stored one. */
export interface ShopRefund {
  advertiser_id: string;
  order_id: string;
  refund_id: string;
  refunded_at: Date;
  amount_micros: number;
  source: string;
}

/**
 * The sandbox's truth behind one of its orders: the ad touch that caused it (none for an organic order),
 * when, and through what (a click or a 2-second view). Attribution under any window is a query over these.
 */
export interface SandboxPurchasePath {
  advertiser_id: string;
  order_id: string;
  via: 'click' | 'view' | 'organic';
  campaign_id: string | null;
  adgroup_id: string | null;
  ad_id: string | null;
  /** When the person clicked or saw the ad. */
  touch_at: Date | null;
  /** The impression's date (YYYY-MM-DD) and hour on the advertiser's clock: where the platform credits it. */
  touch_date: string | null;
  touch_hour: number | null;
  ordered_at: Date;
  value_micros: number;
  ttclid: string | null;
  /** Whether the pixel reported the purchase (the platform credits nothing it did not see). */
  pixel_fired: boolean;
  /** The ad group's windows when the purchase happened (0 = OFF). */
  click_window_days: number;
  view_window_days: number;
}

/** Events a source has decided but that happen later (the sandbox's delayed purchases and refunds). */
export interface PendingEvents {
  advertiser_id: string;
  source: string;
  /** Every event still to come: replaces what the source stored before, in the same transaction. */
  items: { due_at: Date; payload: string }[];
}

export interface FactBatch {
  hourly: HourlyFact[];
  audience: AudienceFact[];
  reach: ReachColumns;
  pixelEvents: PixelEvent[];
  testEvents?: TestPixelEvent[];
  duplicateEvents?: DuplicatePixelEvent[];
  /** Where the journal these rows came from has been written up to, stored with them. */
  journalPosition?: JournalPosition;
  orders: ShopOrder[];
  refunds: ShopRefund[];
  pending?: PendingEvents;
  /** The sandbox's purchase paths, stored with the orders they explain. */
  purchasePaths?: SandboxPurchasePath[];
  watermark?: Watermark;
  /** Replaces every attribute row of the advertiser, in the same transaction. */
  adAttributes?: { advertiser_id: string; rows: AdAttributes[] };
}

export function emptyBatch(): FactBatch {
  return {
    hourly: [],
    audience: [],
    reach: new ReachColumns(),
    pixelEvents: [],
    orders: [],
    refunds: [],
  };
}

const counterDdl = (): string => COUNTER_COLUMNS.map((c) => `${c} BIGINT NOT NULL`).join(',\n  ');
const keyDdl =
  'advertiser_id VARCHAR NOT NULL, campaign_id VARCHAR NOT NULL, adgroup_id VARCHAR NOT NULL, ad_id VARCHAR NOT NULL';

/** Adds the counters a warehouse created by an older version lacks. */
export function counterColumnMigrations(): string[] {
  return [FACT_TABLES.hourly, FACT_TABLES.audience].flatMap((table) =>
    COUNTER_COLUMNS.map((c) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${c} BIGINT DEFAULT 0`),
  );
}

/** Events API columns of pixel_events, added after the sandbox's (NULL for its browser events). */
const EVENT_API_COLUMNS =
  'event_source VARCHAR, ip VARCHAR, user_agent VARCHAR, user_data VARCHAR, properties VARCHAR';
const PIXEL_EVENT_COLUMNS = `advertiser_id VARCHAR NOT NULL, pixel_code VARCHAR NOT NULL,
  event_id VARCHAR NOT NULL, event VARCHAR NOT NULL, event_time TIMESTAMP NOT NULL, received_at TIMESTAMP NOT NULL,
  source VARCHAR NOT NULL, ttclid VARCHAR, ttp VARCHAR, page_url VARCHAR, value_micros BIGINT, currency VARCHAR, order_id VARCHAR`;

/** Adds the Events API columns to a pixel_events table created before them. */
export function pixelEventColumnMigrations(): string[] {
  return EVENT_API_COLUMNS.split(', ').map(
    (column) => `ALTER TABLE ${FACT_TABLES.pixelEvents} ADD COLUMN IF NOT EXISTS ${column}`,
  );
}

/**
 * Order columns added after the first version, in their physical order (after source). DuckDB adds no
 * NOT NULL column to a table with rows, so updated_at is declared NOT NULL only in a new table and filled
 * with created_at in an older one; every writer sets it.
 */
const ORDER_COLUMNS_ADDED = [
  'cancelled_at TIMESTAMP',
  'updated_at TIMESTAMP',
  'financial_status VARCHAR',
  'customer_key VARCHAR',
  'line_items INTEGER',
  'referring_site VARCHAR',
  'source_name VARCHAR',
];

/** Adds the order columns a shop_orders table created before them lacks. */
export function shopOrderColumnMigrations(): string[] {
  return [
    ...ORDER_COLUMNS_ADDED.map(
      (column) => `ALTER TABLE ${FACT_TABLES.orders} ADD COLUMN IF NOT EXISTS ${column}`,
    ),
    `UPDATE ${FACT_TABLES.orders} SET updated_at = created_at WHERE updated_at IS NULL`,
  ];
}

/** DDL in the portable subset both engines accept (types are mapped per engine where they differ). */
export function factTableDdl(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.hourly} (${keyDdl}, stat_date DATE NOT NULL, stat_hour TINYINT NOT NULL,
  ${counterDdl()})`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.audience} (${keyDdl}, stat_date DATE NOT NULL,
  age VARCHAR NOT NULL, gender VARCHAR NOT NULL, country VARCHAR NOT NULL, placement VARCHAR NOT NULL, platform VARCHAR NOT NULL,
  ${counterDdl()})`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.adKeys} (ad_key INTEGER PRIMARY KEY, ${keyDdl})`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.reach} (ad_key INTEGER NOT NULL, stat_date DATE NOT NULL, person_id BIGINT NOT NULL, impressions INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.pixelEvents} (${PIXEL_EVENT_COLUMNS})`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.testEvents} (${PIXEL_EVENT_COLUMNS}, ${EVENT_API_COLUMNS},
  test_event_code VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.duplicateEvents} (advertiser_id VARCHAR NOT NULL, pixel_code VARCHAR NOT NULL,
  event_id VARCHAR NOT NULL, event VARCHAR NOT NULL, source VARCHAR NOT NULL, received_at TIMESTAMP NOT NULL,
  first_received_at TIMESTAMP NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${JOURNAL_POSITIONS_TABLE} (journal VARCHAR PRIMARY KEY, segment BIGINT NOT NULL,
  byte_offset BIGINT NOT NULL, written_at TIMESTAMP NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.orders} (advertiser_id VARCHAR NOT NULL, order_id VARCHAR NOT NULL,
  order_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, total_micros BIGINT NOT NULL, currency VARCHAR NOT NULL,
  landing_site VARCHAR, source VARCHAR NOT NULL,
  ${ORDER_COLUMNS_ADDED.map((c) => (c.startsWith('updated_at ') ? `${c} NOT NULL` : c)).join(', ')})`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.refunds} (advertiser_id VARCHAR NOT NULL, order_id VARCHAR NOT NULL,
  refund_id VARCHAR NOT NULL, refunded_at TIMESTAMP NOT NULL, amount_micros BIGINT NOT NULL, source VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.purchasePaths} (advertiser_id VARCHAR NOT NULL, order_id VARCHAR NOT NULL,
  via VARCHAR NOT NULL, campaign_id VARCHAR, adgroup_id VARCHAR, ad_id VARCHAR, touch_at TIMESTAMP, touch_date VARCHAR,
  touch_hour INTEGER, ordered_at TIMESTAMP NOT NULL, value_micros BIGINT NOT NULL, ttclid VARCHAR,
  pixel_fired BOOLEAN NOT NULL, click_window_days INTEGER NOT NULL, view_window_days INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.audienceMembers} (advertiser_id VARCHAR NOT NULL, audience_id VARCHAR NOT NULL,
  hash BLOB NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.audienceUploads} (advertiser_id VARCHAR NOT NULL, audience_id VARCHAR NOT NULL,
  hash BLOB NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.pending} (advertiser_id VARCHAR NOT NULL, source VARCHAR NOT NULL,
  due_at TIMESTAMP NOT NULL, payload VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${AD_ATTRIBUTES_TABLE} (advertiser_id VARCHAR NOT NULL, ${AD_ATTRIBUTE_COLUMNS.map((c) => `${c} VARCHAR NOT NULL`).join(', ')})`,
    `CREATE TABLE IF NOT EXISTS ${FACT_TABLES.watermarks} (advertiser_id VARCHAR NOT NULL, source VARCHAR NOT NULL,
  until_time TIMESTAMP NOT NULL, written_at TIMESTAMP NOT NULL, PRIMARY KEY (advertiser_id, source))`,
  ];
}
