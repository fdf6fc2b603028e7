// The shop reconciliation's questions to the API: the reconciliation for a range, and — for a sandbox
// advertiser — the window replay. Shapes are the shared contract in src/shared/reconciliation-api.ts.
import { useQuery } from '@tanstack/react-query';
import type { ClickAttributionWindow, ViewAttributionWindow } from '../../../src/core/enums.ts';
import { ReconciliationResponse, WindowReplayResponse } from '../../../src/shared/reconciliation-api.ts';
import { apiPath, getJson } from './client.ts';

const advertiserPath = (advertiserId: string, rest: string) =>
  `/advertisers/${encodeURIComponent(advertiserId)}${rest}`;

export function useReconciliation(advertiserId: string, range: { from: string; to: string }) {
  return useQuery({
    queryKey: ['reconciliation', advertiserId, range.from, range.to],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(advertiserPath(advertiserId, '/reconciliation'), range),
        ReconciliationResponse,
        signal,
      ),
    placeholderData: (previous, query) => (query?.queryKey[1] === advertiserId ? previous : undefined),
  });
}

export function useWindowReplay(
  advertiserId: string,
  range: { from: string; to: string },
  windows: { click_window: ClickAttributionWindow; view_window: ViewAttributionWindow } | null,
) {
  return useQuery({
    queryKey: [
      'window-replay',
      advertiserId,
      range.from,
      range.to,
      windows?.click_window,
      windows?.view_window,
    ],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(advertiserPath(advertiserId, '/reconciliation/window-replay'), { ...range, ...windows }),
        WindowReplayResponse,
        signal,
      ),
    enabled: windows !== null,
  });
}
