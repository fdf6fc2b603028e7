// Report schedules (F4.4): a saved report template e-mailed on a recurrence, at a time of day on the
// advertiser's clock, covering a date range relative to the send. Saving checks everything and names the
// field of each problem; the next send instant is kept on the row for the due-scan (null while paused).
import { randomBytes } from 'node:crypto';
import { type Actor, audit } from '../access/audit.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import type { CatalogDb, Queryable, SqlParam } from '../catalog/db.ts';
import { getReportTemplate } from '../catalog/report-templates.ts';
import { type ErrorDetail, notFound } from '../core/errors.ts';
import type {
  AttachFormat,
  Recurrence,
  RelativeRange,
  Schedule,
  ScheduleCreate,
  ScheduleUpdate,
} from '../shared/schedules-api.ts';
import { nextSendAt, recurrenceProblems } from './recurrence.ts';
import { describeMembers, recipientProblems, refuseProblems, uniqueEmails } from './recipients.ts';

export const newScheduleId = (): string => `sch_${randomBytes(8).toString('hex')}`;

export interface ScheduleRow {
  schedule_id: string;
  advertiser_id: string;
  template_id: string;
  recurrence: Recurrence;
  send_at: string;
  relative_range: RelativeRange;
  member_ids: string[];
  emails: string[];
  attach: AttachFormat[];
  paused: boolean;
  next_send_at: Date | null;
  created_by: string;
  created_at: Date;
  modified_at: Date;
}

/** The schedule's timing on its advertiser's clock. */
export const timingOf = (row: Pick<ScheduleRow, 'recurrence' | 'send_at'>, timeZone: string) => ({
  recurrence: row.recurrence,
  at: row.send_at,
  timeZone,
});

export async function getScheduleRow(
  db: Queryable,
  advertiserId: string,
  scheduleId: string,
): Promise<ScheduleRow> {
  const [row] = await db.query<ScheduleRow>(
    'select * from report_schedules where advertiser_id = $1 and schedule_id = $2',
    [advertiserId, scheduleId],
  );
  if (!row) throw notFound('Schedule', scheduleId);
  return row;
}

async function describe(db: Queryable, rows: ScheduleRow[]): Promise<Schedule[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.schedule_id);
  const templates = new Map(
    (
      await db.query<{ template_id: string; name: string }>(
        'select template_id, name from report_templates where template_id = any($1)',
        [rows.map((r) => r.template_id)],
      )
    ).map((t) => [t.template_id, t.name]),
  );
  const zones = new Map(
    (
      await db.query<{ advertiser_id: string; timezone: string }>(
        'select advertiser_id, timezone from advertisers where advertiser_id = any($1)',
        [rows.map((r) => r.advertiser_id)],
      )
    ).map((a) => [a.advertiser_id, a.timezone]),
  );
  const lastDeliveries = new Map(
    (
      await db.query<{
        schedule_id: string;
        delivery_id: string;
        status: string;
        scheduled_for: Date;
        sent_at: Date | null;
      }>(
        `select distinct on (schedule_id) schedule_id, delivery_id, status, scheduled_for, sent_at
         from deliveries where schedule_id = any($1) order by schedule_id, created_at desc`,
        [ids],
      )
    ).map((d) => [d.schedule_id, d]),
  );
  const out: Schedule[] = [];
  for (const row of rows) {
    const last = lastDeliveries.get(row.schedule_id);
    out.push({
      schedule_id: row.schedule_id,
      advertiser_id: row.advertiser_id,
      template_id: row.template_id,
      template_name: templates.get(row.template_id) ?? row.template_id,
      recurrence: row.recurrence,
      at: row.send_at,
      time_zone: zones.get(row.advertiser_id) ?? 'UTC',
      range: row.relative_range,
      recipients: { members: await describeMembers(db, row.member_ids), emails: row.emails },
      attach: row.attach,
      paused: row.paused,
      next_send_at: row.paused ? null : (row.next_send_at?.toISOString() ?? null),
      last_delivery: last
        ? {
            delivery_id: last.delivery_id,
            status: last.status,
            scheduled_for: last.scheduled_for.toISOString(),
            sent_at: last.sent_at?.toISOString() ?? null,
          }
        : null,
      created_by: row.created_by,
      created_at: row.created_at.toISOString(),
      modified_at: row.modified_at.toISOString(),
    });
  }
  return out;
}

