// What Shopify would send for the sandbox's shop: an orders/create body for each purchase, and for each
// refund a refunds/create body and the orders/updated body Shopify sends beside it (the order with its new
// financial status and the refund inside), with times on the shop's clock (the advertiser's time zone,
// with its offset) as Shopify writes them. The sandbox stores its orders by passing these through the same
// normaliser as real webhooks, so its rows mean exactly what a real shop's mean.
import { localDateTime, utcOffsetText } from '../../core/timezone.ts';
import type { ShopifyOrderPayload, ShopifyRefundPayload } from './shopify-order.ts';

/**
 * An instant as Shopify writes it in the shop's zone: 2026-03-01T09:15:02-05:00. Milliseconds are kept
 * (2026-03-01T09:15:02.250-05:00, still ISO 8601) so the stored time is the instant itself.
 */
export function shopifyTimeText(instant: number, timeZone: string): string {
  // Whole milliseconds, as a Date holds them (a simulated instant may have a fraction).
  const instantMs = Math.floor(instant);
  const ms = ((instantMs % 1000) + 1000) % 1000;
  const fraction = ms ? `.${String(ms).padStart(3, '0')}` : '';
  return `${localDateTime(instantMs, timeZone)}${fraction}${utcOffsetText(instantMs, timeZone)}`;
}

const price = (micros: number): string => (micros / 1_000_000).toFixed(2);

export interface SandboxOrder {
  orderId: string;
  number: number;
  at: number;
  timeZone: string;
  totalMicros: number;
  currency: string;
  landingSite: string;
  customerEmail: string;
}

export interface SandboxRefund {
  refundId: string;
  orderId: string;
  at: number;
  timeZone: string;
  amountMicros: number;
}

/**
 * The orders/create body of a purchase or, given its refund, the orders/updated body Shopify sends when
 * the order is refunded: updated then, `refunded` when the whole total went back, else
 * `partially_refunded`, with the refund in `refunds` as Shopify's order resource carries it.
 */
export function sandboxOrderPayload(order: SandboxOrder, refund?: SandboxRefund): ShopifyOrderPayload {
  const at = shopifyTimeText(order.at, order.timeZone);
  return {
    id: order.orderId,
    name: `#${order.number}`,
    email: order.customerEmail,
    created_at: at,
    updated_at: refund ? shopifyTimeText(refund.at, refund.timeZone) : at,
    cancelled_at: null,
    total_price: price(order.totalMicros),
    currency: order.currency,
    financial_status: !refund
      ? 'paid'
      : refund.amountMicros >= order.totalMicros
        ? 'refunded'
        : 'partially_refunded',
    ...(refund ? { refunds: [sandboxRefundPayload(refund)] } : {}),
    landing_site: order.landingSite,
    referring_site: null,
    source_name: 'web',
    line_items: [{ quantity: 1, price: price(order.totalMicros) }],
  };
}

export function sandboxRefundPayload(refund: SandboxRefund): ShopifyRefundPayload {
  const at = shopifyTimeText(refund.at, refund.timeZone);
  return {
    id: refund.refundId,
    order_id: refund.orderId,
    created_at: at,
    processed_at: at,
    transactions: [{ amount: price(refund.amountMicros), kind: 'refund', status: 'success' }],
  };
}
