// Appends the event-level rows of a batch — pixel events, shop orders and refunds, and a source's pending
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
import { FACT_TABLES, type FactBatch } from '../schema.ts';

const CHUNK_ROWS = 2048;
const ts = (date: Date): DuckDBTimestampValue => new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
const bigintOrNull = (value: number | null): bigint | null => (value === null ? null : BigInt(value));

export async function appendEventRows(connection: DuckDBConnection, batch: FactBatch): Promise<void> {
  await appendColumns(
    connection,
    FACT_TABLES.pixelEvents,
    [
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
    ],
    batch.pixelEvents.map((e) => [
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
