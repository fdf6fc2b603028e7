// The embedded warehouse: one DuckDB file in the data directory, one writer process.
import fs from 'node:fs';
import path from 'node:path';
import {
  BIGINT,
  DATE,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  TINYINT,
  VARCHAR,
} from '@duckdb/node-api';
import { AppError } from '../../core/errors.ts';
import type { CompiledSql } from '../dialect.ts';
import type { FactStore, ResultRow } from '../fact-store.ts';
import {
  COUNTER_COLUMNS,
  type EntityKeys,
  FACT_TABLES,
  type FactBatch,
  counterColumnMigrations,
  factTableDdl,
} from '../schema.ts';
import { appendEventRows } from './append-events.ts';
import { duckdbDialect } from './dialect.ts';

const EPOCH_MS_PER_DAY = 86_400_000;
const CHUNK_ROWS = 2048;
const toDateValue = (date: string): DuckDBDateValue =>
  new DuckDBDateValue(Date.parse(`${date}T00:00:00Z`) / EPOCH_MS_PER_DAY);

export async function openDuckDbStore(file: string | null): Promise<FactStore> {
  if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file ?? ':memory:');
  } catch (error) {
    if (String(error).includes('lock')) {
      throw new AppError(
        'conflict',
        `The warehouse file ${file} is in use by another process (a running Adcockpit server?). Stop it, or run the command against it with --server URL.`,
      );
    }
    throw error;
  }
  const writer = await instance.connect();
  for (const ddl of [...factTableDdl(), ...counterColumnMigrations()]) await writer.run(ddl);
  return new DuckDbStore(instance, writer, await instance.connect());
}

class DuckDbStore implements FactStore {
  readonly dialect = duckdbDialect;
  // DuckDB allows one transaction per connection at a time; writes queue behind each other.
  private writeChain: Promise<unknown> = Promise.resolve();

