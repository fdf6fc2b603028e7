import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formulaGenerator } from '../../test/helpers/formula-gen.ts';
import { AppError } from '../core/errors.ts';
import { findMetric } from './catalog.ts';
import { type Expr, evaluate } from './expr.ts';
import {
  type CustomColumnDef,
  type FormulaCheck,
  FUNCTIONS,
  checkFormula,
  customMetrics,
  formulaError,
} from './formula.ts';
import { MAX_FORMULA_LENGTH } from './formula-parse.ts';
import { describeFormula } from './resolve.ts';

const COLUMNS: CustomColumnDef[] = [
  { id: 'cc_cost_per_atc', name: 'Cost per ATC', formula: 'spend / web_event_add_to_cart', format: 'money' },
  { id: 'cc_hook', name: 'Hook', formula: 'video_watched_3s / impressions', format: 'percent' },
  { id: 'cc_double', name: 'Double', formula: 'cc_cost_per_atc * 2', format: 'money' },
  { id: 'cc_ping', name: 'Ping', formula: 'cc_pong + 1', format: 'number' },
  { id: 'cc_pong', name: 'Pong', formula: 'cc_ping * 2', format: 'number' },
];

const check = (formula: string, self?: string): FormulaCheck =>
  checkFormula(formula, { columns: COLUMNS, ...(self ? { self } : {}) });

function ok(formula: string): Extract<FormulaCheck, { ok: true }> {
  const result = check(formula);
  if (!result.ok) throw new Error(`${formula}: ${JSON.stringify(result.errors)}`);
  return result;
}

/** Each error as "text it covers: message", to state positions readably. */
function problems(formula: string, self?: string): string[] {
  const result = check(formula, self);
  if (result.ok) throw new Error(`${formula} was accepted`);
  return result.errors.map(
    (e) => `${formula.slice(e.position, e.position + e.length)}@${e.position}: ${e.message}`,
  );
}

/** Evaluates with derived catalog metrics written out, as the planner does. */
function value(formula: string, values: Record<string, number | null>): number | null {
  const inline = (e: Expr): Expr => {
    if (e.kind === 'metric') {
      const metric = findMetric(e.id);
      return metric?.kind === 'derived' ? inline(metric.expr) : e;
    }
    return JSON.parse(JSON.stringify(e), (_k, v) =>
      v && typeof v === 'object' && v.kind === 'metric' ? inline(v) : v,
    ) as Expr;
  };
  return evaluate(inline(ok(formula).expr), values);
}

