// Importing a Shopify orders export into the warehouse: the whole file or nothing. Orders already stored
// (an earlier import, a webhook) are replaced by the file's version, so importing the same file twice
// changes nothing and never counts an order twice.
import { type Actor, audit } from '../../access/audit.ts';
import type { Queryable } from '../../catalog/db.ts';
import { AppError } from '../../core/errors.ts';
import type { OrdersImported } from '../../shared/shop-api.ts';
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
  /** Orders stored before in a newer version (a webhook's update) than the file's, which was left out. */
  kept_newer: number;
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
  const known = await storedVersions(facts, advertiserId);
  const batch = emptyBatch();
  batch.orders = read.orders;
  batch.refunds = read.refunds;
  await facts.append(batch);
  // As the append decides: a stored version is replaced unless it is newer than the file's.
  let replaced = 0;
  let keptNewer = 0;
  for (const o of read.orders) {
    const stored = known.get(o.order_id);
    if (stored === undefined) continue;
    if (stored > (o.updated_at ?? o.created_at).getTime()) keptNewer++;
    else replaced++;
  }
  const totals: Record<string, number> = {};
  for (const o of read.orders) totals[o.currency] = (totals[o.currency] ?? 0) + o.total_micros;
  return {
    ok: true,
    summary: {
      rows: read.rows,
      orders: read.orders.length,
      new_orders: read.orders.length - replaced - keptNewer,
      replaced_orders: replaced,
      kept_newer: keptNewer,
      refunds: read.refunds.length,
      refunded_micros: read.refunds.reduce((sum, r) => sum + r.amount_micros, 0),
      total_micros_by_currency: totals,
    },
  };
}

/**
 * An export imported as the API and the command line do it: a file with bad rows refused whole with each
 * row's line (an AppError), an import recorded in the audit log, the answer in currency units.
 */
export async function importOrdersFile(
  ctx: { catalog: Queryable; facts: FactStore },
  actor: Actor,
  advertiserId: string,
  text: string,
): Promise<OrdersImported> {
  const result = await importShopifyOrdersCsv(ctx.facts, advertiserId, text);
  if (!result.ok) {
    const n = result.errors.length;
    throw new AppError(
      'validation_failed',
      `The file was not imported (nothing was stored): ${n} problem${n === 1 ? '' : 's'}. Fix the rows named and import it again.`,
      result.errors.map((e) => ({
        field: `line ${e.line}${e.column ? `, ${e.column}` : ''}`,
        message: e.message,
      })),
    );
  }
  const s = result.summary;
  await audit(ctx.catalog, actor, {
    action: 'shop_orders.import',
    targetType: 'advertiser',
    targetId: advertiserId,
    advertiserId,
    after: {
      orders: s.orders,
      new_orders: s.new_orders,
      replaced_orders: s.replaced_orders,
      refunds: s.refunds,
    },
  });
  return {
    rows: s.rows,
    orders: s.orders,
    new_orders: s.new_orders,
    replaced_orders: s.replaced_orders,
    kept_newer: s.kept_newer,
    refunds: s.refunds,
    refunded: s.refunded_micros / 1_000_000,
    totals: Object.entries(s.total_micros_by_currency).map(([currency, micros]) => ({
      currency,
      total: micros / 1_000_000,
    })),
  };
}

/** The advertiser's stored orders: id → the version stored (updated_at, epoch milliseconds). */
async function storedVersions(facts: FactStore, advertiserId: string): Promise<Map<string, number>> {
  const p = new ParamAllocator(facts.dialect);
  const rows = await facts.query({
    text: `SELECT order_id, epoch_ms(updated_at) AS version FROM ${FACT_TABLES.orders} WHERE advertiser_id = ${p.add(advertiserId)}`,
    values: p.values,
  });
  return new Map(rows.map((r) => [String(r.order_id), Number(r.version)]));
}

/** The errors as lines a person can act on: "line 7, Total: must be an amount …". */
export function describeRowErrors(errors: RowError[]): string[] {
  return errors.map((e) => `line ${e.line}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
}
