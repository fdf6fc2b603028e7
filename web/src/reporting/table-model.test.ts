import { expect, test } from 'vitest';
import type { ReportQueryResponse } from '../../../src/shared/reports-api.ts';
import { TOTAL_GROUP, flatTable, pivotTable, relativeChange } from './table-model.ts';

const base = { range: { from: '2025-01-01', to: '2025-01-07' }, currency: 'USD', truncated: false };
const columns = [
  { id: 'campaign', kind: 'dimension' as const, label: 'Campaign ID', format: 'text' as const },
  { id: 'campaign_name', kind: 'dimension' as const, label: 'Campaign', format: 'text' as const },
  { id: 'gender', kind: 'dimension' as const, label: 'Gender', format: 'text' as const },
  { id: 'ctr', kind: 'metric' as const, label: 'CTR', format: 'percent' as const },
];

test('a flat table shows names for campaigns and the change against the compared range', () => {
  const response: ReportQueryResponse = {
    ...base,
    columns,
    rows: [
      { campaign: 'c1', campaign_name: 'Spring', ctr: 0.02 },
      { campaign: 'c2', campaign_name: null, ctr: null },
    ],
    totals: { ctr: 0.015 },
    compare: { range: base.range, rows: [{ ctr: 0.01 }, null], totals: { ctr: 0.02 } },
  };
  const table = flatTable(response, ['campaign'], ['ctr']);
  expect(table.dimensions).toEqual([{ dimension: 'campaign', label: 'Campaign' }]);
  expect(table.rows.map((r) => r.dimensions[0])).toEqual([
    { text: 'Spring', id: 'c1' },
    { text: 'c2', id: 'c2' },
  ]);
  const first = table.rows[0]!.cells.get('')!.get('ctr')!;
  expect(relativeChange(first)).toBeCloseTo(1);
  expect(table.rows[1]!.cells.get('')!.get('ctr')).toEqual({ now: null, before: null });
  expect(relativeChange(table.totals.get('')!.get('ctr'))).toBeCloseTo(-0.25);
  expect(relativeChange({ now: 5, before: 0 })).toBeNull();
});

test('a pivot takes its Total column and totals row from their own answers, never from sums', () => {
  const cells: ReportQueryResponse = {
    ...base,
    columns,
    rows: [
      { campaign: 'c1', campaign_name: 'Spring', gender: 'FEMALE', ctr: 0.03 },
      { campaign: 'c1', campaign_name: 'Spring', gender: 'MALE', ctr: 0.01 },
      { campaign: 'c2', campaign_name: 'Summer', gender: 'MALE', ctr: 0.02 },
    ],
    totals: { ctr: 0.021 },
  };
  const rowTotals: ReportQueryResponse = {
    ...base,
    columns,
    rows: [
      { campaign: 'c2', campaign_name: 'Summer', ctr: 0.02 },
      { campaign: 'c1', campaign_name: 'Spring', ctr: 0.017 },
    ],
    totals: { ctr: 0.021 },
  };
  const columnTotals: ReportQueryResponse = {
    ...base,
    columns,
    rows: [
      { gender: 'MALE', ctr: 0.014 },
      { gender: 'FEMALE', ctr: 0.03 },
    ],
    totals: { ctr: 0.021 },
  };
  const table = pivotTable({ cells, rowTotals, columnTotals }, ['campaign'], 'gender', ['ctr']);
  expect(table.groups.map((g) => g.label)).toEqual(['Male', 'Female', 'Total']);
  expect(table.rows.map((r) => r.dimensions[0]!.text)).toEqual(['Summer', 'Spring']);
  const spring = table.rows[1]!;
  expect(spring.cells.get('FEMALE')!.get('ctr')!.now).toBe(0.03);
  expect(spring.cells.get(TOTAL_GROUP)!.get('ctr')!.now).toBe(0.017);
  expect(table.rows[0]!.cells.get('FEMALE')).toBeUndefined();
  expect(table.totals.get('MALE')!.get('ctr')!.now).toBe(0.014);
  expect(table.totals.get(TOTAL_GROUP)!.get('ctr')!.now).toBe(0.021);
});

test('a pivot without row dimensions is one row whose total is the report total', () => {
  const answer: ReportQueryResponse = {
    ...base,
    columns,
    rows: [{ gender: 'MALE', ctr: 0.014 }],
    totals: { ctr: 0.014 },
  };
  const table = pivotTable({ cells: answer, rowTotals: undefined, columnTotals: answer }, [], 'gender', [
    'ctr',
  ]);
  expect(table.rows).toHaveLength(1);
  expect(table.rows[0]!.cells.get('MALE')!.get('ctr')!.now).toBe(0.014);
  expect(table.rows[0]!.cells.get(TOTAL_GROUP)!.get('ctr')!.now).toBe(0.014);
});
