// Shopify's order and refund resources (the bodies of orders/create, orders/updated, orders/cancelled and
// refunds/create webhooks) turned into warehouse rows. Every way an order arrives — a webhook, a CSV
// export (rebuilt into this shape), the sandbox's shop — goes through here, so they all mean the same.
import type { ShopOrder, ShopRefund } from '../../warehouse/schema.ts';
import { customerKey, moneyMicros, shopifyTime } from './shopify-values.ts';

/** The fields of Shopify's Order resource that Adcockpit keeps; a payload has many more. */
export interface ShopifyOrderPayload {
  id: string | number;
  name: string;
  email?: string | null;
  contact_email?: string | null;
  customer?: { email?: string | null } | null;
  created_at: string;
  updated_at?: string | null;
  cancelled_at?: string | null;
  total_price: string | number;
  currency: string;
  financial_status?: string | null;
  landing_site?: string | null;
  referring_site?: string | null;
  source_name?: string | null;
  line_items?: unknown[];
  refunds?: ShopifyRefundPayload[];
}

/** Shopify's Refund resource: the money is in its transactions (kind "refund", status "success"). */
export interface ShopifyRefundPayload {
  id: string | number;
  order_id: string | number;
  created_at: string;
  processed_at?: string | null;
  transactions?: { amount: string | number; kind?: string; status?: string }[];
  refund_line_items?: { subtotal?: string | number; total_tax?: string | number }[];
}

export type ShopSource = 'shopify_csv' | 'shopify_webhook' | 'sandbox';

/** A field of the payload that cannot be stored, and why. */
export interface PayloadProblem {
  field: string;
  message: string;
}

export type Normalised<T> = { ok: true; value: T } | { ok: false; problems: PayloadProblem[] };

const idText = (value: unknown): string | null =>
  (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) ||
  (typeof value === 'string' && /^\d{1,20}$/.test(value.trim()))
    ? String(value).trim()
    : null;
const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

export function normaliseOrder(
  payload: ShopifyOrderPayload,
  advertiserId: string,
  source: ShopSource,
): Normalised<{ order: ShopOrder; refunds: ShopRefund[] }> {
  const problems: PayloadProblem[] = [];
  const need = <T>(field: string, value: T | null, message: string): T => {
    if (value === null) problems.push({ field, message });
    return value as T;
  };
  const orderId = need(
    'id',
    idText(payload.id),
    `must be Shopify's numeric order id, not ${show(payload.id)}`,
  );
  const name = need('name', text(payload.name), 'is empty: the order needs its name (e.g. #1001)');
  const createdAt = need('created_at', shopifyTime(payload.created_at), timeMessage(payload.created_at));
  const total = need('total_price', moneyMicros(payload.total_price), moneyMessage(payload.total_price));
  if (total !== null && total < 0) problems.push({ field: 'total_price', message: 'is negative' });
  const currency = need(
    'currency',
    typeof payload.currency === 'string' && /^[A-Za-z]{3}$/.test(payload.currency.trim())
      ? payload.currency.trim().toUpperCase()
      : null,
    `must be a three-letter currency code, not ${show(payload.currency)}`,
  );
  const optionalTime = (field: 'updated_at' | 'cancelled_at'): Date | null => {
    const value = payload[field];
    if (value === undefined || value === null || value === '') return null;
    return need(field, shopifyTime(value), timeMessage(value));
  };
  const updatedAt = optionalTime('updated_at');
  const cancelledAt = optionalTime('cancelled_at');
  const refunds: ShopRefund[] = [];
  for (const [i, r] of list(payload.refunds).entries()) {
    const refund = normaliseRefund({ ...r, order_id: r.order_id ?? payload.id }, advertiserId, source);
    if (refund.ok) refunds.push(refund.value);
    else problems.push(...refund.problems.map((p) => ({ ...p, field: `refunds[${i}].${p.field}` })));
  }
  if (problems.length > 0) return { ok: false, problems };
  // A version is at least as recent as anything it says happened (exports carry no updated_at).
  const version = Math.max(updatedAt?.getTime() ?? 0, createdAt.getTime(), cancelledAt?.getTime() ?? 0);
  return {
    ok: true,
    value: {
      order: {
        advertiser_id: advertiserId,
        order_id: orderId,
        order_name: name,
        created_at: createdAt,
        total_micros: total,
        currency,
        landing_site: text(payload.landing_site),
        source,
        cancelled_at: cancelledAt,
        updated_at: new Date(version),
        financial_status: text(payload.financial_status)?.toLowerCase() ?? null,
        // Point-of-sale and draft orders often carry an empty e-mail beside a filled contact or customer one.
        customer_key: customerKey(payload.email || payload.contact_email || payload.customer?.email),
        line_items: Array.isArray(payload.line_items) ? payload.line_items.length : null,
        referring_site: text(payload.referring_site),
        source_name: text(payload.source_name),
      },
      refunds,
    },
  };
}

export function normaliseRefund(
  payload: ShopifyRefundPayload,
  advertiserId: string,
  source: ShopSource,
): Normalised<ShopRefund> {
  const problems: PayloadProblem[] = [];
  const refundId = idText(payload.id);
  if (refundId === null)
    problems.push({ field: 'id', message: `must be a numeric refund id, not ${show(payload.id)}` });
  const orderId = idText(payload.order_id);
  if (orderId === null)
    problems.push({
      field: 'order_id',
      message: `must be a numeric order id, not ${show(payload.order_id)}`,
    });
  const when = payload.processed_at || payload.created_at;
  const refundedAt = shopifyTime(when);
  if (refundedAt === null) problems.push({ field: 'created_at', message: timeMessage(when) });
  const amount = refundAmount(payload, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      advertiser_id: advertiserId,
      order_id: orderId!,
      refund_id: refundId!,
      refunded_at: refundedAt!,
      amount_micros: amount,
      source,
    },
  };
}

/**
 * The money a refund gave back: its successful refund transactions; a refund without transactions
 * (restock only, or a test shop's canned sample) counts its line items' subtotal and tax.
 */
function refundAmount(payload: ShopifyRefundPayload, problems: PayloadProblem[]): number {
  const transactions = list(payload.transactions).filter(
    (t) => (t.kind ?? 'refund') === 'refund' && (t.status ?? 'success') === 'success',
  );
  const parts =
    transactions.length > 0
      ? transactions.map((t, i) => ({ field: `transactions[${i}].amount`, value: t.amount }))
      : list(payload.refund_line_items).flatMap((l, i) => [
          { field: `refund_line_items[${i}].subtotal`, value: l.subtotal ?? '0' },
          { field: `refund_line_items[${i}].total_tax`, value: l.total_tax ?? '0' },
        ]);
  let sum = 0;
  for (const part of parts) {
    const micros = moneyMicros(part.value);
    if (micros === null) problems.push({ field: part.field, message: moneyMessage(part.value) });
    else sum += micros;
  }
  return sum;
}

/** The objects of a list a payload claims to hold; anything else in its place counts as none. */
const list = <T>(value: T[] | null | undefined): T[] =>
  Array.isArray(value) ? value.filter((v): v is T => typeof v === 'object' && v !== null) : [];

const show = (value: unknown): string =>
  value === undefined || value === '' ? 'nothing' : JSON.stringify(value);
const timeMessage = (value: unknown): string =>
  `must be a time with its offset, like 2025-05-11 09:55:16 -0400 or 2025-05-11T09:55:16-04:00, not ${show(value)}`;
const moneyMessage = (value: unknown): string => `must be an amount like 1659.95, not ${show(value)}`;
