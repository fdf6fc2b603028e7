// One-click unsubscribe for the outside recipients of a scheduled report. The link carries the schedule
// and the address, signed with HMAC-SHA256 under a key the catalog keeps (created by the first process
// that needs it), so it cannot be forged for another address or schedule and needs no lookup table of
// issued tokens. Addresses are compared in lower case.
import { createHmac } from 'node:crypto';
import { randomSecret, sameSecret } from '../access/secrets.ts';
import type { Queryable } from '../catalog/db.ts';

const PURPOSE = 'report_unsubscribe';

async function signingKey(db: Queryable): Promise<string> {
  // Two processes starting at once both try; the primary key keeps the first, and both read it back.
  await db.query(
    'insert into signing_keys (purpose, secret) values ($1, $2) on conflict (purpose) do nothing',
    [PURPOSE, randomSecret(32)],
  );
  const [row] = await db.query<{ secret: string }>('select secret from signing_keys where purpose = $1', [
    PURPOSE,
  ]);
  return row!.secret;
}

const normal = (email: string): string => email.trim().toLowerCase();

function signature(key: string, scheduleId: string, email: string): string {
  return createHmac('sha256', key).update(`${PURPOSE}\n${scheduleId}\n${email}`).digest('base64url');
}

export interface UnsubscribeRequest {
  scheduleId: string;
  email: string;
}

/** `<schedule>.<address>.<signature>`, each part base64url, so the token survives any mail client. */
export async function unsubscribeToken(db: Queryable, scheduleId: string, email: string): Promise<string> {
  const address = normal(email);
  const key = await signingKey(db);
  const part = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return `${part(scheduleId)}.${part(address)}.${signature(key, scheduleId, address)}`;
}

export async function unsubscribeUrl(
  db: Queryable,
  appUrl: string,
  scheduleId: string,
  email: string,
): Promise<string> {
  const token = await unsubscribeToken(db, scheduleId, email);
  return `${appUrl.replace(/\/+$/, '')}/unsubscribe?token=${token}`;
}

/** The schedule and address a token was signed for, or null when it is malformed or does not verify. */
export async function readUnsubscribeToken(db: Queryable, token: string): Promise<UnsubscribeRequest | null> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  const [schedulePart, emailPart, sent] = parts as [string, string, string];
  const scheduleId = Buffer.from(schedulePart, 'base64url').toString('utf8');
  const email = Buffer.from(emailPart, 'base64url').toString('utf8');
  const expected = signature(await signingKey(db), scheduleId, email);
  return sameSecret(sent, expected) ? { scheduleId, email } : null;
}

/** Records the wish; asking twice is the same as asking once. */
export async function recordUnsubscribe(db: Queryable, request: UnsubscribeRequest): Promise<void> {
  await db.query(
    'insert into report_unsubscribes (schedule_id, email) values ($1, $2) on conflict do nothing',
    [request.scheduleId, normal(request.email)],
  );
}

/** Those of `emails` (as given) that unsubscribed from the schedule, matched whatever their case. */
export async function unsubscribedAmong(
  db: Queryable,
  scheduleId: string,
  emails: string[],
): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db.query<{ email: string }>(
    'select email from report_unsubscribes where schedule_id = $1 and email = any($2::text[])',
    [scheduleId, [...new Set(emails.map(normal))]],
  );
  const gone = new Set(rows.map((r) => r.email));
  return new Set(emails.filter((e) => gone.has(normal(e))));
}
