// The one interface every warehouse engine implements. Queries arrive compiled (SQL text + bound values)
// by the planner through the engine's Dialect; writes arrive as normalised fact batches.
import type { CompiledSql, Dialect } from './dialect.ts';
import type { EntityKeys, FactBatch } from './schema.ts';

export type ResultRow = Record<string, unknown>;

export interface FactStore {
  readonly dialect: Dialect;
  /** The small integer keys reach rows use for these ads, registering the ads not seen before. */
  adKeys(ads: EntityKeys[]): Promise<Map<string, number>>;
  /** Appends a batch atomically: every row of it is stored, or none is. */
  append(batch: FactBatch): Promise<void>;
  /** Removes all of an advertiser's facts and events. */
  deleteFacts(advertiserId: string): Promise<void>;
  /** The watermark a source last stored with its facts, or null when it has written none. */
  watermark(advertiserId: string, source: string): Promise<{ until: Date; writtenAt: Date } | null>;
  query(sql: CompiledSql): Promise<ResultRow[]>;
  /** Writes a query's result to a file (csv or parquet); returns the number of rows written. */
  exportQuery(sql: CompiledSql, format: 'csv' | 'parquet', file: string): Promise<number>;
  close(): Promise<void>;
}
