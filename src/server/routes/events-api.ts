// TikTok's Events API on our own server: POST /open_api/v1.3/event/track/ (2.0) and the 1.0 paths the
// official SDK still calls (pixel/track, pixel/batch). Requests are taken as TikTok takes them — the
// Access-Token header, TikTok's bodies — and answered in TikTok's envelope with TikTok's codes, HTTP 200
// even for faults, because that is what clients read. Only back-pressure (429 with Retry-After, code
// 40100) and our own failures (5xx, code 50000) use the HTTP status as well, so senders retry them.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { IngestBusyError } from '../../sources/events/ingest.ts';
import {
  type ParsedEvents,
  parsePixelBatchBody,
  parsePixelTrackBody,
  parseTrackBody,
} from '../../sources/events/parse-request.ts';
import { recordRefusal } from '../../sources/events/refusal-log.ts';
import { pixelForAccessToken } from '../../sources/events/token-cache.ts';
import { EventsFault, TIKTOK_CODES, envelope, newRequestId } from '../../sources/events/tiktok-codes.ts';

/** 1,000 events of a few KB each; bigger bodies are refused before they are read. */
export const EVENTS_BODY_LIMIT = 16 * 1024 * 1024;

const PATHS: [string, (body: unknown, now: number) => ParsedEvents][] = [
  ['/open_api/v1.3/event/track/', parseTrackBody],
  ['/open_api/v1.3/pixel/track/', parsePixelTrackBody],
  ['/open_api/v1.3/pixel/batch/', parsePixelBatchBody],
];

export function registerEventsApi(app: FastifyInstance, ctx: AppContext): void {
  for (const [url, parse] of PATHS) {
    for (const path of [url, url.slice(0, -1)]) {
      app.route({
        method: 'POST',
        url: path,
        bodyLimit: EVENTS_BODY_LIMIT,
        errorHandler: (error, request, reply) => answerBodyError(error as FastifyError, request, reply),
        handler: (request, reply) => track(ctx, parse, request, reply),
      });
    }
  }
}

async function track(
  ctx: AppContext,
  parse: (body: unknown, now: number) => ParsedEvents,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const requestId = newRequestId();
  /** Once the token names the pixel, a refusal is remembered under it (Assets → Events diagnostics). */
  let pixelId: string | null = null;
  try {
    // Node gives header names in lower case, whatever case the client wrote them in.
    const token = request.headers['access-token'];
    const secret = (Array.isArray(token) ? token[0] : token)?.trim();
    if (!secret) {
      throw new EventsFault(
        TIKTOK_CODES.emptyToken,
        'Access token is empty. Send it in the Access-Token header.',
      );
    }
    const pixel = await pixelForAccessToken(ctx.catalog, secret);
    if (!pixel) {
      throw new EventsFault(
        TIKTOK_CODES.invalidToken,
        'Access token is invalid or has been revoked. Create one under the pixel’s settings (Assets → Pixels) or with "adcockpit pixel token create".',
      );
    }
    pixelId = pixel.pixel_id;
    const now = Date.now();
    const parsed = parse(request.body, now);
    if (parsed.pixelCode !== pixel.pixel_code) {
      throw new EventsFault(
        TIKTOK_CODES.permission,
        `No permission to operate pixel code: ${parsed.pixelCode}. This access token belongs to pixel ${pixel.pixel_code}.`,
      );
    }
    await ctx.events.ingest({
      advertiser_id: pixel.advertiser_id,
      pixel_code: pixel.pixel_code,
      received_at: now,
      source: 'server',
      event_source: parsed.eventSource,
      test_event_code: parsed.testEventCode,
      events: parsed.events,
    });
    return envelope(TIKTOK_CODES.ok, 'OK', requestId);
  } catch (error) {
    if (error instanceof EventsFault) {
      if (pixelId !== null) {
        // Remembering is best effort: the sender's answer must not depend on it.
        await recordRefusal(ctx.catalog, pixelId, error.code, error.message).catch((failure: unknown) =>
          request.log.error({ err: failure, requestId }, 'Recording a refused Events API request failed'),
        );
      }
      return envelope(error.code, error.message, requestId);
    }
    if (error instanceof IngestBusyError) {
      reply.status(429).header('retry-after', String(error.retryAfterSeconds));
      return envelope(
        TIKTOK_CODES.tooFrequent,
        `Too many requests: events are waiting to be stored. Retry in ${error.retryAfterSeconds} s.`,
        requestId,
      );
    }
    request.log.error({ err: error, requestId }, 'Events API request failed');
    reply.status(503);
    return envelope(
      TIKTOK_CODES.systemError,
      `System error; nothing of this request was stored. Retry later (request ${requestId}).`,
      requestId,
    );
  }
}

/** Bodies that are not JSON, or too large, get TikTok's envelope too, not our API's error shape. */
function answerBodyError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = newRequestId();
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error, requestId }, 'Events API request failed');
    void reply
      .status(503)
      .send(
        envelope(TIKTOK_CODES.systemError, `System error (request ${requestId}). Retry later.`, requestId),
      );
    return;
  }
  const message =
    error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? `body: Larger than ${EVENTS_BODY_LIMIT / 1024 / 1024} MB; send at most 1,000 events per request.`
      : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'body: Send JSON with Content-Type: application/json.'
        : `body: Not valid JSON (${error.message}).`;
  void reply.status(200).send(envelope(TIKTOK_CODES.invalidParams, message, requestId));
}
