// The report table as rows and columns to draw, built from the API's answers. Flat: one answer, as is.
// Pivoted: one dimension's values become column groups; each cell is a row of the answer by all
// dimensions, the "Total" group and the totals row come from their own answers (by the row dimensions
// only, by the pivot dimension only), so ratios, reach and frequency are computed, never summed.
import type { ReportDimension, ReportQueryResponse } from '../../../src/shared/reports-api.ts';
import { displayValue } from './dimensions.ts';

type Row = ReportQueryResponse['rows'][number];
type Values = Record<string, number | null>;

/** A metric value now and, with comparison, in the compared range (null: nothing there to compare). */
export interface CellValue {
  now: number | null;
  before: number | null | undefined;
}

export interface DimensionColumn {
  dimension: ReportDimension;
  label: string;
}

/** A group of metric columns: the whole table (flat), one pivot value, or the pivot's "Total". */
export interface ColumnGroup {
  key: string;
  label: string | null;
  total: boolean;
}

export interface TableRow {
  key: string;
  /** Per dimension column: what is shown, and the id underneath when the shown text is a name. */
  dimensions: { text: string; id: string | null }[];
  /** `cells[group][metric]`. */
  cells: Map<string, Map<string, CellValue>>;
}

export interface TableModel {
  dimensions: DimensionColumn[];
  groups: ColumnGroup[];
  rows: TableRow[];
  totals: Map<string, Map<string, CellValue>>;
  /** Pivot values beyond the columns shown (the table is cut at MAX_PIVOT_COLUMNS). */
  hiddenPivotValues: number;
}

export const FLAT_GROUP = '';
export const TOTAL_GROUP = '\u0000total';
export const MAX_PIVOT_COLUMNS = 12;

const NAMED = new Set(['campaign', 'adgroup', 'ad']);

export function dimensionText(row: Row, dimension: string): { text: string; id: string | null } {
  const value = row[dimension];
  const id = value === null || value === undefined ? null : String(value);
  if (NAMED.has(dimension)) {
    const name = row[`${dimension}_name`];
    return { text: typeof name === 'string' && name ? name : (id ?? '—'), id };
  }
  return { text: id === null ? '—' : displayValue(dimension, id), id: null };
}

const keyOf = (row: Row, dimensions: readonly string[]) =>
  dimensions.map((d) => String(row[d] ?? '')).join('\u0001');

function cellsOf(
  metrics: readonly string[],
  now: Row | Values,
  before: Values | null | undefined,
  compare: boolean,
) {
  const out = new Map<string, CellValue>();
  for (const id of metrics) {
    const value = now[id];
    out.set(id, {
      now: typeof value === 'number' ? value : null,
      before: compare ? (before?.[id] ?? null) : undefined,
    });
  }
  return out;
}

function labelsOf(response: ReportQueryResponse, dimensions: readonly ReportDimension[]): DimensionColumn[] {
  return dimensions.map((dimension) => ({
    dimension,
    label:
      response.columns.find((c) => c.id === `${dimension}_name`)?.label ??
      response.columns.find((c) => c.id === dimension)?.label ??
      dimension,
  }));
}

export function flatTable(
  response: ReportQueryResponse,
  dimensions: readonly ReportDimension[],
  metrics: readonly string[],
): TableModel {
  const compare = !!response.compare;
  const rows = response.rows.map((row, i) => ({
    key: keyOf(row, dimensions) || String(i),
    dimensions: dimensions.map((d) => dimensionText(row, d)),
    cells: new Map([[FLAT_GROUP, cellsOf(metrics, row, response.compare?.rows[i], compare)]]),
  }));
  return {
    dimensions: labelsOf(response, dimensions),
    groups: [{ key: FLAT_GROUP, label: null, total: false }],
    rows,
    totals: new Map([[FLAT_GROUP, cellsOf(metrics, response.totals, response.compare?.totals, compare)]]),
    hiddenPivotValues: 0,
  };
}

export interface PivotAnswers {
  /** By the row dimensions and the pivot dimension. */
  cells: ReportQueryResponse;
  /** By the row dimensions only, in the order the table is sorted (absent: no row dimensions). */
  rowTotals: ReportQueryResponse | undefined;
  /** By the pivot dimension only, largest first. */
  columnTotals: ReportQueryResponse;
}

export function pivotTable(
  answers: PivotAnswers,
  rowDimensions: readonly ReportDimension[],
  pivot: ReportDimension,
  metrics: readonly string[],
): TableModel {
  const { cells, rowTotals, columnTotals } = answers;
  const compare = !!cells.compare;
  const shown = columnTotals.rows.slice(0, MAX_PIVOT_COLUMNS);
  const groups: ColumnGroup[] = [
    ...shown.map((row) => ({
      key: String(row[pivot] ?? ''),
      label: dimensionText(row, pivot).text,
      total: false,
    })),
    { key: TOTAL_GROUP, label: 'Total', total: true },
  ];

  // Rows follow the row-totals answer (it carries the sort); without row dimensions there is one row.
  const order = rowTotals?.rows ?? [{}];
  const byKey = new Map<string, TableRow>();
  const rows = order.map((row, i) => {
    const tableRow: TableRow = {
      key: keyOf(row, rowDimensions),
      dimensions: rowDimensions.map((d) => dimensionText(row, d)),
      cells: new Map([
        [
          TOTAL_GROUP,
          rowTotals
            ? cellsOf(metrics, row, rowTotals.compare?.rows[i], compare)
            : cellsOf(metrics, cells.totals, cells.compare?.totals, compare),
        ],
      ]),
    };
    byKey.set(tableRow.key, tableRow);
    return tableRow;
  });
  cells.rows.forEach((row, i) => {
    const target = byKey.get(keyOf(row, rowDimensions));
    const group = String(row[pivot] ?? '');
    if (target) target.cells.set(group, cellsOf(metrics, row, cells.compare?.rows[i], compare));
  });

  const totals = new Map<string, Map<string, CellValue>>();
  columnTotals.rows.forEach((row, i) => {
    totals.set(String(row[pivot] ?? ''), cellsOf(metrics, row, columnTotals.compare?.rows[i], compare));
  });
  totals.set(TOTAL_GROUP, cellsOf(metrics, columnTotals.totals, columnTotals.compare?.totals, compare));

  return {
    dimensions: labelsOf(rowTotals ?? cells, rowDimensions),
    groups,
    rows,
    totals,
    hiddenPivotValues: Math.max(0, columnTotals.rows.length - shown.length),
  };
}

/** Relative change from the compared range: null when there is nothing to compare with (or it was 0). */
export function relativeChange(cell: CellValue | undefined): number | null {
  if (!cell || cell.now === null || cell.before === null || cell.before === undefined) return null;
  if (cell.before === 0) return null;
  return (cell.now - cell.before) / Math.abs(cell.before);
}
