// The deliveries table: one row per message to deliver. Its unique dedupe key is what makes a schedule's
// period or an alert episode go out once, whichever process gets there first; its lease is what lets
// exactly one process send it at a time, and lets another take over when that process dies mid-send.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../catalog/db.ts';
import { notFound } from '../core/errors.ts';
import type { Delivery, DeliveryAttempt, DeliveryStatus, RecipientOutcome } from '../shared/schedules-api.ts';
import type { AlertNotice } from './message-content.ts';
import type { ReportPeriod } from './recurrence.ts';

export const newDeliveryId = (): string => `dl_${randomBytes(8).toString('hex')}`;

/** Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt; after the 5th the delivery fails. */
export const BACKOFF_MINUTES = [1, 5, 15, 60];
export const MAX_ATTEMPTS = BACKOFF_MINUTES.length + 1;

/** What to send, frozen when the delivery is made so that every attempt sends the same message. */
export type DeliveryPayload =
  | {
      type: 'report';
      schedule_id: string;
      template_id: string;
      period: ReportPeriod;
      attach: ('csv' | 'xlsx')[];
      /** Addresses that are team members get no unsubscribe link. */
      team: string[];
    }
  | {
      type: 'alert';
      alert_id: string;
      episode_id: string;
      notice: Omit<AlertNotice, 'appUrl'>;
    };

export interface DeliveryRow {
  delivery_id: string;
  advertiser_id: string;
  kind: Delivery['kind'];
  schedule_id: string | null;
  alert_id: string | null;
  episode_id: string | null;
  dedupe_key: string;
  scheduled_for: Date;
  payload: DeliveryPayload;
  subject: string | null;
  transport: Delivery['transport'];
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  last_error: string | null;
  recipients: RecipientOutcome[];
  attempt_log: DeliveryAttempt[];
  created_at: Date;
  sent_at: Date | null;
}

export interface NewDelivery {
  advertiserId: string;
  kind: Delivery['kind'];
  scheduleId?: string | null;
  alertId?: string | null;
  episodeId?: string | null;
  dedupeKey: string;
  scheduledFor: Date;
  payload: DeliveryPayload;
  recipients: { address: string; channel: 'email' | 'webhook' }[];
  now: Date;
}

/** Inserts the delivery unless one with its key exists; its id when inserted, null when it was there. */
export async function insertDelivery(db: Queryable, d: NewDelivery): Promise<string | null> {
  const id = newDeliveryId();
  const recipients: RecipientOutcome[] = d.recipients.map((r) => ({
    address: r.address,
    channel: r.channel,
    status: 'pending',
    response: null,
    at: null,
  }));
  const rows = await db.query<{ delivery_id: string }>(
    `insert into deliveries (delivery_id, advertiser_id, kind, schedule_id, alert_id, episode_id, dedupe_key,
       scheduled_for, payload, recipients, next_attempt_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     on conflict (dedupe_key) do nothing
     returning delivery_id`,
    [
      id,
      d.advertiserId,
      d.kind,
      d.scheduleId ?? null,
      d.alertId ?? null,
      d.episodeId ?? null,
      d.dedupeKey,
      d.scheduledFor,
      JSON.stringify(d.payload),
      JSON.stringify(recipients),
      d.now,
    ],
  );
  return rows[0]?.delivery_id ?? null;
}

export type ClaimedDelivery = DeliveryRow & { previous_status: DeliveryStatus };

/**
 * Takes the lease on one delivery ready to go (its attempt time has come and nobody holds a live lease),
 * or on `onlyId` when given. Locked rows are skipped, so two processes never claim the same delivery; a
 * process that died mid-send leaves a lease that runs out, and the delivery is claimed again.
 */
export async function claimDelivery(
  db: Queryable,
  owner: string,
  now: Date,
  leaseMs: number,
  onlyId?: string,
): Promise<ClaimedDelivery | null> {
  const [row] = await db.query<ClaimedDelivery>(
    `with next as (
       select delivery_id, status as previous_status from deliveries
       where status in ('pending', 'retrying', 'sending') and next_attempt_at <= $2
         and (lease_until is null or lease_until < $2) and ($4::text is null or delivery_id = $4)
       order by next_attempt_at, delivery_id
       limit 1
       for update skip locked
     )
     update deliveries d set status = 'sending', lease_owner = $1, lease_until = $3, attempts = d.attempts + 1
     from next where d.delivery_id = next.delivery_id
     returning d.*, next.previous_status`,
    [owner, now, new Date(now.getTime() + leaseMs), onlyId ?? null],
  );
  return row ?? null;
}

