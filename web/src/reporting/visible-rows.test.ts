import { expect, test } from 'vitest';
import { windowFor } from './visible-rows.ts';

test('the rows drawn are those in view and a dozen around them, never past either end', () => {
  expect(windowFor(0, 400, 40, 1000)).toEqual({ start: 0, end: 22 });
  expect(windowFor(4000, 400, 40, 1000)).toEqual({ start: 88, end: 122 });
  expect(windowFor(39_800, 400, 40, 1000)).toEqual({ start: 983, end: 1000 });
});
