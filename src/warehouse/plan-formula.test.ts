// Custom-column formulas compiled by the planner and run by the real engine over hand-made facts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formulaGenerator } from '../../test/helpers/formula-gen.ts';
import { TINY_ADVERTISER, TINY_RANGE, tinyWarehouse } from '../../test/helpers/tiny-warehouse.ts';
import { toNumber } from '../reports/run-report.ts';
import type { Dimension } from '../shared/api.ts';
import { baseMetrics, findMetric } from '../metrics/catalog.ts';
import { type Cond, type Expr, evaluate } from '../metrics/expr.ts';
import { type CustomColumnDef, checkFormula } from '../metrics/formula.ts';
import type { FactStore, ResultRow } from './fact-store.ts';
import { duckdbDialect } from './duckdb/dialect.ts';
import { planReport } from './plan-report.ts';

let facts: FactStore;
beforeAll(async () => {
  facts = await tinyWarehouse();
});
afterAll(async () => facts.close());

/** Numbers compared to 9 decimals: the engine sums micro-units, the test adds decimals. */
const approx = (o: Record<string, number | null>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? null : expect.closeTo(v, 9)]));

const column = (formula: string, id = 'cc_x'): CustomColumnDef => ({
  id,
  name: id,
  formula,
  format: 'number',
});
const query = (dimensions: Dimension[], metrics: string[]) => ({
  advertiserId: TINY_ADVERTISER,
  ...TINY_RANGE,
  dimensions,
  metrics,
});

/** The formula's value per row of the grain, keyed by the dimension values joined with "|". */
async function values(formula: string, dimensions: Dimension[]): Promise<Record<string, number | null>> {
  const plan = planReport(query(dimensions, ['cc_x']), duckdbDialect, [column(formula)]);
  return keyed(await facts.query(plan.sql), plan.dimensionColumns, 'cc_x');
}

function keyed(rows: ResultRow[], dimensionColumns: Record<string, string[]>, metric: string) {
  const out: Record<string, number | null> = {};
  for (const row of rows) {
    const key = Object.values(dimensionColumns)
      .flat()
      .map((c) => (row[c] instanceof Date ? (row[c] as Date).toISOString().slice(0, 10) : String(row[c])))
      .join('|');
    out[key || 'total'] = toNumber(row[metric]);
  }
  return out;
}

