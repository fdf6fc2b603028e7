// Turns requested metric ids into what the warehouse must aggregate: the base counters and whether
// distinct reach is needed. Unknown ids are collected and reported together, each with its position.
import { AppError, type ErrorDetail } from '../core/errors.ts';
import { type BaseMetric, type Metric, findMetric } from './catalog.ts';
import { type Cond, type Expr, metricRefs } from './expr.ts';

export interface ResolvedMetrics {
  requested: Metric[];
  base: BaseMetric[];
  needsReach: boolean;
}

/** `custom`: the advertiser's custom columns asked for, as derived metrics over catalog metrics. */
export function resolveMetrics(
  ids: readonly string[],
  field = 'metrics',
  custom: ReadonlyMap<string, Metric> = new Map(),
): ResolvedMetrics {
  const problems: ErrorDetail[] = [];
  const requested: Metric[] = [];
  ids.forEach((id, index) => {
    const metric = findMetric(id) ?? custom.get(id);
    if (metric) requested.push(metric);
    else
      problems.push({
        field: `${field}[${index}]`,
        message: `"${id}" is not a metric; see GET /api/v1/metrics`,
      });
  });
  if (problems.length > 0) {
    throw new AppError(
      'unknown_metric',
      `Unknown metric${problems.length > 1 ? 's' : ''}: ${problems.map((p) => p.message.split(' ')[0]).join(', ')}.`,
      problems,
    );
  }
  const base = new Map<string, BaseMetric>();
  let needsReach = false;
  const visit = (metric: Metric): void => {
    if (metric.kind === 'base') base.set(metric.id, metric);
    else if (metric.kind === 'distinct') needsReach = true;
    else for (const ref of metricRefs(metric.expr)) visit(findMetric(ref)!);
  };
  requested.forEach(visit);
  return { requested, base: [...base.values()], needsReach };
}

/** A derived metric's formula in words, e.g. "spend ÷ clicks", for glossaries. */
export function describeFormula(metric: Metric): string | null {
  if (metric.kind !== 'derived') return null;
  return describeExpr(metric.expr, true);
}

const SYMBOL: Record<string, string> = { '*': '×', '/': '÷', '!=': '≠', '>=': '≥', '<=': '≤' };

function describeExpr(e: Expr | Cond, top: boolean): string {
  const list = (args: Expr[]) => args.map((a) => describeExpr(a, true)).join(', ');
  switch (e.kind) {
    case 'metric':
      return e.id;
    case 'number':
      return String(e.value);
    case 'negate':
      return `−${describeExpr(e.arg, false)}`;
    case 'abs':
      return `ABS(${describeExpr(e.arg, true)})`;
    case 'round':
      return `ROUND(${describeExpr(e.arg, true)}, ${e.digits})`;
    case 'least':
      return `MIN(${list(e.args)})`;
    case 'greatest':
      return `MAX(${list(e.args)})`;
    case 'if':
      return `IF(${describeExpr(e.cond, true)}, ${list([e.then, e.otherwise])})`;
    case 'not':
      return `NOT ${describeExpr(e.arg, false)}`;
    case 'binary':
    case 'compare':
    case 'and':
    case 'or': {
      const op = 'op' in e ? (SYMBOL[e.op] ?? e.op) : e.kind.toUpperCase();
      const text = `${describeExpr(e.left, false)} ${op} ${describeExpr(e.right, false)}`;
      return top ? text : `(${text})`;
    }
  }
}