describe('the formula language', () => {
  test('arithmetic follows the usual precedence; keywords and functions in any case', () => {
    expect(value('spend / clicks * 1000', { spend: 50, clicks: 10 })).toBe(5000);
    expect(value('spend - clicks - 1', { spend: 50, clicks: 10 })).toBe(39);
    expect(value('2 + 3 * 4 - -1', {})).toBe(15);
    expect(value('(2 + 3) * 4', {})).toBe(20);
    expect(value('spend ÷ clicks × 2', { spend: 50, clicks: 10 })).toBe(10);
    expect(value('iF(spend > 10 aNd Not clicks = 0, 1, 2)', { spend: 50, clicks: 10 })).toBe(1);
    expect(value('Round(1.2345, 2) + abs(-1) + MaX(1, 3, 2) + min(4, 5) + Safe_Divide(1, 4)', {})).toBe(
      1.23 + 1 + 3 + 4 + 0.25,
    );
    expect(value('1e3 + .5 + 0.25', {})).toBe(1000.75);
  });

  test('every division is undefined on a zero divisor, SAFE_DIVIDE too; undefined spreads through arithmetic', () => {
    expect(value('spend / web_event_add_to_cart', { spend: 10, web_event_add_to_cart: 0 })).toBeNull();
    expect(value('SAFE_DIVIDE(spend, clicks)', { spend: 10, clicks: 0 })).toBeNull();
    expect(value('spend / (clicks - clicks)', { spend: 10, clicks: 3 })).toBeNull();
    expect(value('1 + cpc', { spend: 10, clicks: 0 })).toBeNull();
    expect(value('ABS(cpc) + ROUND(cpc)', { spend: 10, clicks: 0 })).toBeNull();
  });

  test('IF takes the else value when its condition is false or undefined; AND, OR and NOT are three-valued', () => {
    const zeroClicks = { spend: 10, clicks: 0, conversion: 0 };
    expect(value('IF(cpc > 1, 1, 2)', zeroClicks)).toBe(2);
    expect(value('IF(NOT cpc > 1, 1, 2)', zeroClicks)).toBe(2);
    expect(value('IF(cpc > 1 OR spend > 5, 1, 2)', zeroClicks)).toBe(1);
    expect(value('IF(cpc > 1 AND spend > 5, 1, 2)', zeroClicks)).toBe(2);
    expect(value('IF(NOT (cpc > 1 AND spend > 50), 1, 2)', zeroClicks)).toBe(1);
    expect(
      value('IF(spend >= 10 AND spend <= 10 AND spend = 10 AND spend != 9 AND spend <> 8, 1, 2)', zeroClicks),
    ).toBe(1);
    expect(value('IF(spend > 5, cpc, 0)', zeroClicks)).toBeNull();
  });

  test('MIN and MAX skip undefined values; ROUND rounds halves away from zero, to negative digits too', () => {
    const zeroClicks = { spend: 10, clicks: 0 };
    expect(value('MIN(cpc, 3)', zeroClicks)).toBe(3);
    expect(value('MAX(cpc, cpc)', zeroClicks)).toBeNull();
    expect(value('MAX(-2, -5, spend)', zeroClicks)).toBe(10);
    expect(value('ROUND(2.5) + ROUND(-2.5)', {})).toBe(0);
    expect(value('ROUND(2.5)', {})).toBe(3);
    expect(value('ROUND(-0.125, 2)', {})).toBe(-0.13);
    expect(value('ROUND(1234.5, -2)', {})).toBe(1200);
    expect(value('ABS(spend - 25)', zeroClicks)).toBe(15);
  });

  test('reach and frequency can be used: they are counted as distinct people', () => {
    const result = ok('spend / reach * 1000 + frequency');
    expect(result.baseMetrics).toEqual(['spend', 'reach', 'impressions']);
    expect(value('spend / reach * 1000 + frequency', { spend: 20, reach: 400, impressions: 1000 })).toBe(
      52.5,
    );
  });

  test('custom columns are written out where they are used, and report what they are computed from', () => {
    const result = ok('cc_double + cc_hook');
    expect(result.uses).toEqual(['cc_double', 'cc_hook']);
    expect(result.baseMetrics).toEqual(['spend', 'web_event_add_to_cart', 'video_watched_3s', 'impressions']);
    expect(JSON.stringify(result.expr)).not.toContain('cc_');
    expect(
      value('cc_double + cc_hook', {
        spend: 30,
        web_event_add_to_cart: 3,
        video_watched_3s: 20,
        impressions: 100,
      }),
    ).toBe(20.2);
  });

  test('the suggested format follows the units: cost per thing is money, count over count a percentage', () => {
    expect(ok('spend / web_event_add_to_cart')).toMatchObject({ format: 'money', act: 'conversion' });
    expect(ok('video_watched_3s / impressions')).toMatchObject({ format: 'percent', act: 'consideration' });
    expect(ok('ctr * 100').format).toBe('number');
    expect(ok('total_complete_payment_rate / spend').format).toBe('number');
    expect(ok('cc_cost_per_atc * 1.2').format).toBe('money');
    expect(ok('IF(clicks > 0, cpc, 0)').format).toBe('money');
    expect(ok('impressions + 1').format).toBe('number');
    expect(ok('spend').act).toBe('awareness');
  });
});

