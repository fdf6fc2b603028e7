// The custom-column formula language, second half: checks a syntax tree (formula-parse.ts) against the
// metric catalog and the advertiser's other custom columns, and turns it into an expression (expr.ts)
// that the report planner compiles like any derived metric. References to other custom columns are
// inlined, so what runs is always a formula over catalog metrics; a column that uses itself, directly or
// through others, is refused with the cycle named. Every problem is collected, each with its position.
import { AppError } from '../core/errors.ts';
import { type FunnelAct, type Metric, type MetricFormat, findMetric, metrics } from './catalog.ts';
import { type BinaryOp, type CompareOp, type Cond, type Expr, exprChildren } from './expr.ts';
import { type FormulaError, type Syntax, parseFormula } from './formula-parse.ts';

export type { FormulaError } from './formula-parse.ts';

export type CustomFormat = 'money' | 'percent' | 'number';

/** What the checker needs of a stored custom column. */
export interface CustomColumnDef {
  id: string;
  name: string;
  formula: string;
  format: CustomFormat;
  description?: string;
}

export interface CheckedFormula {
  /** The formula over catalog metrics only: custom columns it uses are written out. */
  expr: Expr;
  /** The format its units suggest: money ÷ count is money, count ÷ count a percentage, … */
  format: CustomFormat;
  /** The funnel act of the furthest metric it reads. */
  act: FunnelAct;
  /** Metric ids and custom column ids the formula names itself, in order of first appearance. */
  uses: string[];
  /** The counters (and reach) it is computed from once everything is written out. */
  baseMetrics: string[];
}

export type FormulaCheck = ({ ok: true } & CheckedFormula) | { ok: false; errors: FormulaError[] };

/** Written out, a formula may have at most this many terms (custom columns inside custom columns grow). */
export const MAX_FORMULA_TERMS = 2000;
/** The largest number a formula may write (the warehouse binds whole numbers as 64-bit integers). */
export const MAX_NUMBER = 1e15;
/** ROUND(x, digits): digits from -6 (to millions) to 10. */
const ROUND_DIGITS = { min: -6, max: 10 };

export const FUNCTIONS = ['IF', 'MIN', 'MAX', 'ABS', 'ROUND', 'SAFE_DIVIDE'] as const;
const FUNCTION_LIST = 'IF, MIN, MAX, ABS, ROUND and SAFE_DIVIDE';

export const CUSTOM_COLUMN_PREFIX = 'cc_';
export const isCustomColumnId = (id: string): boolean => id.startsWith(CUSTOM_COLUMN_PREFIX);

type Unit = 'money' | 'count' | 'percent' | 'number' | 'const';

const UNIT_OF_FORMAT: Record<MetricFormat | CustomFormat, Unit> = {
  money: 'money',
  count: 'count',
  percent: 'percent',
  decimal: 'number',
  seconds: 'number',
  number: 'number',
};

const ACTS: FunnelAct[] = ['awareness', 'consideration', 'conversion'];
const laterAct = (a: FunnelAct, b: FunnelAct): FunnelAct => (ACTS.indexOf(a) >= ACTS.indexOf(b) ? a : b);

type Converted =
  | { type: 'number'; expr: Expr; unit: Unit; size: number; constant?: number }
  | { type: 'cond'; cond: Cond; size: number }
  | { type: 'error' };

/** A custom column written out, or why it cannot be. Cycles depend on the path taken, so they are not cached. */
type Resolved =
  | { kind: 'ok'; expr: Expr; unit: Unit; act: FunnelAct; size: number }
  /** `column`: the column whose own formula fails (this one, or one it uses). */
  | { kind: 'broken'; column: string; message: string }
  | { kind: 'cycle'; path: string[] };

class Checker {
  private readonly columns: Map<string, CustomColumnDef>;
  private readonly resolved = new Map<string, Resolved>();

  constructor(columns: readonly CustomColumnDef[]) {
    this.columns = new Map(columns.map((c) => [c.id, c]));
  }