/**
 * Records one recipient's outcome the moment it is known and renews the lease; false when the lease is
 * no longer ours (it ran out and another process took the delivery over), and the sender must stop.
 */
export async function recordRecipient(
  db: Queryable,
  deliveryId: string,
  owner: string,
  index: number,
  outcome: RecipientOutcome,
  leaseUntil: Date,
): Promise<boolean> {
  const rows = await db.query(
    `update deliveries set recipients = jsonb_set(recipients, $3::text[], $4::jsonb), lease_until = $5
     where delivery_id = $1 and lease_owner = $2 returning delivery_id`,
    [deliveryId, owner, [String(index)], JSON.stringify(outcome), leaseUntil],
  );
  return rows.length > 0;
}

/** Notes what the message is (subject, transport) once composed. */
export async function describeAttempt(
  db: Queryable,
  deliveryId: string,
  owner: string,
  subject: string,
  transport: Delivery['transport'],
): Promise<void> {
  await db.query(
    'update deliveries set subject = $3, transport = $4 where delivery_id = $1 and lease_owner = $2',
    [deliveryId, owner, subject, transport],
  );
}

export interface AttemptEnd {
  status: Exclude<DeliveryStatus, 'pending' | 'sending'>;
  log: DeliveryAttempt[];
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  /** Recipients still pending when the delivery fails for good are marked failed with this answer. */
  failPending?: string;
}

/** Ends an attempt and gives the lease back; false when the lease was no longer ours. */
export async function endAttempt(
  db: Queryable,
  deliveryId: string,
  owner: string,
  end: AttemptEnd,
): Promise<boolean> {
  const rows = await db.query(
    `update deliveries set status = $3, attempt_log = attempt_log || $4::jsonb, last_error = $5,
       next_attempt_at = coalesce($6, next_attempt_at), sent_at = $7, lease_owner = null, lease_until = null,
       recipients = case when $8::text is null then recipients else (
         select coalesce(jsonb_agg(case when r->>'status' = 'pending'
           then r || jsonb_build_object('status', 'failed', 'response', $8::text) else r end order by i), '[]'::jsonb)
         from jsonb_array_elements(recipients) with ordinality as t(r, i)) end
     where delivery_id = $1 and lease_owner = $2 returning delivery_id`,
    [
      deliveryId,
      owner,
      end.status,
      JSON.stringify(end.log),
      end.lastError,
      end.nextAttemptAt,
      end.sentAt,
      end.failPending ?? null,
    ],
  );
  return rows.length > 0;
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    delivery_id: row.delivery_id,
    advertiser_id: row.advertiser_id,
    kind: row.kind,
    schedule_id: row.schedule_id,
    alert_id: row.alert_id,
    scheduled_for: row.scheduled_for.toISOString(),
    subject: row.subject,
    transport: row.transport,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at:
      row.status === 'retrying' || row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    last_error: row.last_error,
    recipients: row.recipients,
    attempt_log: row.attempt_log,
    created_at: row.created_at.toISOString(),
    sent_at: row.sent_at?.toISOString() ?? null,
  };
}

export async function getDelivery(
  db: Queryable,
  deliveryId: string,
  advertiserId?: string,
): Promise<Delivery> {
  const [row] = await db.query<DeliveryRow>(
    'select * from deliveries where delivery_id = $1 and ($2::text is null or advertiser_id = $2)',
    [deliveryId, advertiserId ?? null],
  );
  if (!row) throw notFound('Delivery', deliveryId);
  return toDelivery(row);
}

export interface DeliveryFilter {
  scheduleId?: string;
  alertId?: string;
  limit?: number;
}

/** An advertiser's deliveries, newest first. */
export async function listDeliveries(
  db: Queryable,
  advertiserId: string,
  filter: DeliveryFilter = {},
): Promise<Delivery[]> {
  const rows = await db.query<DeliveryRow>(
    `select * from deliveries where advertiser_id = $1
       and ($2::text is null or schedule_id = $2) and ($3::text is null or alert_id = $3)
     order by created_at desc, delivery_id desc limit $4`,
    [advertiserId, filter.scheduleId ?? null, filter.alertId ?? null, filter.limit ?? 100],
  );
  return rows.map(toDelivery);
}

export async function deliveryIdsOf(db: Queryable, advertiserId: string): Promise<Set<string>> {
  const rows = await db.query<{ delivery_id: string }>(
    'select delivery_id from deliveries where advertiser_id = $1',
    [advertiserId],
  );
  return new Set(rows.map((r) => r.delivery_id));
}