export async function listSchedules(db: Queryable, advertiserId: string): Promise<Schedule[]> {
  const rows = await db.query<ScheduleRow>(
    'select * from report_schedules where advertiser_id = $1 order by created_at, schedule_id',
    [advertiserId],
  );
  return describe(db, rows);
}

export async function getSchedule(
  db: Queryable,
  advertiserId: string,
  scheduleId: string,
): Promise<Schedule> {
  return (await describe(db, [await getScheduleRow(db, advertiserId, scheduleId)]))[0]!;
}

interface ScheduleFields {
  template_id: string;
  recurrence: Recurrence;
  at: string;
  range: RelativeRange;
  recipients: { members: string[]; emails: string[] };
  attach: AttachFormat[];
  paused: boolean;
}

/**
 * The fields as the columns template_id, recurrence, send_at, relative_range, member_ids, emails, attach,
 * paused take them — in that order, which the insert and the update both follow.
 */
const storedFields = (f: ScheduleFields): SqlParam[] => [
  f.template_id,
  JSON.stringify(f.recurrence),
  f.at,
  f.range,
  JSON.stringify(f.recipients.members),
  JSON.stringify(f.recipients.emails),
  JSON.stringify(f.attach),
  f.paused,
];

/** Every problem with the fields at once, each naming its `body.…` field. */
async function fieldProblems(
  db: Queryable,
  advertiserId: string,
  fields: ScheduleFields,
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  if (!(await getReportTemplate(db, advertiserId, fields.template_id))) {
    problems.push({
      field: 'body.template_id',
      message: `no report template "${fields.template_id}" for this advertiser; list them under …/report-templates`,
    });
  }
  for (const p of recurrenceProblems(fields.recurrence))
    problems.push({ field: `body.${p.field}`, message: p.message });
  problems.push(...(await recipientProblems(db, advertiserId, fields.recipients, 'body.recipients')));
  if (fields.recipients.members.length === 0 && fields.recipients.emails.length === 0) {
    problems.push({ field: 'body.recipients', message: 'name at least one team member or e-mail address' });
  }
  return problems;
}

async function timeZoneOf(db: Queryable, advertiserId: string): Promise<string> {
  const advertiser = await getAdvertiser(db, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  return advertiser.timezone;
}

const nextOf = (fields: ScheduleFields, timeZone: string, now: Date): Date | null =>
  fields.paused ? null : nextSendAt({ recurrence: fields.recurrence, at: fields.at, timeZone }, now);

export async function createSchedule(
  db: CatalogDb,
  advertiserId: string,
  input: ScheduleCreate,
  actor: Actor,
  now: Date = new Date(),
): Promise<Schedule> {
  const timeZone = await timeZoneOf(db, advertiserId);
  const fields: ScheduleFields = {
    template_id: input.template_id,
    recurrence: input.recurrence,
    at: input.at ?? '08:00',
    range: input.range ?? 'last_7_days',
    recipients: {
      members: [...new Set(input.recipients.members ?? [])],
      emails: uniqueEmails(input.recipients.emails ?? []),
    },
    attach: [...new Set(input.attach ?? [])],
    paused: input.paused ?? false,
  };
  refuseProblems(await fieldProblems(db, advertiserId, fields), 'schedule');
  const scheduleId = newScheduleId();
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into report_schedules (schedule_id, advertiser_id, template_id, recurrence, send_at, relative_range,
         member_ids, emails, attach, paused, next_send_at, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [scheduleId, advertiserId, ...storedFields(fields), nextOf(fields, timeZone, now), actor.label],
    );
    await audit(tx, actor, {
      action: 'schedule.create',
      targetType: 'schedule',
      targetId: scheduleId,
      advertiserId,
      after: fields,
    });
  });
  return getSchedule(db, advertiserId, scheduleId);
}

