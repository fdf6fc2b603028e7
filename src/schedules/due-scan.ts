// The due-scan: finds the schedules whose next send has come, makes the delivery of that send and moves
// the schedule on to its next send, in one transaction. The delivery's key is (schedule, send instant),
// inserted with "on conflict do nothing", and the schedule rows are locked with "skip locked": however
// many processes scan at once, each period gets one delivery. A server that was down at send time finds
// the schedule overdue at its first scan and makes one delivery, for the latest send it missed.
import type { CatalogDb } from '../catalog/db.ts';
import { insertDelivery } from './deliveries.ts';
import { lastSendAtOrBefore, nextSendAt, reportPeriod } from './recurrence.ts';
import { resolveAddresses } from './recipients.ts';
import { type ScheduleRow, timingOf } from './schedules.ts';

export interface ScanResult {
  /** Deliveries this scan made. */
  created: string[];
  /** Schedules that could not be scanned, with why; they are tried again at the next scan. */
  problems: { scheduleId: string; message: string }[];
}

export const scheduleDedupeKey = (scheduleId: string, sendAt: Date): string =>
  `schedule:${scheduleId}:${sendAt.toISOString()}`;

export async function scanDueSchedules(db: CatalogDb, now: Date, batch = 50): Promise<ScanResult> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<ScheduleRow & { timezone: string }>(
      `select s.*, a.timezone from report_schedules s join advertisers a on a.advertiser_id = s.advertiser_id
       where not s.paused and s.next_send_at <= $1
       order by s.next_send_at, s.schedule_id
       limit $2
       for update of s skip locked`,
      [now, batch],
    );
    const result: ScanResult = { created: [], problems: [] };
    for (const row of rows) {
      // A savepoint per schedule: one that fails leaves the others' deliveries standing.
      await tx.query('savepoint due_schedule');
      try {
        const timing = timingOf(row, row.timezone);
        // The latest send at or before now: one delivery however many sends were missed.
        const latest = lastSendAtOrBefore(timing, now);
        const sendAt = latest && latest >= row.next_send_at! ? latest : row.next_send_at!;
        const addresses = await resolveAddresses(tx, row.advertiser_id, {
          members: row.member_ids,
          emails: row.emails,
        });
        const id = await insertDelivery(tx, {
          advertiserId: row.advertiser_id,
          kind: 'schedule',
          scheduleId: row.schedule_id,
          dedupeKey: scheduleDedupeKey(row.schedule_id, sendAt),
          scheduledFor: sendAt,
          payload: {
            type: 'report',
            schedule_id: row.schedule_id,
            template_id: row.template_id,
            period: reportPeriod(row.relative_range, sendAt, row.timezone),
            attach: row.attach,
            team: addresses.filter((a) => a.team).map((a) => a.address),
          },
          recipients: addresses.map((a) => ({ address: a.address, channel: 'email' as const })),
          now,
        });
        if (id) result.created.push(id);
        await tx.query('update report_schedules set next_send_at = $2 where schedule_id = $1', [
          row.schedule_id,
          nextSendAt(timing, now),
        ]);
        await tx.query('release savepoint due_schedule');
      } catch (error) {
        await tx.query('rollback to savepoint due_schedule');
        result.problems.push({ scheduleId: row.schedule_id, message: (error as Error).message });
      }
    }
    return result;
  });
}
