// The expression tree every derived metric is written in. Built-in ratios use it; the custom-column
// formula language (formula.ts) parses into the same tree, so a metric is computed the same way wherever
// it appears. Conditions (comparisons, AND/OR/NOT) are a separate type: they only occur inside IF.

export type BinaryOp = '+' | '-' | '*' | '/';
export type CompareOp = '>' | '>=' | '<' | '<=' | '=' | '!=';

export type Expr =
  | { kind: 'metric'; id: string }
  | { kind: 'number'; value: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'negate'; arg: Expr }
  | { kind: 'abs'; arg: Expr }
  /** Rounded to `digits` decimals (negative: to tens, hundreds, …), half away from zero. */
  | { kind: 'round'; arg: Expr; digits: number }
  /** MIN / MAX: skip undefined values, undefined only when all are. */
  | { kind: 'least' | 'greatest'; args: Expr[] }
  /** The else value when the condition is false or undefined. */
  | { kind: 'if'; cond: Cond; then: Expr; otherwise: Expr };

export type Cond =
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'and' | 'or'; left: Cond; right: Cond }
  | { kind: 'not'; arg: Cond };

export const m = (id: string): Expr => ({ kind: 'metric', id });
export const num = (value: number): Expr => ({ kind: 'number', value });
export const div = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '/', left, right });
export const mul = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '*', left, right });

/** `a / b`, the commonest shape of a derived metric. */
export const ratio = (numerator: string, denominator: string): Expr => div(m(numerator), m(denominator));

/** The direct sub-expressions of a node (conditions included), in order. */
export function exprChildren(node: Expr | Cond): (Expr | Cond)[] {
  switch (node.kind) {
    case 'metric':
    case 'number':
      return [];
    case 'binary':
    case 'compare':
    case 'and':
    case 'or':
      return [node.left, node.right];
    case 'negate':
    case 'abs':
    case 'round':
    case 'not':
      return [node.arg];
    case 'least':
    case 'greatest':
      return node.args;
    case 'if':
      return [node.cond, node.then, node.otherwise];
  }
}

/** Every metric id the expression reads, in order of first appearance. */
export function metricRefs(expr: Expr | Cond, into: string[] = []): string[] {
  if (expr.kind === 'metric') {
    if (!into.includes(expr.id)) into.push(expr.id);
  } else for (const child of exprChildren(expr)) metricRefs(child, into);
  return into;
}

/** Half away from zero, as SQL engines round doubles. */
export function roundHalfAway(value: number, digits: number): number {
  const factor = 10 ** Math.abs(digits);
  const scaled = digits >= 0 ? Math.abs(value) * factor : Math.abs(value) / factor;
  const rounded = digits >= 0 ? Math.round(scaled) / factor : Math.round(scaled) * factor;
  return Number.isFinite(rounded) ? Math.sign(value) * rounded : value;
}

/**
 * Evaluates over already-aggregated base values with the SQL the planner emits as its reference: an
 * undefined input (null) makes arithmetic undefined, division by zero is undefined (never Infinity),
 * comparisons with an undefined value are undefined, AND/OR are three-valued.
 */
export function evaluate(expr: Expr, values: Record<string, number | null>): number | null {
  const result = evaluateRaw(expr, values);
  return result === null || Number.isFinite(result) ? result : null;
}

function evaluateRaw(expr: Expr, values: Record<string, number | null>): number | null {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'metric':
      return values[expr.id] ?? null;
    case 'binary': {
      const a = evaluateRaw(expr.left, values);
      const b = evaluateRaw(expr.right, values);
      if (a === null || b === null) return null;
      if (expr.op === '+') return a + b;
      if (expr.op === '-') return a - b;
      if (expr.op === '*') return a * b;
      return b === 0 ? null : a / b;
    }
    case 'negate': {
      const a = evaluateRaw(expr.arg, values);
      return a === null ? null : -a;
    }
    case 'abs': {
      const a = evaluateRaw(expr.arg, values);
      return a === null ? null : Math.abs(a);
    }
    case 'round': {
      const a = evaluateRaw(expr.arg, values);
      return a === null ? null : roundHalfAway(a, expr.digits);
    }
    case 'least':
    case 'greatest': {
      const present = expr.args.map((arg) => evaluateRaw(arg, values)).filter((v) => v !== null);
      if (present.length === 0) return null;
      return expr.kind === 'least' ? Math.min(...present) : Math.max(...present);
    }
    case 'if':
      return truth(expr.cond, values) === true
        ? evaluateRaw(expr.then, values)
        : evaluateRaw(expr.otherwise, values);
  }
}

/** true, false, or null for undefined (SQL's three-valued logic). */
export function truth(cond: Cond, values: Record<string, number | null>): boolean | null {
  switch (cond.kind) {
    case 'compare': {
      const a = evaluateRaw(cond.left, values);
      const b = evaluateRaw(cond.right, values);
      if (a === null || b === null) return null;
      if (cond.op === '>') return a > b;
      if (cond.op === '>=') return a >= b;
      if (cond.op === '<') return a < b;
      if (cond.op === '<=') return a <= b;
      if (cond.op === '=') return a === b;
      return a !== b;
    }
    case 'and': {
      const a = truth(cond.left, values);
      const b = truth(cond.right, values);
      if (a === false || b === false) return false;
      return a === null || b === null ? null : true;
    }
    case 'or': {
      const a = truth(cond.left, values);
      const b = truth(cond.right, values);
      if (a === true || b === true) return true;
      return a === null || b === null ? null : false;
    }
    case 'not': {
      const a = truth(cond.arg, values);
      return a === null ? null : !a;
    }
  }
}
