import { describe, expect, test } from 'vitest';
import { instantToLocalInput, localInputToInstant } from './local-time.ts';

describe('schedule times on the advertiser’s clock', () => {
  test('New York in winter is UTC−5, in summer UTC−4', () => {
    expect(localInputToInstant('2026-01-15T09:30', 'America/New_York')).toBe('2026-01-15T14:30:00.000Z');
    expect(localInputToInstant('2026-07-15T09:30', 'America/New_York')).toBe('2026-07-15T13:30:00.000Z');
  });

  test('round trip', () => {
    for (const tz of ['America/New_York', 'Europe/Stockholm', 'Asia/Kolkata', 'UTC']) {
      expect(instantToLocalInput(localInputToInstant('2026-03-07T23:30', tz), tz)).toBe('2026-03-07T23:30');
    }
  });

  test('not a time', () => {
    expect(localInputToInstant('', 'UTC')).toBeNull();
    expect(localInputToInstant('2026-03-07', 'UTC')).toBeNull();
    expect(instantToLocalInput(null, 'UTC')).toBe('');
  });
});
