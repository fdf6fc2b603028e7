// A report cell as text: the report's column formats are the metric formats plus text, dates and plain
// numbers (custom columns formatted as "number").
import type { ColumnFormat } from '../../../src/shared/reports-api.ts';
import { LOCALE, NO_VALUE, formatMetricValue } from '../lib/format.ts';

const plainNumber = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });

export function formatCell(
  value: string | number | null | undefined,
  format: ColumnFormat,
  currency: string,
): string {
  if (value === null || value === undefined) return NO_VALUE;
  if (typeof value === 'string') return value || NO_VALUE;
  switch (format) {
    case 'text':
    case 'date':
      return String(value);
    case 'number':
      return Number.isFinite(value) ? plainNumber.format(value) : NO_VALUE;
    default:
      return formatMetricValue(value, format, currency);
  }
}
