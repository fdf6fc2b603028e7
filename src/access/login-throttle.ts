// Slows down password guessing: after a few failures for an e-mail address (or many more from one IP
// address, which a whole office may share) within the window, each further failure locks that key for
// twice as long as the last, from 30 seconds up to 15 minutes. Kept in the catalog, so every server
// process and a restart see the same.
import type { Queryable } from '../catalog/db.ts';

/** Free failures per key kind: the part of the key before the colon. */
const FREE_ATTEMPTS: Record<string, number> = { email: 5, ip: 25 };
const WINDOW_MS = 3_600_000;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/** Seconds until the earliest of the keys may try again, or 0 when none is locked. */
export async function lockedFor(db: Queryable, keys: string[]): Promise<number> {
  const rows = await db.query<{ locked_until: Date | null }>(
    'select locked_until from login_failures where throttle_key = any($1) and locked_until > now()',
    [keys],
  );
  const until = Math.max(0, ...rows.map((r) => r.locked_until?.getTime() ?? 0));
  return until > Date.now() ? Math.ceil((until - Date.now()) / 1000) : 0;
}

export async function recordFailure(db: Queryable, keys: string[]): Promise<void> {
  for (const key of keys) {
    const [row] = await db.query<{ failures: number; first_failure_at: Date }>(
      'select failures, first_failure_at from login_failures where throttle_key = $1',
      [key],
    );
    const fresh = !row || row.first_failure_at.getTime() + WINDOW_MS < Date.now();
    const failures = fresh ? 1 : row.failures + 1;
    const free = FREE_ATTEMPTS[key.split(':')[0]!] ?? 5;
    const lockMs = failures > free ? Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - free - 1)) : 0;
    await db.query(
      `insert into login_failures (throttle_key, failures, first_failure_at, locked_until) values ($1, $2, $3, $4)
       on conflict (throttle_key) do update set failures = $2, first_failure_at = $3, locked_until = $4`,
      [
        key,
        failures,
        fresh ? new Date() : row.first_failure_at,
        lockMs ? new Date(Date.now() + lockMs) : null,
      ],
    );
  }
}

export async function clearFailures(db: Queryable, keys: string[]): Promise<void> {
  await db.query('delete from login_failures where throttle_key = any($1)', [keys]);
}
