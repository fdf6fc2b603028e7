import { describe, expect, test } from 'vitest';
import {
  addDaysClamped,
  formatRange,
  isValidRange,
  rangeInAddress,
  nextDates,
  overlapsData,
  resolvePreset,
} from './date-range.ts';

const today = '2025-03-10';

test('presets are counted back from the advertiser’s today; "last N days" ends yesterday', () => {
  expect(resolvePreset('today', today)).toEqual({ from: today, to: today });
  expect(resolvePreset('yesterday', today)).toEqual({ from: '2025-03-09', to: '2025-03-09' });
  expect(resolvePreset('last_7_days', today)).toEqual({ from: '2025-03-03', to: '2025-03-09' });
  expect(resolvePreset('last_14_days', today)).toEqual({ from: '2025-02-24', to: '2025-03-09' });
  expect(resolvePreset('last_30_days', today)).toEqual({ from: '2025-02-08', to: '2025-03-09' });
  expect(resolvePreset('this_month', today)).toEqual({ from: '2025-03-01', to: today });
  expect(resolvePreset('last_month', today)).toEqual({ from: '2025-02-01', to: '2025-02-28' });
  expect(resolvePreset('last_month', '2025-01-15')).toEqual({ from: '2024-12-01', to: '2024-12-31' });
});

test('custom ranges must be real dates in order', () => {
  expect(isValidRange('2025-03-01', '2025-03-01')).toBe(true);
  expect(isValidRange('2025-03-02', '2025-03-01')).toBe(false);
  expect(isValidRange('2025-02-30', '2025-03-01')).toBe(false);
  expect(isValidRange(null, '2025-03-01')).toBe(false);
});

test('ranges read naturally', () => {
  expect(formatRange({ from: '2025-03-03', to: '2025-03-09' })).toBe('Mar 3 – Mar 9, 2025');
  expect(formatRange({ from: '2024-12-28', to: '2025-01-03' })).toBe('Dec 28, 2024 – Jan 3, 2025');
  expect(formatRange({ from: today, to: today })).toBe('Mar 10, 2025');
});

test('overlap with the days that have data', () => {
  expect(overlapsData({ from: '2025-03-01', to: '2025-03-05' }, '2025-03-05', '2025-03-09')).toBe(true);
  expect(overlapsData({ from: '2025-03-01', to: '2025-03-04' }, '2025-03-05', '2025-03-09')).toBe(false);
  expect(overlapsData({ from: '2025-03-01', to: '2025-03-04' }, null, null)).toBe(false);
  expect(addDaysClamped('2025-03-09', -29, '2025-03-01')).toBe('2025-03-01');
});

describe('nextDates', () => {
  const ny = { advertiser_id: 'ny', today: '2026-03-10' };
  const tokyo = { advertiser_id: 'tokyo', today: '2026-03-11' };
  const current = {
    advertiser: ny,
    choice: 'yesterday' as const,
    range: { from: '2026-03-09', to: '2026-03-09' },
  };

  test('a preset is resolved again on the new advertiser’s today', () => {
    expect(nextDates(current, { advertiser: 'tokyo' }, [ny, tokyo])).toEqual({
      advertiser: tokyo,
      choice: 'yesterday',
      range: { from: '2026-03-10', to: '2026-03-10' },
      switching: true,
    });
  });

  test('a custom range is kept; the same advertiser is not a switch', () => {
    const range = { from: '2026-01-01', to: '2026-01-31' };
    expect(nextDates(current, { advertiser: 'ny', choice: 'custom', range }, [ny, tokyo])).toEqual({
      advertiser: ny,
      choice: 'custom',
      range,
      switching: false,
    });
  });
});

describe('rangeInAddress', () => {
  const read = (query: string) => rangeInAddress(new URLSearchParams(query), '2026-03-10');
  test('a preset wins, then a valid from and to, then the default', () => {
    expect(read('preset=last_14_days&from=2026-01-01&to=2026-01-02').choice).toBe('last_14_days');
    expect(read('from=2026-03-01&to=2026-03-05')).toEqual({
      choice: 'custom',
      range: { from: '2026-03-01', to: '2026-03-05' },
    });
    expect(read('from=2026-03-05&to=2026-03-01').choice).toBe('last_7_days');
    expect(read('').range).toEqual(resolvePreset('last_7_days', '2026-03-10'));
  });
});
