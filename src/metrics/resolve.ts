// Turns requested metric ids into what the warehouse must aggregate: the base counters and whether
// distinct reach is needed. Unknown ids are collected and reported together, each with its position.
import { AppError, type ErrorDetail } from '../core/errors.ts';
import { type BaseMetric, type Metric, findMetric } from './catalog.ts';
import { metricRefs } from './expr.ts';

export interface ResolvedMetrics {
  requested: Metric[];
  base: BaseMetric[];
  needsReach: boolean;
}

export function resolveMetrics(ids: readonly string[], field = 'metrics'): ResolvedMetrics {
  const problems: ErrorDetail[] = [];
  const requested: Metric[] = [];
  ids.forEach((id, index) => {
    const metric = findMetric(id);
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

/** A derived metric's formula in words, e.g. "spend / clicks", for glossaries. */
export function describeFormula(metric: Metric): string | null {
  if (metric.kind !== 'derived') return null;
  const print = (e: import('./expr.ts').Expr, top: boolean): string => {
    if (e.kind === 'metric') return e.id;
    if (e.kind === 'number') return String(e.value);
    const text = `${print(e.left, false)} ${e.op === '*' ? '×' : e.op === '/' ? '÷' : e.op} ${print(e.right, false)}`;
    return top ? text : `(${text})`;
  };
  return print(metric.expr, true);
}
