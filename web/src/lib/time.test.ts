import { describe, expect, test } from 'vitest';
import { formatCountdown, formatDateTime } from './time.ts';
import { initials } from './roles.ts';

describe('time', () => {
  test('date and time on a given clock, seconds on request', () => {
    expect(formatDateTime('2026-03-07T13:32:05Z', { timeZone: 'Europe/Amsterdam' })).toBe('2026-03-07 14:32');
    expect(formatDateTime('2026-03-07T13:32:05Z', { timeZone: 'UTC', seconds: true })).toBe(
      '2026-03-07 13:32:05',
    );
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  test('countdown', () => {
    expect(formatCountdown(42)).toBe('0:42');
    expect(formatCountdown(125.2)).toBe('2:06');
    expect(formatCountdown(3600)).toBe('1:00:00');
    expect(formatCountdown(-3)).toBe('0:00');
  });

  test('initials', () => {
    expect(initials('Ann de Vries')).toBe('AV');
    expect(initials('ann')).toBe('A');
    expect(initials('  ')).toBe('?');
  });
});