/**
 * Changes what the update names. The next send is worked out again from now when the timing changes or
 * the schedule is resumed: a resumed schedule does not send the periods it missed while paused.
 */
export async function updateSchedule(
  db: CatalogDb,
  advertiserId: string,
  scheduleId: string,
  update: ScheduleUpdate,
  actor: Actor,
  now: Date = new Date(),
): Promise<Schedule> {
  const timeZone = await timeZoneOf(db, advertiserId);
  await db.transaction(async (tx) => {
    const [row] = await tx.query<ScheduleRow>(
      'select * from report_schedules where advertiser_id = $1 and schedule_id = $2 for update',
      [advertiserId, scheduleId],
    );
    if (!row) throw notFound('Schedule', scheduleId);
    const before: ScheduleFields = {
      template_id: row.template_id,
      recurrence: row.recurrence,
      at: row.send_at,
      range: row.relative_range,
      recipients: { members: row.member_ids, emails: row.emails },
      attach: row.attach,
      paused: row.paused,
    };
    const after: ScheduleFields = {
      template_id: update.template_id ?? before.template_id,
      recurrence: update.recurrence ?? before.recurrence,
      at: update.at ?? before.at,
      range: update.range ?? before.range,
      recipients: update.recipients
        ? { members: [...new Set(update.recipients.members)], emails: uniqueEmails(update.recipients.emails) }
        : before.recipients,
      attach: update.attach ? [...new Set(update.attach)] : before.attach,
      paused: update.paused ?? before.paused,
    };
    refuseProblems(await fieldProblems(tx, advertiserId, after), 'schedule');
    const retimed =
      JSON.stringify(after.recurrence) !== JSON.stringify(before.recurrence) ||
      after.at !== before.at ||
      after.paused !== before.paused;
    const next = retimed ? nextOf(after, timeZone, now) : row.next_send_at;
    await tx.query(
      `update report_schedules set template_id = $3, recurrence = $4, send_at = $5, relative_range = $6,
         member_ids = $7, emails = $8, attach = $9, paused = $10, next_send_at = $11, modified_at = now()
       where advertiser_id = $1 and schedule_id = $2`,
      [advertiserId, scheduleId, ...storedFields(after), next],
    );
    await audit(tx, actor, {
      action:
        after.paused !== before.paused
          ? after.paused
            ? 'schedule.pause'
            : 'schedule.resume'
          : 'schedule.update',
      targetType: 'schedule',
      targetId: scheduleId,
      advertiserId,
      before,
      after,
    });
  });
  return getSchedule(db, advertiserId, scheduleId);
}

export async function deleteSchedule(
  db: CatalogDb,
  advertiserId: string,
  scheduleId: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query(
      'delete from report_schedules where advertiser_id = $1 and schedule_id = $2 returning schedule_id',
      [advertiserId, scheduleId],
    );
    if (rows.length === 0) throw notFound('Schedule', scheduleId);
    await audit(tx, actor, {
      action: 'schedule.delete',
      targetType: 'schedule',
      targetId: scheduleId,
      advertiserId,
    });
  });
}

/** The advertiser of the schedule with this id, for callers that know only the schedule (the CLI). */
export async function scheduleAdvertiser(db: Queryable, scheduleId: string): Promise<string> {
  const [row] = await db.query<{ advertiser_id: string }>(
    'select advertiser_id from report_schedules where schedule_id = $1',
    [scheduleId],
  );
  if (!row) throw notFound('Schedule', scheduleId);
  return row.advertiser_id;
}
