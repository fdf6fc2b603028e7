// Browser sessions: a random id in an HttpOnly cookie, stored hashed, with its own CSRF token. A session
// ends on sign-out, after SESSION_IDLE_MS without use, or SESSION_MAX_MS after sign-in.
import type { Queryable } from '../catalog/db.ts';
import { randomSecret, sha256 } from './secrets.ts';
import { type User, findUserWith } from './users.ts';

export const SESSION_IDLE_MS = 24 * 3_600_000;
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;
/** last_seen_at is written at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;

export interface Session {
  userId: string;
  csrfToken: string;
  hash: string;
}

export async function createSession(
  db: Queryable,
  userId: string,
): Promise<{ cookieValue: string; csrfToken: string }> {
  const cookieValue = randomSecret();
  const csrfToken = randomSecret(24);
  await db.query(
    'insert into sessions (session_hash, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)',
    [sha256(cookieValue), userId, csrfToken, new Date(Date.now() + SESSION_MAX_MS)],
  );
  return { cookieValue, csrfToken };
}

/** The live session a cookie names and its user, read together; an expired session is removed. */
export async function findSession(
  db: Queryable,
  cookieValue: string,
): Promise<{ session: Session; user: User } | null> {
  const hash = sha256(cookieValue);
  const found = await findUserWith<{ csrf_token: string; expires_at: Date; last_seen_at: Date }>(db, {
    columns: 's.csrf_token, s.expires_at, s.last_seen_at',
    join: 'join sessions s on s.user_id = u.user_id',
    where: 's.session_hash = $1',
    params: [hash],
  });
  if (!found) return null;
  const { extra: row, user } = found;
  const now = Date.now();
  if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + SESSION_IDLE_MS <= now) {
    await db.query('delete from sessions where session_hash = $1', [hash]);
    return null;
  }
  if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.query('update sessions set last_seen_at = now() where session_hash = $1', [hash]);
  }
  return { session: { userId: user.user_id, csrfToken: row.csrf_token, hash }, user };
}

export async function deleteSession(db: Queryable, hash: string): Promise<void> {
  await db.query('delete from sessions where session_hash = $1', [hash]);
}

/** Signs a member out everywhere except (optionally) the session they are using. */
export async function deleteOtherSessions(
  db: Queryable,
  userId: string,
  keepHash: string | null,
): Promise<void> {
  await db.query('delete from sessions where user_id = $1 and session_hash is distinct from $2', [
    userId,
    keepHash,
  ]);
}
