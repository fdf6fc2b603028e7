// One way to call the API: typed by the shared zod schemas, and every failure becomes an ApiError that
// carries the server's own message, so the banner can say what went wrong and what to do. Requests carry
// the session cookie; writes carry the CSRF token from the auth state and a JSON body.
import type { z } from 'zod';
import { ErrorResponse } from '../../../src/shared/api.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details: { field?: string; message: string }[] = [],
    /** Seconds from a Retry-After header, when the server sent one. */
    readonly retryAfter: number | null = null,
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

// ---- Session ----

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The token the auth state handed out; sent as X-CSRF-Token with every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a signed-in request answers 401: the session ended (expired, signed out elsewhere). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** Sign-in and setup answer 401 for a wrong password; that is the form's business, not a lost session. */
const PUBLIC_AUTH = /^\/api\/v1\/auth\/(state|login|setup)(\?|$)/;

function retryAfterOf(response: Response, details: { field?: string; message: string }[]): number | null {
  const fromDetails = details.find((d) => d.field === 'retry_after_seconds')?.message;
  for (const raw of [fromDetails, response.headers.get('retry-after')]) {
    const seconds = Number(raw);
    if (raw && Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  }
  return null;
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
    return new ApiError(message, response.status, code, details, retryAfterOf(response, details));
  }
  const text = response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
  return new ApiError(
    `The server answered ${text}.`,
    response.status,
    'http_error',
    [],
    retryAfterOf(response, []),
  );
}

async function refreshCsrfToken(signal?: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(apiPath('/auth/state'), {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      signal,
    });
    const body = (await response.json()) as { csrf_token?: unknown };
    if (!response.ok || typeof body.csrf_token !== 'string' || body.csrf_token === csrfToken) return false;
    csrfToken = body.csrf_token;
    return true;
  } catch {
    return false;
  }
}

async function request<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  schema: S,
  body: unknown,
  signal?: AbortSignal,
  retried = false,
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const write = method !== 'GET';
  // A DELETE says everything in its path; the other writes carry a JSON body.
  const sendsBody = write && method !== 'DELETE';
  if (write && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (sendsBody) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: sendsBody ? JSON.stringify(body ?? {}) : undefined,
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('Cannot reach the Adcockpit server. Check that it is running.', 0, 'network_error');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !PUBLIC_AUTH.test(path)) onUnauthorized?.();
    // The session's token changed (signed in again in another tab): fetch the current one, try once more.
    if (write && error.code === 'csrf_failed' && !retried && (await refreshCsrfToken(signal))) {
      return request(method, path, schema, body, signal, true);
    }
    throw error;
  }
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

export function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  return request('GET', path, schema, undefined, signal);
}

export function postJson<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  return request('POST', path, schema, body);
}

export function patchJson<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  return request('PATCH', path, schema, body);
}

export function putJson<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  return request('PUT', path, schema, body);
}

export function deleteJson<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  return request('DELETE', path, schema, undefined);
}

/** `use at least 10 characters` → `Use at least 10 characters.` */
function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * Field messages from a validation error, keyed by the form's own field names: the API says
 * `body.password`, the form calls it `password`.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const detail of error.details) {
    if (!detail.field) continue;
    const name = detail.field.replace(/^body\./, '').split(/[.[]/)[0]!;
    if (name && !out[name]) out[name] = sentence(detail.message);
  }
  return out;
}
