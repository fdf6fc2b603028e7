// The embedded warehouse: one DuckDB file in the data directory, one writer process.
import fs from 'node:fs';
import path from 'node:path';
import {
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBValue,
  INTEGER,
  LIST,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { AppError } from '../../core/errors.ts';
import type { CompiledSql } from '../dialect.ts';
import type { FactStore, ResultRow } from '../fact-store.ts';
import {
  AD_ATTRIBUTES_TABLE,
  AD_ATTRIBUTE_COLUMNS,
  type AudienceFact,
  COUNTER_COLUMNS,
  type EntityKeys,
  FACT_TABLES,
  type FactBatch,
  JOURNAL_POSITIONS_TABLE,
  type ReachColumns,
  counterColumnMigrations,
  epochDay,
  factTableDdl,
  pixelEventColumnMigrations,
  shopOrderColumnMigrations,
} from '../schema.ts';
import { appendEventRows } from './append-events.ts';
import { duckdbDialect } from './dialect.ts';

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
  for (const ddl of [
    ...factTableDdl(),
    ...counterColumnMigrations(),
    ...pixelEventColumnMigrations(),
    ...shopOrderColumnMigrations(),
    ...stageDdl(),
  ])
    await writer.run(ddl);
  return new DuckDbStore(instance, writer, await instance.connect());
}

class DuckDbStore implements FactStore {
  readonly dialect = duckdbDialect;
  // DuckDB allows one transaction per connection at a time; writes queue behind each other.
  private writeChain: Promise<unknown> = Promise.resolve();
  private readonly scratch = new Scratch();

