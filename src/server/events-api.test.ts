// Contract tests of the Events API with TikTok-shaped requests: bodies as real clients send them (TikTok's
// SDK, Segment, RudderStack, PostHog, mParticle's header spelling), each fault with TikTok's code, the
// 1,000-event limit, browser + server deduplication and test events — over the real app, PGlite and DuckDB.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { pixelContext, type PixelContext } from '../../test/helpers/pixel-context.ts';
import { createPixelToken, revokePixelToken } from '../catalog/pixel-tokens.ts';
import { EventIngest } from '../sources/events/ingest.ts';
import { forgetAccessTokens } from '../sources/events/token-cache.ts';
import { statusOf } from '../sources/events/pixel-status.ts';
import { memberWithToken } from '../../test/helpers/members.ts';
import { buildApp } from './app.ts';

const PIXEL = 'CTEST0000000000000000';
const OTHER_PIXEL = 'COTHER000000000000000';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const EMAIL = sha('alice_abc@gmail.com');
const NOW_S = Math.floor(Date.now() / 1000);

let dataDir: string;
let fixture: PixelContext;
let ctx: AppContext;
let app: FastifyInstance;
let token: string;
let otherToken: string;

beforeAll(async () => {
  fixture = await pixelContext({
    prefix: 'events-api-',
    advertiser: { advertiser_id: 'adv-events', name: 'Events shop' },
    pixels: [
      { pixel_id: 'px1', pixel_code: PIXEL, pixel_name: 'Shop pixel' },
      { pixel_id: 'px2', pixel_code: OTHER_PIXEL, pixel_name: 'Other pixel' },
    ],
  });
  ({ ctx, dataDir } = fixture);
  const created = await createPixelToken(ctx.catalog, 'px1', 'tests', 'tests');
  token = created.secret;
  otherToken = (await createPixelToken(ctx.catalog, 'px2', 'tests', 'tests')).secret;
  app = await buildApp(ctx);
}, 60_000);

afterAll(async () => {
  await app.close();
  await fixture?.close();
});

const post = (url: string, body: unknown, headers: Record<string, string> = { 'Access-Token': token }) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

const track = (body: unknown, headers?: Record<string, string>) =>
  post('/open_api/v1.3/event/track/', body, headers);

const web = (data: unknown[], extra: Record<string, unknown> = {}) => ({
  event_source: 'web',
  event_source_id: PIXEL,
  data,
  ...extra,
});

const purchase = (eventId: string, extra: Record<string, unknown> = {}) => ({
  event: 'Purchase',
  event_time: NOW_S - 60,
  event_id: eventId,
  user: { email: EMAIL, ip: '203.0.113.1', user_agent: 'Mozilla/5.0' },
  page: { url: 'https://shop.example/thanks' },
  properties: { currency: 'EUR', value: 42.5 },
  ...extra,
});

async function stored(where: string, table = 'pixel_events'): Promise<Record<string, unknown>[]> {
  await ctx.events.drained();
  return ctx.facts.query({ text: `SELECT * FROM ${table} WHERE ${where} ORDER BY received_at`, values: [] });
}

