// A file sent as the body of one POST with XMLHttpRequest, because fetch cannot report upload progress.
// Answers and errors are read the way client.ts reads them, so an upload fails with the server's own ApiError.
import type { QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ErrorResponse } from '../../../src/shared/api.ts';
import { AUTH_KEY } from './auth.ts';
import { ApiError } from './client.ts';

/** Posts `file` to `path` (already an API path); `onProgress` gets the share sent (0–1). */
export function uploadFile<S extends z.ZodType>(
  client: QueryClient,
  path: string,
  file: File,
  schema: S,
  onProgress: (sent: number) => void,
): Promise<z.infer<S>> {
  const csrf = client.getQueryData<{ csrf_token: string | null }>(AUTH_KEY)?.csrf_token ?? null;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
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
        const parsed = schema.safeParse(body);
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
