import { expect, test } from 'vitest';
import { toCsv } from './csv.ts';

test('CSV quotes what needs quoting and leaves empty cells for nulls', () => {
  expect(
    toCsv(
      ['name', 'spend'],
      [
        ['Sale, "big"', 12.5],
        ['plain', null],
      ],
    ),
  ).toBe('name,spend\r\n"Sale, ""big""",12.5\r\nplain,\r\n');
});
