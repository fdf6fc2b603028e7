// GET /pixel/events.js and POST /pixel/collect over the real app, PGlite and DuckDB: the script with its
// caching headers, beacons as the script sends them (text/plain, no token) stored as browser events with
// the request's ip and user agent, each event checked on its own, and every limit answered clearly.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../app-context.ts';
import { pixelContext, type PixelContext } from '../../../../test/helpers/pixel-context.ts';
import { buildApp } from '../../../server/app.ts';
import { FACT_TABLES } from '../../../warehouse/schema.ts';
import { listRefusals } from '../refusal-log.ts';
import { memberWithToken } from '../../../../test/helpers/members.ts';

const PIXEL = 'CBROWSER000000000001';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const NOW_S = Math.floor(Date.now() / 1000);

let fixture: PixelContext;
let ctx: AppContext;
let app: FastifyInstance;

beforeAll(async () => {
  fixture = await pixelContext({
    prefix: 'pixel-collect-',
    advertiser: { advertiser_id: 'adv-pixel', name: 'Pixel shop' },
    pixels: [{ pixel_id: 'px-browser', pixel_code: PIXEL, pixel_name: 'Browser pixel' }],
  });
  ({ ctx } = fixture);
  app = await buildApp(ctx);
}, 60_000);

afterAll(async () => {
  await app.close();
  await fixture?.close();
});

const beacon = (body: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/pixel/collect',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'https://shop.example.com',
      'user-agent': 'Mozilla/5.0 (test)',
      ...headers,
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

const event = (overrides: Record<string, unknown> = {}) => ({
  event: 'ViewContent',
  event_time: NOW_S,
  page: { url: 'https://shop.example.com/p/1?ttclid=click-9', referrer: 'https://www.tiktok.com/' },
  user: { ttclid: 'click-9', ttp: 'ttp-abc', locale: 'nl-NL', user_agent: 'claimed by the page' },
  ...overrides,
});

const stored = async (where: string) => {
  await ctx.events.drained();
  return ctx.facts.query({
    text: `SELECT * FROM ${FACT_TABLES.pixelEvents} WHERE pixel_code = '${PIXEL}' AND ${where} ORDER BY event_time`,
    values: [],
  });
};

describe('GET /pixel/events.js', () => {
  it('serves the script with a JavaScript type, caching headers and an ETag that revalidates to 304', async () => {
    const first = await app.inject({ method: 'GET', url: `/pixel/events.js?sdkid=${PIXEL}&lib=ttq` });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.body).toContain('TiktokAnalyticsObject');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await app.inject({
      method: 'GET',
      url: '/pixel/events.js',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('is in the OpenAPI document with the collect endpoint', async () => {
    const { headers } = await memberWithToken(ctx.catalog, 'owner');
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json', headers });
    const doc = response.json() as { paths: Record<string, Record<string, { tags: string[] }>> };
    expect(doc.paths['/pixel/events.js']?.get?.tags).toEqual(['pixel']);
    expect(doc.paths['/pixel/collect']?.post?.tags).toEqual(['pixel']);
  });
});

describe('POST /pixel/collect', () => {
  it('stores a beacon’s events as browser events with the request’s ip and user agent, CORS open', async () => {
    const email = sha('alice@example.com');
    const response = await beacon({
      event_source: 'web',
      event_source_id: PIXEL,
      sent_at: NOW_S,
      data: [
        event({ event_id: 'vc-1' }),
        event({
          event: 'CompletePayment',
          event_id: 'order-77',
          properties: { value: '19.99', currency: 'eur', order_id: '77' },
          user: { ttclid: 'click-9', ttp: 'ttp-abc', email },
        }),
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.json()).toEqual({ accepted: 2, rejected: [] });
    const rows = await stored(`ttp = 'ttp-abc'`);
    expect(rows.map((r) => r.event)).toEqual(['ViewContent', 'Purchase']);
    const purchase = rows[1]!;
    expect(purchase).toMatchObject({
      source: 'browser',
      event_source: 'web',
      event_id: 'order-77',
      ttclid: 'click-9',
      currency: 'EUR',
      order_id: '77',
      user_agent: 'Mozilla/5.0 (test)',
      ip: '127.0.0.1',
    });
    expect(Number(purchase.value_micros)).toBe(19_990_000);
    expect(JSON.parse(String(purchase.user_data)).email).toEqual([email]);
  });

  it('answers the CORS preflight other senders may make', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/pixel/collect',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-methods']).toContain('POST');
  });

  it('stores the good events of a beacon and names the bad ones by index and field', async () => {
    const response = await beacon({
      event_source_id: PIXEL,
      data: [
        event({ event: 'AddToCart', event_id: 'atc-1', user: { ttp: 'ttp-mixed' } }),
        event({
          event: 'Purchase',
          properties: { value: 'lots', currency: 'EUR' },
          user: { ttp: 'ttp-mixed' },
        }),
        event({ event: 'Lead', user: { ttp: 'ttp-mixed', email: 'plain@example.com' } }),
      ],
    });
    expect(response.statusCode).toBe(200);
    const answer = response.json() as {
      accepted: number;
      rejected: { index: number; code: number; field: string }[];
    };
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map((r) => [r.index, r.code, r.field])).toEqual([
      [1, 40002, 'data.1.properties.value'],
      [2, 40062, 'data.2.user.email'],
    ]);
    expect((await stored(`ttp = 'ttp-mixed'`)).map((r) => r.event)).toEqual(['AddToCart']);
    // Remembered under the pixel for Assets → Events, with the Events API's codes.
    const refusals = await listRefusals(ctx.catalog, 'px-browser', new Date(Date.now() - 60_000));
    expect(refusals.map((r) => [r.code, r.reason]).sort()).toEqual([
      [40002, 'Browser pixel: data[].properties.value: Not a valid number.'],
      [40062, expect.stringMatching(/^Browser pixel: data\[\]\.user\.email: PII must be hashed/)],
    ]);
  });

  it('corrects event times from a browser whose clock is far off', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const hourAhead = nowS + 3600;
    await beacon({
      event_source_id: PIXEL,
      sent_at: hourAhead,
      data: [event({ event: 'Search', event_time: hourAhead - 10, user: { ttp: 'ttp-clock' } })],
    });
    const [row] = await stored(`ttp = 'ttp-clock'`);
    const at = new Date(row!.event_time as string | Date).getTime() / 1000;
    expect(Math.abs(at - (nowS - 10))).toBeLessThan(5);
  });

  it('refuses unknown pixels, bad JSON, empty, oversized and all-bad beacons with clear errors', async () => {
    const unknown = await beacon({ event_source_id: 'CUNKNOWN', data: [event()] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('No pixel with code "CUNKNOWN"');
    expect(unknown.headers['access-control-allow-origin']).toBe('*');

    const notJson = await beacon('{"event_source_id": ');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toMatch(/^body: Not valid JSON/);

    const noCode = await beacon({ data: [event()] });
    expect(noCode.json().error.details[0].field).toBe('event_source_id');

    const tooMany = await beacon({ event_source_id: PIXEL, data: Array.from({ length: 51 }, () => event()) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('at most 50 per beacon');

    const tooLarge = await beacon({
      event_source_id: PIXEL,
      data: [event({ properties: { x: 'y'.repeat(70_000) } })],
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.message).toContain('Larger than 64 KB');

    const allBad = await beacon({ event_source_id: PIXEL, data: [event({ event: '' })] });
    expect(allBad.statusCode).toBe(400);
    expect(allBad.json().error.details[0].field).toBe('data.0.event');
  });

  it('leaves the rest of the API refusing text/plain bodies', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(415);
  });
});
