import { expect, test } from 'vitest';
import { audienceLabel, audienceSize, segmentsFor } from './population.ts';

test('audience size follows the targeting, and its label the documented thresholds', () => {
  const us = segmentsFor(['US'], ['AGE_25_34', 'AGE_35_44'], 'GENDER_UNLIMITED');
  const broad = audienceSize(us, []);
  expect(broad).toBe(Math.round(150_000_000 * (0.28 + 0.16)));
  expect(audienceSize(us, ['hiking'])).toBe(Math.round(broad * 0.35));
  const narrow = audienceSize(segmentsFor(['NL'], ['AGE_25_34'], 'GENDER_FEMALE'), ['a', 'b', 'c']);
  expect([
    audienceLabel(narrow),
    audienceLabel(5_000_000),
    audienceLabel(broad / 2),
    audienceLabel(broad),
  ]).toEqual(['Narrow', 'Fairly Broad', 'Balanced', 'Broad']);
});
