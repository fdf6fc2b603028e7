import pg from 'pg';
import { inject } from 'vitest';
import { catalogCases } from './catalog.case.ts';
import { openPostgres } from './db.ts';

let schemas = 0;

/** Each case gets a schema of its own on the throw-away server, so cases never see each other's rows. */
async function freshDatabase(): ReturnType<typeof openPostgres> {
  const url = inject('postgresUrl');
  const schema = `case_${process.pid}_${++schemas}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  return openPostgres(withPath.toString());
}

catalogCases('PostgreSQL', freshDatabase);
