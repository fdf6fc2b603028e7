// Fuzzing the formula language end to end: thousands of generated formulas, valid and broken, stored as a
// custom column and run as reports against the real catalog and engine. Nothing may crash: a broken
// formula is an AppError whose every detail has a position inside the formula, and then no SQL runs at
// all. A valid one runs exactly the SQL the planner builds for it — the engine is wrapped and every text
// it receives is checked against the plan — and that SQL holds no user text: words and quoted names
// come from the allow-list, the formula's numbers arrive as bound values. Its results match the formula
// evaluated over the sums.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { formulaGenerator } from '../../test/helpers/formula-gen.ts';
import { TINY_ADVERTISER, TINY_RANGE, tinyWarehouse } from '../../test/helpers/tiny-warehouse.ts';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { insertCustomColumn } from '../catalog/custom-columns.ts';
import { type CatalogDb, openPglite } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import { AppError } from '../core/errors.ts';
import { baseMetrics, findMetric, metrics } from '../metrics/catalog.ts';
import { type Cond, type Expr, evaluate, exprChildren } from '../metrics/expr.ts';
import { type CustomColumnDef, checkFormula } from '../metrics/formula.ts';
import type { Dimension } from '../shared/api.ts';
import type { CompiledSql } from '../warehouse/dialect.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { planReport } from '../warehouse/plan-report.ts';
import { runReport, toNumber } from './run-report.ts';

const FORMULAS = 4000;
const GRAINS: Dimension[][] = [[], ['campaign'], ['ad', 'day'], ['hour'], ['week'], ['age']];

let catalog: CatalogDb;
let store: FactStore;
let recording: FactStore;
const executed: CompiledSql[] = [];

const STORED: CustomColumnDef[] = [
  { id: 'cc_cost_per_atc', name: 'Cost per ATC', formula: 'spend / web_event_add_to_cart', format: 'money' },
  { id: 'cc_hook', name: 'Hook', formula: 'video_watched_3s / impressions', format: 'percent' },
  { id: 'cc_double', name: 'Double', formula: 'MAX(cc_cost_per_atc * 2, cc_hook)', format: 'money' },
];
const FUZZ: CustomColumnDef = { id: 'cc_fuzz', name: 'Fuzz', formula: 'spend', format: 'number' };

beforeAll(async () => {
  catalog = await openPglite(null);
  await migrate(catalog);
  await insertAdvertiser(catalog, {
    advertiser_id: TINY_ADVERTISER,
    name: 'Tiny',
    currency: 'EUR',
    timezone: 'Europe/Amsterdam',
    source: 'sandbox',
    product_value: null,
    margin: null,
  });
  for (const c of [...STORED, FUZZ]) {
    const stored = await insertCustomColumn(catalog, TINY_ADVERTISER, { ...c, description: '' }, 'test');
    expect(stored.column_id).toBe(c.id);
  }
  store = await tinyWarehouse();
  // The engine as reports see it, keeping every SQL text it is handed.
  recording = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'query')
        return (sql: CompiledSql) => {
          executed.push(sql);
          return target.query(sql);
        };
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}, 120_000);
afterAll(async () => {
  await store.close();
  await catalog.close();
});

/** Words, quoted names and string literals SQL may contain: those of the plans for every catalog metric. */
function vocabulary() {
  const words = new Set([
    'LEAST',
    'GREATEST',
    'CASE',
    'WHEN',
    'THEN',
    'ELSE',
    'END',
    'ABS',
    'ROUND',
    'NOT',
    'OR',
  ]);
  const names = new Set(['cc_fuzz']);
  const strings = new Set<string>();
  for (const dimensions of [...GRAINS, ['month'], ['adgroup']] as Dimension[][]) {
    const { sql } = planReport(
      { advertiserId: TINY_ADVERTISER, ...TINY_RANGE, dimensions, metrics: metrics.map((m) => m.id) },
      store.dialect,
    );
    const parts = split(sql.text);
    parts.words.forEach((w) => words.add(w));
    parts.names.forEach((n) => names.add(n));
    parts.strings.forEach((s) => strings.add(s));
  }
  return { words, names, strings };
}

