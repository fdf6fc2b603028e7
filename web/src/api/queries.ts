// The dashboard's questions to the API. Query keys hold every parameter, so the cache never mixes ranges
// or advertisers; previous data stays on screen while a new range loads, so nothing jumps.
import { useQuery } from '@tanstack/react-query';
import {
  AdvertiserList,
  MetricList,
  SummaryResponse,
  TopResponse,
  TrendResponse,
  type TopLevel,
} from '../../../src/shared/api.ts';
import { apiPath, getJson } from './client.ts';
import type { DateRange } from '../lib/date-range.ts';

/**
 * While a new range loads, keep showing the old numbers (dimmed) so the layout holds still, but never
 * another advertiser's: their currency and scale would be misleading for that moment. The advertiser id
 * is the second element of every key below.
 */
function sameAdvertiser(
  advertiserId: string | undefined,
  previousKey: readonly unknown[] | undefined,
): boolean {
  return previousKey?.[1] === advertiserId;
}

export function useMetrics() {
  return useQuery({
    queryKey: ['metrics'],
    queryFn: ({ signal }) => getJson(apiPath('/metrics'), MetricList, signal),
    staleTime: Infinity,
  });
}

export function useAdvertisers() {
  return useQuery({
    queryKey: ['advertisers'],
    queryFn: ({ signal }) => getJson(apiPath('/advertisers'), AdvertiserList, signal),
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
}

export function useSummary(
  advertiserId: string | undefined,
  range: DateRange | undefined,
  compare: boolean,
  metrics: readonly string[],
) {
  return useQuery({
    queryKey: ['summary', advertiserId, range?.from, range?.to, compare, metrics.join(',')],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`/advertisers/${encodeURIComponent(advertiserId ?? '')}/summary`, {
          from: range?.from,
          to: range?.to,
          compare: compare ? 'previous' : 'none',
          metrics,
        }),
        SummaryResponse,
        signal,
      ),
    enabled: !!advertiserId && !!range,
    placeholderData: (previous, query) =>
      sameAdvertiser(advertiserId, query?.queryKey) ? previous : undefined,
  });
}

export function useTrend(
  advertiserId: string | undefined,
  range: DateRange | undefined,
  metrics: readonly string[],
) {
  return useQuery({
    queryKey: ['trend', advertiserId, range?.from, range?.to, metrics.join(',')],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`/advertisers/${encodeURIComponent(advertiserId ?? '')}/trend`, {
          from: range?.from,
          to: range?.to,
          metrics,
          grain: 'day',
        }),
        TrendResponse,
        signal,
      ),
    enabled: !!advertiserId && !!range && metrics.length > 0,
    placeholderData: (previous, query) =>
      sameAdvertiser(advertiserId, query?.queryKey) ? previous : undefined,
  });
}

export function useTop(
  advertiserId: string | undefined,
  level: TopLevel,
  range: DateRange | undefined,
  metrics: readonly string[],
  sort = 'spend',
  limit = 10,
) {
  return useQuery({
    queryKey: ['top', advertiserId, level, range?.from, range?.to, metrics.join(','), sort, limit],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`/advertisers/${encodeURIComponent(advertiserId ?? '')}/top`, {
          level,
          from: range?.from,
          to: range?.to,
          metrics,
          sort,
          direction: 'desc',
          limit,
        }),
        TopResponse,
        signal,
      ),
    enabled: !!advertiserId && !!range,
    placeholderData: (previous, query) =>
      sameAdvertiser(advertiserId, query?.queryKey) ? previous : undefined,
  });
}
