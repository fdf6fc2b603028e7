// Assets → Pixels and Events through the HTTP API on a real server (PGlite, DuckDB, the journal): creating
// a pixel (editor role, audited), its event counts per name and source, refused requests remembered under
// the pixel, and the live feed as server-sent events — backlog, live batches, filters, test events, resume
// with Last-Event-ID.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { createPixelToken } from '../catalog/pixel-tokens.ts';
import { readConfig } from '../core/config.ts';
import type { NormalisedEvent } from '../sources/events/normalised-event.ts';
import type { LiveEvent, PixelEventSummary, PixelInfo } from '../shared/pixels-api.ts';
import { buildApp } from './app.ts';

const ADV = 'adv-assets';
let dataDir: string;
let ctx: AppContext;
let app: FastifyInstance;
let baseUrl: string;
let editor: { authorization: string };
let viewer: { authorization: string };
let pixel: PixelInfo;
let token: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pixels-api-'));
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await insertAdvertiser(ctx.catalog, {
    advertiser_id: ADV,
    name: 'Assets shop',
    currency: 'EUR',
    timezone: 'Europe/Amsterdam',
    source: 'import',
    product_value: null,
    margin: null,
  });
  editor = (await memberWithToken(ctx.catalog, 'analyst', [ADV])).headers;
  viewer = (await memberWithToken(ctx.catalog, 'viewer', [ADV])).headers;
  app = await buildApp(ctx);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await ctx?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const track = (body: unknown, accessToken = token) =>
  app.inject({
    method: 'POST',
    url: '/open_api/v1.3/event/track/',
    headers: { 'access-token': accessToken, 'content-type': 'application/json' },
    payload: body as Record<string, unknown>,
  });

const serverEvent = (event: string, id: string, extra: Record<string, unknown> = {}) => ({
  event,
  event_id: id,
  event_time: Math.floor(Date.now() / 1000),
  user: { email: 'ab'.repeat(32) },
  page: { url: 'https://shop.example/thanks' },
  properties: { value: 12.5, currency: 'EUR' },
  ...extra,
});

const browserPurchase = (id: string): NormalisedEvent => ({
  event: 'Purchase',
  event_id: id,
  event_time: Date.now(),
  ttclid: null,
  ttp: null,
  ip: null,
  user_agent: null,
  page_url: null,
  user_data: {},
  properties: null,
  value_micros: 1_000_000,
  currency: 'EUR',
  order_id: null,
});

