// The expression tree every derived metric is written in. Built-in ratios use it today; the custom-column
// formula language parses into the same tree, so a metric is computed the same way wherever it appears.

export type BinaryOp = '+' | '-' | '*' | '/';

export type Expr =
  | { kind: 'metric'; id: string }
  | { kind: 'number'; value: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

export const m = (id: string): Expr => ({ kind: 'metric', id });
export const num = (value: number): Expr => ({ kind: 'number', value });
export const div = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '/', left, right });
export const mul = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '*', left, right });

/** `a / b`, the commonest shape of a derived metric. */
export const ratio = (numerator: string, denominator: string): Expr => div(m(numerator), m(denominator));

/** Every metric id the expression reads, in order of first appearance. */
export function metricRefs(expr: Expr, into: string[] = []): string[] {
  if (expr.kind === 'metric') {
    if (!into.includes(expr.id)) into.push(expr.id);
  } else if (expr.kind === 'binary') {
    metricRefs(expr.left, into);
    metricRefs(expr.right, into);
  }
  return into;
}

/** Evaluates over already-aggregated base values; division by zero (or by nothing) gives null, never Infinity. */
export function evaluate(expr: Expr, values: Record<string, number | null>): number | null {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'metric':
      return values[expr.id] ?? null;
    case 'binary': {
      const a = evaluate(expr.left, values);
      const b = evaluate(expr.right, values);
      if (a === null || b === null) return null;
      if (expr.op === '+') return a + b;
      if (expr.op === '-') return a - b;
      if (expr.op === '*') return a * b;
      return b === 0 ? null : a / b;
    }
  }
}
