// A report answer laid out as the table an export shows: the answer's columns in order (each compared
// metric followed by its value in the comparison range), one line per row, and a Totals line. CSV and XLSX
// both render this, so a file has the same cells whichever format is asked for.
import type { ColumnFormat, ReportQueryResponse } from '../shared/reports-api.ts';

export interface TableColumn {
  /** The answer's column id: a dimension, `<dimension>_name` or a metric id. */
  id: string;
  label: string;
  format: ColumnFormat;
  kind: 'dimension' | 'metric';
}

export type TableCell = string | number | null;

export interface ReportTable {
  columns: TableColumn[];
  rows: TableCell[][];
  /** Empty when the report has no dimensions: its one row already is the total. */
  totals: TableCell[] | null;
  currency: string;
}

export function reportTable(report: ReportQueryResponse): ReportTable {
  const compare = report.compare;
  const columns: TableColumn[] = [];
  const cells: ((row: number | 'totals') => TableCell)[] = [];
  const dimensions = report.columns.filter((c) => c.kind === 'dimension');
  for (const column of report.columns) {
    columns.push({ id: column.id, label: column.label, format: column.format, kind: column.kind });
    if (column.kind === 'dimension') {
      cells.push((row) => (row === 'totals' ? null : (report.rows[row]?.[column.id] ?? null)));
      continue;
    }
    cells.push((row) =>
      row === 'totals'
        ? (report.totals[column.id] ?? null)
        : (numberOrNull(report.rows[row]?.[column.id]) ?? null),
    );
    if (compare) {
      columns.push({
        id: `${column.id}:compare`,
        label: `${column.label} (${compare.range.from} – ${compare.range.to})`,
        format: column.format,
        kind: 'metric',
      });
      cells.push((row) =>
        row === 'totals' ? (compare.totals[column.id] ?? null) : (compare.rows[row]?.[column.id] ?? null),
      );
    }
  }
  const rows = report.rows.map((_, i) => cells.map((cell) => cell(i)));
  let totals: TableCell[] | null = null;
  if (dimensions.length > 0) {
    totals = cells.map((cell) => cell('totals'));
    totals[0] = 'Total';
  }
  return { columns, rows, totals, currency: report.currency };
}

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
