// The browser pixel's source (events.js, next to this file) as the server sends it: read once, with an
// ETag from its content so browsers revalidate cheaply and pick up a new version within minutes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export interface PixelScript {
  body: string;
  etag: string;
}

let cached: PixelScript | null = null;

export function pixelScript(): PixelScript {
  if (cached) return cached;
  const body = fs.readFileSync(new URL('./events.js', import.meta.url), 'utf8');
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return (cached = { body, etag });
}

/** Whether an If-None-Match header names this version (a list, or `*`, as RFC 9110 allows). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}
