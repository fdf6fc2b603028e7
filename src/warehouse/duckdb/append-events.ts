// Appends the event-level rows of a batch — pixel events (counted, test and duplicate copies), shop orders and refunds
// (upserted: one row per order and per refund), and a source's pending events — inside the caller's transaction.
import {
  BIGINT,
  INTEGER,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import { appendPurchasePaths } from './append-purchase-paths.ts';
import {
  FACT_TABLES,
  type FactBatch,
  ORDER_TOTAL_REFUND_PREFIX,
  type PixelEvent,
  type ShopOrder,
  type ShopRefund,
} from '../schema.ts';

const CHUNK_ROWS = 2048;
const ts = (date: Date): DuckDBTimestampValue => new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
const bigintOrNull = (value: number | null): bigint | null => (value === null ? null : BigInt(value));
const tsOrNull = (date: Date | null | undefined): DuckDBTimestampValue | null => (date ? ts(date) : null);

// Orders and refunds are replaced, not appended: they pass through staging tables on the writer's
// connection, from which one statement removes the versions they supersede and another inserts them.
const ORDER_STAGE = 'stage_shop_orders';
const REFUND_STAGE = 'stage_shop_refunds';
const ORDER_COLUMNS = [
  'advertiser_id',
  'order_id',
  'order_name',
  'created_at',
  'total_micros',
  'currency',
  'landing_site',
  'source',
  'cancelled_at',
  'updated_at',
  'financial_status',
  'customer_key',
  'line_items',
  'referring_site',
  'source_name',
];
const ORDER_TYPES: DuckDBType[] = [
  VARCHAR,
  VARCHAR,
  VARCHAR,
  TIMESTAMP,
  BIGINT,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  TIMESTAMP,
  TIMESTAMP,
  VARCHAR,
  VARCHAR,
  INTEGER,
  VARCHAR,
  VARCHAR,
];
const REFUND_COLUMNS = ['advertiser_id', 'order_id', 'refund_id', 'refunded_at', 'amount_micros', 'source'];
const REFUND_TYPES: DuckDBType[] = [VARCHAR, VARCHAR, VARCHAR, TIMESTAMP, BIGINT, VARCHAR];
const stageDdl = (table: string, columns: string[], types: DuckDBType[]): string =>
  `CREATE TEMP TABLE IF NOT EXISTS ${table} (${columns.map((c, i) => `${c} ${types[i]!.toString()}`).join(', ')})`;

const PIXEL_EVENT_TYPES: DuckDBType[] = [
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  TIMESTAMP,
  TIMESTAMP,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  BIGINT,
  VARCHAR,
  VARCHAR,
  ...Array<DuckDBType>(5).fill(VARCHAR),
];

/** A pixel event's cells in the column order of pixel_events (and the start of pixel_test_events). */
const pixelEventRow = (e: PixelEvent): DuckDBValue[] => [
  e.advertiser_id,
  e.pixel_code,
  e.event_id,
  e.event,
  ts(e.event_time),
  ts(e.received_at),
  e.source,
  e.ttclid,
  e.ttp,
  e.page_url,
  bigintOrNull(e.value_micros),
  e.currency,
  e.order_id,
  e.event_source ?? null,
  e.ip ?? null,
  e.user_agent ?? null,
  e.user_data ?? null,
  e.properties ?? null,
];

export async function appendEventRows(connection: DuckDBConnection, batch: FactBatch): Promise<void> {
  await appendPurchasePaths(connection, batch.purchasePaths);
  await appendColumns(
    connection,
    FACT_TABLES.pixelEvents,
    PIXEL_EVENT_TYPES,
    batch.pixelEvents.map(pixelEventRow),
  );
  await appendColumns(
    connection,
    FACT_TABLES.testEvents,
    [...PIXEL_EVENT_TYPES, VARCHAR],
    (batch.testEvents ?? []).map((e) => [...pixelEventRow(e), e.test_event_code]),
  );
  await appendColumns(
    connection,
    FACT_TABLES.duplicateEvents,
    [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, TIMESTAMP, TIMESTAMP],
    (batch.duplicateEvents ?? []).map((d) => [
      d.advertiser_id,
      d.pixel_code,
      d.event_id,
      d.event,
      d.source,
      ts(d.received_at),
      ts(d.first_received_at),
    ]),
  );
  await upsertOrders(connection, batch.orders);
  await upsertRefunds(connection, batch.refunds);
  if (batch.pending) {
    const { advertiser_id, source, items } = batch.pending;
    await connection.run(`DELETE FROM ${FACT_TABLES.pending} WHERE advertiser_id = $1 AND source = $2`, [
      advertiser_id,
      source,
    ]);
    await appendColumns(
      connection,
      FACT_TABLES.pending,
      [VARCHAR, VARCHAR, TIMESTAMP, VARCHAR],
      items.map((item) => [advertiser_id, source, ts(item.due_at), item.payload]),
    );
  }
}

/**
 * Stores each order as its one row per (advertiser_id, order_id): a version at least as recent (updated_at)
 * as the stored one replaces it, an older one (a webhook retried after an update) is dropped. Within the
 * batch the most recent version of an order wins, the later one on a tie.
 */
async function upsertOrders(connection: DuckDBConnection, orders: ShopOrder[]): Promise<void> {
  if (orders.length === 0) return;
  const latest = new Map<string, ShopOrder>();
  for (const order of orders) {
    const key = `${order.advertiser_id}\u0000${order.order_id}`;
    const known = latest.get(key);
    if (!known || updatedAt(order) >= updatedAt(known)) latest.set(key, order);
  }
  await connection.run(stageDdl(ORDER_STAGE, ORDER_COLUMNS, ORDER_TYPES));
  await appendColumns(
    connection,
    ORDER_STAGE,
    ORDER_TYPES,
    [...latest.values()].map((o) => [
      o.advertiser_id,
      o.order_id,
      o.order_name,
      ts(o.created_at),
      BigInt(o.total_micros),
      o.currency,
      o.landing_site,
      o.source,
      tsOrNull(o.cancelled_at),
      ts(o.updated_at ?? o.created_at),
      o.financial_status ?? null,
      o.customer_key ?? null,
      o.line_items ?? null,
      o.referring_site ?? null,
      o.source_name ?? null,
    ]),
  );
  const columns = ORDER_COLUMNS.join(', ');
  await connection.run(
    `DELETE FROM ${FACT_TABLES.orders} o USING ${ORDER_STAGE} s
       WHERE o.advertiser_id = s.advertiser_id AND o.order_id = s.order_id AND o.updated_at <= s.updated_at;
     INSERT INTO ${FACT_TABLES.orders} (${columns}) SELECT ${columns} FROM ${ORDER_STAGE} s
       WHERE NOT EXISTS (SELECT 1 FROM ${FACT_TABLES.orders} o WHERE o.advertiser_id = s.advertiser_id AND o.order_id = s.order_id);
     DELETE FROM ${ORDER_STAGE}`,
  );
}

const updatedAt = (order: ShopOrder): number => (order.updated_at ?? order.created_at).getTime();

/**
 * Stores each refund as its one row per (advertiser_id, refund_id); a later copy replaces the stored one.
 * An order's row for its total refunded gives way to refunds of their own, so none is counted twice.
 */
async function upsertRefunds(connection: DuckDBConnection, refunds: ShopRefund[]): Promise<void> {
  if (refunds.length === 0) return;
  const latest = new Map<string, ShopRefund>();
  for (const r of refunds) latest.set(`${r.advertiser_id}\u0000${r.refund_id}`, r);
  await connection.run(stageDdl(REFUND_STAGE, REFUND_COLUMNS, REFUND_TYPES));
  await appendColumns(
    connection,
    REFUND_STAGE,
    REFUND_TYPES,
    [...latest.values()].map((r) => [
      r.advertiser_id,
      r.order_id,
      r.refund_id,
      ts(r.refunded_at),
      BigInt(r.amount_micros),
      r.source,
    ]),
  );
  const columns = REFUND_COLUMNS.join(', ');
  await connection.run(
    `DELETE FROM ${FACT_TABLES.refunds} r USING ${REFUND_STAGE} s
       WHERE r.advertiser_id = s.advertiser_id AND r.refund_id = s.refund_id;
     INSERT INTO ${FACT_TABLES.refunds} (${columns}) SELECT ${columns} FROM ${REFUND_STAGE};
     DELETE FROM ${FACT_TABLES.refunds} t USING ${REFUND_STAGE} s
       WHERE t.advertiser_id = s.advertiser_id AND t.order_id = s.order_id AND starts_with(t.refund_id, '${ORDER_TOTAL_REFUND_PREFIX}')
         AND EXISTS (SELECT 1 FROM ${FACT_TABLES.refunds} r WHERE r.advertiser_id = t.advertiser_id
           AND r.order_id = t.order_id AND NOT starts_with(r.refund_id, '${ORDER_TOTAL_REFUND_PREFIX}'));
     DELETE FROM ${REFUND_STAGE}`,
  );
}

async function appendColumns(
  connection: DuckDBConnection,
  table: string,
  types: DuckDBType[],
  rows: DuckDBValue[][],
): Promise<void> {
  if (rows.length === 0) return;
  const appender = await connection.createAppender(table);
  try {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const slice = rows.slice(start, start + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(types, slice.length);
      chunk.setColumns(types.map((_, c) => slice.map((row) => row[c]!)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
