import { expect, test } from 'vitest';
import { jsonErrorPosition } from './json-error-position.ts';

test.each([
  ['{\n  "seed": 1,\n  "days": ,\n}', 3, 11],
  ['{"a": [1, 2,]}', 1, 13],
  ['{"a": tru}', 1, 7],
  ['[1, 2] x', 1, 8],
  ['{"a": "unterminated', 1, 20],
])('%j goes wrong at line %i, column %i', (text, line, column) => {
  expect(() => JSON.parse(text)).toThrow();
  expect(jsonErrorPosition(text)).toEqual({ line, column });
});
