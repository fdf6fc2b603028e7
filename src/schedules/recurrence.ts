// When a scheduled report goes out, and which days it covers. Everything is computed on the advertiser's
// wall clock (its IANA time zone), never the server's, so "Mondays at 08:00" stays 08:00 across DST.
//
// DST rule (the same as Temporal's "compatible" disambiguation):
// - a time that does not exist on the spring-forward day (02:30 in Amsterdam on the last Sunday of March)
//   is sent when the clock says 03:30, i.e. shifted forward by the length of the gap;
// - a time that happens twice on the fall-back day (02:30 on the last Sunday of October) is sent once,
//   at its first occurrence.

import { AppError } from '../core/errors.ts';
import { addDays, daysBetween, resolvePreset, weekdayMondayFirst } from '../core/dates.ts';
import { localDateTime, localToday } from '../core/timezone.ts';

export type Recurrence =
  | { every: 'daily' }
  | { every: 'weekly'; weekdays: number[] /* 1=Mon … 7=Sun */ }
  | { every: 'monthly'; day: number | 'last' };

export interface ScheduleTiming {
  recurrence: Recurrence;
  at: string; // HH:MM local
  timeZone: string;
}

export type RelativeRange =
  | 'yesterday'
  | 'last_7_days'
  | 'last_14_days'
  | 'last_30_days'
  | 'last_week'
  | 'last_month'
  | 'month_to_date';

export const RELATIVE_RANGES: readonly RelativeRange[] = [
  'yesterday',
  'last_7_days',
  'last_14_days',
  'last_30_days',
  'last_week',
  'last_month',
  'month_to_date',
];

export interface ReportPeriod {
  start: string;
  end: string;
  previous: { start: string; end: string };
  label: string;
}

const AT_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The hour and minute of an `HH:MM` send time; a clear error naming the field otherwise. */
export function parseAt(at: string): { hour: number; minute: number } {
  const m = AT_RE.exec(at);
  if (!m) {
    throw new AppError(
      'validation_failed',
      `The send time "${at}" is not a time of day; write it as HH:MM, e.g. 08:00.`,
      [{ field: 'at', message: 'Write the time as HH:MM (24-hour), e.g. 08:00.' }],
    );
  }
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The zone's offset from UTC in milliseconds at an instant. */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSecond = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return Date.parse(`${localDateTime(wholeSecond, timeZone)}Z`) - wholeSecond;
}

/**
 * The instant at which the advertiser's clock shows `date` `hour:minute`, following the DST rule at the
 * top of this file. The offsets a day before and after are the only two the wall time can have (no zone
 * changes its clock twice within two days).
 */
