// The shop's calls: its Shopify connection (read, connect, rotate the secret, disconnect), the webhook
// delivery log, the orders of a date range a page at a time, and the orders CSV import (the file itself
// as a text/csv body). The shapes are those the shop routes answer with; writes refresh what they change.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ErrorResponse } from '../../../src/shared/api.ts';
import { DeliveryList, OrdersImported, ShopConnection, ShopOrderPage } from '../../../src/shared/shop-api.ts';

export type {
  DeliveryOutcome,
  OrdersImported,
  ShopConnection,
  ShopOrderRow,
  WebhookDelivery,
} from '../../../src/shared/shop-api.ts';
import { AUTH_KEY } from './auth.ts';
import { ApiError, apiPath, deleteJson, getJson, patchJson, postJson } from './client.ts';

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
    mutationFn: async (file: File): Promise<OrdersImported> => {
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
      const parsed = OrdersImported.safeParse(body);
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
