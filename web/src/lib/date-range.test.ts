import { expect, test } from 'vitest';
import { addDaysClamped, formatRange, isValidRange, overlapsData, resolvePreset } from './date-range.ts';

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