  // Writes run in transactions on their own connection, so reads (on the other) never see half a batch.
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly reader: DuckDBConnection,
  ) {}

  append(batch: FactBatch): Promise<void> {
    const write = this.writeChain.then(() => this.appendNow(batch));
    this.writeChain = write.catch(() => undefined);
    return write;
  }

  private async appendNow(batch: FactBatch): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const keys = [VARCHAR, VARCHAR, VARCHAR, VARCHAR];
      const counters = COUNTER_COLUMNS.map(() => BIGINT);
      const keyValues = (r: EntityKeys): DuckDBValue[] => [
        r.advertiser_id,
        r.campaign_id,
        r.adgroup_id,
        r.ad_id,
      ];
      const counterValues = (values: number[]): DuckDBValue[] => values.map((v) => BigInt(v));
      await this.appendRows(FACT_TABLES.hourly, [...keys, DATE, TINYINT, ...counters], batch.hourly, (r) => [
        ...keyValues(r),
        toDateValue(r.stat_date),
        r.stat_hour,
        ...counterValues(r.counters),
      ]);
      await this.appendRows(
        FACT_TABLES.audience,
        [...keys, DATE, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, ...counters],
        batch.audience,
        (r) => [
          ...keyValues(r),
          toDateValue(r.stat_date),
          r.age,
          r.gender,
          r.country,
          r.placement,
          r.platform,
          ...counterValues(r.counters),
        ],
      );
      await this.appendReach(batch.reach);
      await appendEventRows(this.connection, batch);
      if (batch.watermark) {
        const w = batch.watermark;
        await this.connection.run(
          `INSERT OR REPLACE INTO ${FACT_TABLES.watermarks} VALUES ($1, $2, make_timestamp($3::BIGINT * 1000), make_timestamp($4::BIGINT * 1000))`,
          [w.advertiser_id, w.source, w.until.getTime(), Date.now()],
        );
      }
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
  }

  private async appendReach(reach: FactBatch['reach']): Promise<void> {
    const types = [INTEGER, DATE, BIGINT, INTEGER];
    const dates = new Map<string, DuckDBDateValue>();
    const date = (d: string): DuckDBDateValue => dates.get(d) ?? dates.set(d, toDateValue(d)).get(d)!;
    const appender = await this.connection.createAppender(FACT_TABLES.reach);
    try {
      for (let start = 0; start < reach.adKeys.length; start += CHUNK_ROWS) {
        const end = Math.min(start + CHUNK_ROWS, reach.adKeys.length);
        const chunk = DuckDBDataChunk.create(types, end - start);
        chunk.setColumns([
          reach.adKeys.slice(start, end),
          reach.dates.slice(start, end).map(date),
          reach.persons.slice(start, end).map((p) => BigInt(p)),
          reach.impressions.slice(start, end),
        ]);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  adKeys(ads: EntityKeys[]): Promise<Map<string, number>> {
    const run = async (): Promise<Map<string, number>> => {
      const keys = new Map<string, number>();
      const known = await this.connection.runAndReadAll(
        `SELECT ad_id, ad_key, (SELECT COALESCE(MAX(ad_key), 0) FROM ${FACT_TABLES.adKeys}) AS top FROM ${FACT_TABLES.adKeys}`,
      );
      let next = 1;
      for (const row of known.getRowObjectsJS()) {
        keys.set(String(row.ad_id), Number(row.ad_key));
        next = Number(row.top) + 1;
      }
      for (const ad of ads) {
        if (keys.has(ad.ad_id)) continue;
        await this.connection.run(`INSERT INTO ${FACT_TABLES.adKeys} VALUES ($1, $2, $3, $4, $5)`, [
          next,
          ad.advertiser_id,
          ad.campaign_id,
          ad.adgroup_id,
          ad.ad_id,
        ]);
        keys.set(ad.ad_id, next++);
      }
      return keys;
    };
    const done = this.writeChain.then(run);
    this.writeChain = done.catch(() => undefined);
    return done;
  }

  async watermark(advertiserId: string, source: string): Promise<{ until: Date; writtenAt: Date } | null> {
    const reader = await this.reader.runAndReadAll(
      `SELECT epoch_ms(until_time) AS until_ms, epoch_ms(written_at) AS written_ms FROM ${FACT_TABLES.watermarks} WHERE advertiser_id = $1 AND source = $2`,
      [advertiserId, source],
    );
    const [row] = reader.getRowObjectsJS();
    if (!row) return null;
    return { until: new Date(Number(row.until_ms)), writtenAt: new Date(Number(row.written_ms)) };
  }

  /** Appends rows column-wise, one vector-sized chunk at a time: far fewer calls into DuckDB than row by row. */
  private async appendRows<T>(
    table: string,
    types: DuckDBType[],
    rows: T[],
    toValues: (row: T) => DuckDBValue[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const appender = await this.connection.createAppender(table);
    try {
      for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
        const slice = rows.slice(start, start + CHUNK_ROWS);
        const columns: DuckDBValue[][] = types.map(() => new Array<DuckDBValue>(slice.length));
        slice.forEach((row, i) => toValues(row).forEach((value, c) => (columns[c]![i] = value)));
        const chunk = DuckDBDataChunk.create(types, slice.length);
        chunk.setColumns(columns);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async deleteFacts(advertiserId: string): Promise<void> {
    const run = async (): Promise<void> => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        await this.connection.run(
          `DELETE FROM ${FACT_TABLES.reach} WHERE ad_key IN (SELECT ad_key FROM ${FACT_TABLES.adKeys} WHERE advertiser_id = $1)`,
          [advertiserId],
        );
        const tables = Object.values(FACT_TABLES).filter((table) => table !== FACT_TABLES.reach);
        for (const table of tables) {
          await this.connection.run(`DELETE FROM ${table} WHERE advertiser_id = $1`, [advertiserId]);
        }
        await this.connection.run('COMMIT');
      } catch (error) {
        await this.connection.run('ROLLBACK');
        throw error;
      }
    };
    const done = this.writeChain.then(run);
    this.writeChain = done.catch(() => undefined);
    return done;
  }

  async query(sql: CompiledSql): Promise<ResultRow[]> {
    const result = await this.reader.runAndReadAll(sql.text, sql.values as DuckDBValue[]);
    return result.getRowObjectsJS() as ResultRow[];
  }

  async exportQuery(sql: CompiledSql, format: 'csv' | 'parquet', file: string): Promise<number> {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const target = file.replaceAll("'", "''");
    const options = format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet)';
    const reader = await this.reader.runAndReadAll(
      `COPY (${sql.text}) TO '${target}' ${options}`,
      sql.values as DuckDBValue[],
    );
    const [row] = reader.getRows();
    return Number(row?.[0] ?? 0);
  }

  async close(): Promise<void> {
    await this.writeChain;
    this.reader.closeSync();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
