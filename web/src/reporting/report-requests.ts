// The questions the screen asks the report API: the table's (one, or three with a pivot) and the chart's.
// Pure: they are derived from the view and become the keys of the query cache.
import type { ReportDimension, ReportQueryRequest } from '../../../src/shared/reports-api.ts';
import type { DateRange } from '../lib/date-range.ts';
import { chartType, isTimeDimension, type ReportSortState, type ReportState } from './report-state.ts';

/** Rows the table shows at most; the totals still cover every row (the answer says when it was cut). */
export const TABLE_LIMIT = 1000;
/** Pivot cells are rows × pivot values. */
export const PIVOT_CELL_LIMIT = 20_000;
export const BAR_LIMIT = 20;

export interface RequestBase {
  advertiserId: string;
  range: DateRange;
  compareRange: DateRange | undefined;
}

function request(
  base: RequestBase,
  state: ReportState,
  extra: Partial<ReportQueryRequest>,
): ReportQueryRequest {
  return {
    advertiser_id: base.advertiserId,
    from: base.range.from,
    to: base.range.to,
    ...(base.compareRange ? { compare: base.compareRange } : {}),
    dimensions: [],
    metrics: state.metrics,
    filters: state.filters,
    ...extra,
  };
}

/** The sort the table shows: the user's, else time in order, else the first metric largest first. */
export function effectiveSort(
  state: Pick<ReportState, 'sort' | 'metrics'>,
  dimensions: readonly ReportDimension[],
): ReportSortState {
  const { sort } = state;
  if (sort && (state.metrics.includes(sort.by) || dimensions.includes(sort.by as ReportDimension)))
    return sort;
  if (isTimeDimension(dimensions[0])) return { by: dimensions[0]!, direction: 'asc' };
  return { by: state.metrics[0]!, direction: 'desc' };
}

export type TableRequests =
  | { kind: 'flat'; flat: ReportQueryRequest }
  | {
      kind: 'pivot';
      rowDimensions: ReportDimension[];
      pivot: ReportDimension;
      cells: ReportQueryRequest;
      rowTotals: ReportQueryRequest | undefined;
      columnTotals: ReportQueryRequest;
    };

export function tableRequests(base: RequestBase, state: ReportState): TableRequests {
  const { pivot } = state;
  if (!pivot) {
    const sort = effectiveSort(state, state.dimensions);
    return {
      kind: 'flat',
      flat: request(base, state, { dimensions: state.dimensions, sort, limit: TABLE_LIMIT }),
    };
  }
  const rowDimensions = state.dimensions.filter((d) => d !== pivot);
  const firstMetric = state.metrics[0]!;
  return {
    kind: 'pivot',
    rowDimensions,
    pivot,
    cells: request(base, state, { dimensions: [...rowDimensions, pivot], limit: PIVOT_CELL_LIMIT }),
    rowTotals: rowDimensions.length
      ? request(base, state, {
          dimensions: rowDimensions,
          sort: effectiveSort(state, rowDimensions),
          limit: TABLE_LIMIT,
        })
      : undefined,
    // Time pivots read left to right in order; other pivots put the largest first.
    columnTotals: request(base, state, {
      dimensions: [pivot],
      sort: isTimeDimension(pivot) ? { by: pivot, direction: 'asc' } : { by: firstMetric, direction: 'desc' },
    }),
  };
}

/** The chart's metric: the one chosen, else the report's first. */
export function chartMetric(state: ReportState): string | undefined {
  const chosen = state.chart.metric;
  return chosen && state.metrics.includes(chosen) ? chosen : state.metrics[0];
}

/** Over the first dimension only: a line in time order, or the largest bars. */
export function chartRequest(base: RequestBase, state: ReportState): ReportQueryRequest | undefined {
  const type = chartType(state);
  const metric = chartMetric(state);
  if (type === 'none' || !metric) return undefined;
  const dimension = state.dimensions[0]!;
  return request(base, state, {
    dimensions: [dimension],
    metrics: [metric],
    ...(type === 'line'
      ? { sort: { by: dimension, direction: 'asc' as const } }
      : { sort: { by: metric, direction: 'desc' as const }, limit: BAR_LIMIT }),
  });
}

/** Values a dimension filter offers: those delivered in the report's dates, largest cost first. */
export const VALUES_LIMIT = 500;

export function valuesRequest(base: RequestBase, dimension: ReportDimension): ReportQueryRequest {
  return {
    advertiser_id: base.advertiserId,
    from: base.range.from,
    to: base.range.to,
    dimensions: [dimension],
    metrics: ['spend'],
    filters: [],
    sort: { by: 'spend', direction: 'desc' },
    limit: VALUES_LIMIT,
  };
}
