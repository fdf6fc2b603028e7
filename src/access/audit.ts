// The audit log: who changed what and when, with the values before and after.
import type { Queryable } from '../catalog/db.ts';
import type { AuditEntry } from '../shared/api.ts';

export interface Actor {
  /** What the log shows: an e-mail address, or "system"/"sandbox" for the platform itself. */
  label: string;
  userId: string | null;
  ip: string | null;
  /** Shared by every audit row one request writes, so "undo" can take the whole change back. */
  changeId?: string;
}

export const SYSTEM_ACTOR: Actor = { label: 'system', userId: null, ip: null };
export const SANDBOX_ACTOR: Actor = { label: 'sandbox', userId: null, ip: null };

export interface AuditRecord {
  action: string;
  targetType?: string;
  targetId?: string;
  advertiserId?: string;
  before?: unknown;
  after?: unknown;
  /** For an undo: the change it took back. */
  undoesChange?: string;
}

const json = (value: unknown): string | null =>
  value === undefined || value === null
    ? null
    : JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

export async function audit(db: Queryable, actor: Actor, record: AuditRecord): Promise<void> {
  await db.query(
    `insert into audit_log (actor, actor_user_id, action, target_type, target_id, advertiser_id, before, after, ip,
       change_id, undoes_change)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      actor.label,
      actor.userId,
      record.action,
      record.targetType ?? null,
      record.targetId ?? null,
      record.advertiserId ?? null,
      json(record.before),
      json(record.after),
      actor.ip,
      actor.changeId ?? null,
      record.undoesChange ?? null,
    ],
  );
}

export async function listAudit(
  db: Queryable,
  options: { limit: number; before?: string },
): Promise<AuditEntry[]> {
  const rows = await db.query<{
    audit_id: bigint | string;
    at: Date;
    actor: string;
    action: string;
    target_type: string | null;
    target_id: string | null;
    advertiser_id: string | null;
    before: unknown;
    after: unknown;
    ip: string | null;
  }>(
    `select * from audit_log where ($1::bigint is null or audit_id < $1::bigint) order by audit_id desc limit $2`,
    [options.before ?? null, options.limit],
  );
  return rows.map((r) => ({ ...r, audit_id: String(r.audit_id), at: r.at.toISOString() }));
}
