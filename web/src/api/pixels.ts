// Assets → Pixels and Events: the advertiser's pixels with their counts, a pixel's events per name, its
// access tokens and its diagnostics. Writes refresh the lists they change.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  PixelDiagnostics,
  PixelEventSummary,
  PixelInfo,
  PixelList,
  PixelTokenCreated,
  PixelTokenInfo,
  PixelTokenList,
} from '../../../src/shared/pixels-api.ts';
import { apiPath, deleteJson, getJson, postJson } from './client.ts';

const id = (value: string) => encodeURIComponent(value);
const pixelsPath = (advertiserId: string) => `/advertisers/${id(advertiserId)}/pixels`;

/** Counts move as events arrive: the screen asks again every half minute while it is open. */
const REFRESH_MS = 30_000;

export function usePixelOverview(advertiserId: string) {
  return useQuery({
    queryKey: ['pixels', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(`${pixelsPath(advertiserId)}/overview`), PixelList, signal),
    refetchInterval: REFRESH_MS,
  });
}

export function useCreatePixel(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => postJson(apiPath(pixelsPath(advertiserId)), { name }, PixelInfo),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pixels', advertiserId] }),
  });
}

export function usePixelSummary(advertiserId: string, pixelId: string) {
  return useQuery({
    queryKey: ['pixel-summary', advertiserId, pixelId],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`${pixelsPath(advertiserId)}/${id(pixelId)}/events/summary`),
        PixelEventSummary,
        signal,
      ),
    refetchInterval: REFRESH_MS,
  });
}

export function usePixelTokens(advertiserId: string, pixelId: string) {
  return useQuery({
    queryKey: ['pixel-tokens', advertiserId, pixelId],
    queryFn: ({ signal }) =>
      getJson(apiPath(`${pixelsPath(advertiserId)}/${id(pixelId)}/tokens`), PixelTokenList, signal),
  });
}

export function useCreatePixelToken(advertiserId: string, pixelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      postJson(apiPath(`${pixelsPath(advertiserId)}/${id(pixelId)}/tokens`), { name }, PixelTokenCreated),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pixel-tokens', advertiserId, pixelId] }),
  });
}

export function useRevokePixelToken(advertiserId: string, pixelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      deleteJson(apiPath(`${pixelsPath(advertiserId)}/${id(pixelId)}/tokens/${id(tokenId)}`), PixelTokenInfo),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pixel-tokens', advertiserId, pixelId] }),
  });
}

export function usePixelDiagnostics(advertiserId: string, pixelId: string | null, days: number) {
  return useQuery({
    queryKey: ['pixel-diagnostics', advertiserId, pixelId, days],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`${pixelsPath(advertiserId)}/${id(pixelId!)}/diagnostics`, { days }),
        PixelDiagnostics,
        signal,
      ),
    enabled: pixelId !== null,
    refetchInterval: REFRESH_MS,
  });
}