  /** Checks `text` as the formula of the column at the end of `path` (empty for a new column). */
  check(
    text: string,
    path: string[],
  ): {
    errors: FormulaError[];
    cycle: string[] | null;
    broken: Extract<Resolved, { kind: 'broken' }> | null;
    result: (CheckedFormula & { size: number; unit: Unit }) | null;
  } {
    const errors: FormulaError[] = [];
    const syntax = parseFormula(text, errors);
    const state: Walk = { errors, path, uses: [], act: 'awareness', cycle: null, broken: null };
    const converted = this.convert(syntax, state);
    if (converted.type === 'cond') {
      errors.push(
        at(
          syntax,
          'the formula gives true or false, but a column shows numbers; wrap it in IF(…), e.g. IF(clicks > 100, 1, 0)',
        ),
      );
    }
    if (converted.type === 'number' && converted.size > MAX_FORMULA_TERMS) {
      errors.push({
        position: 0,
        length: text.length,
        message: `written out with the custom columns it uses, this formula has ${converted.size} terms (at most ${MAX_FORMULA_TERMS}); use fewer nested custom columns`,
      });
    }
    errors.sort((a, b) => a.position - b.position || a.length - b.length);
    if (errors.length > 0 || converted.type !== 'number')
      return { errors, cycle: state.cycle, broken: state.broken, result: null };
    return {
      errors,
      cycle: null,
      broken: null,
      result: {
        expr: converted.expr,
        unit: converted.unit,
        size: converted.size,
        format: formatOf(converted.unit),
        act: state.act,
        uses: state.uses,
        baseMetrics: baseMetricsOf(converted.expr),
      },
    };
  }

  private resolveColumn(id: string, path: string[]): Resolved {
    const start = path.indexOf(id);
    if (start !== -1) return { kind: 'cycle', path: [...path.slice(start), id] };
    const cached = this.resolved.get(id);
    if (cached) return cached;
    const column = this.columns.get(id)!;
    const { errors, cycle, broken, result } = this.check(column.formula, [...path, id]);
    if (cycle) return { kind: 'cycle', path: cycle };
    const resolved: Resolved = result
      ? {
          kind: 'ok',
          expr: result.expr,
          unit: UNIT_OF_FORMAT[column.format],
          act: result.act,
          size: result.size,
        }
      : (broken ?? { kind: 'broken', column: id, message: errors[0]?.message ?? 'it does not compute' });
    this.resolved.set(id, resolved);
    return resolved;
  }

  private convert(node: Syntax, w: Walk): Converted {
    switch (node.t) {
      case 'number':
        if (!(node.value <= MAX_NUMBER)) {
          w.errors.push(
            at(node, 'numbers in formulas are at most 1e15 (a 1 with 15 zeros); write a smaller one'),
          );
          return { type: 'error' };
        }
        return {
          type: 'number',
          expr: { kind: 'number', value: node.value },
          unit: 'const',
          size: 1,
          constant: node.value,
        };
      case 'paren':
        return this.convert(node.inner, w);
      case 'error':
        for (const part of node.parts) this.convert(part, w);
        return { type: 'error' };
      case 'ident':
        return this.identifier(node, w);
      case 'negate': {
        const arg = this.number(node.arg, w, 'a minus sign');
        if (!arg) return { type: 'error' };
        return {
          type: 'number',
          expr: { kind: 'negate', arg: arg.expr },
          unit: arg.unit,
          size: arg.size + 1,
          ...(arg.constant !== undefined ? { constant: -arg.constant } : {}),
        };
      }
      case 'not': {
        const arg = this.condition(node.arg, w, 'NOT');
        return arg
          ? { type: 'cond', cond: { kind: 'not', arg: arg.cond }, size: arg.size + 1 }
          : { type: 'error' };
      }
      case 'binary':
        return this.binary(node, w);
      case 'call':
        return this.call(node, w);
    }
  }

  private identifier(node: Extract<Syntax, { t: 'ident' }>, w: Walk): Converted {
    const name = node.name;
    const metric = findMetric(name);
    if (metric) {
      if (!w.uses.includes(name)) w.uses.push(name);
      w.act = laterAct(w.act, metric.act);
      return {
        type: 'number',
        expr: { kind: 'metric', id: name },
        unit: UNIT_OF_FORMAT[metric.format],
        size: 1,
      };
    }
    if (this.columns.has(name)) {
      if (!w.uses.includes(name)) w.uses.push(name);
      const resolved = this.resolveColumn(name, w.path);
      if (resolved.kind === 'cycle') {
        w.cycle ??= resolved.path;
        w.errors.push(
          at(
            node,
            `${resolved.path.join(' → ')} is a cycle: a custom column cannot use itself, directly or through other columns; remove this reference`,
          ),
        );
        return { type: 'error' };
      }
      if (resolved.kind === 'broken') {
        w.broken ??= resolved;
        const root = resolved.column;
        w.errors.push(
          at(
            node,
            root === name
              ? `the custom column ${name} does not compute (${resolved.message}); fix it first`
              : `the custom column ${name} uses ${root}, which does not compute (${resolved.message}); fix ${root} first`,
          ),
        );
        return { type: 'error' };
      }
      w.act = laterAct(w.act, resolved.act);
      return { type: 'number', expr: resolved.expr, unit: resolved.unit, size: resolved.size };
    }
    const upper = name.toUpperCase();
    if ((FUNCTIONS as readonly string[]).includes(upper)) {
      w.errors.push(
        at(node, `${upper} is a function; give it its arguments in brackets, e.g. ${example(upper)}`),
      );
      return { type: 'error' };
    }
    w.errors.push(at(node, this.unknownIdentifier(name)));
    return { type: 'error' };
  }

