// Generated custom-column formulas for property and fuzz tests: valid ones built from the grammar (with
// random letter case, spacing and every construct), and broken ones made by mutating valid ones with
// typos, stray characters, SQL fragments, unbalanced brackets and out-of-range numbers.
import { metrics } from '../../src/metrics/catalog.ts';
import { type Rng, rng } from '../../src/sources/sandbox/random.ts';

export interface Generator {
  valid(): string;
  broken(): string;
}

const COMPARE = ['>', '>=', '<', '<=', '=', '!=', '<>'];

export function formulaGenerator(seed: number, customIds: readonly string[] = []): Generator {
  const r: Rng = rng(seed, 'formulas');
  const int = (n: number) => Math.floor(r.next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => r.next() < p;
  const ids = [...metrics.map((m) => m.id), ...customIds];
  const casing = (word: string) =>
    pick([word.toUpperCase(), word.toLowerCase(), word[0]!.toUpperCase() + word.slice(1).toLowerCase()]);
  const space = () => pick(['', ' ', ' ', ' ', '  ', '\n', '\t']);
  const gap = () => pick([' ', ' ', '  ', '\n ']);

  const number = (): string => {
    switch (int(6)) {
      case 0:
        return String(int(10));
      case 1:
        return String(int(100_000));
      case 2:
        return (r.next() * 1000).toFixed(int(4) + 1);
      case 3:
        return `.${int(100)}`;
      case 4:
        return `${int(9) + 1}e${int(4)}`;
      default:
        return String(1000);
    }
  };

  const value = (depth: number): string => {
    if (depth <= 0 || chance(0.25)) return chance(0.7) ? pick(ids) : number();
    const d = depth - 1;
    switch (int(11)) {
      case 0:
      case 1:
        return `${value(d)}${space()}${pick(['+', '-', '*', '/'])}${space()}${value(d)}`;
      case 2:
        return `(${space()}${value(d)}${space()})`;
      case 3:
        return `-${value(d)}`;
      case 4:
        return `${casing('abs')}(${value(d)})`;
      case 5:
        return chance(0.5)
          ? `${casing('round')}(${value(d)})`
          : `${casing('round')}(${value(d)},${space()}${pick(['0', '1', '2', '-1', '-2', '10', '-6'])})`;
      case 6:
      case 7: {
        const args = Array.from({ length: 2 + int(3) }, () => value(d));
        return `${casing(pick(['min', 'max']))}(${args.join(`,${space()}`)})`;
      }
      case 8:
        return `${casing('safe_divide')}(${value(d)},${space()}${value(d)})`;
      default:
        return `${casing('if')}(${condition(d)},${space()}${value(d)},${space()}${value(d)})`;
    }
  };

  const condition = (depth: number): string => {
    const d = Math.max(0, depth - 1);
    switch (depth <= 0 ? 0 : int(5)) {
      case 0:
      case 1:
        return `${value(d)}${space()}${pick(COMPARE)}${space()}${value(d)}`;
      case 2:
        return `${condition(d)}${gap()}${casing(pick(['and', 'or']))}${gap()}${condition(d)}`;
      case 3:
        return `${casing('not')}${gap()}${condition(d)}`;
      default:
        return `(${condition(d)})`;
    }
  };

  const valid = (): string => {
    for (;;) {
      const text = value(1 + int(4));
      if (text.length <= 1500) return text;
    }
  };

  const FRAGMENTS = [
    '(',
    ')',
    ',',
    '+',
    '*',
    '/',
    '>',
    '=',
    '==',
    '&&',
    '||',
    '!',
    "'",
    '"',
    '`',
    ';',
    '--',
    '/*',
    '*/',
    '$1',
    '@',
    '%',
    '^',
    '[',
    '{',
    '#',
    '\\',
    'é',
    '😀',
    '\u0000',
    '\u200b',
    "'; DROP TABLE custom_columns; --",
    '" OR 1=1 --',
    'spend)',
    'IF(',
    'MIN(',
    'ROUND(spend, 99)',
    'ROUND(spend, 1.5)',
    '1e999',
    '99999999999999999999',
    '2s',
    'Spend',
    'CPA',
    'xyzzy',
    'add_to_cart',
    'not',
    'AND',
    'OR',
    'NULL',
    'cc_',
    'spend > 1',
    'SELECT 1',
    'ABS',
    'foo(1)',
    '1..2',
    '.',
  ];

  const broken = (): string => {
    let text = valid();
    const edits = 1 + int(3);
    for (let e = 0; e < edits; e++) {
      const at = int(text.length + 1);
      switch (int(7)) {
        case 0: // delete a span
          text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + int(4)));
          break;
        case 1: // insert a fragment
        case 2:
          text = text.slice(0, at) + pick(FRAGMENTS) + text.slice(at);
          break;
        case 3: // replace a character
          text = text.slice(0, at) + pick(FRAGMENTS) + text.slice(at + 1);
          break;
        case 4: // duplicate a span
          text = text.slice(0, at) + text.slice(at, at + int(10)) + text.slice(at);
          break;
        case 5: // nest deeply or unbalance
          text = chance(0.5) ? '('.repeat(40 + int(60)) + text : text + ')'.repeat(1 + int(3));
          break;
        default: // truncate
          text = text.slice(0, at);
      }
    }
    return text;
  };

  return { valid, broken };
}
