// A report as CSV (RFC 4180, via toCsv): a header of column labels, the rows, a Totals row. Numbers are
// written plain, for other tools to read — money in currency units, percentages as fractions (0.0123) —
// with the last digits of binary floating point (0.30000000000000004) left out.
import { toCsv } from '../reports/csv.ts';
import type { ReportQueryResponse } from '../shared/reports-api.ts';
import { type TableCell, reportTable } from './report-table.ts';

const plain = (cell: TableCell): TableCell =>
  typeof cell === 'number' ? Number(cell.toPrecision(15)) : cell;

export function reportCsv(report: ReportQueryResponse): string {
  const table = reportTable(report);
  const rows = [...table.rows, ...(table.totals ? [table.totals] : [])];
  return toCsv(
    table.columns.map((c) => c.label),
    rows.map((row) => row.map(plain)),
  );
}
