// Appends the event-level rows of a batch — pixel events (counted, test and duplicate copies), shop orders and refunds, and a source's pending
// events — inside the caller's transaction.
import {
  BIGINT,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import { appendPurchasePaths } from './append-purchase-paths.ts';
import { FACT_TABLES, type FactBatch, type PixelEvent } from '../schema.ts';

const CHUNK_ROWS = 2048;
const ts = (date: Date): DuckDBTimestampValue => new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
const bigintOrNull = (value: number | null): bigint | null => (value === null ? null : BigInt(value));

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
  await appendColumns(
    connection,
    FACT_TABLES.orders,
    [VARCHAR, VARCHAR, VARCHAR, TIMESTAMP, BIGINT, VARCHAR, VARCHAR, VARCHAR],
    batch.orders.map((o) => [
      o.advertiser_id,
      o.order_id,
      o.order_name,
      ts(o.created_at),
      BigInt(o.total_micros),
      o.currency,
      o.landing_site,
      o.source,
    ]),
  );
  await appendColumns(
    connection,
    FACT_TABLES.refunds,
    [VARCHAR, VARCHAR, VARCHAR, TIMESTAMP, BIGINT, VARCHAR],
    batch.refunds.map((r) => [
      r.advertiser_id,
      r.order_id,
      r.refund_id,
      ts(r.refunded_at),
      BigInt(r.amount_micros),
      r.source,
    ]),
  );
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
