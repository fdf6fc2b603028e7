import { describe, expect, test } from 'vitest';
import { cadenceText, instantText, looksLikeEmail, ordinal, splitAddresses } from './schedule-words.ts';

describe('schedules in words', () => {
  test('cadences', () => {
    expect(cadenceText({ every: 'daily' }, '08:00')).toBe('Every day at 08:00');
    expect(cadenceText({ every: 'weekly', weekdays: [4, 1] }, '07:30')).toBe(
      'Mondays and Thursdays at 07:30',
    );
    expect(cadenceText({ every: 'weekly', weekdays: [1, 3, 5] }, '07:30')).toBe(
      'Mondays, Wednesdays and Fridays at 07:30',
    );
    expect(cadenceText({ every: 'weekly', weekdays: [1, 2, 3, 4, 5] }, '09:00')).toBe('Weekdays at 09:00');
    expect(cadenceText({ every: 'monthly', day: 'last' }, '18:00')).toBe('Monthly on the last day at 18:00');
    expect(cadenceText({ every: 'monthly', day: 22 }, '18:00')).toBe('Monthly on the 22nd at 18:00');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 31].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '31st',
    ]);
  });

  test('an instant on the advertiser’s clock', () => {
    expect(instantText('2026-11-23T07:00:00.000Z', 'Europe/Amsterdam')).toBe('Mon 23 Nov, 08:00');
    expect(instantText('2026-11-23T07:00:00.000Z', 'America/New_York')).toBe('Mon 23 Nov, 02:00');
  });

  test('free addresses', () => {
    expect(splitAddresses(' a@x.com, b@y.org;c@z.nl\nd@w.io ')).toEqual([
      'a@x.com',
      'b@y.org',
      'c@z.nl',
      'd@w.io',
    ]);
    expect(looksLikeEmail('a@x.com')).toBe(true);
    expect(looksLikeEmail('a@x')).toBe(false);
    expect(looksLikeEmail('ax.com')).toBe(false);
  });
});
