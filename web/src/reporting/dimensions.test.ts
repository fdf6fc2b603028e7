import { expect, test } from 'vitest';
import { displayValue } from './dimensions.ts';

test('dimension values read as words and dates; unknown shapes stay as they are', () => {
  expect(displayValue('day', '2026-11-15')).toBe('Nov 15, 2026');
  expect(displayValue('week', '2026-11-09')).toBe('Week of Nov 9, 2026');
  expect(displayValue('month', '2026-11')).toBe('November 2026');
  expect(displayValue('hour', '2026-11-10 05:00')).toBe('Nov 10, 2026, 05:00');
  expect(displayValue('age', 'AGE_25_34')).toBe('25–34');
  expect(displayValue('age', 'AGE_55_100')).toBe('55+');
  expect(displayValue('gender', 'FEMALE')).toBe('Female');
  expect(displayValue('placement', 'PLACEMENT_TIKTOK')).toBe('TikTok');
  expect(displayValue('platform', 'IPHONE')).toBe('iPhone');
  expect(displayValue('objective', 'WEB_CONVERSIONS')).toBe('Web conversions');
  expect(displayValue('country', 'US')).toBe('US');
  expect(displayValue('campaign', 'Spring_SALE')).toBe('Spring_SALE');
});