  private unknownIdentifier(name: string): string {
    const lower = name.toLowerCase();
    if (lower !== name && (findMetric(lower) || this.columns.has(lower)))
      return `ids are written in lower case: write ${lower}`;
    const key = normalise(name);
    const byLabel = metrics.find((m) => normalise(m.label) === key);
    if (byLabel) return `"${name}" is not an id; ${byLabel.label} is written ${byLabel.id}`;
    const byName = [...this.columns.values()].find((c) => normalise(c.name) === key);
    if (byName) return `"${name}" is not an id; the custom column ${byName.name} is written ${byName.id}`;
    const nearest = nearestOf(name, [...metrics.map((m) => m.id), ...this.columns.keys()]);
    return `"${name}" is not a metric or custom column; did you mean ${nearest}? (GET /api/v1/metrics lists the ids)`;
  }

  private number(node: Syntax, w: Walk, what: string): Extract<Converted, { type: 'number' }> | null {
    const converted = this.convert(node, w);
    if (converted.type === 'number') return converted;
    if (converted.type === 'cond')
      w.errors.push(
        at(
          node,
          `${what} needs a number here, but this is a condition (true or false); to turn it into a number use IF(…), e.g. IF(clicks > 100, 1, 0)`,
        ),
      );
    return null;
  }

  private condition(node: Syntax, w: Walk, what: string): Extract<Converted, { type: 'cond' }> | null {
    const converted = this.convert(node, w);
    if (converted.type === 'cond') return converted;
    if (converted.type === 'number')
      w.errors.push(at(node, `${what} needs a condition here, such as clicks > 0, not a number`));
    return null;
  }

  private binary(node: Extract<Syntax, { t: 'binary' }>, w: Walk): Converted {
    const opText = node.op === 'and' ? 'AND' : node.op === 'or' ? 'OR' : `"${node.op}"`;
    if (node.op === 'and' || node.op === 'or') {
      const left = this.condition(node.left, w, opText);
      const right = this.condition(node.right, w, opText);
      if (!left || !right) return { type: 'error' };
      return {
        type: 'cond',
        cond: { kind: node.op, left: left.cond, right: right.cond },
        size: left.size + right.size + 1,
      };
    }
    const left = this.number(node.left, w, opText);
    const right = this.number(node.right, w, opText);
    if (!left || !right) return { type: 'error' };
    const size = left.size + right.size + 1;
    if (isArithmetic(node.op)) {
      return {
        type: 'number',
        expr: { kind: 'binary', op: node.op, left: left.expr, right: right.expr },
        unit: arithmeticUnit(node.op, left, right),
        size,
      };
    }
    return { type: 'cond', cond: { kind: 'compare', op: node.op, left: left.expr, right: right.expr }, size };
  }

