// API tokens for scripts and the CLI: shown once at creation, stored hashed, revocable, with last use.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../catalog/db.ts';
import { notFound } from '../core/errors.ts';
import type { ApiTokenInfo } from '../shared/api.ts';
import { randomSecret, sha256 } from './secrets.ts';
import { type User, findUserWith } from './users.ts';

/** Tokens carry a recognisable prefix, so one pasted into the wrong place is easy to spot and to scan for. */
export const TOKEN_PREFIX = 'adc_';

interface TokenRow {
  token_id: string;
  user_id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toInfo = (row: TokenRow): ApiTokenInfo => ({
  token_id: row.token_id,
  name: row.name,
  prefix: row.prefix,
  created_at: row.created_at.toISOString(),
  last_used_at: row.last_used_at?.toISOString() ?? null,
  revoked_at: row.revoked_at?.toISOString() ?? null,
});

export async function createApiToken(
  db: Queryable,
  userId: string,
  name: string,
): Promise<{ token: ApiTokenInfo; secret: string }> {
  const secret = `${TOKEN_PREFIX}${randomSecret()}`;
  const tokenId = randomUUID();
  await db.query(
    'insert into api_tokens (token_id, user_id, name, prefix, token_hash) values ($1, $2, $3, $4, $5)',
    [tokenId, userId, name, secret.slice(0, TOKEN_PREFIX.length + 6), sha256(secret)],
  );
  const [row] = await db.query<TokenRow>('select * from api_tokens where token_id = $1', [tokenId]);
  return { token: toInfo(row!), secret };
}

export async function listApiTokens(db: Queryable, userId: string): Promise<ApiTokenInfo[]> {
  return (
    await db.query<TokenRow>('select * from api_tokens where user_id = $1 order by created_at desc', [userId])
  ).map(toInfo);
}

export async function revokeApiToken(db: Queryable, userId: string, tokenId: string): Promise<ApiTokenInfo> {
  const [row] = await db.query<TokenRow>(
    'update api_tokens set revoked_at = coalesce(revoked_at, now()) where token_id = $1 and user_id = $2 returning *',
    [tokenId, userId],
  );
  if (!row) throw notFound('API token', tokenId);
  return toInfo(row);
}

/** The user a bearer token belongs to, or null when it is unknown or revoked. Records the use. */
export async function userForToken(db: Queryable, secret: string): Promise<User | null> {
  const hash = sha256(secret);
  const found = await findUserWith<{ token_stale: boolean }>(db, {
    columns: `(t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as token_stale`,
    join: 'join api_tokens t on t.user_id = u.user_id',
    where: 't.token_hash = $1 and t.revoked_at is null',
    params: [hash],
  });
  if (!found) return null;
  // Last use is kept to the minute, so a busy script does not turn every read into a write.
  if (found.extra.token_stale)
    await db.query('update api_tokens set last_used_at = now() where token_hash = $1', [hash]);
  return found.user;
}
