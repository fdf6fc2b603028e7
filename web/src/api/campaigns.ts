// The Campaign tab's questions and changes: the three levels' tables (paged, so thousands of ads load only
// as far as they are scrolled to), one entity for its edit form, creating, editing, switching on and off,
// duplicating, undoing; the audience estimate, budget rules, creatives, pixels and the person's column sets.
// Every write refreshes the tables of that advertiser.
import { useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  AdFields,
  AdGroupFields,
  AudienceEstimate,
  BudgetRules,
  BulkStatusResponse,
  CampaignFields,
  ColumnSets,
  CreativeList,
  DuplicateResponse,
  EntityListResponse,
  PixelList,
  UndoResponse,
  type AdCreate,
  type AdGroupCreate,
  type AdGroupUpdate,
  type AdUpdate,
  type CampaignCreate,
  type CampaignUpdate,
  type Level,
} from '../../../src/shared/campaigns-api.ts';
import { apiPath, deleteJson, getJson, patchJson, postJson, putJson } from './client.ts';
import type { DateRange } from '../lib/date-range.ts';

/** Rows per request: a screenful many times over, small enough to arrive quickly. */
export const PAGE_SIZE = 500;
const PREFETCH_ROWS = 150;

const enc = (value: string) => encodeURIComponent(value);
const base = (advertiserId: string) => `/advertisers/${enc(advertiserId)}`;

/** The list's question apart from paging: what the URL of the Campaign tab says. */
export interface ListQuery {
  range: DateRange;
  compareRange: DateRange | undefined;
  metrics: readonly string[];
  campaignIds: readonly string[];
  adgroupIds: readonly string[];
  status: readonly string[];
  objective: readonly string[];
  name: string;
  filters: readonly string[];
  sort: string | undefined;
}

function listKey(advertiserId: string, level: Level, query: ListQuery, page: number) {
  return [
    'entity-list',
    advertiserId,
    level,
    query.range.from,
    query.range.to,
    query.compareRange?.from ?? '',
    query.compareRange?.to ?? '',
    query.metrics.join(','),
    query.campaignIds.join(','),
    query.adgroupIds.join(','),
    query.status.join(','),
    query.objective.join(','),
    query.name,
    query.filters.join(','),
    query.sort ?? '',
    page,
  ] as const;
}

function fetchPage(advertiserId: string, level: Level, query: ListQuery, page: number, signal: AbortSignal) {
  return getJson(
    apiPath(`${base(advertiserId)}/${level}`, {
      from: query.range.from,
      to: query.range.to,
      compare_from: query.compareRange?.from,
      compare_to: query.compareRange?.to,
      metrics: query.metrics,
      campaign_ids: query.campaignIds.length ? query.campaignIds : undefined,
      adgroup_ids: query.adgroupIds.length ? query.adgroupIds : undefined,
      status: query.status.length ? query.status : undefined,
      objective: query.objective.length ? query.objective : undefined,
      name: query.name || undefined,
      filters: query.filters.length ? query.filters : undefined,
      sort: query.sort,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    }),
    EntityListResponse,
    signal,
  );
}

/** The pages that cover rows `first` to `last` on screen, the next one asked for a little before it shows. */
export function pagesFor(first: number, last: number): { firstPage: number; lastPage: number } {
  return {
    firstPage: Math.floor(Math.max(0, first) / PAGE_SIZE),
    lastPage: Math.floor(Math.max(0, last + PREFETCH_ROWS) / PAGE_SIZE),
  };
}

const isLaterPage = (key: readonly unknown[]) => {
  const page = key[key.length - 1];
  return key[0] === 'entity-list' && typeof page === 'number' && page > 0;
};

/**
 * The pages of one level's table in `wanted` (see pagesFor). The first page always loads: it carries
 * the totals and the row count. While a new question loads, the previous answer of the same advertiser
 * and level stays (dimmed by the caller), so the table does not jump. Nothing is asked before `enabled`.
 *
 * Later pages belong to the first: they are kept however long the table is scrolled, and asked again
 * only once the first page has been (after a change, or when the tab is opened again), so the pages on
 * screen always come from one listing.
 */