  private call(node: Extract<Syntax, { t: 'call' }>, w: Walk): Converted {
    const name = node.name.toUpperCase();
    const nameSpan = { start: node.start, end: node.nameEnd };
    const count = node.args.length;
    const arity = (expected: string, ok: boolean): boolean => {
      if (!ok)
        w.errors.push(at(nameSpan, `${name} takes ${expected}, e.g. ${example(name)}; here it has ${count}`));
      return ok;
    };
    switch (name) {
      case 'IF': {
        const cond = node.args[0] ? this.condition(node.args[0], w, 'IF’s first argument') : null;
        const values = node.args.slice(1).map((arg) => this.number(arg, w, 'IF'));
        if (!arity('3 arguments (a condition, the value when it holds, the value otherwise)', count === 3))
          return { type: 'error' };
        const [then, otherwise] = values;
        if (!cond || !then || !otherwise) return { type: 'error' };
        return {
          type: 'number',
          expr: { kind: 'if', cond: cond.cond, then: then.expr, otherwise: otherwise.expr },
          unit: then.unit === 'const' ? otherwise.unit : then.unit,
          size: cond.size + then.size + otherwise.size + 1,
        };
      }
      case 'MIN':
      case 'MAX': {
        const args = node.args.map((arg) => this.number(arg, w, name));
        if (!arity('two or more numbers', count >= 2)) return { type: 'error' };
        if (args.some((a) => !a)) return { type: 'error' };
        const numbers = args as Extract<Converted, { type: 'number' }>[];
        return {
          type: 'number',
          expr: { kind: name === 'MIN' ? 'least' : 'greatest', args: numbers.map((a) => a.expr) },
          unit: numbers.find((a) => a.unit !== 'const')?.unit ?? 'const',
          size: numbers.reduce((sum, a) => sum + a.size, 1),
        };
      }
      case 'ABS': {
        const args = node.args.map((arg) => this.number(arg, w, name));
        if (!arity('one number', count === 1) || !args[0]) return { type: 'error' };
        return {
          type: 'number',
          expr: { kind: 'abs', arg: args[0].expr },
          unit: args[0].unit,
          size: args[0].size + 1,
        };
      }
      case 'ROUND': {
        const value = node.args[0] ? this.number(node.args[0], w, name) : null;
        const digitsNode = node.args[1];
        let digits: number | null = 0;
        if (digitsNode) {
          const converted = this.number(digitsNode, w, 'ROUND’s digits');
          digits = converted?.constant ?? null;
          if (
            converted &&
            (digits === null ||
              !Number.isInteger(digits) ||
              digits < ROUND_DIGITS.min ||
              digits > ROUND_DIGITS.max)
          ) {
            w.errors.push(
              at(
                digitsNode,
                `ROUND’s digits must be a whole number from ${ROUND_DIGITS.min} to ${ROUND_DIGITS.max}, written out, e.g. ROUND(cpc, 2)`,
              ),
            );
            digits = null;
          }
        }
        for (const extra of node.args.slice(2)) this.convert(extra, w);
        if (!arity('a number and optionally the digits to keep', count === 1 || count === 2))
          return { type: 'error' };
        if (!value || digits === null) return { type: 'error' };
        return {
          type: 'number',
          expr: { kind: 'round', arg: value.expr, digits },
          unit: value.unit,
          size: value.size + 1,
        };
      }
      case 'SAFE_DIVIDE': {
        const args = node.args.map((arg) => this.number(arg, w, name));
        if (!arity('two numbers', count === 2)) return { type: 'error' };
        const [a, b] = args;
        if (!a || !b) return { type: 'error' };
        return {
          type: 'number',
          expr: { kind: 'binary', op: '/', left: a.expr, right: b.expr },
          unit: arithmeticUnit('/', a, b),
          size: a.size + b.size + 1,
        };
      }
      default: {
        for (const arg of node.args) this.convert(arg, w);
        const known = findMetric(node.name) || this.columns.has(node.name);
        w.errors.push(
          at(
            nameSpan,
            known
              ? `${node.name} is a metric, not a function; put an operator between it and "(", e.g. ${node.name} * (…)`
              : `there is no function ${node.name}; did you mean ${nearestOf(name, FUNCTIONS)}? The functions are ${FUNCTION_LIST}`,
          ),
        );
        return { type: 'error' };
      }
    }
  }
}

interface Walk {
  errors: FormulaError[];
  /** The custom columns being written out, outermost first. */
  path: string[];
  uses: string[];
  act: FunnelAct;
  cycle: string[] | null;
  /** The first custom column used that does not compute, for the message of columns using this one. */
  broken: Extract<Resolved, { kind: 'broken' }> | null;
}

const isArithmetic = (op: BinaryOp | CompareOp): op is BinaryOp =>
  op === '+' || op === '-' || op === '*' || op === '/';

function at(span: { start: number; end: number }, message: string): FormulaError {
  return { position: span.start, length: Math.max(0, span.end - span.start), message };
}

function example(fn: string): string {
  switch (fn) {
    case 'IF':
      return 'IF(conversion > 0, spend / conversion, 0)';
    case 'MIN':
      return 'MIN(cpc, 2)';
    case 'MAX':
      return 'MAX(spend - 100, 0)';
    case 'ABS':
      return 'ABS(spend - 100)';
    case 'ROUND':
      return 'ROUND(cpc, 2)';
    default:
      return 'SAFE_DIVIDE(spend, web_event_add_to_cart)';
  }
}

