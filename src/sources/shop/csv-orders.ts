// A Shopify orders export (Admin → Orders → Export, "CSV for Excel, Numbers, or other spreadsheet programs")
// read into orders. An order with several line items spans several rows; only its first row carries the
// order's fields, the others repeat Name and Created at beside their line item. Columns are found by their
// header name, so older exports with fewer columns (or in another order) read the same.
import type { ShopOrder, ShopRefund } from '../../warehouse/schema.ts';
import { ORDER_TOTAL_REFUND_PREFIX } from '../../warehouse/schema.ts';
import { CsvSyntaxError, type CsvRecord, parseCsv } from './csv.ts';
import { type ShopifyOrderPayload, normaliseOrder } from './shopify-order.ts';
import { moneyMicros } from './shopify-values.ts';

/** A line of the file that keeps it from being imported, and why. Line 1 is the header. */
export interface RowError {
  line: number;
  column: string | null;
  message: string;
}

export type CsvOrders =
  { ok: true; orders: ShopOrder[]; refunds: ShopRefund[]; rows: number } | { ok: false; errors: RowError[] };

const REQUIRED = ['Name', 'Id', 'Created at', 'Total', 'Currency'] as const;
/** Fields of the order itself: a later row of the order may leave them empty, never say otherwise. */
const ORDER_LEVEL = [
  'Id',
  'Email',
  'Financial Status',
  'Currency',
  'Total',
  'Created at',
  'Cancelled at',
  'Refunded Amount',
  'Source',
  'Landing Site',
  'Referring Site',
] as const;
/** The export's column for each field the normaliser may complain about. */
const COLUMN_OF: Record<string, string> = {
  id: 'Id',
  name: 'Name',
  created_at: 'Created at',
  cancelled_at: 'Cancelled at',
  total_price: 'Total',
  currency: 'Currency',
};

export function ordersFromShopifyCsv(text: string, advertiserId: string): CsvOrders {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      return { ok: false, errors: [{ line: error.line, column: null, message: error.message }] };
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: 1, column: null, message: 'the file is empty' }] };
  if (header.fields.length === 1 && header.fields[0]!.includes(';')) {
    const message =
      'the columns are separated by ";", as a spreadsheet program saves them in some languages: import the file as Shopify exported it, or save it as CSV with commas';
    return { ok: false, errors: [{ line: 1, column: null, message }] };
  }
  const index = new Map<string, number>();
  header.fields.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c.toLowerCase()));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: missing.map((column) => ({
        line: 1,
        column,
        message: `the header has no "${column}" column: export the orders from Shopify (Orders → Export) with all columns`,
      })),
    };
  }
  if (rows.length === 0)
    return { ok: false, errors: [{ line: 2, column: null, message: 'the file has a header but no orders' }] };

  const errors: RowError[] = [];
  const cell = (row: CsvRecord, column: string): string => {
    const i = index.get(column.toLowerCase());
    return i === undefined ? '' : (row.fields[i] ?? '').trim();
  };
  const groups = new Map<string, CsvRecord[]>();
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      errors.push({
        line: row.line,
        column: null,
        message: `has ${row.fields.length} fields where the header has ${header.fields.length} (a comma or quote out of place?)`,
      });
      continue;
    }
    const name = cell(row, 'Name');
    if (name === '') {
      errors.push({ line: row.line, column: 'Name', message: 'is empty: every row names its order' });
      continue;
    }
    const group = groups.get(name);
    if (group) group.push(row);
    else groups.set(name, [row]);
  }

  const orders: ShopOrder[] = [];
  const refunds: ShopRefund[] = [];
  for (const [name, group] of groups) {
    const first = group[0]!;
    for (const row of group.slice(1)) {
      for (const column of ORDER_LEVEL) {
        const value = cell(row, column);
        const expected = cell(first, column);
        if (value !== '' && value !== expected) {
          errors.push({
            line: row.line,
            column,
            message: `says ${JSON.stringify(value)} where line ${first.line}, the first row of order ${name}, says ${JSON.stringify(expected)}`,
          });
        }
      }
    }
    const payload: ShopifyOrderPayload = {
      id: cell(first, 'Id'),
      name,
      email: cell(first, 'Email') || null,
      created_at: cell(first, 'Created at'),
      cancelled_at: cell(first, 'Cancelled at') || null,
      total_price: cell(first, 'Total'),
      currency: cell(first, 'Currency'),
      financial_status: cell(first, 'Financial Status') || null,
      landing_site: cell(first, 'Landing Site') || null,
      referring_site: cell(first, 'Referring Site') || null,
      source_name: cell(first, 'Source') || null,
      line_items: index.has('lineitem name') ? group.filter((r) => cell(r, 'Lineitem name') !== '') : group,
    };
    const normalised = normaliseOrder(payload, advertiserId, 'shopify_csv');
    if (!normalised.ok) {
      for (const p of normalised.problems) {
        const column = COLUMN_OF[p.field] ?? p.field;
        errors.push({ line: first.line, column, message: `${p.message} (order ${name})` });
      }
      continue;
    }
    const { order } = normalised.value;
    orders.push(order);
    const refunded = cell(first, 'Refunded Amount');
    if (refunded !== '') {
      const micros = moneyMicros(refunded);
      if (micros === null || micros < 0) {
        errors.push({
          line: first.line,
          column: 'Refunded Amount',
          message: `must be an amount like 12.50, not ${JSON.stringify(refunded)} (order ${name})`,
        });
      } else if (micros > 0) {
        // The export gives only the total refunded, no refund ids or dates: one row stands for all of it.
        refunds.push({
          advertiser_id: advertiserId,
          order_id: order.order_id,
          refund_id: `${ORDER_TOTAL_REFUND_PREFIX}${order.order_id}`,
          refunded_at: order.cancelled_at ?? order.created_at,
          amount_micros: micros,
          source: 'shopify_csv',
        });
      }
    }
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors };
  }
  return { ok: true, orders, refunds, rows: rows.length };
}
