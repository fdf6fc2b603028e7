// Importing a Shopify orders export into the warehouse: the whole file or nothing. Orders already stored
// (an earlier import, a webhook) are replaced by the file's version, so importing the same file twice
// changes nothing and never counts an order twice.
import { ParamAllocator } from '../../warehouse/dialect.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES, emptyBatch } from '../../warehouse/schema.ts';
import { type RowError, ordersFromShopifyCsv } from './csv-orders.ts';

export interface ImportSummary {
  /** Data rows read (line items), the header not counted. */
  rows: number;
  orders: number;
  /** Orders not stored before. */
  new_orders: number;
  /** Orders stored before (by an earlier import or a webhook), now replaced by the file's version. */
  replaced_orders: number;
  /** Orders with a refunded amount, each stored as one refund row. */
  refunds: number;
  refunded_micros: number;
  /** The file's orders' totals, per currency, in micro-units. */
  total_micros_by_currency: Record<string, number>;
}

export type ImportResult = { ok: true; summary: ImportSummary } | { ok: false; errors: RowError[] };

export async function importShopifyOrdersCsv(
  facts: FactStore,
  advertiserId: string,
  text: string,
): Promise<ImportResult> {
  const read = ordersFromShopifyCsv(text, advertiserId);
  if (!read.ok) return read;
  const known = await storedOrderIds(facts, advertiserId);
  const batch = emptyBatch();
  batch.orders = read.orders;
  batch.refunds = read.refunds;
  await facts.append(batch);
  const replaced = read.orders.filter((o) => known.has(o.order_id)).length;
  const totals: Record<string, number> = {};
  for (const o of read.orders) totals[o.currency] = (totals[o.currency] ?? 0) + o.total_micros;
  return {
    ok: true,
    summary: {
      rows: read.rows,
      orders: read.orders.length,
      new_orders: read.orders.length - replaced,
      replaced_orders: replaced,
      refunds: read.refunds.length,
      refunded_micros: read.refunds.reduce((sum, r) => sum + r.amount_micros, 0),
      total_micros_by_currency: totals,
    },
  };
}

async function storedOrderIds(facts: FactStore, advertiserId: string): Promise<Set<string>> {
  const p = new ParamAllocator(facts.dialect);
  const rows = await facts.query({
    text: `SELECT order_id FROM ${FACT_TABLES.orders} WHERE advertiser_id = ${p.add(advertiserId)}`,
    values: p.values,
  });
  return new Set(rows.map((r) => String(r.order_id)));
}

/** The errors as lines a person can act on: "line 7, Total: must be an amount …". */
export function describeRowErrors(errors: RowError[]): string[] {
  return errors.map((e) => `line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
}
