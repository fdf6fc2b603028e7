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
  /**
   * Stores a batch of a customer file's SHA-256 hashes (32 bytes each) while the file is read; they are
   * not the audience's members until `keepAudienceMembers`.
   */
  stageAudienceMembers(advertiserId: string, audienceId: string, hashes: Uint8Array[]): Promise<void>;
  /** Makes the staged hashes the audience's members, each once, atomically; returns how many it holds. */
  keepAudienceMembers(audienceId: string): Promise<number>;
  /** Forgets an audience's members and anything staged for it. */
  dropAudienceMembers(audienceId: string): Promise<void>;
  /** Removes all of an advertiser's facts and events. */
  deleteFacts(advertiserId: string): Promise<void>;
  /** The watermark a source last stored with its facts, or null when it has written none. */
  watermark(advertiserId: string, source: string): Promise<{ until: Date; writtenAt: Date } | null>;
  query(sql: CompiledSql): Promise<ResultRow[]>;
  /** Writes a query's result to a file (csv or parquet); returns the number of rows written. */
  exportQuery(sql: CompiledSql, format: 'csv' | 'parquet', file: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A store that answers with `facts` except where `overrides` says otherwise: for wrappers that time or
 * fail some calls, so each need not repeat every method.
 */
export function overriddenStore(facts: FactStore, overrides: Partial<FactStore>): FactStore {
  return {
    dialect: facts.dialect,
    adKeys: (ads) => facts.adKeys(ads),
    append: (batch) => facts.append(batch),
    stageAudienceMembers: (advertiserId, audienceId, hashes) =>
      facts.stageAudienceMembers(advertiserId, audienceId, hashes),
    keepAudienceMembers: (audienceId) => facts.keepAudienceMembers(audienceId),
    dropAudienceMembers: (audienceId) => facts.dropAudienceMembers(audienceId),
    deleteFacts: (advertiserId) => facts.deleteFacts(advertiserId),
    watermark: (advertiserId, source) => facts.watermark(advertiserId, source),
    query: (sql) => facts.query(sql),
    exportQuery: (sql, format, file) => facts.exportQuery(sql, format, file),
    close: () => facts.close(),
    ...overrides,
  };
}
