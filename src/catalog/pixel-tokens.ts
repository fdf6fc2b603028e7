// Events API access tokens per pixel: created (the secret shown once), listed, revoked; a request's
// Access-Token header is checked against the stored hash.
import { randomUUID } from 'node:crypto';
import { type Actor, audit } from '../access/audit.ts';
import { randomSecret, sha256 } from '../access/secrets.ts';
import { notFound } from '../core/errors.ts';
import type { CatalogDb, Queryable } from './db.ts';

/** A recognisable prefix, so a token pasted into the wrong place is easy to spot and to scan for. */
export const PIXEL_TOKEN_PREFIX = 'adcpx_';

export interface PixelTokenInfo {
  token_id: string;
  pixel_id: string;
  name: string;
  /** The token's first characters, to tell tokens apart. */
  prefix: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The pixel a valid token sends to. */
export interface TokenPixel {
  pixel_id: string;
  pixel_code: string;
  advertiser_id: string;
}

interface Row {
  token_id: string;
  pixel_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toInfo = (row: Row): PixelTokenInfo => ({
  token_id: row.token_id,
  pixel_id: row.pixel_id,
  name: row.name,
  prefix: row.prefix,
  created_by: row.created_by,
  created_at: row.created_at.toISOString(),
  last_used_at: row.last_used_at?.toISOString() ?? null,
  revoked_at: row.revoked_at?.toISOString() ?? null,
});

const COLUMNS = 'token_id, pixel_id, name, prefix, created_by, created_at, last_used_at, revoked_at';

export async function createPixelToken(
  db: Queryable,
  pixelId: string,
  name: string,
  createdBy: string,
): Promise<{ token: PixelTokenInfo; secret: string }> {
  const secret = `${PIXEL_TOKEN_PREFIX}${randomSecret()}`;
  const [row] = await db.query<Row>(
    `insert into pixel_tokens (token_id, pixel_id, name, prefix, token_hash, created_by)
     values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [randomUUID(), pixelId, name, secret.slice(0, PIXEL_TOKEN_PREFIX.length + 6), sha256(secret), createdBy],
  );
  return { token: toInfo(row!), secret };
}

/** Creates a token for the pixel and records who did, in one transaction (the API and the CLI). */
export function issuePixelToken(
  catalog: CatalogDb,
  actor: Actor,
  pixel: { pixel_id: string; advertiser_id: string },
  name: string,
): Promise<{ token: PixelTokenInfo; secret: string }> {
  return catalog.transaction(async (tx) => {
    const created = await createPixelToken(tx, pixel.pixel_id, name, actor.label);
    await audit(tx, actor, {
      action: 'pixel_token.create',
      targetType: 'pixel_token',
      targetId: created.token.token_id,
      advertiserId: pixel.advertiser_id,
      after: created.token,
    });
    return created;
  });
}

export async function listPixelTokens(db: Queryable, pixelId: string): Promise<PixelTokenInfo[]> {
  const rows = await db.query<Row>(
    `select ${COLUMNS} from pixel_tokens where pixel_id = $1 order by created_at desc, token_id`,
    [pixelId],
  );
  return rows.map(toInfo);
}

export async function revokePixelToken(
  db: Queryable,
  pixelId: string,
  tokenId: string,
): Promise<PixelTokenInfo> {
  const [row] = await db.query<Row>(
    `update pixel_tokens set revoked_at = coalesce(revoked_at, now())
     where token_id = $1 and pixel_id = $2 returning ${COLUMNS}`,
    [tokenId, pixelId],
  );
  if (!row) throw notFound('Pixel token', tokenId);
  return toInfo(row);
}

/** The pixel a token may send events to, or null when the token is unknown or revoked. Records the use. */
export async function pixelForToken(db: Queryable, secret: string): Promise<TokenPixel | null> {
  const hash = sha256(secret);
  const [row] = await db.query<TokenPixel & { stale: boolean }>(
    `select p.pixel_id, p.pixel_code, p.advertiser_id,
       (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
     from pixel_tokens t join pixels p using (pixel_id)
     where t.token_hash = $1 and t.revoked_at is null`,
    [hash],
  );
  if (!row) return null;
  // Last use to the minute, so a busy sender does not turn every event into a catalog write.
  if (row.stale) await db.query('update pixel_tokens set last_used_at = now() where token_hash = $1', [hash]);
  return { pixel_id: row.pixel_id, pixel_code: row.pixel_code, advertiser_id: row.advertiser_id };
}
