import { expect, test } from 'vitest';
import { BAR_LIMIT, TABLE_LIMIT, chartRequest, effectiveSort, tableRequests } from './report-requests.ts';
import { DEFAULT_STATE, type ReportState } from './report-state.ts';

const base = {
  advertiserId: 'adv1',
  range: { from: '2025-03-01', to: '2025-03-07' },
  compareRange: { from: '2025-02-22', to: '2025-02-28' },
};
const state = (change: Partial<ReportState>): ReportState => ({ ...DEFAULT_STATE, ...change });

test('the table sorts as asked, else by time in order, else by the first metric largest first', () => {
  expect(
    effectiveSort(state({ sort: { by: 'ctr', direction: 'asc' }, metrics: ['spend', 'ctr'] }), ['ad']),
  ).toEqual({
    by: 'ctr',
    direction: 'asc',
  });
  // A sort by something no longer in the report is dropped.
  expect(
    effectiveSort(state({ sort: { by: 'cpc', direction: 'asc' }, metrics: ['spend'] }), ['week', 'ad']),
  ).toEqual({
    by: 'week',
    direction: 'asc',
  });
  expect(effectiveSort(state({ metrics: ['spend'] }), ['ad'])).toEqual({ by: 'spend', direction: 'desc' });
});

test('a flat table is one query with the comparison and a row limit', () => {
  const requests = tableRequests(base, state({ dimensions: ['campaign'], metrics: ['spend', 'ctr'] }));
  expect(requests).toEqual({
    kind: 'flat',
    flat: {
      advertiser_id: 'adv1',
      from: '2025-03-01',
      to: '2025-03-07',
      compare: base.compareRange,
      dimensions: ['campaign'],
      metrics: ['spend', 'ctr'],
      filters: [],
      sort: { by: 'spend', direction: 'desc' },
      limit: TABLE_LIMIT,
    },
  });
});

test('a pivot asks by all dimensions, by the row dimensions (sorted: the Total column) and by the pivot alone', () => {
  const requests = tableRequests(
    base,
    state({
      dimensions: ['campaign', 'gender'],
      pivot: 'gender',
      metrics: ['ctr'],
      sort: { by: 'ctr', direction: 'asc' },
    }),
  );
  if (requests.kind !== 'pivot') throw new Error('expected a pivot');
  expect(requests.cells.dimensions).toEqual(['campaign', 'gender']);
  expect(requests.rowTotals?.dimensions).toEqual(['campaign']);
  expect(requests.rowTotals?.sort).toEqual({ by: 'ctr', direction: 'asc' });
  expect(requests.columnTotals.dimensions).toEqual(['gender']);
  expect(requests.columnTotals.sort).toEqual({ by: 'ctr', direction: 'desc' });
  // Pivoting the only dimension leaves one row: its total is the report total.
  const only = tableRequests(base, state({ dimensions: ['day'], pivot: 'day' }));
  expect(only.kind === 'pivot' && only.rowTotals).toBe(undefined);
  expect(only.kind === 'pivot' && only.columnTotals.sort).toEqual({ by: 'day', direction: 'asc' });
});

test('the chart asks one metric by the first dimension: in time order, or the largest bars', () => {
  const line = chartRequest(
    base,
    state({ dimensions: ['day', 'ad'], chart: { shown: true, metric: 'ctr' }, metrics: ['spend', 'ctr'] }),
  );
  expect(line).toMatchObject({
    dimensions: ['day'],
    metrics: ['ctr'],
    sort: { by: 'day', direction: 'asc' },
  });
  expect(line?.limit).toBeUndefined();
  const bars = chartRequest(base, state({ dimensions: ['ad'], metrics: ['spend'] }));
  expect(bars).toMatchObject({
    dimensions: ['ad'],
    metrics: ['spend'],
    sort: { by: 'spend', direction: 'desc' },
    limit: BAR_LIMIT,
  });
  expect(chartRequest(base, state({ dimensions: [] }))).toBeUndefined();
  expect(
    chartRequest(base, state({ dimensions: ['ad'], chart: { shown: false, metric: undefined } })),
  ).toBeUndefined();
});
