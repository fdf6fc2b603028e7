// A table of thousands of rows is read a page at a time, and every page needs the whole listing behind it
// (all rows filtered and sorted, the totals). So a listing is kept for a short while and each page is cut
// from it, as long as nothing it was built from has changed: the caller passes a marker that changes with
// every catalog write and every fact write, read before the listing is built, and a listing built under
// another marker is built again. The time limit bounds memory, not correctness.

const TTL_MS = 60_000;
const MAX_ENTRIES = 8;

interface Entry<T> {
  marker: string;
  storedAt: number;
  value: Promise<T>;
}

/** Listings per warehouse (one per app; tests open several), by the question apart from paging. */
const caches = new WeakMap<object, Map<string, Entry<unknown>>>();

export function cachedListing<T>(
  owner: object,
  key: string,
  marker: string,
  build: () => Promise<T>,
  now: number = Date.now(),
): Promise<T> {
  let cache = caches.get(owner) as Map<string, Entry<T>> | undefined;
  if (!cache) caches.set(owner, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.marker === marker && now - hit.storedAt < TTL_MS) {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(key);
    cache.set(key, hit);
    return hit.value;
  }
  // The promise is kept, not its result: a page asked for while the first is still being built waits
  // for the same work instead of doing it again.
  const value = build();
  const entry: Entry<T> = { marker, storedAt: now, value };
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}

/** Forgets every listing kept for this warehouse (benchmarks measure a listing built from scratch). */
export function clearListings(owner: object): void {
  caches.delete(owner);
}
