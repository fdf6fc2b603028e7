import { afterAll } from 'vitest';
import { catalogCases } from './catalog.case.ts';
import { type CatalogDb, openPglite } from './db.ts';

// Starting PGlite takes seconds, so the cases share one instance, each in a schema of its own.
const shared = openPglite(null);
let schemas = 0;
afterAll(async () => (await shared).close());

async function freshSchema(): Promise<CatalogDb> {
  const db = await shared;
  const schema = `case_${++schemas}`;
  await db.query(`create schema ${schema}`);
  await db.query(`set search_path to ${schema}`);
  return { ...db, engine: db.engine, close: async () => undefined };
}

catalogCases('PGlite', freshSchema);
