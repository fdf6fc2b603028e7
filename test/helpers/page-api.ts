// The API as a signed-in page sees it: its session cookie and CSRF token, through Playwright's request
// context, so browser journeys can set up data and check what the screen shows against the server.
import type { Page } from 'playwright-core';

export async function pageApi<T>(
  page: Page,
  baseUrl: string,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
): Promise<T> {
  const state = (await (await page.request.get(`${baseUrl}/api/v1/auth/state`)).json()) as {
    csrf_token: string;
  };
  const response = await page.request.fetch(`${baseUrl}/api/v1${pathAndQuery}`, {
    method,
    headers: { 'x-csrf-token': state.csrf_token, 'content-type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok())
    throw new Error(`${method} ${pathAndQuery} → ${response.status()}: ${JSON.stringify(json)}`);
  return json;
}
