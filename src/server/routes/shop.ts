// The shop behind an advertiser: its Shopify connection (domain and webhook signing secret), the log of
// webhook deliveries, the orders CSV import, and the webhook endpoint Shopify posts to. The import and the
// webhook live in scopes of their own: one reads text/csv, the other needs the raw bytes of the body,
// since the signature is over them and not over the JSON re-serialised.
import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../../access/audit.ts';
import type { AppContext } from '../../app-context.ts';
import {
  createShopConnection,
  deleteShopConnection,
  getShopConnection,
  listDeliveries,
  updateShopConnection,
} from '../../catalog/shop-connections.ts';
import { AppError, notFound } from '../../core/errors.ts';
import { importOrdersFile } from '../../sources/shop/import-orders.ts';
import {
  ConnectionCreate,
  ConnectionUpdate,
  DeliveryList,
  OrderListQuery,
  OrdersImported,
  ShopConnection,
  ShopOrderPage,
  WebhookAnswer,
} from '../../shared/shop-api.ts';
import { listShopOrders } from '../../sources/shop/list-orders.ts';
import { receiveShopifyWebhook } from '../../sources/shop/webhook.ts';
import { advertiserOr404, checkRange } from './advertiser-guards.ts';
import { type RouteDef, defineRoute, registerRoutes } from '../route.ts';

const base = '/api/v1/advertisers/:advertiserId/shop';
export const SHOPIFY_WEBHOOK_PATH = '/webhooks/shopify/:advertiserId';
/** A year of a busy shop's export (about 50,000 line items) fits. */
const MAX_CSV_BYTES = 64 * 1024 * 1024;
/** Shopify's order payloads are tens of kilobytes; a large order with many lines stays far below this. */
const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });

const webhookPath = (advertiserId: string): string =>
  SHOPIFY_WEBHOOK_PATH.replace(':advertiserId', encodeURIComponent(advertiserId));

const getConnectionRoute = defineRoute({
  method: 'GET',
  url: `${base}/connection`,
  access: { advertiser: 'view' },
  summary:
    'The Shopify store connected to the advertiser (its secret only as a hint), or 404 when there is none.',
  tag: 'shop',
  params: AdvertiserParams,
  response: ShopConnection,
  handler: async ({ params }, ctx) => {
    const connection = await getShopConnection(ctx.catalog, params.advertiserId);
    if (!connection) throw notFound('Shop connection of advertiser', params.advertiserId);
    return { ...connection, webhook_path: webhookPath(params.advertiserId) };
  },
});

const createConnectionRoute = defineRoute({
  method: 'POST',
  url: `${base}/connection`,
  access: { advertiser: 'edit' },
  summary:
    'Connects a Shopify store: its domain and webhook signing secret. Order webhooks are then verified with the secret (409 if one is connected).',
  tag: 'shop',
  params: AdvertiserParams,
  body: ConnectionCreate,
  response: ShopConnection,
  handler: async ({ params, body, principal }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    const actor = principal!.actor;
    const created = await ctx.catalog.transaction(async (tx) => {
      const connection = await createShopConnection(tx, params.advertiserId, body, actor.label);
      await audit(tx, actor, {
        action: 'shop_connection.create',
        targetType: 'shop_connection',
        targetId: params.advertiserId,
        advertiserId: params.advertiserId,
        after: connection,
      });
      return connection;
    });
    return { ...created, webhook_path: webhookPath(params.advertiserId) };
  },
});

const updateConnectionRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/connection`,
  access: { advertiser: 'edit' },
  summary:
    'Changes the store’s domain or rotates its webhook secret; deliveries signed with the old secret are refused from now on.',
  tag: 'shop',
  params: AdvertiserParams,
  body: ConnectionUpdate,
  response: ShopConnection,
  handler: async ({ params, body, principal }, ctx) => {
    const actor = principal!.actor;
    const after = await ctx.catalog.transaction(async (tx) => {
      const change = await updateShopConnection(tx, params.advertiserId, body);
      await audit(tx, actor, {
        action:
          body.webhook_secret === undefined ? 'shop_connection.update' : 'shop_connection.rotate_secret',
        targetType: 'shop_connection',
        targetId: params.advertiserId,
        advertiserId: params.advertiserId,
        before: change.before,
        after: change.after,
      });
      return change.after;
    });
    return { ...after, webhook_path: webhookPath(params.advertiserId) };
  },
});

const deleteConnectionRoute = defineRoute({
  method: 'DELETE',
  url: `${base}/connection`,
  access: { advertiser: 'edit' },
  summary: 'Disconnects the store: its webhooks are answered 404 from now on. Stored orders stay.',
  tag: 'shop',
  params: AdvertiserParams,
  response: z.object({ deleted: z.literal(true) }),
  handler: async ({ params, principal }, ctx) => {
    const actor = principal!.actor;
    await ctx.catalog.transaction(async (tx) => {
      const removed = await deleteShopConnection(tx, params.advertiserId);
      await audit(tx, actor, {
        action: 'shop_connection.delete',
        targetType: 'shop_connection',
        targetId: params.advertiserId,
        advertiserId: params.advertiserId,
        before: removed,
      });
    });
    return { deleted: true as const };
  },
});

const deliveriesRoute = defineRoute({
  method: 'GET',
  url: `${base}/webhooks`,
  access: { advertiser: 'view' },
  summary:
    'The latest webhook deliveries from the store, newest first: stored, duplicate, ignored topic, refused payload, or rejected signature.',
  tag: 'shop',
  params: AdvertiserParams,
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  response: DeliveryList,
  handler: async ({ params, query }, ctx) => ({
    deliveries: await listDeliveries(ctx.catalog, params.advertiserId, query.limit),
  }),
});

const ordersRoute = defineRoute({
  method: 'GET',
  url: `${base}/orders`,
  access: { advertiser: 'view' },
  summary:
    'The shop’s orders created on the dates (the advertiser’s clock), newest first, a page at a time (offset, limit), with the whole range’s totals per currency, refunds and cancellations.',
  tag: 'shop',
  params: AdvertiserParams,
  query: OrderListQuery,
  response: ShopOrderPage,
  handler: async ({ params, query }, ctx) => {
    checkRange(query);
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    return listShopOrders(ctx.facts, advertiser, query);
  },
});

const importRoute = defineRoute({
  method: 'POST',
  url: `${base}/orders/import`,
  access: { advertiser: 'edit' },
  summary:
    'Imports a Shopify orders export (the CSV of Orders → Export, sent as text/csv). The whole file or nothing: a file with bad rows answers 400 with each row’s line number and reason. Orders stored before are replaced by the file’s version.',
  tag: 'shop',
  params: AdvertiserParams,
  body: z.string(),
  response: OrdersImported,
  handler: async ({ params, body, principal }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return importOrdersFile(ctx, principal!.actor, params.advertiserId, body);
  },
});

const webhookRoute = defineRoute({
  method: 'POST',
  url: SHOPIFY_WEBHOOK_PATH,
  access: 'public',
  summary:
    'Shopify order webhooks (orders/create, orders/updated, orders/cancelled, orders/paid, refunds/create), signed with X-Shopify-Hmac-Sha256. 200 once the order is stored (or the X-Shopify-Webhook-Id was stored before, or the topic is not used); 401 for a bad or missing signature (logged); 404 when no store is connected; 422 for a payload that cannot be read.',
  tag: 'shop',
  params: AdvertiserParams,
  // The bytes as sent (the signature is over them); a request without a body has empty bytes, which no
  // signature matches, so it is refused and logged like any unsigned one.
  body: z
    .unknown()
    .transform((raw) => (Buffer.isBuffer(raw) ? raw : Buffer.alloc(0)))
    .describe('The order or refund resource as JSON, exactly as Shopify signed it.'),
  response: WebhookAnswer,
  handler: async ({ params, body, request, reply }, ctx) => {
    // Shopify's newer event deliveries drop the X- prefix; Fastify has lower-cased every name already.
    const header = (name: string): string | undefined => {
      const value = request.headers[`x-shopify-${name}`] ?? request.headers[`shopify-${name}`];
      return Array.isArray(value) ? value[0] : value;
    };
    const answer = await receiveShopifyWebhook(ctx.catalog, ctx.facts, {
      advertiserId: params.advertiserId,
      body,
      hmac: header('hmac-sha256'),
      topic: header('topic'),
      webhookId: header('webhook-id'),
      shopDomain: header('shop-domain'),
    });
    reply.status(answer.status);
    return { outcome: answer.outcome, message: answer.message, problems: answer.problems };
  },
});

export const shopRoutes: RouteDef[] = [
  getConnectionRoute,
  createConnectionRoute,
  updateConnectionRoute,
  deleteConnectionRoute,
  deliveriesRoute,
  ordersRoute,
];

/** For the OpenAPI document; registered by registerShopScopes, not with the JSON API's routes. */
export const shopScopedRoutes: RouteDef[] = [importRoute, webhookRoute];

export function registerShopScopes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      // Windows reports a .csv file as Excel's type when Excel is installed; browsers upload it so.
      ['text/csv', 'application/csv', 'application/vnd.ms-excel'],
      { parseAs: 'string', bodyLimit: MAX_CSV_BYTES },
      (_request, text, done) => done(null, text),
    );
    scope.setErrorHandler(bodyErrors('Send the Shopify export as text/csv.', MAX_CSV_BYTES));
    registerRoutes(scope, ctx, [importRoute]);
  });
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES },
      (_request, raw, done) => done(null, raw),
    );
    scope.setErrorHandler(
      bodyErrors('Send the webhook body as Shopify does (application/json).', MAX_WEBHOOK_BYTES),
    );
    registerRoutes(scope, ctx, [webhookRoute]);
  });
}

/** Body faults in the scopes' own words; everything else goes to the app's error handler. */
function bodyErrors(typeHint: string, limit: number) {
  return (
    error: FastifyError,
    _request: unknown,
    reply: { status(code: number): { send(body: unknown): unknown } },
  ) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const message = `The body is larger than ${Math.round(limit / 1024 / 1024)} MB.`;
      return reply
        .status(413)
        .send(new AppError('validation_failed', message, [{ field: 'body', message }]).toJSON());
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_EMPTY_TYPE') {
      return reply
        .status(415)
        .send(
          new AppError('validation_failed', typeHint, [
            { field: 'content-type', message: typeHint },
          ]).toJSON(),
        );
    }
    throw error;
  };
}
