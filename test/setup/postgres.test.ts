import pg from 'pg';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';

const client = new pg.Client({ connectionString: inject('postgresUrl') });
beforeAll(() => client.connect());
afterAll(() => client.end());

test('the test PostgreSQL server answers queries', async () => {
  const { rows } = await client.query<{ one: number }>('select 1 as one');
  expect(rows).toEqual([{ one: 1 }]);
});

test('the test database is writable', async () => {
  await client.query('create temporary table probe (id int primary key)');
  await client.query('insert into probe values (1), (2)');
  const { rows } = await client.query<{ n: string }>('select count(*) as n from probe');
  expect(rows[0]?.n).toBe('2');
});
