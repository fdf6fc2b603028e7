// Every pixel of an advertiser (or of all advertisers) with its status: what the API, the CLI and the
// Assets screens show.
import { listPixels } from '../../catalog/pixels.ts';
import type { Queryable } from '../../catalog/db.ts';
import type { Pixel } from '../../core/entities.ts';
import type { PixelActivityInfo } from '../../shared/pixels-api.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import type { EventIngest } from './ingest.ts';
import { pixelActivity } from './pixel-status.ts';

export async function listPixelActivity(
  ctx: { catalog: Queryable; facts: FactStore; events: EventIngest },
  advertiserId: string | null,
  now = Date.now(),
): Promise<(PixelActivityInfo & { advertiser_id: string })[]> {
  const pixels: Pixel[] =
    advertiserId === null
      ? await ctx.catalog.query<Pixel>('select * from pixels order by advertiser_id, create_time, pixel_name')
      : await listPixels(ctx.catalog, advertiserId);
  const activity = await pixelActivity(
    ctx.facts,
    pixels.map((p) => p.pixel_code),
    { now, accepted: (code) => ctx.events.lastAccepted(code) },
  );
  return pixels.map((p, i) => ({
    pixel_id: p.pixel_id,
    advertiser_id: p.advertiser_id,
    pixel_code: p.pixel_code,
    pixel_name: p.pixel_name,
    status: activity[i]!.status,
    last_event_time: activity[i]!.last_event_time?.toISOString() ?? null,
  }));
}