describe('POST /open_api/v1.3/event/track/', () => {
  it('answers success exactly as TikTok does, and stores the event with its fields', async () => {
    const response = await track(web([purchase('valid-1')]));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'data', 'message', 'request_id']);
    expect(body).toMatchObject({ code: 0, message: 'OK', data: {} });
    expect(body.request_id).toMatch(/^\d{14}[0-9A-F]{24}$/);
    const [row] = await stored("event_id = 'valid-1'");
    expect(row).toMatchObject({
      pixel_code: PIXEL,
      event: 'Purchase',
      source: 'server',
      event_source: 'web',
      currency: 'EUR',
      ip: '203.0.113.1',
      page_url: 'https://shop.example/thanks',
    });
    expect(Number(row!.value_micros)).toBe(42_500_000);
    expect(JSON.parse(String(row!.user_data))).toEqual({ email: [EMAIL] });
  });

  it('takes PostHog’s body (hashed fields as strings, empty page, CompletePayment) and stores Purchase', async () => {
    const body = `{"event_source":"web","event_source_id":"${PIXEL}","data":[{"event":"CompletePayment","event_time":1735689600,"event_id":"posthog-1","user":{"email":"3d4eee8538a4bbbe2ef7912f90ee494c1280f74dd7fd81232e58deb9cb9997e3","first_name":"9baf3a40312f39849f46dad1040f2f039f1cffa1238c41e9db675315cfad39b6","phone":"422ce82c6fc1724ac878042f7d055653ab5e983d186e616826a72d4384b68af8","external_id":"b5400f5d931b20e0e905cc4a009a428ce3427b3110e3a2a1cfc7e6349beabc10","ttclid":"tiktok-id"},"properties":{"content_ids":["18499-12","94839-23"],"content_type":"product","currency":"USD","value":90,"num_items":3,"order_id":"3e94e72c0a7443e9b51155a3"},"page":{}}]}`;
    expect((await track(body)).json()).toMatchObject({ code: 0, message: 'OK' });
    const [row] = await stored("event_id = 'posthog-1'");
    expect(row).toMatchObject({
      event: 'Purchase',
      ttclid: 'tiktok-id',
      order_id: '3e94e72c0a7443e9b51155a3',
    });
    expect(JSON.parse(String(row!.properties)).content_ids).toEqual(['18499-12', '94839-23']);
  });

  it('takes Segment’s body (hashed identifiers as arrays) and a custom event as sent', async () => {
    const segment = web(
      [
        {
          event: 'InitiateCheckout',
          event_id: 'segment-1',
          event_time: 1704721970,
          limited_data_use: false,
          page: { referrer: 'https://google.com/', url: 'https://segment.com/' },
          properties: { content_type: 'product', contents: [], currency: 'USD', query: 'shoes', value: 100 },
          user: {
            email: ['eb9869a32b532840dd6aa714f7a872d21d6f650fc5aa933d9feefc64708969c7'],
            external_id: ['481f202262e9c5ccc48d24e60798fadaa5f6ff1f8369f7ab927c04c3aa682a7f'],
            ip: '0.0.0.0',
            phone: ['910a625c4ba147b544e6bd2f267e130ae14c591b6ba9c25cb8573322dedbebd0'],
            ttclid: '12345',
          },
        },
        { event: 'customEvent', event_id: 'segment-2', event_time: NOW_S },
      ],
      { partner_name: 'Segment' },
    );
    expect((await track(segment)).json()).toMatchObject({ code: 0 });
    const rows = await stored("event_id LIKE 'segment-%'");
    expect(rows.map((r) => r.event)).toEqual(['InitiateCheckout', 'customEvent']);
    expect(JSON.parse(String(rows[0]!.user_data)).phone).toEqual([
      '910a625c4ba147b544e6bd2f267e130ae14c591b6ba9c25cb8573322dedbebd0',
    ]);
  });

  it('reads header names in any letter case (mParticle sends Access-token and Content-type)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/open_api/v1.3/event/track/',
      headers: { 'Access-token': token, 'Content-type': 'application/json' },
      payload: JSON.stringify(web([purchase('mparticle-1')])),
    });
    expect(response.json()).toMatchObject({ code: 0 });
  });

  it('takes 1,000 events in one request and stores all of them', async () => {
    const data = Array.from({ length: 1000 }, (_, i) => purchase(`bulk-${i}`));
    expect((await track(web(data))).json()).toMatchObject({ code: 0 });
    expect((await stored("event_id LIKE 'bulk-%'")).length).toBe(1000);
  });

  it('refuses 1,001 events with 40061 and stores none of them', async () => {
    const data = Array.from({ length: 1001 }, (_, i) => purchase(`over-${i}`));
    const response = await track(web(data));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ code: 40061 });
    expect(response.json().message).toContain('1001');
    expect(await stored("event_id LIKE 'over-%'")).toEqual([]);
    expect((await track(web([]))).json()).toMatchObject({ code: 40061 });
  });

  it('refuses unhashed PII with 40062, naming the field (RudderStack with hashing off sends raw phones)', async () => {
    const raw = purchase('pii-1', { user: { phone: ['+12345432', '+134234325'] } });
    const response = await track(web([purchase('pii-0'), raw]));
    expect(response.json()).toMatchObject({ code: 40062 });
    expect(response.json().message).toContain('data.1.user.phone');
    const email = await track(web([purchase('pii-2', { user: { email: 'Alice@Example.com' } })]));
    expect(email.json()).toMatchObject({ code: 40062 });
    expect(await stored("event_id LIKE 'pii-%'")).toEqual([]);
  });

  it('refuses a missing token (40104), an unknown or revoked one (40105) and another pixel’s (40001)', async () => {
    expect((await track(web([purchase('t-1')]), {})).json()).toMatchObject({ code: 40104 });
    expect((await track(web([purchase('t-2')]), { 'Access-Token': 'nope' })).json()).toMatchObject({
      code: 40105,
    });
    const foreign = await track(web([purchase('t-3')]), { 'Access-Token': otherToken });
    expect(foreign.json()).toMatchObject({ code: 40001 });
    expect(foreign.json().message).toContain(`No permission to operate pixel code: ${PIXEL}`);

    const spare = await createPixelToken(ctx.catalog, 'px1', 'spare', 'tests');
    expect((await track(web([purchase('t-4')]), { 'Access-Token': spare.secret })).json().code).toBe(0);
    await revokePixelToken(ctx.catalog, 'px1', spare.token.token_id);
    // What the revoke route does after revoking: valid tokens are cached for a few seconds otherwise.
    forgetAccessTokens(ctx.catalog);
    expect((await track(web([purchase('t-5')]), { 'Access-Token': spare.secret })).json()).toMatchObject({
      code: 40105,
    });
  });

  it('refuses invalid fields with 40002 and a message naming them', async () => {
    const cases: [unknown, string][] = [
      [web([{ ...purchase('f-1'), event_time: 'yesterday' }]), 'data.0.event_time'],
      [web([{ ...purchase('f-2'), event_time: Date.now() }]), 'data.0.event_time'],
      [web([{ ...purchase('f-3'), event: undefined }]), 'data.0.event'],
      [web([purchase('f-4', { properties: { value: 'lots' } })]), 'data.0.properties.value'],
      [{ ...web([purchase('f-5')]), event_source: 'tv' }, 'event_source'],
      [{ event_source: 'web', data: [purchase('f-6')] }, 'event_source_id'],
      // A 1.0 body sent to the 2.0 path, as hand-written snippets do.
      [{ pixel_code: PIXEL, event: 'Purchase', context: {} }, 'pixel/track'],
    ];
    for (const [body, field] of cases) {
      const response = await track(body);
      expect(response.json(), field).toMatchObject({ code: 40002 });
      expect(response.json().message).toContain(field);
    }
    const broken = await track('{"event_source": "web", ');
    expect(broken.statusCode).toBe(200);
    expect(broken.json()).toMatchObject({ code: 40002 });
    expect(await stored("event_id LIKE 'f-%'")).toEqual([]);
  });

  it('counts a browser (pixel) and a server copy of one purchase once, old and new names alike', async () => {
    const sdkBody = {
      pixel_code: PIXEL,
      event: 'CompletePayment',
      event_id: 'order-1001',
      timestamp: new Date().toISOString(),
      context: { ip: '203.0.113.1', user_agent: 'Mozilla/5.0', ad: { callback: 'ttclid-1' } },
      properties: { currency: 'EUR', value: 42.5 },
    };
    expect((await post('/open_api/v1.3/pixel/track/', sdkBody)).json()).toMatchObject({ code: 0 });
    expect((await track(web([purchase('order-1001')]))).json()).toMatchObject({ code: 0 });
    const counted = await stored("event_id = 'order-1001'");
    expect(counted.map((r) => [r.event, r.ttclid])).toEqual([['Purchase', 'ttclid-1']]);
    expect((await stored("event_id = 'order-1001'", 'pixel_event_duplicates')).length).toBe(1);
  });

  it('takes the 1.0 batch shape (pixel/batch) of TikTok’s SDK', async () => {
    const body = {
      pixel_code: PIXEL,
      batch: [
        { type: 'track', event: 'ViewContent', event_id: 'b1-1', timestamp: '2026-01-01T12:00:00Z' },
        {
          type: 'track',
          event: 'SubmitForm',
          event_id: 'b1-2',
          context: { user: { phone_number: sha('+31600000000') } },
        },
      ],
    };
    expect((await post('/open_api/v1.3/pixel/batch', body)).json()).toMatchObject({ code: 0 });
    const rows = await stored("event_id LIKE 'b1-%'");
    expect(rows.map((r) => r.event).sort()).toEqual(['Lead', 'ViewContent']);
    const lead = rows.find((r) => r.event === 'Lead')!;
    expect(JSON.parse(String(lead.user_data)).phone).toEqual([sha('+31600000000')]);
  });

  it('sends test events to the test view, where they are not counted', async () => {
    const response = await track(web([purchase('test-1')], { test_event_code: 'TEST42' }));
    expect(response.json()).toMatchObject({ code: 0 });
    expect(await stored("event_id = 'test-1'")).toEqual([]);
    const tests = await stored("event_id = 'test-1'", 'pixel_test_events');
    expect(tests.map((r) => r.test_event_code)).toEqual(['TEST42']);
  });
});

