// What the report on screen asks, and its form in the address bar: a reload, Back or a shared link shows
// the same report. Pure functions (no DOM), so they are unit-tested and shared by the view and templates.
import { z } from 'zod';
import {
  ReportDimension,
  ReportFilter,
  type ReportDefinition,
  type TemplateDates,
} from '../../../src/shared/reports-api.ts';
import type { DateRange, RangeChoice } from '../lib/date-range.ts';

export const TIME_DIMENSIONS: readonly ReportDimension[] = ['hour', 'day', 'week', 'month'];
export const MAX_DIMENSIONS = 4;
export const MAX_METRICS = 60;

export interface ReportSortState {
  by: string;
  direction: 'asc' | 'desc';
}

export interface ReportState {
  dimensions: ReportDimension[];
  metrics: string[];
  filters: ReportFilter[];
  sort: ReportSortState | undefined;
  /** One of `dimensions`, shown as columns. */
  pivot: ReportDimension | null;
  /** Off, or drawn for this metric (line over time, bars otherwise). */
  chart: { shown: boolean; metric: string | undefined };
  /** The template this report was opened from, if any. */
  template: string | undefined;
}

export const DEFAULT_STATE: ReportState = {
  dimensions: ['day'],
  metrics: ['spend', 'impressions', 'clicks', 'ctr', 'cpc', 'conversion', 'cost_per_conversion'],
  filters: [],
  sort: undefined,
  pivot: null,
  chart: { shown: true, metric: undefined },
  template: undefined,
};

export function isTimeDimension(dimension: string | undefined): boolean {
  return TIME_DIMENSIONS.includes(dimension as ReportDimension);
}

/** Line when the first dimension is time, bars for categories; nothing without a dimension. */
export function chartType(state: Pick<ReportState, 'dimensions' | 'chart'>): 'line' | 'bar' | 'none' {
  if (!state.chart.shown || state.dimensions.length === 0) return 'none';
  return isTimeDimension(state.dimensions[0]) ? 'line' : 'bar';
}

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const unique = <T>(values: T[]): T[] => [...new Set(values)];

const FilterList = z.array(ReportFilter).max(20);

function parseFilters(value: string | null): ReportFilter[] {
  if (!value) return [];
  try {
    const parsed = FilterList.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function parseSort(value: string | null): ReportSortState | undefined {
  if (!value) return undefined;
  const [by, direction] = value.split(':');
  if (!by) return undefined;
  return { by, direction: direction === 'asc' ? 'asc' : 'desc' };
}

/**
 * The report in the address, with what cannot be read dropped. `known` is the advertiser's metric ids:
 * a metric it does not have (a deleted custom column, a typo) is left out rather than failing the page.
 */
export function readReportState(
  params: URLSearchParams,
  known: ReadonlySet<string> | undefined,
): ReportState {
  if (!params.has('metrics') && !params.has('dims'))
    return { ...DEFAULT_STATE, template: readTemplate(params) };
  const dimensions = unique(
    list(params.get('dims')).filter((d): d is ReportDimension => ReportDimension.safeParse(d).success),
  ).slice(0, MAX_DIMENSIONS);
  let metrics = unique(list(params.get('metrics')).filter((id) => !known || known.has(id))).slice(
    0,
    MAX_METRICS,
  );
  if (metrics.length === 0) metrics = DEFAULT_STATE.metrics.filter((id) => !known || known.has(id));
  const pivot = params.get('pivot');
  const chartMetric = params.get('chart_metric') ?? undefined;
  return {
    dimensions,
    metrics,
    filters: parseFilters(params.get('filters')),
    sort: parseSort(params.get('sort')),
    pivot: dimensions.includes(pivot as ReportDimension) ? (pivot as ReportDimension) : null,
    chart: {
      shown: params.get('chart') !== 'none',
      metric: chartMetric && metrics.includes(chartMetric) ? chartMetric : undefined,
    },
    template: readTemplate(params),
  };
}

function readTemplate(params: URLSearchParams): string | undefined {
  return params.get('template') || undefined;
}

/** The report's own parameters (the tab's shared ones — advertiser, dates, compare — are added by the view). */
export function reportParams(state: ReportState): Record<string, string | null> {
  return {
    dims: state.dimensions.join(','),
    metrics: state.metrics.join(','),
    filters: state.filters.length ? JSON.stringify(state.filters) : null,
    sort: state.sort ? `${state.sort.by}:${state.sort.direction}` : null,
    pivot: state.pivot,
    chart: state.chart.shown ? null : 'none',
    chart_metric: state.chart.metric ?? null,
    template: state.template ?? null,
  };
}

/** Dates as a template keeps them: a preset stays relative ("last 7 days"), a custom range stays fixed. */
export function templateDates(choice: RangeChoice, range: DateRange): TemplateDates {
  return choice === 'custom' ? { from: range.from, to: range.to } : { preset: choice };
}

/** What a template saves of the report on screen. */
export function toDefinition(
  state: ReportState,
  dates: { choice: RangeChoice; range: DateRange },
  compare: boolean,
): ReportDefinition {
  const type = chartType(state);
  return {
    dimensions: state.dimensions,
    metrics: state.metrics,
    filters: state.filters,
    ...(state.sort ? { sort: state.sort } : {}),
    dates: templateDates(dates.choice, dates.range),
    compare: compare ? 'previous_period' : 'none',
    chart: { type, ...(state.chart.metric ? { metric: state.chart.metric } : {}) },
    pivot: state.pivot,
  };
}

/** The report a template opens, with its id kept so "Save" knows what to change. */
export function fromDefinition(definition: ReportDefinition, templateId: string): ReportState {
  const dimensions = definition.dimensions.slice(0, MAX_DIMENSIONS);
  return {
    dimensions,
    metrics: definition.metrics,
    filters: definition.filters,
    sort: definition.sort ? { by: definition.sort.by, direction: definition.sort.direction } : undefined,
    pivot: definition.pivot && dimensions.includes(definition.pivot) ? definition.pivot : null,
    chart: {
      // A template saved without a chart keeps it off; one saved with a line or bars gets the right one here.
      shown: definition.chart.type !== 'none' || dimensions.length === 0,
      metric: definition.chart.metric,
    },
    template: templateId,
  };
}

/** Whether the report on screen still says what its template says (the dates and comparison included). */
export function sameDefinition(a: ReportDefinition, b: ReportDefinition): boolean {
  return canonical(a) === canonical(b);
}

function canonical(definition: ReportDefinition): string {
  const { sort, limit, chart, ...rest } = definition;
  return JSON.stringify({
    ...rest,
    sort: sort ? { by: sort.by, direction: sort.direction } : null,
    limit: limit ?? null,
    // The kind of chart follows the first dimension; what a template decides is whether there is one. A
    // chart without a dimension is not drawn either way.
    chart:
      definition.dimensions.length === 0
        ? null
        : { shown: chart.type !== 'none', metric: chart.metric ?? null },
  });
}
