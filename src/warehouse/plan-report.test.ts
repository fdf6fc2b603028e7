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
});
