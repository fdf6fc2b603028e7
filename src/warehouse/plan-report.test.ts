import { describe, expect, test } from 'vitest';
import { duckdbDialect } from './duckdb/dialect.ts';
import { planReport } from './plan-report.ts';

const query = { advertiserId: "7'; DROP TABLE x; --", from: '2026-01-01', to: '2026-01-31' };

describe('the report planner', () => {
  test('every table it reads is guarded by the advertiser, and values are bound parameters', () => {
    const plan = planReport(
      { ...query, dimensions: ['campaign', 'day'], metrics: ['spend', 'reach', 'ctr'] },
      duckdbDialect,
    );
    expect(plan.sql.text).not.toContain('DROP TABLE');
    expect(plan.sql.text).toContain('FROM delivery_hourly WHERE advertiser_id = $1');
    expect(plan.sql.text).toContain('WHERE k.advertiser_id = $1');
    expect(plan.sql.values.slice(0, 3)).toEqual([query.advertiserId, '2026-01-01', '2026-01-31']);
  });

  test('ratios divide sums and never divide by zero', () => {
    const plan = planReport({ ...query, dimensions: [], metrics: ['cpc'] }, duckdbDialect);
    expect(plan.sql.text).toContain('NULLIF(');
    expect(plan.sql.text).toContain('SUM(spend_micros)');
    expect(plan.sql.text).toContain('SUM(clicks)');
  });

  test('audience breakdowns read the daily audience table and cannot be combined with hours', () => {
    expect(
      planReport({ ...query, dimensions: ['age'], metrics: ['spend'] }, duckdbDialect).sql.text,
    ).toContain('FROM delivery_audience_daily');
    expect(() =>
      planReport({ ...query, dimensions: ['age', 'hour'], metrics: ['spend'] }, duckdbDialect),
    ).toThrow(/daily/);
  });

  test('sorting by something not in the report is refused; a reversed range too', () => {
    expect(() =>
      planReport(
        { ...query, dimensions: ['ad'], metrics: ['spend'], sort: { by: 'ctr', direction: 'desc' } },
        duckdbDialect,
      ),
    ).toThrow(/Cannot sort/);
    expect(() =>
      planReport({ ...query, from: '2026-02-01', dimensions: [], metrics: ['spend'] }, duckdbDialect),
    ).toThrow(/after it ends/);
  });

  test('filter values are bound parameters, and the attribute copy is read under the same guard', () => {
    const evil = "x') OR 1=1; --";
    const plan = planReport(
      {
        ...query,
        dimensions: ['objective'],
        metrics: ['spend'],
        filters: [
          { dimension: 'campaign', operator: 'contains', values: [evil] },
          { dimension: 'country', operator: 'not_in', values: [evil] },
          { metric: 'cpc', operator: 'gt', value: 1.5 },
        ],
      },
      duckdbDialect,
    );
    for (const sql of [plan.sql, plan.totalsSql]) {
      expect(sql.text).not.toContain('OR 1=1');
      expect(sql.text).toContain('FROM ad_attributes WHERE advertiser_id = $1');
      expect(sql.values).toContain(evil);
      // Every placeholder has a value and every value a placeholder: engines refuse either mismatch.
      const used = new Set([...sql.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect([...used].sort((a, b) => a - b)).toEqual(sql.values.map((_, i) => i + 1));
    }
    expect(plan.totalsSql.text).toContain('kept AS (');
    expect(plan.totalsSql.text).toContain('IS NOT DISTINCT FROM');
  });

  test('reports without the new fields plan as before: no attribute join, no hidden columns', () => {
    const plan = planReport(
      { ...query, dimensions: ['ad', 'day'], metrics: ['spend', 'ctr'] },
      duckdbDialect,
    );
    expect(plan.sql.text).not.toContain('ad_attributes');
    expect(plan.sql.text).not.toContain('"w_');
    expect(plan.nameColumns).toEqual({});
    expect(plan.totalsSql.text).not.toContain('GROUP BY');
  });
});
