// An advertiser's Shopify store (its domain and webhook signing secret) and the log of the webhook
// deliveries it sent. The secret never leaves the server: answers show only its last four characters.
import { AppError, notFound } from '../core/errors.ts';
import type { Queryable } from './db.ts';

export interface ShopConnectionInfo {
  advertiser_id: string;
  shop_domain: string;
  /** The secret's last four characters, to tell which one is set. */
  secret_hint: string;
  created_by: string;
  created_at: string;
  secret_rotated_at: string;
}

export type DeliveryOutcome = 'stored' | 'duplicate' | 'ignored' | 'refused' | 'rejected';

export interface WebhookDelivery {
  delivery_id: string;
  webhook_id: string | null;
  topic: string | null;
  shop_domain: string | null;
  outcome: DeliveryOutcome;
  detail: string;
  received_at: string;
}

interface Row {
  advertiser_id: string;
  shop_domain: string;
  webhook_secret: string;
  created_by: string;
  created_at: Date;
  secret_rotated_at: Date;
}

const COLUMNS = 'advertiser_id, shop_domain, webhook_secret, created_by, created_at, secret_rotated_at';
/** Deliveries kept per advertiser: enough to follow a day of a busy shop's retries. */
const DELIVERIES_KEPT = 500;

const toInfo = (row: Row): ShopConnectionInfo => ({
  advertiser_id: row.advertiser_id,
  shop_domain: row.shop_domain,
  secret_hint: `…${row.webhook_secret.slice(-4)}`,
  created_by: row.created_by,
  created_at: row.created_at.toISOString(),
  secret_rotated_at: row.secret_rotated_at.toISOString(),
});

/**
 * The shop's *.myshopify.com domain, from what a person pastes: the domain, the admin URL, or the store
 * name alone. Null when it cannot be one.
 */
export function shopDomain(input: string): string | null {
  let value = input.trim().toLowerCase();
  value = value.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (/^[a-z0-9][a-z0-9-]*$/.test(value)) value = `${value}.myshopify.com`;
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(value) ? value : null;
}

const checkDomain = (input: string): string => {
  const domain = shopDomain(input);
  if (!domain) {
    throw new AppError(
      'validation_failed',
      `"${input}" is not a Shopify store domain: give the store's *.myshopify.com address (Settings → Domains).`,
      [{ field: 'shop_domain', message: 'must be a *.myshopify.com domain' }],
    );
  }
  return domain;
};

export async function getShopConnection(
  db: Queryable,
  advertiserId: string,
): Promise<ShopConnectionInfo | null> {
  const row = await connectionRow(db, advertiserId);
  return row ? toInfo(row) : null;
}

/** The connection with its secret, for checking a delivery's signature. */
export async function shopWebhookSecret(
  db: Queryable,
  advertiserId: string,
): Promise<{ shopDomain: string; secret: string } | null> {
  const row = await connectionRow(db, advertiserId);
  return row ? { shopDomain: row.shop_domain, secret: row.webhook_secret } : null;
}

async function connectionRow(db: Queryable, advertiserId: string): Promise<Row | null> {
  const [row] = await db.query<Row>(`select ${COLUMNS} from shop_connections where advertiser_id = $1`, [
    advertiserId,
  ]);
  return row ?? null;
}

export async function createShopConnection(
  db: Queryable,
  advertiserId: string,
  input: { shop_domain: string; webhook_secret: string },
  createdBy: string,
): Promise<ShopConnectionInfo> {
  const domain = checkDomain(input.shop_domain);
  const [row] = await db.query<Row>(
    `insert into shop_connections (advertiser_id, shop_domain, webhook_secret, created_by)
     values ($1, $2, $3, $4) on conflict (advertiser_id) do nothing returning ${COLUMNS}`,
    [advertiserId, domain, input.webhook_secret.trim(), createdBy],
  );
  if (!row) {
    throw new AppError(
      'conflict',
      'This advertiser is already connected to a Shopify store: change its domain or secret, or delete the connection first.',
    );
  }
  return toInfo(row);
}

/** Changes the domain or puts a new secret in place (a rotated signing key), effective for the next delivery. */
export async function updateShopConnection(
  db: Queryable,
  advertiserId: string,
  input: { shop_domain?: string; webhook_secret?: string },
): Promise<{ before: ShopConnectionInfo; after: ShopConnectionInfo }> {
  const before = await connectionRow(db, advertiserId);
  if (!before) throw notFound('Shop connection of advertiser', advertiserId);
  const domain = input.shop_domain === undefined ? before.shop_domain : checkDomain(input.shop_domain);
  const secret = input.webhook_secret?.trim();
  const [row] = await db.query<Row>(
    `update shop_connections set shop_domain = $2, webhook_secret = coalesce($3, webhook_secret),
       secret_rotated_at = case when $3::text is null then secret_rotated_at else now() end
     where advertiser_id = $1 returning ${COLUMNS}`,
    [advertiserId, domain, secret ?? null],
  );
  return { before: toInfo(before), after: toInfo(row!) };
}

export async function deleteShopConnection(db: Queryable, advertiserId: string): Promise<ShopConnectionInfo> {
  const [row] = await db.query<Row>(
    `delete from shop_connections where advertiser_id = $1 returning ${COLUMNS}`,
    [advertiserId],
  );
  if (!row) throw notFound('Shop connection of advertiser', advertiserId);
  return toInfo(row);
}

/** Whether a delivery with this X-Shopify-Webhook-Id has been stored already (Shopify retries until a 2xx). */
export async function deliveryStored(
  db: Queryable,
  advertiserId: string,
  webhookId: string,
): Promise<boolean> {
  const rows = await db.query(
    `select 1 from shop_webhook_deliveries where advertiser_id = $1 and webhook_id = $2 and outcome = 'stored'`,
    [advertiserId, webhookId],
  );
  return rows.length > 0;
}

export async function recordDelivery(
  db: Queryable,
  advertiserId: string,
  delivery: {
    webhookId: string | null;
    topic: string | null;
    shopDomain: string | null;
    outcome: DeliveryOutcome;
    detail: string;
  },
): Promise<void> {
  // Two copies of one delivery racing each other store the same rows twice (idempotent); the log keeps one.
  await db.query(
    `insert into shop_webhook_deliveries (advertiser_id, webhook_id, topic, shop_domain, outcome, detail)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [
      advertiserId,
      delivery.webhookId,
      delivery.topic?.slice(0, 100) ?? null,
      delivery.shopDomain?.slice(0, 255) ?? null,
      delivery.outcome,
      delivery.detail.slice(0, 2000),
    ],
  );
  await db.query(
    `delete from shop_webhook_deliveries where advertiser_id = $1 and delivery_id <= (
       select delivery_id from shop_webhook_deliveries where advertiser_id = $1
       order by delivery_id desc offset $2 limit 1)`,
    [advertiserId, DELIVERIES_KEPT],
  );
}

export async function listDeliveries(
  db: Queryable,
  advertiserId: string,
  limit = 100,
): Promise<WebhookDelivery[]> {
  const rows = await db.query<
    Omit<WebhookDelivery, 'delivery_id' | 'received_at'> & {
      delivery_id: bigint | string;
      received_at: Date;
    }
  >(
    `select delivery_id, webhook_id, topic, shop_domain, outcome, detail, received_at from shop_webhook_deliveries
     where advertiser_id = $1 order by delivery_id desc limit $2`,
    [advertiserId, limit],
  );
  return rows.map((r) => ({
    ...r,
    delivery_id: String(r.delivery_id),
    received_at: r.received_at.toISOString(),
  }));
}
