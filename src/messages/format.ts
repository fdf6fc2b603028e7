// Numbers in messages (e-mails, webhooks), formatted as the app's screens show them: US conventions, the
// advertiser's own currency, ratios (stored as fractions) as percent. Mail has no access to the web
// bundle, so this is the server's copy of those rules; both answer "$1,234.50", "1.23%", "12,345".
import type { ColumnFormat } from '../shared/reports-api.ts';

export const NO_VALUE = '—';

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', options);
    cache.set(key, formatter);
  }
  return formatter;
}

function money(value: number, currency: string): string {
  try {
    return numberFormat(`money:${currency}`, { style: 'currency', currency }).format(value);
  } catch {
    // An unknown code still gives a readable amount, with the code beside it.
    return `${numberFormat('money:unknown', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)} ${currency}`;
  }
}

/** A value for a reader: money in the currency, fractions as percent, counts grouped, text as is. */
export function formatValue(
  value: string | number | null | undefined,
  format: ColumnFormat,
  currency: string,
): string {
  if (value === null || value === undefined || value === '') return NO_VALUE;
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return NO_VALUE;
  switch (format) {
    case 'money':
      return money(value, currency);
    case 'percent':
      return numberFormat('percent', {
        style: 'percent',
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(value);
    case 'count':
      return numberFormat('count', { maximumFractionDigits: 0 }).format(value);
    case 'decimal':
      return numberFormat('decimal', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    case 'seconds':
      return `${numberFormat('seconds', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)} s`;
    case 'number':
      return numberFormat('number', { maximumFractionDigits: 2 }).format(value);
    case 'text':
    case 'date':
      return String(value);
  }
}

/** Short form for a chart's axis: "$12K", "1.2M", "3.5%". */
export function formatAxis(value: number, format: ColumnFormat, currency: string): string {
  if (format === 'percent')
    return numberFormat('axis-percent', { style: 'percent', maximumFractionDigits: 1 }).format(value);
  if (format === 'money') {
    try {
      return numberFormat(`axis-money:${currency}`, {
        style: 'currency',
        currency,
        notation: 'compact',
        minimumFractionDigits: 0,
        maximumFractionDigits: 1,
      }).format(value);
    } catch {
      // falls through to the plain compact number
    }
  }
  return numberFormat('axis', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** "+12.3 %" style change of `now` against `before`; null when there is nothing to compare with. */
/** Changes smaller than this show as "±0.0%": no arrow and no colour for noise. */
export const NO_CHANGE = 0.0005;

export function relativeChange(now: number | null, before: number | null): number | null {
  if (now === null || before === null || !Number.isFinite(now) || !Number.isFinite(before) || before === 0)
    return null;
  return (now - before) / Math.abs(before);
}

export function formatChange(change: number): string {
  const text = numberFormat('change', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(
    Math.abs(change) * 100,
  );
  const sign = Math.abs(change) < NO_CHANGE ? '±' : change > 0 ? '+' : '−';
  return `${sign}${text}%`;
}
