// Refused Events API requests, remembered per pixel: a refused request stores nothing, so without this
// the site owner could not see that their server sends unhashed e-mails. Bounded: one row per (pixel,
// code, reason) with a count, the reason stripped of event indexes, at most MAX_REASONS rows per pixel.
import type { Queryable } from '../../catalog/db.ts';
import type { PixelRefusal } from '../../shared/pixels-api.ts';

export const MAX_REASONS_PER_PIXEL = 50;
const MAX_TEXT = 500;

/**
 * `data.3.user.email: PII must be hashed…` → `data[].user.email: PII must be hashed…`: refusals of the
 * same fault at different indexes are one reason.
 */
export function refusalReason(message: string): string {
  return message.replace(/\.(\d+)(?=[.:\s]|$)/g, '[]').slice(0, MAX_TEXT);
}

export async function recordRefusal(
  db: Queryable,
  pixelId: string,
  code: number,
  message: string,
  now = new Date(),
): Promise<void> {
  const reason = refusalReason(message);
  await db.query(
    `insert into pixel_refusals (pixel_id, code, reason, count, first_seen, last_seen, example)
     values ($1, $2, $3, 1, $4, $4, $5)
     on conflict (pixel_id, code, reason) do update
       set count = pixel_refusals.count + 1, last_seen = excluded.last_seen, example = excluded.example`,
    [pixelId, code, reason, now.toISOString(), message.slice(0, MAX_TEXT)],
  );
  // Keep the bound: the reasons seen least recently go first.
  await db.query(
    `delete from pixel_refusals where pixel_id = $1 and (code, reason) in (
       select code, reason from pixel_refusals where pixel_id = $1
       order by last_seen desc, code, reason offset $2)`,
    [pixelId, MAX_REASONS_PER_PIXEL],
  );
}

interface RefusalRow {
  code: number;
  reason: string;
  count: string | number;
  first_seen: unknown;
  last_seen: unknown;
  example: string;
}

const iso = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();

/** The pixel's refusals last seen since `since`, the most recent first. */
export async function listRefusals(db: Queryable, pixelId: string, since: Date): Promise<PixelRefusal[]> {
  const rows = await db.query<RefusalRow>(
    `select code, reason, count, first_seen, last_seen, example from pixel_refusals
     where pixel_id = $1 and last_seen >= $2 order by last_seen desc, code, reason`,
    [pixelId, since.toISOString()],
  );
  return rows.map((r) => ({
    code: Number(r.code),
    reason: r.reason,
    count: Number(r.count),
    first_seen: iso(r.first_seen),
    last_seen: iso(r.last_seen),
    example: r.example,
  }));
}