  // Writes run in transactions on their own connection, so reads (on the other) never see half a batch.
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly reader: DuckDBConnection,
  ) {}

  append(batch: FactBatch): Promise<void> {
    return this.queued(() => this.appendNow(batch));
  }

  /** Runs a write after the ones before it; a failed write does not stop the ones queued after it. */
  private queued<T>(run: () => Promise<T>): Promise<T> {
    const done = this.writeChain.then(run);
    this.writeChain = done.catch(() => undefined);
    return done;
  }

  /** In a transaction on the write connection: committed when `run` returns, rolled back when it throws. */
  private async inTransaction<T>(run: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await run();
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
  }

  stageAudienceMembers(advertiserId: string, audienceId: string, hashes: Uint8Array[]): Promise<void> {
    return this.queued(async () => {
      const appender = await this.connection.createAppender(FACT_TABLES.audienceUploads);
      try {
        for (const hash of hashes) {
          appender.appendVarchar(advertiserId);
          appender.appendVarchar(audienceId);
          appender.appendBlob(hash);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
  }

  keepAudienceMembers(audienceId: string): Promise<number> {
    return this.queued(() =>
      this.inTransaction(async () => {
        // DISTINCT finds the file's duplicates in one pass over what was staged, on DuckDB's threads.
        await this.connection.run(
          `INSERT INTO ${FACT_TABLES.audienceMembers}
           SELECT DISTINCT advertiser_id, audience_id, hash FROM ${FACT_TABLES.audienceUploads} WHERE audience_id = $1`,
          [audienceId],
        );
        await this.connection.run(`DELETE FROM ${FACT_TABLES.audienceUploads} WHERE audience_id = $1`, [
          audienceId,
        ]);
        const counted = await this.connection.runAndReadAll(
          `SELECT count(*)::INTEGER AS n FROM ${FACT_TABLES.audienceMembers} WHERE audience_id = $1`,
          [audienceId],
        );
        return Number(counted.getRowObjectsJS()[0]!.n);
      }),
    );
  }

  dropAudienceMembers(audienceId: string): Promise<void> {
    return this.queued(() =>
      this.inTransaction(async () => {
        for (const table of [FACT_TABLES.audienceMembers, FACT_TABLES.audienceUploads])
          await this.connection.run(`DELETE FROM ${table} WHERE audience_id = $1`, [audienceId]);
      }),
    );
  }

  private async appendNow(batch: FactBatch): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      // The rows reach DuckDB as a few long lists in this connection's staging tables, which costs the
      // main thread one pass over the values; DuckDB then moves them into the fact tables on its own
      // threads, in one call, while the caller goes on with its work.
      const moves = [...(await this.stageDelivery(batch)), ...(await this.stageReach(batch.reach))];
      if (moves.length > 0) {
        const empty = Object.values(STAGE).map((table) => `DELETE FROM ${table}`);
        await this.connection.run([...moves, ...empty].join(';\n'));
      }
      await appendEventRows(this.connection, batch);
      if (batch.adAttributes) await this.replaceAdAttributes(batch.adAttributes);
      if (batch.watermark) {
        const w = batch.watermark;
        await this.connection.run(
          `INSERT OR REPLACE INTO ${FACT_TABLES.watermarks} VALUES ($1, $2, make_timestamp($3::BIGINT * 1000), make_timestamp($4::BIGINT * 1000))`,
          [w.advertiser_id, w.source, w.until.getTime(), Date.now()],
        );
      }
      if (batch.journalPosition) {
        const j = batch.journalPosition;
        await this.connection.run(
          `INSERT OR REPLACE INTO ${JOURNAL_POSITIONS_TABLE} VALUES ($1, $2, $3, make_timestamp($4::BIGINT * 1000))`,
          [j.journal, j.segment, j.offset, Date.now()],
        );
      }
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
  }

  /** Stages the hourly and audience rows; returns the statements that move them into their tables. */
  private async stageDelivery({ hourly, audience }: FactBatch): Promise<string[]> {
    if (hourly.length === 0 && audience.length === 0) return [];
    const entities = new Codes<EntityKeys>(ENTITY_COLUMNS);
    const cells = new Codes<AudienceFact>(AUDIENCE_CELL);
    const days = new DayNumbers();
    const moves: string[] = [];
    if (hourly.length > 0) {
      await this.appendListRow(STAGE.hourly, [
        integers(this.scratch.int(0, hourly.length), hourly, (r) => entities.code(r)),
        integers(this.scratch.int(1, hourly.length), hourly, (r) => days.of(r.stat_date)),
        integers(this.scratch.int(2, hourly.length), hourly, (r) => r.stat_hour),
        ...counterLists(this.scratch, hourly),
      ]);
      moves.push(
        `INSERT INTO ${FACT_TABLES.hourly} (${ENTITY_COLUMNS.join(', ')}, stat_date, stat_hour, ${COUNTER_COLUMNS.join(', ')})
         SELECT ${ENTITY_COLUMNS.map((c) => `e.${c}`).join(', ')}, ${EPOCH} + s.day, s.hour, ${COUNTERS_AS_BIGINT}
         FROM (SELECT UNNEST(entity) AS entity, UNNEST(day) AS day, UNNEST(hour) AS hour, ${UNNEST_COUNTERS} FROM ${STAGE.hourly}) s
         JOIN ${STAGE.entities} e ON e.code = s.entity`,
      );
    }
    if (audience.length > 0) {
      await this.appendListRow(STAGE.audience, [
        integers(this.scratch.int(0, audience.length), audience, (r) => entities.code(r)),
        integers(this.scratch.int(1, audience.length), audience, (r) => cells.code(r)),
        integers(this.scratch.int(2, audience.length), audience, (r) => days.of(r.stat_date)),
        ...counterLists(this.scratch, audience),
      ]);
      moves.push(
        `INSERT INTO ${FACT_TABLES.audience} (${ENTITY_COLUMNS.join(', ')}, stat_date, ${AUDIENCE_CELL.join(', ')}, ${COUNTER_COLUMNS.join(', ')})
         SELECT ${ENTITY_COLUMNS.map((c) => `e.${c}`).join(', ')}, ${EPOCH} + s.day, ${AUDIENCE_CELL.map((c) => `c.${c}`).join(', ')}, ${COUNTERS_AS_BIGINT}
         FROM (SELECT UNNEST(entity) AS entity, UNNEST(cell) AS cell, UNNEST(day) AS day, ${UNNEST_COUNTERS} FROM ${STAGE.audience}) s
         JOIN ${STAGE.entities} e ON e.code = s.entity JOIN ${STAGE.cells} c ON c.code = s.cell`,
      );
    }
    await this.appendCodes(STAGE.entities, entities);
    await this.appendCodes(STAGE.cells, cells);
    return moves;
  }

  /** Stages the reach rows; returns the statement that moves them into their table. */
  private async stageReach(reach: ReachColumns): Promise<string[]> {
    const n = reach.length;
    if (n === 0) return [];
    // One staged row per ad and day: its people and their impressions as two lists.
    const { adKeys, days } = reach;
    const ends: number[] = [];
    for (let i = 1; i <= n; i++) {
      if (i === n || adKeys[i] !== adKeys[i - 1] || days[i] !== days[i - 1]) ends.push(i);
    }
    const keys = this.scratch.int(0, ends.length);
    const rowDays = this.scratch.int(1, ends.length);
    ends.forEach((end, row) => {
      keys[row] = adKeys[end - 1]!;
      rowDays[row] = days[end - 1]!;
    });
    await this.appendListRows(
      STAGE.reach,
      ends,
      [keys, rowDays],
      [reach.persons.subarray(0, n), reach.impressions.subarray(0, n)],
    );
    // Person ids are below 2^53, so the DOUBLE they are staged as holds them exactly.
    return [
      `INSERT INTO ${FACT_TABLES.reach} (ad_key, stat_date, person_id, impressions)
       SELECT ad_key, ${EPOCH} + day, CAST(UNNEST(person) AS BIGINT), UNNEST(impressions) FROM ${STAGE.reach}`,
    ];
  }

  /** Appends equally long columns of numbers as rows of `LIST_LENGTH` values per list (see appendListRows). */
  private async appendListRow(
    table: string,
    columns: (Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>)[],
  ): Promise<void> {
    const n = columns[0]!.length;
    const ends: number[] = [];
    for (let end = LIST_LENGTH; end < n + LIST_LENGTH; end += LIST_LENGTH) ends.push(Math.min(end, n));
    await this.appendListRows(table, ends, [], columns);
  }

  /**
   * Appends rows whose first columns are INTEGERs (`scalars`, a value per row) and whose others are lists
   * (INTEGER[] for an Int32Array, DOUBLE[] for a Float64Array): row r's lists are the values from
   * ends[r - 1] (0 for the first row) to ends[r] of each column. Each column goes into DuckDB's vector in
   * one native copy per chunk, where node-api's setters take list elements one by one.
   */
  private async appendListRows(
    table: string,
    ends: number[],
    scalars: Int32Array<ArrayBuffer>[],
    lists: (Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>)[],
  ): Promise<void> {
    const n = lists[0]!.length;
    if (lists.some((values) => values.length !== n))
      throw new Error('Staged lists must have the same length.');
    const types = [
      ...scalars.map(() => INTEGER),
      ...lists.map((c) => LIST(c instanceof Int32Array ? INTEGER : DOUBLE)),
    ];
    const appender = await this.connection.createAppender(table);
    try {
      for (let first = 0; first < ends.length; first += CHUNK_ROWS) {
        const count = Math.min(CHUNK_ROWS, ends.length - first);
        const start = first === 0 ? 0 : ends[first - 1]!;
        const end = ends[first + count - 1]!;
        const chunk = DuckDBDataChunk.create(types);
        duckdb.data_chunk_set_size(chunk.chunk, count);
        scalars.forEach((values, c) => {
          const part = values.subarray(first, first + count);
          duckdb.copy_data_to_vector(
            duckdb.data_chunk_get_vector(chunk.chunk, c),
            0,
            part.buffer,
            part.byteOffset,
            part.byteLength,
          );
        });
        // Each row's list: where it starts in this chunk's part of the columns, and its length.
        const entries = new BigUint64Array(count * 2);
        for (let r = 0; r < count; r++) {
          const from = first + r === 0 ? 0 : ends[first + r - 1]!;
          entries[2 * r] = BigInt(from - start);
          entries[2 * r + 1] = BigInt(ends[first + r]! - from);
        }
        lists.forEach((values, c) => {
          const list = duckdb.data_chunk_get_vector(chunk.chunk, scalars.length + c);
          duckdb.copy_data_to_vector(list, 0, entries.buffer, 0, entries.byteLength);
          duckdb.list_vector_reserve(list, end - start);
          duckdb.list_vector_set_size(list, end - start);
          const part = values.subarray(start, end);
          duckdb.copy_data_to_vector(
            duckdb.list_vector_get_child(list),
            0,
            part.buffer,
            part.byteOffset,
            part.byteLength,
          );
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  private async replaceAdAttributes({ advertiser_id, rows }: NonNullable<FactBatch['adAttributes']>) {
    await this.connection.run(`DELETE FROM ${AD_ATTRIBUTES_TABLE} WHERE advertiser_id = $1`, [advertiser_id]);
    if (rows.length === 0) return;
    const appender = await this.connection.createAppender(AD_ATTRIBUTES_TABLE);
    try {
      for (const row of rows) {
        appender.appendVarchar(advertiser_id);
        for (const column of AD_ATTRIBUTE_COLUMNS) appender.appendVarchar(row[column]);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Appends a dictionary of codes: code, then its labels. */
  private async appendCodes<T>(table: string, codes: Codes<T>): Promise<void> {
    if (codes.list.length === 0) return;
    const appender = await this.connection.createAppender(table);
    try {
      codes.list.forEach((row, code) => {
        appender.appendInteger(code);
        for (const column of codes.columns) appender.appendVarchar(String(row[column]));
        appender.endRow();
      });
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
      const added = ads.filter((ad) => !keys.has(ad.ad_id));
      if (added.length === 0) return keys;
      // New ads in one append (a new account brings a thousand at once), in their own transaction.
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const appender = await this.connection.createAppender(FACT_TABLES.adKeys);
        try {
          for (const ad of added) {
            keys.set(ad.ad_id, next);
            appender.appendInteger(next++);
            appender.appendVarchar(ad.advertiser_id);
            appender.appendVarchar(ad.campaign_id);
            appender.appendVarchar(ad.adgroup_id);
            appender.appendVarchar(ad.ad_id);
            appender.endRow();
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        await this.connection.run('COMMIT');
      } catch (error) {
        await this.connection.run('ROLLBACK');
        throw error;
      }
      return keys;
    };
    return this.queued(run);
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

  deleteFacts(advertiserId: string): Promise<void> {
    return this.queued(() =>
      this.inTransaction(async () => {
        await this.connection.run(
          `DELETE FROM ${FACT_TABLES.reach} WHERE ad_key IN (SELECT ad_key FROM ${FACT_TABLES.adKeys} WHERE advertiser_id = $1)`,
          [advertiserId],
        );
        const tables = Object.values(FACT_TABLES).filter((table) => table !== FACT_TABLES.reach);
        for (const table of tables) {
          await this.connection.run(`DELETE FROM ${table} WHERE advertiser_id = $1`, [advertiserId]);
        }
      }),
    );
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

const ENTITY_COLUMNS = ['advertiser_id', 'campaign_id', 'adgroup_id', 'ad_id'] as const;
const AUDIENCE_CELL = ['age', 'gender', 'country', 'placement', 'platform'] as const;
const UNNEST_COUNTERS = COUNTER_COLUMNS.map((c) => `UNNEST(${c}) AS ${c}`).join(', ');
const COUNTERS_AS_BIGINT = COUNTER_COLUMNS.map((c) => `CAST(s.${c} AS BIGINT)`).join(', ');
/** Values per staged list of hourly and audience rows (see `appendListRow`): long lists append slower. */
const LIST_LENGTH = 2048;
/** Rows per data chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;
/** Staged days count from here (the reach columns' and `epochDay`'s origin). */
const EPOCH = "DATE '1970-01-01'";

/** Staging tables: temporary, so each connection has its own and nothing of them reaches the file. */
const STAGE = {
  entities: 'stage_entities',
  cells: 'stage_cells',
  hourly: 'stage_hourly',
  audience: 'stage_audience',
  reach: 'stage_reach',
} as const;

function stageDdl(): string[] {
  const labels = (columns: readonly string[]): string =>
    columns.map((c) => `${c} VARCHAR NOT NULL`).join(', ');
  const counters = COUNTER_COLUMNS.map((c) => `${c} DOUBLE[] NOT NULL`).join(', ');
  return [
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE.entities} (code INTEGER NOT NULL, ${labels(ENTITY_COLUMNS)})`,
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE.cells} (code INTEGER NOT NULL, ${labels(AUDIENCE_CELL)})`,
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE.hourly} (entity INTEGER[] NOT NULL, day INTEGER[] NOT NULL, hour INTEGER[] NOT NULL, ${counters})`,
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE.audience} (entity INTEGER[] NOT NULL, cell INTEGER[] NOT NULL, day INTEGER[] NOT NULL, ${counters})`,
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE.reach} (ad_key INTEGER NOT NULL, day INTEGER NOT NULL, person DOUBLE[] NOT NULL, impressions INTEGER[] NOT NULL)`,
  ];
}

/**
 * Typed arrays the staging fills, kept from batch to batch: allocating tens of megabytes of them a day
 * makes V8 collect garbage for the external memory alone. Each is free again once its batch is staged
 * (`appendListRow` copies it), and batches are staged one at a time.
 */
class Scratch {
  private readonly ints: Int32Array<ArrayBuffer>[] = [];
  private readonly doubles: Float64Array<ArrayBuffer>[] = [];

  int(slot: number, n: number): Int32Array<ArrayBuffer> {
    return take(this.ints, slot, n, (size) => new Int32Array(size));
  }

  double(slot: number, n: number): Float64Array<ArrayBuffer> {
    return take(this.doubles, slot, n, (size) => new Float64Array(size));
  }
}

function take<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(
  arrays: T[],
  slot: number,
  n: number,
  make: (size: number) => T,
): T {
  let array = arrays[slot];
  if (!array || array.length < n) arrays[slot] = array = make(Math.ceil(n * 1.25));
  return array.subarray(0, n) as T;
}

function integers<T>(
  out: Int32Array<ArrayBuffer>,
  rows: T[],
  of: (row: T) => number,
): Int32Array<ArrayBuffer> {
  for (let i = 0; i < rows.length; i++) out[i] = of(rows[i]!);
  return out;
}

/**
 * The rows' counters, one list per counter. Counters are whole numbers below 2^53, which the DOUBLE they
 * are staged as holds exactly; anything else is refused, as the BIGINT column would refuse it.
 */
function counterLists(scratch: Scratch, rows: { counters: number[] }[]): Float64Array<ArrayBuffer>[] {
  const lists = COUNTER_COLUMNS.map((_, c) => scratch.double(c, rows.length));
  rows.forEach(({ counters }, i) => {
    for (let c = 0; c < lists.length; c++) {
      const v = counters[c]!;
      if (!Number.isSafeInteger(v)) {
        throw new Error(`Counter ${COUNTER_COLUMNS[c]} is ${v}, not a whole number below 2^53.`);
      }
      lists[c]![i] = v;
    }
  });
  return lists;
}

/** A small integer per distinct combination of some string fields in a batch (entities, audience cells). */
class Codes<T> {
  readonly list: T[] = [];
  /** One level of maps per field, the last holding the code. */
  private readonly tree = new Map<string, unknown>();

  constructor(readonly columns: readonly (keyof T & string)[]) {}

  code(row: T): number {
    let node = this.tree;
    const last = this.columns.length - 1;
    for (let c = 0; c < last; c++) {
      const value = String(row[this.columns[c]!]);
      let next = node.get(value) as Map<string, unknown> | undefined;
      if (!next) node.set(value, (next = new Map()));
      node = next;
    }
    const value = String(row[this.columns[last]!]);
    let code = node.get(value) as number | undefined;
    if (code === undefined) {
      node.set(value, (code = this.list.length));
      this.list.push(row);
    }
    return code;
  }
}

/** Days since 1970-01-01 of dates (YYYY-MM-DD), worked out once per distinct date. */
class DayNumbers {
  private readonly byDate = new Map<string, number>();

  of(date: string): number {
    let day = this.byDate.get(date);
    if (day === undefined) this.byDate.set(date, (day = epochDay(date)));
    return day;
  }
}
