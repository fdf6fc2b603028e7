import { describe, expect, test } from 'vitest';
import {
  lastSendAtOrBefore,
  localWallTimeToInstant,
  nextSendAt,
  periodLabel,
  reportPeriod,
  type ScheduleTiming,
} from './recurrence.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const at = (s: string): Date => new Date(s);

describe('send instants on the advertiser’s clock', () => {
  const amsterdamDaily: ScheduleTiming = {
    recurrence: { every: 'daily' },
    at: '08:00',
    timeZone: 'Europe/Amsterdam',
  };

  test('08:00 in Amsterdam is 07:00 UTC in winter and 06:00 UTC in summer, across the March change', () => {
    expect(iso(nextSendAt(amsterdamDaily, at('2026-03-28T07:00:00Z')))).toBe('2026-03-29T06:00:00.000Z');
    expect(iso(nextSendAt(amsterdamDaily, at('2026-03-27T12:00:00Z')))).toBe('2026-03-28T07:00:00.000Z');
    // strictly after: the send instant itself is not "next"
    expect(iso(nextSendAt(amsterdamDaily, at('2026-03-28T07:00:00Z')))).not.toBe('2026-03-28T07:00:00.000Z');
  });

  test('and back to 07:00 UTC after the October change', () => {
    expect(iso(nextSendAt(amsterdamDaily, at('2026-10-24T12:00:00Z')))).toBe('2026-10-25T07:00:00.000Z');
    expect(iso(nextSendAt(amsterdamDaily, at('2026-10-23T12:00:00Z')))).toBe('2026-10-24T06:00:00.000Z');
  });

  test('02:30 does not exist on the spring-forward day: sent at 03:30 CEST, the length of the gap later', () => {
    const timing: ScheduleTiming = {
      recurrence: { every: 'daily' },
      at: '02:30',
      timeZone: 'Europe/Amsterdam',
    };
    expect(iso(nextSendAt(timing, at('2026-03-28T12:00:00Z')))).toBe('2026-03-29T01:30:00.000Z');
    // the day after is back to normal: 02:30 CEST = 00:30 UTC
    expect(iso(nextSendAt(timing, at('2026-03-29T01:30:00Z')))).toBe('2026-03-30T00:30:00.000Z');
  });

  test('02:30 happens twice on the fall-back day: sent once, at the first occurrence', () => {
    const timing: ScheduleTiming = {
      recurrence: { every: 'daily' },
      at: '02:30',
      timeZone: 'Europe/Amsterdam',
    };
    // first 02:30 is CEST (00:30 UTC), the second CET (01:30 UTC)
    expect(iso(nextSendAt(timing, at('2026-10-24T12:00:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    // after the first, the next send is the following day, not the repeated 02:30
    expect(iso(nextSendAt(timing, at('2026-10-25T00:30:00Z')))).toBe('2026-10-26T01:30:00.000Z');
    expect(localWallTimeToInstant('2026-10-25', 2, 30, 'Europe/Amsterdam')).toBe(
      Date.parse('2026-10-25T00:30:00Z'),
    );
  });

  test('New York: 09:00 moves from 14:00 to 13:00 UTC on 8 March 2026, and 02:30 is skipped forward', () => {
    const nine: ScheduleTiming = {
      recurrence: { every: 'daily' },
      at: '09:00',
      timeZone: 'America/New_York',
    };
    expect(iso(nextSendAt(nine, at('2026-03-07T15:00:00Z')))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(nextSendAt(nine, at('2026-03-06T15:00:00Z')))).toBe('2026-03-07T14:00:00.000Z');
    const early: ScheduleTiming = {
      recurrence: { every: 'daily' },
      at: '02:30',
      timeZone: 'America/New_York',
    };
    expect(iso(nextSendAt(early, at('2026-03-07T12:00:00Z')))).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(iso(nextSendAt(early, at('2026-10-31T12:00:00Z')))).toBe('2026-11-01T07:30:00.000Z'); // 02:30 EST
    const repeated: ScheduleTiming = {
      recurrence: { every: 'daily' },
      at: '01:30',
      timeZone: 'America/New_York',
    };
    expect(iso(nextSendAt(repeated, at('2026-10-31T12:00:00Z')))).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
  });

  test('a send time late in the evening west of UTC lands on the next UTC day', () => {
    const timing: ScheduleTiming = {
      recurrence: { every: 'daily' },
      at: '23:30',
      timeZone: 'America/New_York',
    };
    expect(iso(nextSendAt(timing, at('2026-11-22T12:00:00Z')))).toBe('2026-11-23T04:30:00.000Z');
  });

  test('weekly on Monday and Thursday', () => {
    const timing: ScheduleTiming = {
      recurrence: { every: 'weekly', weekdays: [1, 4] },
      at: '07:15',
      timeZone: 'Europe/Amsterdam',
    };
    // Sunday 22 November 2026 → Monday 23, then Thursday 26, then Monday 30
    const first = nextSendAt(timing, at('2026-11-22T12:00:00Z'));
    const second = nextSendAt(timing, first);
    const third = nextSendAt(timing, second);
    expect([first, second, third].map(iso)).toEqual([
      '2026-11-23T06:15:00.000Z',
      '2026-11-26T06:15:00.000Z',
      '2026-11-30T06:15:00.000Z',
    ]);
    // Thursday after 07:15 local: the previous send was that morning
    expect(iso(lastSendAtOrBefore(timing, at('2026-11-26T10:00:00Z')))).toBe('2026-11-26T06:15:00.000Z');
    expect(iso(lastSendAtOrBefore(timing, at('2026-11-26T06:00:00Z')))).toBe('2026-11-23T06:15:00.000Z');
    expect(iso(lastSendAtOrBefore(timing, at('2026-11-26T06:15:00Z')))).toBe('2026-11-26T06:15:00.000Z');
  });

  test('monthly on the last day: 28 February in 2027, 29 in the leap year 2028', () => {
    const timing: ScheduleTiming = {
      recurrence: { every: 'monthly', day: 'last' },
      at: '18:00',
      timeZone: 'Europe/Amsterdam',
    };
    expect(iso(nextSendAt(timing, at('2027-02-01T00:00:00Z')))).toBe('2027-02-28T17:00:00.000Z');
    expect(iso(nextSendAt(timing, at('2028-02-01T00:00:00Z')))).toBe('2028-02-29T17:00:00.000Z');
    expect(iso(nextSendAt(timing, at('2027-02-28T17:00:00Z')))).toBe('2027-03-31T16:00:00.000Z'); // CEST
    expect(iso(lastSendAtOrBefore(timing, at('2027-03-15T00:00:00Z')))).toBe('2027-02-28T17:00:00.000Z');
  });

  test('monthly on the 31st sends on the last day of shorter months instead of skipping them', () => {
    const timing: ScheduleTiming = {
      recurrence: { every: 'monthly', day: 31 },
      at: '06:00',
      timeZone: 'UTC',
    };
    expect(iso(nextSendAt(timing, at('2026-04-01T00:00:00Z')))).toBe('2026-04-30T06:00:00.000Z');
    expect(iso(nextSendAt(timing, at('2026-05-01T00:00:00Z')))).toBe('2026-05-31T06:00:00.000Z');
    const first: ScheduleTiming = { recurrence: { every: 'monthly', day: 1 }, at: '06:00', timeZone: 'UTC' };
    expect(iso(nextSendAt(first, at('2026-04-01T06:00:00Z')))).toBe('2026-05-01T06:00:00.000Z');
  });

  test('a bad time or recurrence is refused naming the field', () => {
    expect(() =>
      nextSendAt({ recurrence: { every: 'daily' }, at: '25:00', timeZone: 'UTC' }, new Date()),
    ).toThrow(/HH:MM/);
    expect(() =>
      nextSendAt({ recurrence: { every: 'weekly', weekdays: [] }, at: '08:00', timeZone: 'UTC' }, new Date()),
    ).toThrow(/weekday/);
    expect(() =>
      nextSendAt({ recurrence: { every: 'monthly', day: 32 }, at: '08:00', timeZone: 'UTC' }, new Date()),
    ).toThrow(/1 to 31/);
  });
});

describe('the period a report covers', () => {
  // Monday 2 November 2026, 08:00 in Amsterdam
  const mondaySend = at('2026-11-02T07:00:00Z');

  test('yesterday and the day before', () => {
    expect(reportPeriod('yesterday', mondaySend, 'Europe/Amsterdam')).toEqual({
      start: '2026-11-01',
      end: '2026-11-01',
      previous: { start: '2026-10-31', end: '2026-10-31' },
      label: '1 November 2026',
    });
  });

  test('the advertiser’s day, not UTC’s: 01:30 UTC Monday is still Sunday evening in New York', () => {
    const p = reportPeriod('yesterday', at('2026-11-02T01:30:00Z'), 'America/New_York');
    expect(p.start).toBe('2026-10-31');
  });

  test('last 7 days ends yesterday and compares with the 7 days before', () => {
    const p = reportPeriod('last_7_days', mondaySend, 'Europe/Amsterdam');
    expect(p).toMatchObject({
      start: '2026-10-26',
      end: '2026-11-01',
      previous: { start: '2026-10-19', end: '2026-10-25' },
    });
    expect(p.label).toBe('26 October – 1 November 2026');
    const p30 = reportPeriod('last_30_days', mondaySend, 'Europe/Amsterdam');
    expect(p30).toMatchObject({
      start: '2026-10-03',
      end: '2026-11-01',
      previous: { start: '2026-09-03', end: '2026-10-02' },
    });
  });

  test('last week is Monday to Sunday, whatever day it is sent', () => {
    const thursday = at('2026-11-05T07:00:00Z');
    expect(reportPeriod('last_week', thursday, 'Europe/Amsterdam')).toMatchObject({
      start: '2026-10-26',
      end: '2026-11-01',
      previous: { start: '2026-10-19', end: '2026-10-25' },
    });
    expect(reportPeriod('last_week', mondaySend, 'Europe/Amsterdam').start).toBe('2026-10-26');
    // across the year's end
    expect(reportPeriod('last_week', at('2026-01-05T08:00:00Z'), 'UTC').label).toBe(
      '29 December 2025 – 4 January 2026',
    );
  });

  test('last month compares with the month before it, and its label is the month', () => {
    const p = reportPeriod('last_month', mondaySend, 'Europe/Amsterdam');
    expect(p).toEqual({
      start: '2026-10-01',
      end: '2026-10-31',
      previous: { start: '2026-09-01', end: '2026-09-30' },
      label: '1–31 October 2026',
    });
    expect(reportPeriod('last_month', at('2026-03-01T09:00:00Z'), 'UTC')).toMatchObject({
      start: '2026-02-01',
      end: '2026-02-28',
      previous: { start: '2026-01-01', end: '2026-01-31' },
    });
  });

  test('month to date compares with the same days of the month before; on the 1st it is the month just ended', () => {
    expect(reportPeriod('month_to_date', at('2026-11-22T09:00:00Z'), 'UTC')).toMatchObject({
      start: '2026-11-01',
      end: '2026-11-21',
      previous: { start: '2026-10-01', end: '2026-10-21' },
    });
    // 1–30 March compares with all of February, which is shorter
    expect(reportPeriod('month_to_date', at('2026-03-31T09:00:00Z'), 'UTC')).toMatchObject({
      start: '2026-03-01',
      end: '2026-03-30',
      previous: { start: '2026-02-01', end: '2026-02-28' },
    });
    expect(reportPeriod('month_to_date', mondaySend, 'Europe/Amsterdam')).toMatchObject({
      start: '2026-11-01',
      end: '2026-11-01',
    });
    expect(reportPeriod('month_to_date', at('2026-12-01T09:00:00Z'), 'UTC')).toMatchObject({
      start: '2026-11-01',
      end: '2026-11-30',
      previous: { start: '2026-10-01', end: '2026-10-30' },
    });
  });

  test('labels', () => {
    expect(periodLabel('2026-10-01', '2026-10-31')).toBe('1–31 October 2026');
    expect(periodLabel('2026-11-21', '2026-11-21')).toBe('21 November 2026');
  });
});
