// The creative library's calls: the library with results over a range, uploads (the file as the body, sent
// with XMLHttpRequest because fetch cannot report upload progress), and deleting a creative.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorResponse } from '../../../src/shared/api.ts';
import {
  CreativeAsset,
  CreativeDeleted,
  CreativeLibrary,
  CreativeUploaded,
} from '../../../src/shared/creatives-api.ts';
import { AUTH_KEY } from './auth.ts';
import { ApiError, apiPath, deleteJson, getJson } from './client.ts';

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
  const csrf = client.getQueryData<{ csrf_token: string | null }>(AUTH_KEY)?.csrf_token ?? null;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiPath(creativesPath(advertiserId), { file_name: file.name }));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () =>
      reject(
        new ApiError('Cannot reach the Adcockpit server. Check that it is running.', 0, 'network_error'),
      );
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: said below by the status.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = CreativeUploaded.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiError('The server sent data in an unexpected shape.', xhr.status, 'bad_response'));
        return;
      }
      const error = ErrorResponse.safeParse(body);
      reject(
        error.success
          ? new ApiError(
              error.data.error.message,
              xhr.status,
              error.data.error.code,
              error.data.error.details,
            )
          : new ApiError(`The server answered ${xhr.status}.`, xhr.status, 'http_error'),
      );
    };
    xhr.send(file);
  });
}
