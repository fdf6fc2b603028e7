import { expect, test } from 'vitest';
import {
  DEFAULT_STATE,
  chartType,
  fromDefinition,
  readReportState,
  reportParams,
  sameDefinition,
  toDefinition,
  type ReportState,
} from './report-state.ts';

const known = new Set([
  'spend',
  'ctr',
  'cpc',
  'impressions',
  'clicks',
  'conversion',
  'cost_per_conversion',
  'cc_hook',
]);

function roundTrip(state: ReportState): ReportState {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(reportParams(state))) if (value) params.set(key, value);
  return readReportState(new URLSearchParams(params.toString()), known);
}

test('a report survives the address bar: dimensions, metrics, filters, sort, pivot, chart and template', () => {
  const state: ReportState = {
    dimensions: ['campaign', 'gender'],
    metrics: ['spend', 'cc_hook', 'ctr'],
    filters: [
      { dimension: 'country', operator: 'in', values: ['US', 'DE'] },
      { metric: 'spend', operator: 'gt', value: 12.5 },
    ],
    sort: { by: 'ctr', direction: 'asc' },
    pivot: 'gender',
    chart: { shown: false, metric: 'ctr' },
    template: 'tpl_1',
  };
  expect(roundTrip(state)).toEqual(state);
});

test('an empty address is the default report; unknown metrics, dimensions and a bad filter are dropped', () => {
  expect(readReportState(new URLSearchParams(''), known)).toEqual(DEFAULT_STATE);
  const state = readReportState(
    new URLSearchParams(
      'dims=day,nope,day&metrics=spend,gone,ctr&filters=%5Bbroken&pivot=age&chart_metric=gone',
    ),
    known,
  );
  expect(state.dimensions).toEqual(['day']);
  expect(state.metrics).toEqual(['spend', 'ctr']);
  expect(state.filters).toEqual([]);
  expect(state.pivot).toBeNull();
  expect(state.chart.metric).toBeUndefined();
});

test('the chart is a line over time, bars over categories, none without a dimension or when hidden', () => {
  expect(chartType({ dimensions: ['week', 'ad'], chart: { shown: true, metric: undefined } })).toBe('line');
  expect(chartType({ dimensions: ['ad', 'week'], chart: { shown: true, metric: undefined } })).toBe('bar');
  expect(chartType({ dimensions: [], chart: { shown: true, metric: undefined } })).toBe('none');
  expect(chartType({ dimensions: ['day'], chart: { shown: false, metric: undefined } })).toBe('none');
});

test('a template keeps presets relative and custom dates fixed; opening it gives back the same definition', () => {
  const state: ReportState = { ...DEFAULT_STATE, dimensions: ['ad'], pivot: null, template: undefined };
  const relative = toDefinition(
    state,
    { choice: 'last_14_days', range: { from: '2025-01-01', to: '2025-01-14' } },
    true,
  );
  expect(relative.dates).toEqual({ preset: 'last_14_days' });
  expect(relative.compare).toBe('previous_period');
  expect(relative.chart.type).toBe('bar');
  const fixed = toDefinition(
    state,
    { choice: 'custom', range: { from: '2025-01-01', to: '2025-01-05' } },
    false,
  );
  expect(fixed.dates).toEqual({ from: '2025-01-01', to: '2025-01-05' });

  const reopened = fromDefinition(relative, 'tpl_9');
  expect(reopened.template).toBe('tpl_9');
  const again = toDefinition(
    reopened,
    { choice: 'last_14_days', range: { from: '2025-01-01', to: '2025-01-14' } },
    true,
  );
  expect(sameDefinition(again, relative)).toBe(true);
  expect(sameDefinition(again, { ...relative, metrics: ['spend'] })).toBe(false);
  // A chart saved as a line over a dimension that is not time is still "a chart": not an edit.
  expect(sameDefinition(again, { ...relative, chart: { type: 'line' } })).toBe(true);
  expect(sameDefinition(again, { ...relative, chart: { type: 'none' } })).toBe(false);
});