export function localWallTimeToInstant(date: string, hour: number, minute: number, timeZone: string): number {
  const wall = `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`;
  const wallAsUtc = Date.parse(`${wall}Z`);
  const before = offsetAt(wallAsUtc - 86_400_000, timeZone);
  const after = offsetAt(wallAsUtc + 86_400_000, timeZone);
  const candidates = [wallAsUtc - before, wallAsUtc - after]
    .filter((instant) => localDateTime(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  // Repeated hour: the first occurrence. Gap: read the wall time with the offset from before the change,
  // which lands the same distance past the gap.
  return candidates[0] ?? wallAsUtc - before;
}

function daysInMonth(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Whether the schedule sends on a local date. A monthly day past the month's end (the 31st in April)
 * sends on that month's last day, so "monthly on the 31st" never skips a month.
 */
export function sendsOn(recurrence: Recurrence, date: string): boolean {
  switch (recurrence.every) {
    case 'daily':
      return true;
    case 'weekly':
      return recurrence.weekdays.includes(weekdayMondayFirst(date) + 1);
    case 'monthly': {
      const last = daysInMonth(date);
      const day = Number(date.slice(8, 10));
      return recurrence.day === 'last' ? day === last : day === Math.min(recurrence.day, last);
    }
  }
}

/** Problems with a recurrence, each naming its field; empty when it is sound. */
export function recurrenceProblems(recurrence: Recurrence): { field: string; message: string }[] {
  if (recurrence.every === 'weekly') {
    if (recurrence.weekdays.length === 0)
      return [{ field: 'recurrence.weekdays', message: 'Pick at least one weekday.' }];
    const bad = recurrence.weekdays.find((d) => !Number.isInteger(d) || d < 1 || d > 7);
    if (bad !== undefined) {
      return [{ field: 'recurrence.weekdays', message: `Weekday ${bad} is not 1 (Monday) to 7 (Sunday).` }];
    }
  }
  if (recurrence.every === 'monthly' && recurrence.day !== 'last') {
    if (!Number.isInteger(recurrence.day) || recurrence.day < 1 || recurrence.day > 31) {
      return [{ field: 'recurrence.day', message: 'The day of the month is 1 to 31, or "last".' }];
    }
  }
  return [];
}

// A year and a bit covers every recurrence (the rarest, monthly, sends at least every 31 days).
const SEARCH_DAYS = 400;

function assertSound(timing: ScheduleTiming): { hour: number; minute: number } {
  const problems = recurrenceProblems(timing.recurrence);
  if (problems.length > 0) throw new AppError('validation_failed', problems[0]!.message, problems);
  return parseAt(timing.at);
}

/** The first send instant strictly after `after`. */
export function nextSendAt(timing: ScheduleTiming, after: Date): Date {
  const { hour, minute } = assertSound(timing);
  // Start a day early: the local date of `after` can be behind the send's date by the zone's offset.
  const first = addDays(localToday(timing.timeZone, after.getTime()), -1);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const date = addDays(first, i);
    if (!sendsOn(timing.recurrence, date)) continue;
    const instant = localWallTimeToInstant(date, hour, minute, timing.timeZone);
    if (instant > after.getTime()) return new Date(instant);
  }
  throw new Error(`no send within ${SEARCH_DAYS} days of ${after.toISOString()}`);
}

/** The latest send instant at or before `at`, or null when the schedule would not have sent in the last year. */
export function lastSendAtOrBefore(timing: ScheduleTiming, at: Date): Date | null {
  const { hour, minute } = assertSound(timing);
  const first = addDays(localToday(timing.timeZone, at.getTime()), 1);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const date = addDays(first, -i);
    if (!sendsOn(timing.recurrence, date)) continue;
    const instant = localWallTimeToInstant(date, hour, minute, timing.timeZone);
    if (instant <= at.getTime()) return new Date(instant);
  }
  return null;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "21 November 2026", "1–31 October 2026", "26 October – 1 November 2026", "29 December 2025 – 4 January 2026". */
export function periodLabel(start: string, end: string): string {
  const [sy, sm, sd] = start.split('-').map(Number) as [number, number, number];
  const [ey, em, ed] = end.split('-').map(Number) as [number, number, number];
  const month = (m: number): string => MONTHS[m - 1]!;
  if (start === end) return `${sd} ${month(sm)} ${sy}`;
  if (sy === ey && sm === em) return `${sd}–${ed} ${month(em)} ${ey}`;
  if (sy === ey) return `${sd} ${month(sm)} – ${ed} ${month(em)} ${ey}`;
  return `${sd} ${month(sm)} ${sy} – ${ed} ${month(em)} ${ey}`;
}

const firstOfMonth = (date: string): string => `${date.slice(0, 8)}01`;

/**
 * The days a report sent at `sendAt` covers, on the advertiser's calendar, and the period it is compared
 * with. The day of sending is never included (it is not over). Rolling ranges (yesterday, last N days)
 * compare with the equally long stretch just before; calendar ranges compare with the calendar unit before
 * (last week with the week before, last month with the month before it, whatever its length); month to
 * date compares with the same days of the previous month. Month to date sent on the 1st covers the whole
 * month that just ended, since the new one has no complete day yet.
 */
export function reportPeriod(range: RelativeRange, sendAt: Date, timeZone: string): ReportPeriod {
  const today = localToday(timeZone, sendAt.getTime());
  const yesterday = addDays(today, -1);
  let start: string;
  let end: string;
  let previous: { start: string; end: string };
  switch (range) {
    case 'yesterday':
    case 'last_7_days':
    case 'last_14_days':
    case 'last_30_days': {
      const r = resolvePreset(range, today);
      start = r.from;
      end = r.to;
      const length = daysBetween(start, end) + 1;
      previous = { start: addDays(start, -length), end: addDays(start, -1) };
      break;
    }
    case 'last_week': {
      const thisMonday = addDays(today, -weekdayMondayFirst(today));
      start = addDays(thisMonday, -7);
      end = addDays(thisMonday, -1);
      previous = { start: addDays(start, -7), end: addDays(start, -1) };
      break;
    }
    case 'last_month': {
      end = addDays(firstOfMonth(today), -1);
      start = firstOfMonth(end);
      const previousEnd = addDays(start, -1);
      previous = { start: firstOfMonth(previousEnd), end: previousEnd };
      break;
    }
    case 'month_to_date': {
      start = firstOfMonth(yesterday);
      end = yesterday;
      const previousEnd = addDays(start, -1);
      const previousStart = firstOfMonth(previousEnd);
      const days = Math.min(daysBetween(start, end), daysBetween(previousStart, previousEnd));
      previous = { start: previousStart, end: addDays(previousStart, days) };
      break;
    }
  }
  return { start, end, previous, label: periodLabel(start, end) };
}