type NumberResult = { unit: Unit; constant?: number };

/** The unit of a + - * / result, for the suggested format. */
function arithmeticUnit(op: BinaryOp, a: NumberResult, b: NumberResult): Unit {
  if (op === '+' || op === '-') return a.unit === 'const' ? b.unit : a.unit;
  if (op === '*') {
    // ctr * 100 is a number of percentage points, not a fraction any more.
    if (a.unit === 'percent' && b.constant === 100) return 'number';
    if (b.unit === 'percent' && a.constant === 100) return 'number';
    if (a.unit === 'const' || a.unit === 'number') return b.unit;
    if (b.unit === 'const' || b.unit === 'number') return a.unit;
    return 'number';
  }
  if (b.unit === 'const' || (b.unit === 'number' && a.unit !== 'const')) return a.unit;
  if (a.unit === 'money') return b.unit === 'money' ? 'number' : 'money';
  if (a.unit === 'count' && b.unit === 'count') return 'percent';
  return 'number';
}

function formatOf(unit: Unit): CustomFormat {
  return unit === 'money' ? 'money' : unit === 'percent' ? 'percent' : 'number';
}

/** The counters and reach an expression over catalog metrics is computed from. */
function baseMetricsOf(expr: Expr): string[] {
  const out: string[] = [];
  const visit = (node: Expr | Cond): void => {
    if (node.kind === 'metric') {
      const metric = findMetric(node.id);
      if (metric?.kind === 'derived') visit(metric.expr);
      else if (!out.includes(node.id)) out.push(node.id);
      return;
    }
    for (const child of exprChildren(node)) visit(child);
  };
  visit(expr);
  return out;
}

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate closest to `name`: by edit distance, with ids that contain it (add_to_cart) counted close. */
export function nearestOf(name: string, candidates: readonly string[]): string {
  const lower = name.toLowerCase();
  let best = candidates[0] ?? '';
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    let score = levenshtein(lower, c);
    if (lower.length >= 3 && (c.includes(lower) || lower.includes(c)))
      score = Math.min(score, 1 + Math.abs(c.length - lower.length) / 4);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Checks a formula for a custom column of an advertiser: `columns` are the advertiser's custom columns
 * (with the one being edited, if any, at its new formula) and `self` the id of the column it belongs to.
 */
export function checkFormula(
  formula: string,
  context: { columns: readonly CustomColumnDef[]; self?: string },
): FormulaCheck {
  const checker = new Checker(context.columns);
  const { errors, result } = checker.check(formula, context.self ? [context.self] : []);
  if (!result) return { ok: false, errors };
  const { size: _size, unit: _unit, ...checked } = result;
  return { ok: true, ...checked };
}

/** The error a formula's problems make, for the API: each detail names its position and length. */
export function formulaError(errors: FormulaError[], field = 'formula', column?: string): AppError {
  const first = errors[0]?.message ?? 'the formula does not compute';
  const where = column ? `The custom column ${column}` : 'The formula';
  return new AppError(
    'invalid_formula',
    `${where} has ${errors.length === 1 ? 'a problem' : `${errors.length} problems`}: ${first}${errors.length > 1 ? ' (and more)' : ''}.`,
    errors.map((e) => ({ field, message: e.message, position: e.position, length: e.length })),
  );
}

const FORMAT_OF_CUSTOM: Record<CustomFormat, MetricFormat> = {
  money: 'money',
  percent: 'percent',
  number: 'decimal',
};

/**
 * The advertiser's custom columns as metrics the planner computes like derived ones. Only the `wanted`
 * ids are checked, so one broken column does not stop reports that do not use it.
 */
export function customMetrics(
  columns: readonly CustomColumnDef[],
  wanted: readonly string[],
): Map<string, Metric> {
  const checker = new Checker(columns);
  const out = new Map<string, Metric>();
  for (const id of wanted) {
    const column = columns.find((c) => c.id === id);
    if (!column || out.has(id)) continue;
    const { errors, result } = checker.check(column.formula, [id]);
    if (!result) throw formulaError(errors, `custom_columns.${id}.formula`, `${column.name} (${id})`);
    out.set(id, {
      kind: 'derived',
      id,
      label: column.name,
      format: FORMAT_OF_CUSTOM[column.format],
      act: result.act,
      better: 'neutral',
      expr: result.expr,
      description: column.description || `Custom column: ${column.formula}`,
    });
  }
  return out;
}