export function useEntityPages(
  advertiserId: string,
  level: Level,
  query: ListQuery,
  wanted: { firstPage: number; lastPage: number },
  enabled = true,
) {
  const client = useQueryClient();
  const pages = [0];
  for (let p = Math.max(1, wanted.firstPage); p <= wanted.lastPage; p++) pages.push(p);
  const head = useQuery({
    queryKey: listKey(advertiserId, level, query, 0),
    queryFn: ({ signal }) => fetchPage(advertiserId, level, query, 0, signal),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === advertiserId && previousQuery.queryKey[2] === level
        ? previous
        : undefined,
    enabled,
  });
  const headUpdatedAt = head.isPlaceholderData ? 0 : head.dataUpdatedAt;
  const headKey = listKey(advertiserId, level, query, 0);
  const headHash = JSON.stringify(headKey);
  useEffect(() => {
    if (!headUpdatedAt) return;
    const prefix = JSON.parse(headHash) as unknown[];
    void client.invalidateQueries({
      predicate: (q) =>
        isLaterPage(q.queryKey) &&
        q.queryKey.length === prefix.length &&
        prefix.slice(0, -1).every((part, i) => q.queryKey[i] === part) &&
        q.state.dataUpdatedAt < headUpdatedAt,
    });
  }, [client, headHash, headUpdatedAt]);
  const total = head.data?.total_rows ?? 0;
  const rest = useQueries({
    queries: pages
      .slice(1)
      .filter((p) => !head.data || head.isPlaceholderData || p * PAGE_SIZE < total)
      .map((p) => ({
        queryKey: listKey(advertiserId, level, query, p),
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchPage(advertiserId, level, query, p, signal),
        enabled: enabled && !!head.data && !head.isPlaceholderData,
        staleTime: Infinity,
      })),
  });
  const loaded = new Map<number, EntityListResponse>();
  if (head.data) loaded.set(0, head.data);
  rest.forEach((q, i) => {
    if (q.data) loaded.set(pages[i + 1]!, q.data);
  });
  return {
    head,
    loaded,
    fetching: head.isFetching || rest.some((q) => q.isFetching),
    error: head.error ?? rest.find((q) => q.error)?.error ?? null,
  };
}

const FIELDS = { campaigns: CampaignFields, adgroups: AdGroupFields, ads: AdFields } as const;
type FieldsOf<L extends Level> = z.infer<(typeof FIELDS)[L]>;

export function useEntity<L extends Level>(advertiserId: string, level: L, id: string | undefined) {
  return useQuery({
    queryKey: ['entity', advertiserId, level, id],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`${base(advertiserId)}/${level}/${enc(id ?? '')}`),
        FIELDS[level] as unknown as z.ZodType<FieldsOf<L>>,
        signal,
      ),
    enabled: !!id,
  });
}

/** Every table and entity of the advertiser may have changed (later pages follow their first page). */
function refresh(client: QueryClient, advertiserId: string): Promise<void> {
  return client.invalidateQueries({
    predicate: (q) =>
      (q.queryKey[0] === 'entity-list' || q.queryKey[0] === 'entity') &&
      q.queryKey[1] === advertiserId &&
      !isLaterPage(q.queryKey),
  });
}

function useWrite<V, R>(advertiserId: string, write: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => refresh(client, advertiserId),
  });
}

export function useCreateCampaign(advertiserId: string) {
  return useWrite(advertiserId, (body: z.input<typeof CampaignCreate> | CampaignCreate) =>
    postJson(apiPath(`${base(advertiserId)}/campaigns`), body, CampaignFields),
  );
}

export function useCreateAdGroup(advertiserId: string) {
  return useWrite(advertiserId, (body: Partial<AdGroupCreate>) =>
    postJson(apiPath(`${base(advertiserId)}/adgroups`), body, AdGroupFields),
  );
}

export function useCreateAd(advertiserId: string) {
  return useWrite(advertiserId, (body: Partial<AdCreate>) =>
    postJson(apiPath(`${base(advertiserId)}/ads`), body, AdFields),
  );
}

export type AnyUpdate = CampaignUpdate | AdGroupUpdate | AdUpdate;

export function useUpdateEntity(advertiserId: string) {
  return useWrite(advertiserId, ({ level, id, change }: { level: Level; id: string; change: AnyUpdate }) =>
    patchJson(apiPath(`${base(advertiserId)}/${level}/${enc(id)}`), change, FIELDS[level]),
  );
}

