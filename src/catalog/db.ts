// One small interface over the two PostgreSQL engines the catalog runs on: PGlite embedded in the data
// directory (the default) and a PostgreSQL server (DATABASE_URL). Both speak the same SQL.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type SqlParam = string | number | boolean | bigint | null | Date | object;

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: SqlParam[]): Promise<T[]>;
}

export interface CatalogDb extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: all of its writes land, or none do. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// bigint columns come back as strings from both engines unless told otherwise; the catalog keeps
// money as bigint micro-units, so parse them into BigInt rather than lossy numbers.
pg.types.setTypeParser(20, (value) => BigInt(value));

function normaliseParams(params: SqlParam[] = []): unknown[] {
  return params.map((p) => (typeof p === 'bigint' ? p.toString() : p));
}

export async function openPglite(dir: string | null): Promise<CatalogDb> {
  if (dir) fs.mkdirSync(path.dirname(dir), { recursive: true });
  const db = dir
    ? new PGlite(dir, { parsers: { 20: (v: string) => BigInt(v) } })
    : new PGlite({ parsers: { 20: (v: string) => BigInt(v) } });
  await db.waitReady;
  const run = async <T>(q: { query: PGlite['query'] }, text: string, params?: SqlParam[]): Promise<T[]> =>
    (await q.query<T>(text, normaliseParams(params))).rows;
  return {
    engine: 'pglite',
    query: (text, params) => run(db, text, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (text, params) => run(tx, text, params) })),
    close: () => db.close(),
  };
}

export async function openPostgres(url: string): Promise<CatalogDb> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, params?: SqlParam[]): Promise<T[]> =>
    (await client.query(text, normaliseParams(params))).rows as T[];
  await run(pool, 'select 1');
  return {
    engine: 'postgres',
    query: (text, params) => run(pool, text, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({ query: (text, params) => run(client, text, params) });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
