// The pixel codes the collect endpoint takes, for a few seconds in memory: a busy shop's beacons cost one
// catalog read per pixel rather than one per page view, and junk codes one read per code and TTL.
import type { CatalogDb } from '../../../catalog/db.ts';
import { getPixelByCode } from '../../../catalog/pixels.ts';

const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export interface KnownPixel {
  pixel_id: string;
  advertiser_id: string;
  pixel_code: string;
}

const caches = new WeakMap<CatalogDb, Map<string, { pixel: KnownPixel | null; until: number }>>();

export async function knownPixel(catalog: CatalogDb, code: string): Promise<KnownPixel | null> {
  let cache = caches.get(catalog);
  if (!cache) caches.set(catalog, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(code);
  if (hit && hit.until > now) return hit.pixel;
  const row = await getPixelByCode(catalog, code);
  const pixel = row
    ? { pixel_id: row.pixel_id, advertiser_id: row.advertiser_id, pixel_code: row.pixel_code }
    : null;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(code, { pixel, until: now + TTL_MS });
  return pixel;
}
