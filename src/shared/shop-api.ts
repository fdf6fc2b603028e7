// The shop's API: its Shopify connection, the webhook delivery log, the orders list and the orders import,
// shared by the server's routes, the web app and the command line.
import { z } from 'zod';
import { isIsoDate } from '../core/dates.ts';

export const ShopConnection = z.object({
  advertiser_id: z.string(),
  shop_domain: z.string(),
  secret_hint: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  secret_rotated_at: z.string(),
  webhook_path: z
    .string()
    .describe('Where Shopify should send the order webhooks (after this server’s address).'),
});
export type ShopConnection = z.infer<typeof ShopConnection>;

export const ConnectionCreate = z.object({
  shop_domain: z.string().min(1).max(255).describe('The store’s *.myshopify.com domain.'),
  webhook_secret: z
    .string()
    .min(8)
    .max(500)
    .describe(
      'Shopify’s webhook signing secret (Settings → Notifications → Webhooks) or the app’s client secret.',
    ),
});
export const ConnectionUpdate = ConnectionCreate.partial().refine(
  (b) => b.shop_domain !== undefined || b.webhook_secret !== undefined,
  { message: 'Give shop_domain, webhook_secret or both.' },
);
export const DeliveryOutcome = z.enum(['stored', 'duplicate', 'ignored', 'refused', 'rejected']);
export type DeliveryOutcome = z.infer<typeof DeliveryOutcome>;

export const Delivery = z.object({
  delivery_id: z.string(),
  webhook_id: z.string().nullable(),
  topic: z.string().nullable(),
  shop_domain: z.string().nullable(),
  outcome: DeliveryOutcome,
  detail: z.string(),
  received_at: z.string(),
});
export const DeliveryList = z.object({ deliveries: z.array(Delivery) });
export type WebhookDelivery = z.infer<typeof Delivery>;

/** What an orders import stored (money in currency units). */
export const OrdersImported = z.object({
  rows: z.number().int(),
  orders: z.number().int(),
  new_orders: z.number().int(),
  replaced_orders: z.number().int(),
  kept_newer: z
    .number()
    .int()
    .describe(
      'Orders left as stored because the stored version (a webhook’s update) is newer than the file’s.',
    ),
  refunds: z.number().int(),
  refunded: z.number(),
  totals: z.array(z.object({ currency: z.string(), total: z.number() })),
});
const isoDate = z.string().refine(isIsoDate, 'expected a date as YYYY-MM-DD');
export type OrdersImported = z.infer<typeof OrdersImported>;

export const OrderListQuery = z.object({
  from: isoDate.describe('First day, on the advertiser’s clock.'),
  to: isoDate.describe('Last day, on the advertiser’s clock (included).'),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ShopOrderListItem = z.object({
  order_id: z.string(),
  order_name: z.string(),
  created_at: z.string(),
  cancelled_at: z.string().nullable(),
  total: z.number(),
  currency: z.string(),
  financial_status: z.string().nullable(),
  refunded: z.number(),
  source: z.enum(['shopify_csv', 'shopify_webhook', 'sandbox']),
  landing_site: z.string().nullable(),
  has_ttclid: z.boolean().describe('Whether the landing URL carries a TikTok click id (ttclid).'),
});
export const ShopOrderPage = z.object({
  orders: z.array(ShopOrderListItem),
  total_orders: z.number().int(),
  cancelled_orders: z.number().int(),
  orders_with_ttclid: z.number().int(),
  totals: z.array(
    z.object({ currency: z.string(), orders: z.number().int(), total: z.number(), refunded: z.number() }),
  ),
  offset: z.number().int(),
  limit: z.number().int(),
  next_offset: z.number().int().nullable(),
});
export type ShopOrderPage = z.infer<typeof ShopOrderPage>;
export type ShopOrderRow = ShopOrderPage['orders'][number];

export const WebhookAnswer = z.object({
  outcome: z.enum(['stored', 'duplicate', 'ignored', 'refused', 'rejected', 'unknown_shop']),
  message: z.string(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