/** Reads a text/event-stream until `until` says the messages so far are enough. */
async function readStream(
  url: string,
  headers: Record<string, string>,
  until: (messages: { event: string; id: string | null; data: string }[]) => boolean,
  onOpen?: () => Promise<void>,
) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}${url}`, { headers, signal: controller.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const messages: { event: string; id: string | null; data: string }[] = [];
  let buffer = '';
  let opened = false;
  const deadline = Date.now() + 15_000;
  while (!until(messages)) {
    if (Date.now() > deadline) throw new Error(`stream did not deliver: ${JSON.stringify(messages)}`);
    if (!opened && onOpen) {
      opened = true;
      void onOpen();
    }
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n').filter((l) => !l.startsWith(':') && l !== '');
      if (lines.length === 0 || lines.every((l) => l.startsWith('retry:'))) continue;
      const field = (name: string) =>
        lines
          .find((l) => l.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim() ?? null;
      messages.push({ event: field('event') ?? 'message', id: field('id'), data: field('data') ?? '' });
    }
  }
  controller.abort();
  return messages;
}

const eventsIn = (messages: { event: string; data: string }[]): LiveEvent[] =>
  messages.filter((m) => m.event === 'events').flatMap((m) => JSON.parse(m.data) as LiveEvent[]);

describe('pixels', () => {
  it('creates a pixel with a TikTok-style code for an editor, audited; a viewer may not', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/advertisers/${ADV}/pixels`,
      headers: viewer,
      payload: { name: 'Viewer pixel' },
    });
    expect(refused.statusCode).toBe(403);
    const empty = await app.inject({
      method: 'POST',
      url: `/api/v1/advertisers/${ADV}/pixels`,
      headers: editor,
      payload: { name: '  ' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('body.name');

    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/advertisers/${ADV}/pixels`,
      headers: editor,
      payload: { name: 'Web shop' },
    });
    expect(created.statusCode).toBe(200);
    pixel = created.json();
    expect(pixel.pixel_code).toMatch(/^C[A-Z0-9]{19}$/);
    expect(pixel).toMatchObject({ pixel_name: 'Web shop', status: 'Never fired', events_7d: 0 });
    const [audit] = await ctx.catalog.query<{ action: string; target_id: string }>(
      "select action, target_id from audit_log where action = 'pixel.create'",
    );
    expect(audit?.target_id).toBe(pixel.pixel_id);
    token = (await createPixelToken(ctx.catalog, pixel.pixel_id, 'tests', 'tests')).secret;

    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/advertisers/${ADV}/pixels/overview`,
      headers: viewer,
    });
    expect((list.json().pixels as PixelInfo[]).map((p) => p.pixel_code)).toEqual([pixel.pixel_code]);
  });

  it('counts events per name over 24 h and 7 days, with the sources they came from', async () => {
    // A browser copy (in-process, as the pixel script's endpoint does) and a server copy of one purchase.
    await ctx.events.ingestEvents(
      { advertiser_id: ADV, pixel_code: pixel.pixel_code },
      [browserPurchase('order-1')],
      { source: 'browser' },
    );
    const answer = await track({
      event_source: 'web',
      event_source_id: pixel.pixel_code,
      data: [serverEvent('Purchase', 'order-1'), serverEvent('ViewContent', 'vc-1')],
    });
    expect(answer.json().code).toBe(0);
    await ctx.events.drained();
    const summary: PixelEventSummary = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/advertisers/${ADV}/pixels/${pixel.pixel_id}/events/summary`,
        headers: viewer,
      })
    ).json();
    const purchase = summary.events.find((e) => e.event === 'Purchase')!;
    expect(purchase).toMatchObject({
      count_24h: 1,
      count_7d: 1,
      browser_7d: 1,
      server_7d: 1,
      duplicates_7d: 1,
      sources: 'both',
      standard: true,
    });
    expect(summary.events.find((e) => e.event === 'ViewContent')).toMatchObject({ sources: 'server' });
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/advertisers/${ADV}/pixels/overview`,
      headers: viewer,
    });
    expect(list.json().pixels[0]).toMatchObject({ status: 'Active', events_24h: 2, events_7d: 2 });
  });

  it('remembers refused requests under the pixel and shows them in its diagnostics', async () => {
    const refused = await track({
      event_source: 'web',
      event_source_id: pixel.pixel_code,
      data: [
        serverEvent('Purchase', 'o-2'),
        serverEvent('Purchase', 'o-3', { user: { email: 'jane@example.com' } }),
      ],
    });
    expect(refused.json().code).toBe(40062);
    const diagnostics = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/advertisers/${ADV}/pixels/${pixel.pixel_id}/diagnostics`,
        headers: viewer,
      })
    ).json();
    expect(diagnostics.refusals).toEqual([
      expect.objectContaining({
        code: 40062,
        count: 1,
        reason: expect.stringContaining('data[].user.email'),
      }),
    ]);
    expect(diagnostics.refusals[0].example).toContain('data.1.user.email');
    expect(JSON.stringify(diagnostics)).not.toContain('jane@example.com');
  });
});

describe('live feed', () => {
  it('sends the recent events at once, then each new batch, filtered by source', async () => {
    const url = `/api/v1/advertisers/${ADV}/events/stream`;
    // The feed is opened for the first time: its backlog is read from the warehouse (counted events).
    const first = await readStream(url, viewer, (m) => eventsIn(m).length >= 2);
    expect(first[0]!.event).toBe('reset');
    const backlog = eventsIn(first);
    expect(backlog.map((e) => [e.event, e.source, e.outcome])).toEqual([
      ['Purchase', 'browser', 'counted'],
      ['ViewContent', 'server', 'counted'],
    ]);
    expect(backlog[1]!.user_data).toEqual({ email: ['ab'.repeat(32)] });
    expect(backlog[1]!.page_url).toBe('https://shop.example/thanks');

    // Only server events; a new batch arrives while the page watches.
    const live = await readStream(
      `${url}?source=server`,
      viewer,
      (m) => eventsIn(m).some((e) => e.event === 'AddToCart'),
      async () => {
        await ctx.events.ingestEvents(
          { advertiser_id: ADV, pixel_code: pixel.pixel_code },
          [browserPurchase('browser-only')],
          { source: 'browser' },
        );
        // The purchase again (a retry): a duplicate, shown as such.
        await track({
          event_source: 'web',
          event_source_id: pixel.pixel_code,
          data: [serverEvent('Purchase', 'order-1'), serverEvent('AddToCart', 'atc-1')],
        });
      },
    );
    expect(eventsIn(live).map((e) => [e.event, e.source, e.outcome])).toEqual([
      ['ViewContent', 'server', 'counted'],
      ['Purchase', 'server', 'duplicate'],
      ['AddToCart', 'server', 'counted'],
    ]);
    const lastId = live.filter((m) => m.id).at(-1)!.id!;

    // Resuming after the last id: only what followed, no reset.
    await track({
      event_source: 'web',
      event_source_id: pixel.pixel_code,
      data: [serverEvent('Search', 's-1')],
    });
    await ctx.events.drained();
    const resumed = await readStream(url, { ...viewer, 'last-event-id': lastId }, (m) =>
      eventsIn(m).some((e) => e.event === 'Search'),
    );
    expect(resumed.some((m) => m.event === 'reset')).toBe(false);
    expect(eventsIn(resumed).map((e) => e.event)).toEqual(['Search']);
  });

  it('keeps test events to the test view', async () => {
    await track({
      event_source: 'web',
      event_source_id: pixel.pixel_code,
      test_event_code: 'TEST42',
      data: [serverEvent('Purchase', 'test-1')],
    });
    await ctx.events.drained();
    const tests = await readStream(
      `/api/v1/advertisers/${ADV}/events/stream?view=test`,
      viewer,
      (m) => eventsIn(m).length >= 1,
    );
    expect(eventsIn(tests).map((e) => [e.event_id, e.outcome, e.test_event_code])).toEqual([
      ['test-1', 'test', 'TEST42'],
    ]);
    const live = await readStream(
      `/api/v1/advertisers/${ADV}/events/stream`,
      viewer,
      (m) => eventsIn(m).length >= 5,
    );
    expect(eventsIn(live).some((e) => e.event_id === 'test-1')).toBe(false);
  });

  it('answers 401 without credentials and 404 for an advertiser the caller may not see', async () => {
    const anonymous = await fetch(`${baseUrl}/api/v1/advertisers/${ADV}/events/stream`);
    expect(anonymous.status).toBe(401);
    const other = await fetch(`${baseUrl}/api/v1/advertisers/someone-else/events/stream`, {
      headers: viewer,
    });
    expect(other.status).toBe(404);
  });
});

describe('OpenAPI document', () => {
  it('lists the pixel routes and the stream as text/event-stream', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json', headers: viewer })).json();
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/advertisers/{advertiserId}/pixels/overview',
        '/api/v1/advertisers/{advertiserId}/pixels/{pixelId}/events/summary',
        '/api/v1/advertisers/{advertiserId}/pixels/{pixelId}/diagnostics',
      ]),
    );
    expect(paths['/api/v1/advertisers/{advertiserId}/pixels']!.post).toBeDefined();
    const stream = paths['/api/v1/advertisers/{advertiserId}/events/stream']!.get!;
    expect(JSON.stringify(stream.responses)).toContain('text/event-stream');
  });
});
