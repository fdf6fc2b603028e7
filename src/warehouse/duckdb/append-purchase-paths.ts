// Appends the sandbox's purchase paths (the ad touch behind each of its orders) inside the caller's
// transaction, so the truth about a day is stored with that day's orders or not at all.
import {
  BIGINT,
  BOOLEAN,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import { FACT_TABLES, type SandboxPurchasePath } from '../schema.ts';

const CHUNK_ROWS = 2048;
const ts = (date: Date | null): DuckDBTimestampValue | null =>
  date === null ? null : new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);

const TYPES: DuckDBType[] = [
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  TIMESTAMP,
  VARCHAR,
  INTEGER,
  TIMESTAMP,
  BIGINT,
  VARCHAR,
  BOOLEAN,
  INTEGER,
  INTEGER,
];

const row = (p: SandboxPurchasePath): DuckDBValue[] => [
  p.advertiser_id,
  p.order_id,
  p.via,
  p.campaign_id,
  p.adgroup_id,
  p.ad_id,
  ts(p.touch_at),
  p.touch_date,
  p.touch_hour,
  ts(p.ordered_at),
  BigInt(p.value_micros),
  p.ttclid,
  p.pixel_fired,
  p.click_window_days,
  p.view_window_days,
];

export async function appendPurchasePaths(
  connection: DuckDBConnection,
  paths: SandboxPurchasePath[] | undefined,
): Promise<void> {
  if (!paths || paths.length === 0) return;
  const appender = await connection.createAppender(FACT_TABLES.purchasePaths);
  try {
    for (let start = 0; start < paths.length; start += CHUNK_ROWS) {
      const slice = paths.slice(start, start + CHUNK_ROWS).map(row);
      const chunk = DuckDBDataChunk.create(TYPES, slice.length);
      chunk.setColumns(TYPES.map((_, c) => slice.map((r) => r[c]!)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