export function useBulkStatus(advertiserId: string) {
  return useWrite(
    advertiserId,
    ({ level, ids, status }: { level: Level; ids: string[]; status: 'ENABLE' | 'DISABLE' | 'DELETE' }) =>
      postJson(
        apiPath(`${base(advertiserId)}/${level}/status`),
        { ids, operation_status: status },
        BulkStatusResponse,
      ),
  );
}

export function useDuplicate(advertiserId: string) {
  return useWrite(advertiserId, ({ level, id }: { level: Level; id: string }) =>
    postJson(apiPath(`${base(advertiserId)}/${level}/${enc(id)}/duplicate`), {}, DuplicateResponse),
  );
}

export function useUndo(advertiserId: string) {
  return useWrite(advertiserId, () =>
    postJson(apiPath(`${base(advertiserId)}/changes/undo`), {}, UndoResponse),
  );
}

export interface AudienceQuestion {
  locations: string[];
  age_groups: string[];
  gender: string;
  interests: string[];
  audience_ids?: string[];
  excluded_audience_ids?: string[];
}

/** The audience size for the targeting being edited, asked once the typing has paused. */
export function useAudienceEstimate(advertiserId: string, question: AudienceQuestion, delayMs = 400) {
  const text = JSON.stringify(question);
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(text), delayMs);
    return () => window.clearTimeout(timer);
  }, [text, delayMs]);
  const body = JSON.parse(settled) as AudienceQuestion;
  const query = useQuery({
    queryKey: ['audience-estimate', advertiserId, settled],
    queryFn: () => postJson(apiPath(`${base(advertiserId)}/audience-estimate`), body, AudienceEstimate),
    enabled: body.locations.length > 0,
    placeholderData: (previous) => previous,
    staleTime: 5 * 60_000,
  });
  return { ...query, pending: settled !== text || query.isFetching };
}

export function useBudgetRules(advertiserId: string) {
  return useQuery({
    queryKey: ['budget-rules', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(`${base(advertiserId)}/budget-rules`), BudgetRules, signal),
    staleTime: Infinity,
  });
}

export function useCreatives(advertiserId: string) {
  return useQuery({
    queryKey: ['creatives', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(`${base(advertiserId)}/creatives`), CreativeList, signal),
    staleTime: 60_000,
  });
}

export function usePixels(advertiserId: string) {
  return useQuery({
    queryKey: ['pixels', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(`${base(advertiserId)}/pixels`), PixelList, signal),
    staleTime: 60_000,
  });
}

// ---- Column sets (per person, not per advertiser) ----

const COLUMN_SETS_KEY = ['column-sets'] as const;

export function useColumnSets() {
  return useQuery({
    queryKey: COLUMN_SETS_KEY,
    queryFn: ({ signal }) => getJson(apiPath('/me/column-sets'), ColumnSets, signal),
    staleTime: Infinity,
  });
}

function useColumnSetsWrite<V>(write: (vars: V) => Promise<ColumnSets>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (sets) => client.setQueryData(COLUMN_SETS_KEY, sets),
  });
}

export function useSaveColumnSet() {
  return useColumnSetsWrite((body: { name: string; metrics: string[] }) =>
    postJson(apiPath('/me/column-sets'), body, ColumnSets),
  );
}

export function useDeleteColumnSet() {
  return useColumnSetsWrite((name: string) =>
    deleteJson(apiPath(`/me/column-sets/${enc(name)}`), ColumnSets),
  );
}

export function useColumnPreferences() {
  return useColumnSetsWrite((prefs: { chosen?: string; widths?: Record<string, number> }) =>
    putJson(apiPath('/me/column-preferences'), prefs, ColumnSets),
  );
}

/** The campaigns or ad groups to choose a parent from in a form (not deleted), by name. */
export function useParentOptions(advertiserId: string, level: 'campaigns' | 'adgroups', range: DateRange) {
  return useQuery({
    queryKey: ['entity-list', advertiserId, level, 'options', range.from, range.to],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`${base(advertiserId)}/${level}`, {
          from: range.from,
          to: range.to,
          metrics: ['spend'],
          status: ['ENABLE', 'DISABLE'],
          sort: 'name:asc',
          limit: 10_000,
        }),
        EntityListResponse,
        signal,
      ),
    staleTime: 30_000,
  });
}
