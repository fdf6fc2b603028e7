import { describe, expect, test } from 'vitest';
import { metrics, findMetric } from './catalog.ts';
import { evaluate, metricRefs } from './expr.ts';
import { describeFormula, resolveMetrics } from './resolve.ts';

describe('the metric catalog', () => {
  test('ids are unique and every formula refers to known metrics', () => {
    const ids = metrics.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const metric of metrics) {
      if (metric.kind !== 'derived') continue;
      for (const ref of metricRefs(metric.expr))
        expect(findMetric(ref), `${metric.id} uses ${ref}`).toBeDefined();
    }
  });

  test('resolving a ratio asks the warehouse for its counters, and reach for frequency', () => {
    const resolved = resolveMetrics(['ctr', 'cpm', 'frequency']);
    expect(resolved.base.map((b) => b.id).sort()).toEqual(['clicks', 'impressions', 'spend']);
    expect(resolved.needsReach).toBe(true);
  });

  test('unknown metrics are reported together, with their positions', () => {
    expect(() => resolveMetrics(['spend', 'nope', 'ctr', 'nah'])).toThrow(
      expect.objectContaining({
        code: 'unknown_metric',
        details: [
          expect.objectContaining({ field: 'metrics[1]' }),
          expect.objectContaining({ field: 'metrics[3]' }),
        ],
      }),
    );
  });

  test('a ratio of sums is not the mean of the ratios', () => {
    const ctr = findMetric('ctr');
    if (ctr?.kind !== 'derived') throw new Error('ctr is derived');
    const day1 = { clicks: 10, impressions: 100 };
    const day2 = { clicks: 1, impressions: 1000 };
    const total = evaluate(ctr.expr, { clicks: 11, impressions: 1100 });
    expect(total).toBeCloseTo(0.01, 12);
    expect(((evaluate(ctr.expr, day1) ?? 0) + (evaluate(ctr.expr, day2) ?? 0)) / 2).not.toBeCloseTo(0.01, 3);
  });

  test('division by zero is undefined (null), never Infinity', () => {
    const cpa = findMetric('cost_per_conversion');
    if (cpa?.kind !== 'derived') throw new Error('cpa is derived');
    expect(evaluate(cpa.expr, { spend: 100, conversion: 0 })).toBeNull();
    expect(describeFormula(cpa)).toBe('spend ÷ conversion');
    expect(describeFormula(findMetric('cpm')!)).toBe('(spend ÷ impressions) × 1000');
  });
});