describe('compiling formulas', () => {
  test('numbers are bound parameters and functions go through the dialect; the formula text never reaches SQL', () => {
    const plan = planReport(query(['campaign'], ['cc_x']), duckdbDialect, [
      column('IF(spend > 123.25 AND NOT clicks = 7, MIN(cpc, 4.5), MAX(ABS(-spend), ROUND(ctr, 3))) + 1e3'),
    ]);
    const text = plan.sql.text;
    expect(text).toContain('CASE WHEN');
    expect(text).toContain('LEAST(');
    expect(text).toContain('GREATEST(');
    expect(text).toContain('ABS(');
    expect(text).toMatch(/ROUND\(.*, 3\)/);
    expect(text).toContain('NULLIF(');
    // Placeholders ($n) and the micro-unit divisor aside, none of the formula's numbers is in the text.
    const stripped = text.replace(/\$\d+/g, '$').replaceAll('/ 1000000', '');
    expect(stripped).not.toMatch(/123\.25|4\.5|1e3|\b7\b|1000/);
    expect(plan.sql.values).toEqual(expect.arrayContaining([123.25, 7, 4.5, 1000]));
    expect(text).toContain('advertiser_id = $1');
    expect(text).not.toMatch(/--|\/\*|;/);
  });

  test('cost per add to cart at campaign grain is a ratio of sums; no adds to cart gives null, not Infinity', async () => {
    expect(await values('spend / web_event_add_to_cart', ['campaign'])).toEqual(
      approx({
        c1: (12.34 + 7.5 + 3 + 1.25) / 5,
        c2: null,
      }),
    );
    expect(await values('SAFE_DIVIDE(spend, web_event_add_to_cart)', [])).toEqual(
      approx({ total: 26.09 / 5 }),
    );
    expect(await values('spend / (clicks - clicks)', [])).toEqual(approx({ total: null }));
  });

  test('IF takes the else branch on an undefined condition; MIN and MAX skip undefined values', async () => {
    expect(await values('IF(cpc > 0.5, 1, 2)', ['campaign'])).toEqual(approx({ c1: 1, c2: 2 }));
    expect(await values('IF(NOT cpc > 0.5, 1, 2)', ['campaign'])).toEqual(approx({ c1: 2, c2: 2 }));
    expect(await values('IF(cpc > 0.5 OR impressions > 100, 1, 2)', ['campaign'])).toEqual(
      approx({ c1: 1, c2: 1 }),
    );
    expect(await values('IF(cpc < 0.5 AND impressions > 100, 1, 2)', ['campaign'])).toEqual(
      approx({ c1: 2, c2: 2 }),
    );
    expect(await values('MIN(cpc, 100)', ['campaign'])).toEqual(approx({ c1: 24.09 / 37, c2: 100 }));
    expect(await values('MAX(cpc, cost_per_web_event_add_to_cart)', ['campaign'])).toEqual(
      approx({
        c1: 24.09 / 5,
        c2: null,
      }),
    );
    expect(await values('ROUND(spend, 1) + ABS(-1) + ROUND(impressions, -2)', ['campaign'])).toEqual(
      approx({
        c1: 24.1 + 1 + 2100,
        c2: 2 + 1 + 300,
      }),
    );
  });

  test('reach and frequency count distinct people at the grain asked for', async () => {
    expect(await values('spend / reach * 1000', ['campaign'])).toEqual(
      approx({ c1: (24.09 / 7) * 1000, c2: 2000 }),
    );
    expect(await values('frequency + reach', ['campaign', 'day'])).toEqual(
      approx({
        'c1|2026-03-01': 1490 / 6 + 6,
        'c1|2026-03-02': 640 / 4 + 4,
        'c2|2026-03-02': 300 + 1,
      }),
    );
    // Reach has no hourly or audience grain: a formula over it is undefined there.
    expect(await values('reach + 1', ['hour'])).toEqual(
      approx({
        '2026-03-01|9': null,
        '2026-03-01|20': null,
        '2026-03-02|11': null,
        '2026-03-02|14': null,
      }),
    );
  });

  test('generated formulas compute in SQL what the expression evaluates to over the sums, at every grain', async () => {
    const gen = formulaGenerator(3);
    const grains: Dimension[][] = [[], ['campaign'], ['ad', 'day'], ['hour'], ['age']];
    const base = [...baseMetrics.map((m) => m.id), 'reach'];
    for (const dims of grains) {
      const basePlan = planReport(query(dims, base), duckdbDialect);
      const baseRows = await facts.query(basePlan.sql);
      const keys = Object.keys(keyed(baseRows, basePlan.dimensionColumns, 'spend'));
      const sums = keys.map((_, i) => Object.fromEntries(base.map((id) => [id, toNumber(baseRows[i]![id])])));
      for (let n = 0; n < 60; n++) {
        const formula = gen.valid();
        const check = checkFormula(formula, { columns: [] });
        if (!check.ok) throw new Error(`${formula}: ${JSON.stringify(check.errors)}`);
        const got = await values(formula, dims);
        keys.forEach((key, i) => {
          const want = evaluate(inlineCatalog(check.expr), sums[i]!);
          const actual = got[key] ?? null;
          if (want === null || actual === null) expect(actual, `${formula} at ${key}`).toBe(want);
          else
            expect(Math.abs(actual - want), `${formula} at ${key}`).toBeLessThanOrEqual(
              1e-9 * Math.max(1, Math.abs(want)),
            );
        });
      }
    }
  });
});

/** Derived catalog metrics written out, as the planner inlines them. */
function inlineCatalog(e: Expr): Expr {
  const walk = (node: Expr | Cond): Expr | Cond => {
    if (node.kind === 'metric') {
      const metric = findMetric(node.id);
      return metric?.kind === 'derived' ? walk(metric.expr) : node;
    }
    const copy: Record<string, unknown> = { ...node };
    for (const [key, child] of Object.entries(node)) {
      if (Array.isArray(child)) copy[key] = child.map((c: Expr) => walk(c));
      else if (child && typeof child === 'object') copy[key] = walk(child as Expr);
    }
    return copy as unknown as Expr | Cond;
  };
  return walk(e) as Expr;
}
