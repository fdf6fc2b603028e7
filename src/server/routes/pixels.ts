// Assets → Pixels and Assets → Events: an advertiser's pixels with their status and recent event counts,
// creating a pixel, a pixel's events per name (24 hours, 7 days, browser / server / both) and its
// diagnostics. Tokens and the activity list are in pixel-tokens.ts; the live feed in event-stream.ts.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../access/audit.ts';
import type { AppContext } from '../../app-context.ts';
import { insertPixel, listPixels, newPixelCode } from '../../catalog/pixels.ts';
import { notFound } from '../../core/errors.ts';
import { pixelDiagnostics } from '../../sources/events/diagnostics.ts';
import { eventCounts } from '../../sources/events/event-summary.ts';
import { pixelActivity } from '../../sources/events/pixel-status.ts';
import {
  DiagnosticsQuery,
  PixelCreateRequest,
  PixelDiagnostics,
  PixelEventSummary,
  PixelInfo,
  PixelList,
} from '../../shared/pixels-api.ts';
import { type RouteDef, defineRoute } from '../route.ts';
import { pixelOf } from './pixel-tokens.ts';

const base = '/api/v1/advertisers/:advertiserId/pixels';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const PixelParams = AdvertiserParams.extend({ pixelId: z.string().min(1) });

/** A pixel id as TikTok's look: 19 digits. */
const newPixelId = (): string => `7${Array.from({ length: 18 }, () => randomInt(10)).join('')}`;

async function pixelInfos(ctx: AppContext, advertiserId: string, now = Date.now()): Promise<PixelInfo[]> {
  const pixels = await listPixels(ctx.catalog, advertiserId);
  const codes = pixels.map((p) => p.pixel_code);
  const [activity, counts] = await Promise.all([
    pixelActivity(ctx.facts, codes, { now, accepted: (code) => ctx.events.lastAccepted(code) }),
    eventCounts(ctx.facts, advertiserId, codes, now),
  ]);
  return pixels.map((p, i) => {
    const events = counts.get(p.pixel_code) ?? [];
    return {
      pixel_id: p.pixel_id,
      pixel_code: p.pixel_code,
      pixel_name: p.pixel_name,
      create_time: p.create_time,
      status: activity[i]!.status,
      last_event_time: activity[i]!.last_event_time?.toISOString() ?? null,
      events_24h: events.reduce((sum, e) => sum + e.count_24h, 0),
      events_7d: events.reduce((sum, e) => sum + e.count_7d, 0),
    };
  });
}

// GET …/pixels (the bare list ad groups choose from) belongs to the Campaign tab.
const listRoute = defineRoute({
  method: 'GET',
  url: `${base}/overview`,
  access: { advertiser: 'view' },
  summary:
    "The advertiser's pixels: code, status (Active: an event in the last 24 hours; No recent activity; Never fired), last event time and events counted in the last 24 hours and 7 days.",
  tag: 'events',
  params: AdvertiserParams,
  response: PixelList,
  handler: async ({ params }, ctx) => ({ pixels: await pixelInfos(ctx, params.advertiserId) }),
});

const createRoute = defineRoute({
  method: 'POST',
  url: base,
  access: { advertiser: 'edit' },
  summary: 'Creates a pixel with a new code in TikTok’s style ("C" and 19 letters or digits).',
  tag: 'events',
  params: AdvertiserParams,
  body: PixelCreateRequest,
  response: PixelInfo,
  handler: async ({ params, body, principal }, ctx) => {
    const actor = principal!.actor;
    const pixel = {
      pixel_id: newPixelId(),
      advertiser_id: params.advertiserId,
      pixel_code: newPixelCode(),
      pixel_name: body.name,
    };
    await ctx.catalog.transaction(async (tx) => {
      await insertPixel(tx, pixel);
      await audit(tx, actor, {
        action: 'pixel.create',
        targetType: 'pixel',
        targetId: pixel.pixel_id,
        advertiserId: params.advertiserId,
        after: pixel,
      });
    });
    const created = (await pixelInfos(ctx, params.advertiserId)).find((p) => p.pixel_id === pixel.pixel_id);
    if (!created) throw notFound('Pixel', pixel.pixel_id);
    return created;
  },
});

const summaryRoute = defineRoute({
  method: 'GET',
  url: `${base}/:pixelId/events/summary`,
  access: { advertiser: 'view' },
  summary:
    "The pixel's events per name: counted in the last 24 hours and 7 days, copies from the browser and from the server (duplicates included), and whether the event comes from the browser, the server or both.",
  tag: 'events',
  params: PixelParams,
  response: PixelEventSummary,
  handler: async ({ params }, ctx) => {
    const pixel = await pixelOf(ctx, params.advertiserId, params.pixelId);
    const now = Date.now();
    const counts = await eventCounts(ctx.facts, params.advertiserId, [pixel.pixel_code], now);
    return {
      pixel_id: pixel.pixel_id,
      as_of: new Date(now).toISOString(),
      events: counts.get(pixel.pixel_code) ?? [],
    };
  },
});

const diagnosticsRoute = defineRoute({
  method: 'GET',
  url: `${base}/:pixelId/diagnostics`,
  access: { advertiser: 'view' },
  summary:
    "The pixel's diagnostics over the last `days` (7 by default): missing value or currency, invalid currency, misspelt or custom event names, refused requests (unhashed PII), duplicates, events without event_id, sessions without ttclid — each with a severity and what to fix.",
  tag: 'events',
  params: PixelParams,
  query: DiagnosticsQuery,
  response: PixelDiagnostics,
  handler: async ({ params, query }, ctx) => {
    const pixel = await pixelOf(ctx, params.advertiserId, params.pixelId);
    return pixelDiagnostics(ctx.facts, ctx.catalog, pixel, { days: query.days });
  },
});

export const pixelAssetRoutes: RouteDef[] = [listRoute, createRoute, summaryRoute, diagnosticsRoute];