function split(text: string) {
  const names = [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
  const strings = [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const bare = text
    .replace(/"[^"]*"/g, ' ')
    .replace(/'[^']*'/g, ' ')
    .replace(/\$\d+/g, ' ');
  const words = [...bare.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => m[0]);
  return { names, strings, words };
}

function numbersIn(e: Expr | Cond, into: number[] = []): number[] {
  if (e.kind === 'number') into.push(e.value);
  for (const child of exprChildren(e)) numbersIn(child, into);
  return into;
}

function inlineCatalog(e: Expr | Cond): Expr | Cond {
  if (e.kind === 'metric') {
    const metric = findMetric(e.id);
    return metric?.kind === 'derived' ? inlineCatalog(metric.expr) : e;
  }
  const copy: Record<string, unknown> = { ...e };
  for (const [key, child] of Object.entries(e)) {
    if (Array.isArray(child)) copy[key] = child.map((c: Expr) => inlineCatalog(c));
    else if (child && typeof child === 'object') copy[key] = inlineCatalog(child as Expr);
  }
  return copy as unknown as Expr | Cond;
}

/** A refusal: an AppError about the formula, every detail placed inside its text. */
function expectPositioned(error: unknown, formula: string, count: number, where: string): void {
  expect(error, where).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code, where).toBe('invalid_formula');
  expect(appError.details.length, where).toBe(count);
  const misplaced = appError.details.filter(
    (d) =>
      !Number.isInteger(d.position) ||
      !Number.isInteger(d.length) ||
      d.position! < 0 ||
      d.position! + d.length! > formula.length ||
      d.message.length < 10,
  );
  expect(misplaced, where).toEqual([]);
}

const keyOf = (row: Record<string, unknown>, dimensions: Dimension[]) =>
  dimensions.map((d) => String(row[d])).join('|');

test(`${FORMULAS} generated formulas: only positioned AppErrors, only planned SQL, no user text in it`, async () => {
  const allowed = vocabulary();
  // The sums every formula is evaluated over, per grain, from a report of the counters.
  const sums = new Map<Dimension[], Map<string, Record<string, number | null>>>();
  for (const dimensions of GRAINS) {
    const base = [...baseMetrics.map((b) => b.id), 'reach'];
    const report = await runReport(store, catalog, {
      advertiserId: TINY_ADVERTISER,
      ...TINY_RANGE,
      dimensions,
      metrics: base,
    });
    sums.set(
      dimensions,
      new Map(report.rows.map((row) => [keyOf(row, dimensions), row as Record<string, number | null>])),
    );
    sums.get(dimensions)!.set('', report.totals);
  }

  const gen = formulaGenerator(
    20260401,
    STORED.map((c) => c.id),
  );
  const seen = { valid: 0, brokenButValid: 0, rejected: 0, run: 0, statements: 0 };
  for (let i = 0; i < FORMULAS; i++) {
    const generatedValid = i % 2 === 0;
    const formula = generatedValid ? gen.valid() : gen.broken();
    const dimensions = GRAINS[i % GRAINS.length]!;
    const where = `#${i} ${JSON.stringify(formula)} by ${dimensions.join(',') || 'nothing'}`;
    const columns = [...STORED, { ...FUZZ, formula }];
    const query = { advertiserId: TINY_ADVERTISER, ...TINY_RANGE, dimensions, metrics: ['cc_fuzz', 'cpc'] };

    // Every formula: checked without a crash, and planned into clean SQL or refused with positions.
    const check = checkFormula(formula, { columns, self: FUZZ.id });
    if (generatedValid) expect(check.ok, where).toBe(true);
    let planned: CompiledSql[] = [];
    let refusal: unknown = null;
    try {
      planned = [planReport(query, store.dialect, columns).sql];
      if (dimensions.length > 0)
        planned.push(planReport({ ...query, dimensions: [] }, store.dialect, columns).sql);
    } catch (e) {
      refusal = e;
    }
    if (!check.ok) {
      seen.rejected++;
      expectPositioned(refusal, formula, check.errors.length, where);
    } else {
      seen[generatedValid ? 'valid' : 'brokenButValid']++;
      expect(refusal, where).toBeNull();
      for (const sql of planned) {
        const parts = split(sql.text);
        const foreign = [
          ...(/;|--|\/\*/.test(sql.text) ? ['a statement separator or comment'] : []),
          ...parts.words.filter((w) => !allowed.words.has(w)),
          ...parts.names.filter((n) => !allowed.names.has(n)).map((n) => `"${n}"`),
          ...parts.strings.filter((t) => !allowed.strings.has(t)).map((t) => `'${t}'`),
        ];
        expect(foreign, where).toEqual([]);
      }
      const unbound = numbersIn(check.expr).filter((n) => !planned[0]!.values.includes(n));
      expect(unbound, `${where}: numbers not bound`).toEqual([]);
    }

    // The engine's side (a few ms a query), for every other broken formula and every eighth valid one:
    // stored as the column and reported on, the engine receives exactly the planned SQL, or nothing at all.
    if (i % 8 !== 0 && i % 4 !== 1) continue;
    if (formula.includes('\u0000')) continue; // PostgreSQL cannot store it; refused above.
    await catalog.query("update custom_columns set formula = $1 where column_id = 'cc_fuzz'", [formula]);
    executed.length = 0;
    let report: Awaited<ReturnType<typeof runReport>> | null = null;
    let error: unknown = null;
    try {
      report = await runReport(recording, catalog, query);
    } catch (e) {
      error = e;
    }
    seen.run++;
    expect(executed, where).toEqual(planned);
    seen.statements += executed.length;
    if (!check.ok) {
      expectPositioned(error, formula, check.errors.length, where);
      continue;
    }
    expect(error, where).toBeNull();

    // And the values are the formula over the sums, row by row and in total.
    const expr = inlineCatalog(check.expr) as Expr;
    const grain = sums.get(dimensions)!;
    const compare = (actual: unknown, values: Record<string, number | null>, at: string) => {
      const want = evaluate(expr, values);
      const got = toNumber(actual);
      if (want === null || got === null) expect(got, `${where} at ${at}`).toBe(want);
      else
        expect(Math.abs(got - want), `${where} at ${at}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(want)),
        );
    };
    for (const row of report!.rows)
      compare(row.cc_fuzz, grain.get(keyOf(row, dimensions))!, keyOf(row, dimensions));
    compare(report!.totals.cc_fuzz, grain.get('')!, 'the total');
  }
  // The run covered what it claims to.
  expect(seen.valid).toBe(FORMULAS / 2);
  expect(seen.rejected).toBeGreaterThan(FORMULAS / 4);
  expect(seen.brokenButValid).toBeGreaterThan(FORMULAS / 100);
  expect(seen.run).toBeGreaterThan(FORMULAS / 4);
  expect(seen.statements).toBeGreaterThan(FORMULAS / 10);
}, 600_000);
