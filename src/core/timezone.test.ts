import { describe, expect, test } from 'vitest';
import { addDays, eachDate, isIsoDate, previousPeriod, weekdayMondayFirst } from './dates.ts';
import { localDateTime, localToday, startOfLocalDay, toLocal, utcOffsetText } from './timezone.ts';

describe('advertiser days', () => {
  test('a local day starts at local midnight, in winter and in summer', () => {
    expect(new Date(startOfLocalDay('2026-01-15', 'America/New_York')).toISOString()).toBe(
      '2026-01-15T05:00:00.000Z',
    );
    expect(new Date(startOfLocalDay('2026-07-15', 'America/New_York')).toISOString()).toBe(
      '2026-07-15T04:00:00.000Z',
    );
    expect(new Date(startOfLocalDay('2026-07-15', 'Asia/Jakarta')).toISOString()).toBe(
      '2026-07-14T17:00:00.000Z',
    );
  });

  test('days that change the clock have 23 and 25 hours', () => {
    const hours = (date: string) =>
      (startOfLocalDay(addDays(date, 1), 'Europe/Amsterdam') - startOfLocalDay(date, 'Europe/Amsterdam')) /
      3_600_000;
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-06-01')).toBe(24);
  });

  test('an instant belongs to the advertiser’s date and hour, not UTC’s', () => {
    const instant = Date.parse('2026-11-22T01:30:00Z');
    expect(toLocal(instant, 'America/New_York')).toEqual({ date: '2026-11-21', hour: 20 });
    expect(localToday('Asia/Tokyo', instant)).toBe('2026-11-22');
  });
});

describe('calendar dates', () => {
  test('validates real dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });

  test('the previous period has the same length and ends the day before', () => {
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-07' })).toEqual({
      from: '2026-02-22',
      to: '2026-02-28',
    });
    expect(previousPeriod({ from: '2026-03-10', to: '2026-03-10' })).toEqual({
      from: '2026-03-09',
      to: '2026-03-09',
    });
  });

  test('lists every date and knows Monday', () => {
    expect(eachDate('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(weekdayMondayFirst('2026-11-23')).toBe(0);
    expect(weekdayMondayFirst('2026-11-22')).toBe(6);
  });
});

describe('wall clock with offset', () => {
  test('the local time to the second and the offset of that moment, across DST and half hours', () => {
    const winter = Date.parse('2026-03-01T14:15:02.250Z');
    expect(localDateTime(winter, 'America/New_York')).toBe('2026-03-01T09:15:02');
    expect(utcOffsetText(winter, 'America/New_York')).toBe('-05:00');
    expect(utcOffsetText(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('-04:00');
    expect(utcOffsetText(winter, 'Asia/Kolkata')).toBe('+05:30');
    expect(utcOffsetText(winter, 'UTC')).toBe('+00:00');
    expect(localDateTime(Date.parse('2026-03-01T23:59:59Z'), 'Asia/Tokyo')).toBe('2026-03-02T08:59:59');
  });
});
