// Valid Access-Tokens for a few seconds in memory, so a busy sender costs one catalog read per token
// rather than one per request. Revoking through this process clears the cache at once.
import type { CatalogDb } from '../../catalog/db.ts';
import { type TokenPixel, pixelForToken } from '../../catalog/pixel-tokens.ts';

const TTL_MS = 10_000;
const caches = new WeakMap<CatalogDb, Map<string, { pixel: TokenPixel; until: number }>>();

export async function pixelForAccessToken(catalog: CatalogDb, secret: string): Promise<TokenPixel | null> {
  let cache = caches.get(catalog);
  if (!cache) caches.set(catalog, (cache = new Map()));
  const hit = cache.get(secret);
  const now = Date.now();
  if (hit && hit.until > now) return hit.pixel;
  const pixel = await pixelForToken(catalog, secret);
  if (pixel) {
    if (cache.size > 10_000) cache.clear();
    cache.set(secret, { pixel, until: now + TTL_MS });
  } else cache.delete(secret);
  return pixel;
}

export function forgetAccessTokens(catalog: CatalogDb): void {
  caches.get(catalog)?.clear();
}
