// The creative library's calls: the library with results over a range, uploads (the file as the body, sent
// with XMLHttpRequest because fetch cannot report upload progress), and deleting a creative.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CreativeAsset,
  CreativeDeleted,
  CreativeLibrary,
  CreativeUploaded,
} from '../../../src/shared/creatives-api.ts';
import { apiPath, deleteJson, getJson } from './client.ts';
import { uploadFile } from './upload.ts';

const creativesPath = (advertiserId: string) => `/advertisers/${encodeURIComponent(advertiserId)}/creatives`;

export function useCreativeLibrary(advertiserId: string, range: { from: string; to: string } | undefined) {
  return useQuery({
    queryKey: ['creative-library', advertiserId, range?.from, range?.to],
    queryFn: ({ signal }) =>
      getJson(apiPath(`${creativesPath(advertiserId)}/library`, { ...range }), CreativeLibrary, signal),
    enabled: !!range,
    placeholderData: (previous) => previous,
  });
}

/** One creative's file addresses and properties (no results), e.g. for the ad preview. */
export function useCreativeAsset(advertiserId: string, creativeId: string | undefined) {
  return useQuery({
    queryKey: ['creative', advertiserId, creativeId],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(`${creativesPath(advertiserId)}/${encodeURIComponent(creativeId!)}`),
        CreativeAsset,
        signal,
      ),
    enabled: !!creativeId,
    staleTime: 60_000,
  });
}

/** After a change, the library and the ad form's list of creatives are asked again. */
export function refreshCreatives(client: QueryClient, advertiserId: string): Promise<unknown> {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['creative-library', advertiserId] }),
    client.invalidateQueries({ queryKey: ['creatives', advertiserId] }),
  ]);
}

export function useDeleteCreative(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (creativeId: string) =>
      deleteJson(
        apiPath(`${creativesPath(advertiserId)}/${encodeURIComponent(creativeId)}`),
        CreativeDeleted,
      ),
    onSuccess: () => refreshCreatives(client, advertiserId),
  });
}

/** Sends one file; `onProgress` gets the share sent (0–1). Rejects with the server's own ApiError. */
export function uploadCreativeFile(
  client: QueryClient,
  advertiserId: string,
  file: File,
  onProgress: (sent: number) => void,
): Promise<CreativeUploaded> {
  return uploadFile(
    client,
    apiPath(creativesPath(advertiserId), { file_name: file.name }),
    file,
    CreativeUploaded,
    onProgress,
  );
}
