// Shopify's order webhooks: a delivery is believed only when its X-Shopify-Hmac-Sha256 is the HMAC-SHA256
// of the raw body under the store's signing secret. orders/create, orders/updated and orders/cancelled
// carry the whole order (stored as its latest version); refunds/create carries one refund. A delivery is
// answered only after its rows are committed to the warehouse, and a retried one (same X-Shopify-Webhook-Id)
// is answered without being applied again.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../catalog/db.ts';
import {
  type DeliveryOutcome,
  deliveryStored,
  recordDelivery,
  shopWebhookSecret,
} from '../../catalog/shop-connections.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { emptyBatch } from '../../warehouse/schema.ts';
import {
  type PayloadProblem,
  type ShopifyOrderPayload,
  type ShopifyRefundPayload,
  normaliseOrder,
  normaliseRefund,
} from './shopify-order.ts';
import { parseJsonKeepingIds } from './shopify-values.ts';

export const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/cancelled', 'orders/paid'] as const;
export const REFUND_TOPIC = 'refunds/create';

/** Whether the header is the base64 HMAC-SHA256 of the body under the secret, compared in constant time. */
export function validShopifyHmac(body: Buffer, secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const sent = Buffer.from(header.trim(), 'base64');
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

export interface WebhookDeliveryInput {
  advertiserId: string;
  body: Buffer;
  hmac: string | undefined;
  topic: string | undefined;
  webhookId: string | undefined;
  shopDomain: string | undefined;
}

export interface WebhookAnswer {
  /** HTTP status: 200 taken (stored, duplicate or ignored), 401 signature, 404 no connection, 422 unreadable. */
  status: 200 | 401 | 404 | 422;
  outcome: DeliveryOutcome | 'unknown_shop';
  message: string;
  problems?: PayloadProblem[];
}

export async function receiveShopifyWebhook(
  catalog: Queryable,
  facts: FactStore,
  input: WebhookDeliveryInput,
): Promise<WebhookAnswer> {
  const connection = await shopWebhookSecret(catalog, input.advertiserId);
  if (!connection) {
    return {
      status: 404,
      outcome: 'unknown_shop',
      message: 'No Shopify store is connected to this advertiser in Adcockpit.',
    };
  }
  const log = (outcome: DeliveryOutcome, detail: string): Promise<void> =>
    recordDelivery(catalog, input.advertiserId, {
      webhookId: input.webhookId ?? null,
      topic: input.topic ?? null,
      shopDomain: input.shopDomain ?? null,
      outcome,
      detail,
    });
  if (!validShopifyHmac(input.body, connection.secret, input.hmac)) {
    const detail = input.hmac
      ? 'X-Shopify-Hmac-Sha256 does not match the body under the stored webhook secret'
      : 'no X-Shopify-Hmac-Sha256 header';
    await log('rejected', detail);
    return { status: 401, outcome: 'rejected', message: `Signature refused: ${detail}.` };
  }
  // An app's client secret signs the webhooks of every store that installed the app: a delivery signed
  // with it may come from another store, which its (unsigned, but honestly sent) domain header tells.
  if (input.shopDomain && input.shopDomain.trim().toLowerCase() !== connection.shopDomain) {
    await log('ignored', `from ${input.shopDomain}, not the connected store ${connection.shopDomain}`);
    return {
      status: 200,
      outcome: 'ignored',
      message: `Deliveries from ${input.shopDomain} are not stored here.`,
    };
  }
  if (input.webhookId && (await deliveryStored(catalog, input.advertiserId, input.webhookId))) {
    await log('duplicate', `webhook ${input.webhookId} was stored before; nothing applied again`);
    return { status: 200, outcome: 'duplicate', message: 'Already stored.' };
  }
  const topic = input.topic ?? '';
  const isOrder = (ORDER_TOPICS as readonly string[]).includes(topic);
  if (!isOrder && topic !== REFUND_TOPIC) {
    await log('ignored', `topic ${topic || '(none)'} is not one Adcockpit reads`);
    return { status: 200, outcome: 'ignored', message: `Topic ${topic || '(none)'} ignored.` };
  }
  let payload: unknown;
  try {
    payload = parseJsonKeepingIds(input.body.toString('utf8'));
  } catch (error) {
    return refuse(log, [{ field: 'body', message: `is not JSON: ${(error as Error).message}` }]);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return refuse(log, [{ field: 'body', message: 'must be a JSON object' }]);
  const batch = emptyBatch();
  let detail: string;
  if (isOrder) {
    const read = normaliseOrder(payload as ShopifyOrderPayload, input.advertiserId, 'shopify_webhook');
    if (!read.ok) return refuse(log, read.problems);
    batch.orders.push(read.value.order);
    batch.refunds.push(...read.value.refunds);
    detail = `order ${read.value.order.order_name} (${read.value.order.order_id})`;
  } else {
    const read = normaliseRefund(payload as ShopifyRefundPayload, input.advertiserId, 'shopify_webhook');
    if (!read.ok) return refuse(log, read.problems);
    batch.refunds.push(read.value);
    detail = `refund ${read.value.refund_id} of order ${read.value.order_id}`;
  }
  await facts.append(batch);
  await log('stored', detail);
  return { status: 200, outcome: 'stored', message: `Stored ${detail}.` };
}

async function refuse(
  log: (outcome: DeliveryOutcome, detail: string) => Promise<void>,
  problems: PayloadProblem[],
): Promise<WebhookAnswer> {
  const detail = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  await log('refused', detail);
  return { status: 422, outcome: 'refused', message: `The payload cannot be stored: ${detail}.`, problems };
}