describe('pixel tokens and status under /api/v1/advertisers/:advertiserId/pixels', () => {
  const base = '/api/v1/advertisers/adv-events/pixels';
  const api = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('creates a token shown once, lists it by prefix only, and revoking it refuses it at once', async () => {
    const admin = await memberWithToken(ctx.catalog, 'admin');
    const created = await api('POST', `${base}/px1/tokens`, admin.headers, { name: 'Shopify' });
    expect(created.statusCode).toBe(200);
    const { token: info, secret } = created.json();
    expect(secret).toMatch(/^adcpx_/);
    expect(info).toMatchObject({
      name: 'Shopify',
      pixel_id: 'px1',
      revoked_at: null,
      created_by: admin.user.email,
    });
    expect((await track(web([purchase('route-1')]), { 'Access-Token': secret })).json().code).toBe(0);

    const listed = (await api('GET', `${base}/px1/tokens`, admin.headers)).json().tokens;
    const mine = listed.find((t: { token_id: string }) => t.token_id === info.token_id);
    expect(mine.prefix).toBe(secret.slice(0, 12));
    expect(JSON.stringify(listed)).not.toContain(secret);

    const revoked = await api('DELETE', `${base}/px1/tokens/${info.token_id}`, admin.headers);
    expect(revoked.json().revoked_at).not.toBeNull();
    expect((await track(web([purchase('route-2')]), { 'Access-Token': secret })).json().code).toBe(40105);
  });

  it('lets only editors create tokens, and only under the advertiser’s own pixels', async () => {
    const viewer = await memberWithToken(ctx.catalog, 'viewer', ['adv-events']);
    expect((await api('POST', `${base}/px1/tokens`, viewer.headers, {})).statusCode).toBe(403);
    expect((await api('GET', `${base}/px1/tokens`, viewer.headers)).statusCode).toBe(200);
    const admin = await memberWithToken(ctx.catalog, 'admin');
    expect((await api('POST', `${base}/px-none/tokens`, admin.headers, {})).statusCode).toBe(404);
  });

  it('shows a pixel that received events as Active and one that never did as Never fired', async () => {
    const viewer = await memberWithToken(ctx.catalog, 'viewer', ['adv-events']);
    const { pixels } = (await api('GET', `${base}/activity`, viewer.headers)).json();
    const byCode = Object.fromEntries(pixels.map((p: { pixel_code: string }) => [p.pixel_code, p]));
    expect(byCode[PIXEL]).toMatchObject({ pixel_id: 'px1', status: 'Active' });
    expect(Date.now() - Date.parse(byCode[PIXEL].last_event_time)).toBeLessThan(10 * 60_000);
    expect(byCode[OTHER_PIXEL]).toMatchObject({ status: 'Never fired', last_event_time: null });
    const now = Date.now();
    expect(statusOf(new Date(now - 23 * 3600_000), now)).toBe('Active');
    expect(statusOf(new Date(now - 25 * 3600_000), now)).toBe('No recent activity');
  });
});

describe('back-pressure', () => {
  it('answers 429 with Retry-After and code 40100 when too much waits for the warehouse', async () => {
    await ctx.events.close();
    ctx.events = await EventIngest.open({ dataDir, facts: ctx.facts, maxUnflushedBytes: 1 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => track(web([purchase(`bp-${i}`)]))),
    );
    const busy = responses.filter((r) => r.statusCode === 429);
    expect(busy.length).toBeGreaterThan(0);
    expect(Number(busy[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(busy[0]!.json()).toMatchObject({ code: 40100 });
    const accepted = responses.filter((r) => r.json().code === 0).length;
    expect(accepted).toBeGreaterThan(0);
    expect((await stored("event_id LIKE 'bp-%'")).length).toBe(accepted);
  });
});