describe('errors in formulas', () => {
  test('unknown ids are all reported, each at its position, with the nearest id', () => {
    expect(problems('spend / clikcs + add_to_cart')).toEqual([
      'clikcs@8: "clikcs" is not a metric or custom column; did you mean clicks? (GET /api/v1/metrics lists the ids)',
      'add_to_cart@17: "add_to_cart" is not a metric or custom column; did you mean web_event_add_to_cart? (GET /api/v1/metrics lists the ids)',
    ]);
    expect(problems('Spend / CPA + Cost_per_ATC')).toEqual([
      'Spend@0: ids are written in lower case: write spend',
      'CPA@8: "CPA" is not an id; CPA is written cost_per_conversion',
      'Cost_per_ATC@14: "Cost_per_ATC" is not an id; the custom column Cost per ATC is written cc_cost_per_atc',
    ]);
  });

  test('syntax errors are collected too, and parsing carries on after each', () => {
    expect(problems('spend / (clicks + ')).toEqual([
      '(@8: this "(" is never closed; add ")" at the end',
      '@18: a value is missing after "+": write a metric id, a number or a bracketed expression',
    ]);
    expect(problems('spend clicks * * 2 + nope')).toEqual([
      'clicks@6: an operator is missing between "spend" and "clicks"; add one such as + - * /',
      '*@15: a value is missing after "*": write a metric id, a number or a bracketed expression',
      'nope@21: "nope" is not a metric or custom column; did you mean cpm? (GET /api/v1/metrics lists the ids)',
    ]);
    expect(problems('MIN(spend clicks) + MAX(1) + ROUND(cpc, 2.5) + foo(1) + spend(2)')).toEqual([
      'clicks@10: a comma is missing before "clicks"',
      'MAX@20: MAX takes two or more numbers, e.g. MAX(spend - 100, 0); here it has 1',
      '2.5@40: ROUND’s digits must be a whole number from -6 to 10, written out, e.g. ROUND(cpc, 2)',
      'foo@47: there is no function foo; did you mean IF? The functions are IF, MIN, MAX, ABS, ROUND and SAFE_DIVIDE',
      'spend@56: spend is a metric, not a function; put an operator between it and "(", e.g. spend * (…)',
    ]);
    expect(problems("'spend' == 1 && clicks ; 3%")).toEqual([
      "'spend'@0: write metric ids without quotes, e.g. spend",
      '==@8: compare with a single "=", e.g. conversion = 0',
      '&&@13: write AND instead of "&&"',
      ';@23: a formula is one expression; remove ";"',
      '%@26: write percentages as fractions: 2% is 0.02 (ratios such as ctr are fractions too)',
    ]);
  });

  test('conditions and numbers are not mixed up', () => {
    expect(problems('spend > 100')).toEqual([
      'spend > 100@0: the formula gives true or false, but a column shows numbers; wrap it in IF(…), e.g. IF(clicks > 100, 1, 0)',
    ]);
    expect(problems('IF(spend, 1, 0) + (clicks > 1) * 2 + IF(1 > 0 OR 2, 1)')).toEqual([
      'spend@3: IF’s first argument needs a condition here, such as clicks > 0, not a number',
      '(clicks > 1)@18: "*" needs a number here, but this is a condition (true or false); to turn it into a number use IF(…), e.g. IF(clicks > 100, 1, 0)',
      'IF@37: IF takes 3 arguments (a condition, the value when it holds, the value otherwise), e.g. IF(conversion > 0, spend / conversion, 0); here it has 2',
      '2@49: OR needs a condition here, such as clicks > 0, not a number',
    ]);
    expect(problems('1 < spend < 3')).toEqual([
      '<@10: comparisons cannot be chained; join two comparisons with AND, e.g. ctr > 0.01 AND ctr < 0.05',
    ]);
  });

  test('a column that uses itself, directly or through others, is refused with the cycle named', () => {
    expect(problems('cc_double + 1', 'cc_double')).toEqual([
      'cc_double@0: cc_double → cc_double is a cycle: a custom column cannot use itself, directly or through other columns; remove this reference',
    ]);
    expect(problems('cc_ping')).toEqual([
      'cc_ping@0: cc_ping → cc_pong → cc_ping is a cycle: a custom column cannot use itself, directly or through other columns; remove this reference',
    ]);
    // Editing cc_cost_per_atc to use cc_double, which uses cc_cost_per_atc.
    const columns = COLUMNS.map((c) => (c.id === 'cc_cost_per_atc' ? { ...c, formula: 'cc_double / 2' } : c));
    const result = checkFormula('cc_double / 2', { columns, self: 'cc_cost_per_atc' });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([
      'cc_cost_per_atc → cc_double → cc_cost_per_atc is a cycle: a custom column cannot use itself, directly or through other columns; remove this reference',
    ]);
  });

  test('empty, too long, too deep and too large formulas are refused with a position', () => {
    expect(problems('')).toEqual(['@0: write a formula, e.g. spend / web_event_add_to_cart']);
    expect(problems(`spend${' + spend'.repeat(400)}`)[0]).toMatch(
      new RegExp(`^.*@${MAX_FORMULA_LENGTH}: a formula has at most`),
    );
    expect(problems(`${'('.repeat(100)}spend${')'.repeat(100)}`)[0]).toMatch(
      /@64: the formula is nested too deeply/,
    );
    expect(problems('spend * 1e16 + 1e999')).toEqual([
      '1e16@8: numbers in formulas are at most 1e15 (a 1 with 15 zeros); write a smaller one',
      '1e999@15: numbers in formulas are at most 1e15 (a 1 with 15 zeros); write a smaller one',
    ]);
    // Columns that use columns that use columns grow when written out.
    const chain: CustomColumnDef[] = [{ id: 'cc_0', name: '0', formula: 'spend + clicks', format: 'number' }];
    for (let i = 1; i < 12; i++)
      chain.push({ id: `cc_${i}`, name: String(i), formula: `cc_${i - 1} * cc_${i - 1}`, format: 'number' });
    const grown = checkFormula('cc_11 + 1', { columns: chain });
    expect(grown.ok ? [] : grown.errors.map((e) => e.message)).toEqual([
      'the custom column cc_11 uses cc_9, which does not compute (written out with the custom columns it uses, this formula has 2047 terms (at most 2000); use fewer nested custom columns); fix cc_9 first',
    ]);
  });

  test('a stored column that no longer computes stops only the reports that use it, naming it', () => {
    const stored = [
      ...COLUMNS,
      { id: 'cc_old', name: 'Old', formula: 'spend / retired_metric', format: 'money' as const },
    ];
    expect(customMetrics(stored, ['cc_double', 'spend']).get('cc_double')).toMatchObject({
      kind: 'derived',
      label: 'Double',
      format: 'money',
    });
    let error: unknown;
    try {
      customMetrics(stored, ['cc_old']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'invalid_formula',
      message: expect.stringContaining('The custom column Old (cc_old) has a problem'),
      details: [{ field: 'custom_columns.cc_old.formula', position: 8, length: 14 }],
    });
  });

  test('generated formulas: valid ones are accepted, and every error of a broken one lies within its text', () => {
    const gen = formulaGenerator(
      11,
      COLUMNS.slice(0, 3).map((c) => c.id),
    );
    for (let i = 0; i < 500; i++) {
      const formula = gen.valid();
      expect(check(formula), formula).toMatchObject({ ok: true });
      const broken = gen.broken();
      const result = check(broken);
      for (const e of result.ok ? [] : result.errors) {
        expect(e.position + e.length, broken).toBeLessThanOrEqual(broken.length);
        expect(e.position).toBeGreaterThanOrEqual(0);
        expect(e.message.length).toBeGreaterThan(10);
      }
    }
  });

  test('formulas read back in words, conditions and functions included', () => {
    const metric = customMetrics(
      [
        {
          id: 'cc_x',
          name: 'X',
          formula: 'IF(NOT clicks >= 1 OR spend != 2, MIN(-cpc, ABS(1)), ROUND(cpc, 2))',
          format: 'money',
        },
      ],
      ['cc_x'],
    ).get('cc_x')!;
    expect(describeFormula(metric)).toBe(
      'IF(NOT (clicks ≥ 1) OR (spend ≠ 2), MIN(−cpc, ABS(1)), ROUND(cpc, 2))',
    );
  });
});

test('docs/custom-columns.md: its examples are valid, its error example is what the checker says, every function is there', () => {
  const doc = fs.readFileSync(new URL('../../docs/custom-columns.md', import.meta.url), 'utf8');
  const examples = [...doc.split('## How')[0]!.matchAll(/^\|[^|]+\| `([^`]+)` +\| (\w+) +\|$/gm)];
  expect(examples.length).toBe(7);
  const columns = [
    {
      id: 'cc_cost_per_add_to_cart',
      name: 'CPATC',
      formula: 'spend / web_event_add_to_cart',
      format: 'money' as const,
    },
  ];
  for (const [, formula, format] of examples) {
    const result = checkFormula(formula!, { columns });
    expect(result, formula).toMatchObject({ ok: true, format });
  }
  const broken = /the formula `([^`]+)` answers/.exec(doc)![1]!;
  const documented = JSON.parse(/```json\n([\s\S]+?)```/.exec(doc)![1]!);
  const result = check(broken);
  expect(documented).toEqual(formulaError(result.ok ? [] : result.errors, 'body.formula').toJSON());
  for (const fn of FUNCTIONS) expect(doc).toContain(`\`${fn}(`);
});
