// A report as an XLSX workbook: the export table (report-table.ts) with each cell typed by its column's
// format — money in the advertiser's currency, percentages as 0.00 %, counts as #,##0 — and the time
// dimensions as real dates, so a spreadsheet sorts, sums and charts them without retyping.
import type { ReportQueryResponse } from '../shared/reports-api.ts';
import { type TableCell, type TableColumn, reportTable } from './report-table.ts';
import { type NumberStyle, type XlsxCell, dateSerial, writeXlsx } from './xlsx.ts';

const NUMBER_STYLE: Record<string, NumberStyle> = {
  money: 'money',
  percent: 'percent',
  count: 'count',
  decimal: 'decimal',
  number: 'decimal',
  seconds: 'seconds',
};

/** Day and week start as dates, month as its first day, hour as a date and time. */
function timeCell(value: string): XlsxCell {
  let match = /^(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (match) return { kind: 'number', value: dateSerial(match[1]!), style: 'date' };
  match = /^(\d{4}-\d{2})$/.exec(value);
  if (match) return { kind: 'number', value: dateSerial(`${match[1]}-01`), style: 'month' };
  match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(value);
  if (match) return { kind: 'number', value: dateSerial(match[1]!, match[2]), style: 'datetime' };
  return { kind: 'text', value };
}

const TIME_DIMENSIONS = new Set(['hour', 'day', 'week', 'month']);

function cell(value: TableCell, column: TableColumn): XlsxCell {
  if (value === null) return null;
  if (typeof value === 'string') {
    return column.format === 'date' || TIME_DIMENSIONS.has(column.id)
      ? timeCell(value)
      : { kind: 'text', value };
  }
  return { kind: 'number', value, style: NUMBER_STYLE[column.format] ?? 'general' };
}

export function reportXlsx(
  report: ReportQueryResponse,
  options: { sheet?: string; title?: string; modified?: Date } = {},
): Buffer {
  const table = reportTable(report);
  const typed = (row: TableCell[]) => row.map((value, i) => cell(value, table.columns[i]!));
  return writeXlsx(
    {
      name: options.sheet ?? 'Report',
      title: options.title,
      header: table.columns.map((c) => c.label),
      rows: table.rows.map(typed),
      ...(table.totals
        ? {
            totals: table.totals.map((value, i) =>
              i === 0
                ? cell(value, { ...table.columns[0]!, format: 'text', id: '' })
                : cell(value, table.columns[i]!),
            ),
          }
        : {}),
      currency: report.currency,
    },
    options.modified,
  );
}
