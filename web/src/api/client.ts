// One way to call the API: typed by the shared zod schemas, and every failure becomes an ApiError that
// carries the server's own message, so the banner can say what went wrong and what to do.
import type { z } from 'zod';
import { ErrorResponse } from '../../../src/shared/api.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details: { field?: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

export function apiPath(path: string, query: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = search.toString().replace(/%2C/g, ',');
  return `/api/v1${path}${text ? `?${text}` : ''}`;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy error page, say): fall back to the status line below.
  }
  const parsed = ErrorResponse.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(message, response.status, code, details);
  }
  const text = response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
  return new ApiError(`The server answered ${text}.`, response.status, 'http_error');
}

export async function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('Cannot reach the Adcockpit server. Check that it is running.', 0, 'network_error');
  }
  if (!response.ok) throw await errorFrom(response);
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? ` at ${issue.path.join('.') || 'the top level'}: ${issue.message}` : '';
    throw new ApiError(
      `The server sent data in an unexpected shape${where}.`,
      response.status,
      'bad_response',
    );
  }
  return parsed.data;
}
