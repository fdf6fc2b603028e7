import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { FactStore } from '../fact-store.ts';
import { FACT_TABLES, type ShopOrder, emptyBatch } from '../schema.ts';
import { openDuckDbStore } from './store.ts';

const adv = '7100000000000000001';
let facts: FactStore;
beforeEach(async () => {
  facts = await openDuckDbStore(null);
});
afterEach(() => facts.close());

const order = (id: string, over: Partial<ShopOrder> = {}): ShopOrder => ({
  advertiser_id: adv,
  order_id: id,
  order_name: `#${id}`,
  created_at: new Date('2026-03-01T10:00:00Z'),
  total_micros: 10_000_000,
  currency: 'EUR',
  landing_site: null,
  source: 'shopify_csv',
  ...over,
});

async function orders(): Promise<Record<string, unknown>[]> {
  return facts.query({
    text: `SELECT order_id, total_micros, financial_status, CAST(updated_at AS VARCHAR) AS updated FROM ${FACT_TABLES.orders} ORDER BY order_id`,
    values: [],
  });
}

test('a later version of an order replaces the stored one; an older one is dropped; one row per order', async () => {
  const first = emptyBatch();
  first.orders.push(order('1', { financial_status: 'pending' }), order('2'));
  await facts.append(first);
  const update = emptyBatch();
  update.orders.push(
    order('1', {
      financial_status: 'paid',
      total_micros: 12_000_000,
      updated_at: new Date('2026-03-02T00:00:00Z'),
    }),
  );
  await facts.append(update);
  // A retried webhook carrying the version before the update changes nothing.
  const stale = emptyBatch();
  stale.orders.push(order('1', { financial_status: 'pending' }));
  await facts.append(stale);
  expect(await orders()).toEqual([
    { order_id: '1', total_micros: 12_000_000n, financial_status: 'paid', updated: '2026-03-02 00:00:00' },
    { order_id: '2', total_micros: 10_000_000n, financial_status: null, updated: '2026-03-01 10:00:00' },
  ]);
});

test('within one batch the most recent version of an order wins, and refunds are one row per refund id', async () => {
  const batch = emptyBatch();
  batch.orders.push(
    order('1', { total_micros: 3, updated_at: new Date('2026-03-03T00:00:00Z') }),
    order('1', { total_micros: 2, updated_at: new Date('2026-03-02T00:00:00Z') }),
  );
  const refund = {
    advertiser_id: adv,
    order_id: '1',
    refund_id: 'r1',
    refunded_at: new Date('2026-03-04T00:00:00Z'),
    amount_micros: 1,
    source: 'shopify_webhook',
  };
  batch.refunds.push(refund, { ...refund, amount_micros: 2 });
  await facts.append(batch);
  const again = emptyBatch();
  again.refunds.push({ ...refund, amount_micros: 5 }, { ...refund, refund_id: 'r2' });
  await facts.append(again);
  expect((await orders()).map((o) => o.total_micros)).toEqual([3n]);
  const refunds = await facts.query({
    text: `SELECT refund_id, amount_micros FROM ${FACT_TABLES.refunds} ORDER BY refund_id`,
    values: [],
  });
  expect(refunds).toEqual([
    { refund_id: 'r1', amount_micros: 5n },
    { refund_id: 'r2', amount_micros: 1n },
  ]);
});

test('a failed batch stores none of its orders', async () => {
  const batch = emptyBatch();
  batch.orders.push(order('1'), order('2', { currency: null as unknown as string }));
  await expect(facts.append(batch)).rejects.toThrow();
  expect(await orders()).toEqual([]);
});

test('a warehouse created before the new order columns gets them, updated_at filled with created_at', async () => {
  await facts.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-'));
  const file = path.join(dir, 'facts.duckdb');
  const old = await DuckDBInstance.create(file);
  const c = await old.connect();
  await c.run(`CREATE TABLE ${FACT_TABLES.orders} (advertiser_id VARCHAR NOT NULL, order_id VARCHAR NOT NULL,
    order_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, total_micros BIGINT NOT NULL, currency VARCHAR NOT NULL,
    landing_site VARCHAR, source VARCHAR NOT NULL)`);
  await c.run(
    `INSERT INTO ${FACT_TABLES.orders} VALUES ('${adv}', '1', '#1', TIMESTAMP '2026-03-01 10:00:00', 5, 'EUR', NULL, 'sandbox')`,
  );
  c.closeSync();
  old.closeSync();
  facts = await openDuckDbStore(file);
  const batch = emptyBatch();
  batch.orders.push(order('2', { line_items: 3 }));
  await facts.append(batch);
  expect(await orders()).toEqual([
    { order_id: '1', total_micros: 5n, financial_status: null, updated: '2026-03-01 10:00:00' },
    { order_id: '2', total_micros: 10_000_000n, financial_status: null, updated: '2026-03-01 10:00:00' },
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});
