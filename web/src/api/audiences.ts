// Assets → Audiences' calls: the list, the countries a lookalike can be built in, creating each kind
// (a customer file is the request body, sent with XMLHttpRequest for its upload progress), the live size of
// a website rule being edited, renaming and deleting. Writes refresh the list and the ad group form's
// estimate, which depends on audience sizes.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  Audience,
  AudienceDeleted,
  AudienceList,
  type AudienceUpdate,
  type CustomerFileUploadQuery,
  type LookalikeAudienceCreate,
  LookalikeCountries,
  type WebsiteAudienceCreate,
  type WebsiteRuleInput,
  WebsiteRulePreview,
} from '../../../src/shared/audiences-api.ts';
import { apiPath, deleteJson, getJson, patchJson, postJson } from './client.ts';
import { uploadFile } from './upload.ts';

const audiencesPath = (advertiserId: string) => `/advertisers/${encodeURIComponent(advertiserId)}/audiences`;
const audiencePath = (advertiserId: string, audienceId: string) =>
  `${audiencesPath(advertiserId)}/${encodeURIComponent(audienceId)}`;

/** Website audiences grow as events arrive: the list is asked again every minute while it is open. */
const REFRESH_MS = 60_000;

export function useAudiences(advertiserId: string, options: { refresh?: boolean } = {}) {
  return useQuery({
    queryKey: ['audiences', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(audiencesPath(advertiserId)), AudienceList, signal),
    refetchInterval: options.refresh ? REFRESH_MS : false,
    staleTime: 30_000,
  });
}

export function useLookalikeCountries(advertiserId: string) {
  return useQuery({
    queryKey: ['lookalike-countries', advertiserId],
    queryFn: ({ signal }) =>
      getJson(apiPath(`${audiencesPath(advertiserId)}/lookalike-countries`), LookalikeCountries, signal),
    staleTime: Infinity,
  });
}

/** After a change, the list and every estimate that may name an audience are asked again. */
export function refreshAudiences(client: QueryClient, advertiserId: string): Promise<unknown> {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['audiences', advertiserId] }),
    client.invalidateQueries({ queryKey: ['audience-estimate', advertiserId] }),
  ]);
}

export function useCreateWebsiteAudience(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WebsiteAudienceCreate) =>
      postJson(apiPath(`${audiencesPath(advertiserId)}/website`), body, Audience),
    onSuccess: () => refreshAudiences(client, advertiserId),
  });
}

export function useCreateLookalike(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LookalikeAudienceCreate) =>
      postJson(apiPath(`${audiencesPath(advertiserId)}/lookalike`), body, Audience),
    onSuccess: () => refreshAudiences(client, advertiserId),
  });
}

export function useUpdateAudience(advertiserId: string, audienceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: AudienceUpdate) =>
      patchJson(apiPath(audiencePath(advertiserId, audienceId)), change, Audience),
    onSuccess: () => refreshAudiences(client, advertiserId),
  });
}

export function useDeleteAudience(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (audienceId: string) =>
      deleteJson(apiPath(audiencePath(advertiserId, audienceId)), AudienceDeleted),
    onSuccess: () => refreshAudiences(client, advertiserId),
  });
}

/**
 * The size a website rule would have, asked once the editing has paused for `delayMs`; the last answer
 * stays on screen while the next is on its way. `rule` null asks nothing (the rule is not complete).
 */
export function useWebsiteRulePreview(advertiserId: string, rule: WebsiteRuleInput | null, delayMs = 500) {
  const text = rule ? JSON.stringify(rule) : null;
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(text), delayMs);
    return () => window.clearTimeout(timer);
  }, [text, delayMs]);
  const query = useQuery({
    queryKey: ['website-rule-preview', advertiserId, settled],
    queryFn: () =>
      postJson(
        apiPath(`${audiencesPath(advertiserId)}/website/preview`),
        JSON.parse(settled!) as unknown,
        WebsiteRulePreview,
      ),
    enabled: settled !== null,
    placeholderData: (previous) => previous,
    staleTime: 30_000,
    retry: false,
  });
  return { ...query, pending: settled !== text || query.isFetching };
}

/**
 * Sends a customer file as the body of one request; `onProgress` gets the share sent (0–1), after which
 * the server reads, normalises and hashes it. Rejects with the server's own ApiError.
 */
export function uploadCustomerFile(
  client: QueryClient,
  advertiserId: string,
  file: File,
  query: Omit<CustomerFileUploadQuery, 'file_name' | 'retention_days'> & { retention_days: number },
  onProgress: (sent: number) => void,
): Promise<Audience> {
  return uploadFile(
    client,
    apiPath(`${audiencesPath(advertiserId)}/customer-file`, {
      name: query.name,
      file_name: file.name,
      id_type: query.id_type,
      default_country: query.default_country,
      retention_days: query.retention_days,
    }),
    file,
    Audience,
    onProgress,
  );
}
