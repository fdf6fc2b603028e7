// The browser pixel: GET /pixel/events.js serves the ttq-compatible script, POST /pixel/collect takes its
// beacons. Both are public — a pixel code is printed in every page's source, as TikTok's is — so the
// collect endpoint only takes events for pixel codes in the catalog, and never more than a beacon holds.
// They live in their own scope because the pixel sends text/plain (a content type that needs no CORS
// preflight), which the rest of the API refuses on purpose.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../core/errors.ts';
import { IngestBusyError } from '../../sources/events/ingest.ts';
import { recordRefusal, refusalReason } from '../../sources/events/refusal-log.ts';
import { type KnownPixel, knownPixel } from '../../sources/events/pixel-script/known-pixels.ts';
import {
  BeaconFault,
  MAX_BEACON_BYTES,
  type RejectedEvent,
  parseBeacon,
} from '../../sources/events/pixel-script/parse-beacon.ts';
import { matchesEtag, pixelScript } from '../../sources/events/pixel-script/script.ts';
import { type RouteDef, defineRoute, registerRoutes } from '../route.ts';

export const PIXEL_SCRIPT_PATH = '/pixel/events.js';
export const PIXEL_COLLECT_PATH = '/pixel/collect';
/** Short enough that a new version reaches every page within minutes; the ETag makes revalidation cheap. */
const SCRIPT_MAX_AGE_S = 300;

const pixelScriptRoute = defineRoute({
  method: 'GET',
  url: PIXEL_SCRIPT_PATH,
  access: 'public',
  summary:
    'The browser pixel: a ttq-compatible script for the install snippet (ttq.load, page, track, identify). ' +
    'sdkid and lib are what TikTok’s snippet appends; the script reads its pixel codes from the page’s ttq.',
  tag: 'pixel',
  query: z.object({ sdkid: z.string().optional(), lib: z.string().optional() }),
  response: z.string(),
  produces: ['application/javascript'],
  handler: async ({ request, reply }) => {
    const script = pixelScript();
    reply
      .header('cache-control', `public, max-age=${SCRIPT_MAX_AGE_S}`)
      .header('etag', script.etag)
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'cross-origin');
    if (matchesEtag(request.headers['if-none-match'], script.etag)) {
      return reply.status(304).send() as unknown as string;
    }
    reply.type('application/javascript; charset=utf-8');
    return script.body;
  },
});

const RejectedEventAnswer = z.object({
  index: z.number().int(),
  code: z.number().int(),
  field: z.string(),
  message: z.string(),
});

const pixelCollectRoute = defineRoute({
  method: 'POST',
  url: PIXEL_COLLECT_PATH,
  access: 'public',
  summary:
    'Browser events from the pixel script (sendBeacon, text/plain): an Events API 2.0 body — event_source_id ' +
    '(pixel code) and data[] of 1–50 events, each checked on its own; no access token. ip and user agent are ' +
    'taken from the request. Answers once the accepted events are durable; 429 with Retry-After when writes ' +
    'are behind.',
  tag: 'pixel',
  body: z.union([z.string(), z.record(z.string(), z.unknown())]),
  response: z.object({ accepted: z.number().int(), rejected: z.array(RejectedEventAnswer) }),
  handler: async ({ body, request }, ctx) => {
    const now = Date.now();
    let parsed;
    try {
      parsed = parseBeacon(body, now);
    } catch (error) {
      if (error instanceof BeaconFault) {
        throw new AppError('validation_failed', error.message, [
          { field: error.field, message: error.message },
        ]);
      }
      throw error;
    }
    const pixel = await knownPixel(ctx.catalog, parsed.pixelCode);
    if (!pixel) {
      throw new AppError(
        'not_found',
        `No pixel with code "${parsed.pixelCode}". Check the code in ttq.load(), or create the pixel under Assets → Pixels.`,
        [{ field: 'event_source_id', message: 'Unknown pixel code.' }],
      );
    }
    await rememberRejected(ctx, pixel, parsed.rejected, request);
    if (parsed.events.length === 0) {
      throw new AppError(
        'validation_failed',
        `None of the ${parsed.rejected.length} events was valid: ${parsed.rejected.map((r) => `${r.field} ${r.message}`).join('; ')}`,
        parsed.rejected.map((r) => ({ field: r.field, message: r.message })),
      );
    }
    // Who sent it is what the request says, not what the page claims.
    const userAgent = request.headers['user-agent'] ?? null;
    const events = parsed.events.map((event) => ({
      ...event,
      ip: request.ip,
      user_agent: userAgent ?? event.user_agent,
    }));
    try {
      await ctx.events.ingest({
        advertiser_id: pixel.advertiser_id,
        pixel_code: pixel.pixel_code,
        received_at: now,
        source: 'browser',
        event_source: 'web',
        test_event_code: null,
        events,
      });
    } catch (error) {
      if (error instanceof IngestBusyError) {
        throw new AppError('too_many_attempts', `${error.message} Nothing of this beacon was stored.`, [
          { field: 'retry_after_seconds', message: String(error.retryAfterSeconds) },
        ]);
      }
      throw error;
    }
    return { accepted: events.length, rejected: parsed.rejected };
  },
});

/**
 * Events the collect endpoint refused are remembered under the pixel, as refused Events API requests are,
 * so Assets → Events shows that the site's pixel calls send bad values. One row per kind of fault, not per
 * event; best effort — the beacon's answer does not depend on it.
 */
async function rememberRejected(
  ctx: AppContext,
  pixel: KnownPixel,
  rejected: RejectedEvent[],
  request: FastifyRequest,
): Promise<void> {
  const seen = new Set<string>();
  for (const r of rejected) {
    const message = `Browser pixel: ${r.field}: ${r.message}`;
    const kind = `${r.code}|${refusalReason(message)}`;
    if (seen.has(kind)) continue;
    seen.add(kind);
    await recordRefusal(ctx.catalog, pixel.pixel_id, r.code, message).catch((failure: unknown) =>
      request.log.error({ err: failure }, 'Recording a refused browser pixel event failed'),
    );
  }
}

/** For the OpenAPI document; registered by registerPixelScript, not with the JSON API's routes. */
export const pixelScriptRoutes: RouteDef[] = [pixelScriptRoute, pixelCollectRoute];

export function registerPixelScript(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'text/plain',
      { parseAs: 'string', bodyLimit: MAX_BEACON_BYTES },
      (_request, text, done) => done(null, text),
    );
    // Any site may load the script and send beacons; no credentials are read, so `*` is safe.
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const tooLarge = new AppError(
          'validation_failed',
          `body: Larger than ${MAX_BEACON_BYTES / 1024} KB, more than one beacon holds; send fewer events at a time.`,
          [{ field: 'body', message: `At most ${MAX_BEACON_BYTES} bytes.` }],
        );
        return reply.status(413).send(tooLarge.toJSON());
      }
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        const wrongType = new AppError(
          'validation_failed',
          'body: Send the beacon as text/plain (or application/json) holding the JSON events.',
          [{ field: 'content-type', message: 'text/plain or application/json' }],
        );
        return reply.status(415).send(wrongType.toJSON());
      }
      throw error;
    });
    scope.options(PIXEL_COLLECT_PATH, async (_request, reply) =>
      reply
        .status(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '86400')
        .send(),
    );
    registerRoutes(scope, ctx, pixelScriptRoutes);
  });
}
