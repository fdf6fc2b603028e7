// The live feed as server-sent events: GET /api/v1/advertisers/:advertiserId/events/stream. Signed in as
// any other advertiser route (the session cookie goes with an EventSource). The page first gets the recent
// events (or, reconnecting with Last-Event-ID, only those it missed), then each batch as it is stored, and
// a heartbeat event every HEARTBEAT_MS so proxies and the page know the connection is alive. A page that
// reads too slowly is disconnected rather than buffered without end; its EventSource reconnects.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { liveFeedOf } from '../../sources/events/live-feed.ts';
import { LiveFeedQuery } from '../../shared/pixels-api.ts';
import { defineRoute } from '../route.ts';

export const HEARTBEAT_MS = 15_000;
/** Bytes written but not yet taken by the page above which it is cut off. */
const MAX_PENDING_BYTES = 1024 * 1024;
/** How long a browser waits before reconnecting, as told in the stream. */
const RETRY_MS = 2000;

export const eventStreamRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/advertisers/:advertiserId/events/stream',
  access: { advertiser: 'view' },
  summary:
    'Server-sent events (text/event-stream): the events the advertiser’s pixels receive, as they are stored. `event: events` carries a JSON list of events (newest last) with their outcome (counted, duplicate, test); `event: reset` tells the page to clear its list before the backlog that follows; `event: heartbeat` comes every 15 s. view=test streams test events only. Send Last-Event-ID to resume.',
  tag: 'events',
  params: z.object({ advertiserId: z.string().min(1) }),
  query: LiveFeedQuery,
  response: z.string(),
  produces: ['text/event-stream'],
  handler: async ({ params, query, request, reply }, ctx: AppContext) => {
    const feed = liveFeedOf(ctx);
    const lastIdHeader = request.headers['last-event-id'];
    const lastId = (Array.isArray(lastIdHeader) ? lastIdHeader[0] : lastIdHeader) ?? null;
    reply.hijack();
    const raw: ServerResponse = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold the stream back.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${RETRY_MS}\n: connected\n\n`);
    let stop: (() => void) | null = null;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      stop?.();
      raw.end();
    };
    const write = (text: string) => {
      if (closed) return;
      raw.write(text);
      if (raw.writableLength > MAX_PENDING_BYTES) close();
    };
    // A named event rather than a comment: a page can see it and tell a quiet feed from a dead connection.
    const heartbeat = setInterval(() => write('event: heartbeat\ndata: {}\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    // The response's close, not the request's: a request emits 'close' as soon as its (empty) body is read.
    raw.on('close', close);
    let unsubscribe: () => void;
    try {
      unsubscribe = await feed.watch(params.advertiserId, query.view, query, lastId, ({ reset, events }) => {
        if (reset) write('event: reset\ndata: {}\n\n');
        const last = events.at(-1);
        if (!last) return;
        write(`id: ${feed.idOf(last.seq)}\nevent: events\ndata: ${JSON.stringify(events)}\n\n`);
      });
    } catch (error) {
      // The backlog could not be read: end the stream; the browser reconnects and tries again.
      request.log.error({ err: error }, 'Opening the live events feed failed');
      close();
      return '';
    }
    if (closed) unsubscribe();
    else stop = unsubscribe;
    return '';
  },
});
