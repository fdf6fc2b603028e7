// The shop's calls: its Shopify connection (read, connect, rotate the secret, disconnect), the webhook
// delivery log, the orders of a date range a page at a time, and the orders CSV import (the file itself
// as a text/csv body). The shapes are those the shop routes answer with; writes refresh what they change.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ErrorResponse } from '../../../src/shared/api.ts';
import { AUTH_KEY } from './auth.ts';
import { ApiError, apiPath, deleteJson, getJson, patchJson, postJson } from './client.ts';

export const ShopConnection = z.object({
  advertiser_id: z.string(),
  shop_domain: z.string(),
  secret_hint: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  secret_rotated_at: z.string(),
  webhook_path: z.string(),
});
export type ShopConnection = z.infer<typeof ShopConnection>;

export const DeliveryOutcome = z.enum(['stored', 'duplicate', 'ignored', 'refused', 'rejected']);
export type DeliveryOutcome = z.infer<typeof DeliveryOutcome>;
const DeliveryList = z.object({
  deliveries: z.array(
    z.object({
      delivery_id: z.string(),
      webhook_id: z.string().nullable(),
      topic: z.string().nullable(),
      shop_domain: z.string().nullable(),
      outcome: DeliveryOutcome,
      detail: z.string(),
      received_at: z.string(),
    }),
  ),
});
export type WebhookDelivery = z.infer<typeof DeliveryList>['deliveries'][number];

const ShopOrderPage = z.object({
  orders: z.array(
    z.object({
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
      has_ttclid: z.boolean(),
    }),
  ),
  total_orders: z.number(),
  cancelled_orders: z.number(),
  orders_with_ttclid: z.number(),
  totals: z.array(
    z.object({ currency: z.string(), orders: z.number(), total: z.number(), refunded: z.number() }),
  ),
  offset: z.number(),
  limit: z.number(),
  next_offset: z.number().nullable(),
});
export type ShopOrderPage = z.infer<typeof ShopOrderPage>;
export type ShopOrderRow = ShopOrderPage['orders'][number];

export const ImportSummary = z.object({
  rows: z.number(),
  orders: z.number(),
  new_orders: z.number(),
  replaced_orders: z.number(),
  kept_newer: z.number(),
  refunds: z.number(),
  refunded: z.number(),
  totals: z.array(z.object({ currency: z.string(), total: z.number() })),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

const shopPath = (advertiserId: string, rest = '') =>
  `/advertisers/${encodeURIComponent(advertiserId)}/shop${rest}`;

/** Deliveries and orders arrive while the screen is open: it asks again every quarter minute. */
const REFRESH_MS = 15_000;

/** The connection, or null when no store is connected (the API's 404). */
export function useShopConnection(advertiserId: string) {
  return useQuery({
    queryKey: ['shop-connection', advertiserId],
    queryFn: async ({ signal }) => {
      try {
        return await getJson(apiPath(shopPath(advertiserId, '/connection')), ShopConnection, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

function refreshConnection(client: QueryClient, advertiserId: string) {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['shop-connection', advertiserId] }),
    client.invalidateQueries({ queryKey: ['shop-deliveries', advertiserId] }),
  ]);
}

export function useConnectShop(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { shop_domain: string; webhook_secret: string }) =>
      postJson(apiPath(shopPath(advertiserId, '/connection')), body, ShopConnection),
    onSuccess: () => refreshConnection(client, advertiserId),
  });
}

export function useRotateShopSecret(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (webhookSecret: string) =>
      patchJson(
        apiPath(shopPath(advertiserId, '/connection')),
        { webhook_secret: webhookSecret },
        ShopConnection,
      ),
    onSuccess: () => refreshConnection(client, advertiserId),
  });
}

export function useDisconnectShop(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      deleteJson(apiPath(shopPath(advertiserId, '/connection')), z.object({ deleted: z.literal(true) })),
    onSuccess: () => refreshConnection(client, advertiserId),
  });
}

export function useShopDeliveries(advertiserId: string, limit: number) {
  return useQuery({
    queryKey: ['shop-deliveries', advertiserId, limit],
    queryFn: ({ signal }) =>
      getJson(apiPath(shopPath(advertiserId, '/webhooks'), { limit }), DeliveryList, signal),
    refetchInterval: REFRESH_MS,
  });
}

export function useShopOrders(
  advertiserId: string,
  page: { from: string; to: string; offset: number; limit: number },
) {
  return useQuery({
    queryKey: ['shop-orders', advertiserId, page.from, page.to, page.offset, page.limit],
    queryFn: ({ signal }) => getJson(apiPath(shopPath(advertiserId, '/orders'), page), ShopOrderPage, signal),
    refetchInterval: REFRESH_MS,
    // The previous page stays on screen while the next loads, so the table does not jump.
    placeholderData: (previous, query) => (query?.queryKey[1] === advertiserId ? previous : undefined),
  });
}

/**
 * Sends the export as Shopify wrote it (text/csv). Rejects with the server's ApiError, whose details name
 * each refused line and column.
 */
export function useImportOrders(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File): Promise<ImportSummary> => {
      const csrf = client.getQueryData<{ csrf_token: string | null }>(AUTH_KEY)?.csrf_token ?? null;
      const headers: Record<string, string> = { 'content-type': 'text/csv', accept: 'application/json' };
      if (csrf) headers['x-csrf-token'] = csrf;
      let response: Response;
      try {
        response = await fetch(apiPath(shopPath(advertiserId, '/orders/import')), {
          method: 'POST',
          headers,
          credentials: 'same-origin',
          body: file,
        });
      } catch {
        throw new ApiError(
          'Cannot reach the Adcockpit server. Check that it is running.',
          0,
          'network_error',
        );
      }
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const error = ErrorResponse.safeParse(body);
        throw error.success
          ? new ApiError(
              error.data.error.message,
              response.status,
              error.data.error.code,
              error.data.error.details,
            )
          : new ApiError(`The server answered ${response.status}.`, response.status, 'http_error');
      }
      const parsed = ImportSummary.safeParse(body);
      if (!parsed.success) {
        throw new ApiError('The server sent data in an unexpected shape.', response.status, 'bad_response');
      }
      return parsed.data;
    },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['shop-orders', advertiserId] }),
        client.invalidateQueries({ queryKey: ['reconciliation', advertiserId] }),
      ]),
  });
}
