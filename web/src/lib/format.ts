// Number formatting for every metric on screen. Pure functions with no DOM, so the browser test formats
// the API's numbers with the same code the page uses.
import type { MetricInfo } from '../../../src/shared/api.ts';

export type MetricFormat = MetricInfo['format'];

/** The UI is in English; numbers follow US conventions and the advertiser's own currency. */
export const LOCALE = 'en-US';

/** Shown wherever a value cannot be computed; its reason goes into the title. */
export const NO_VALUE = '—';

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, options);
    cache.set(key, formatter);
  }
  return formatter;
}

function moneyFormat(currency: string): Intl.NumberFormat {
  try {
    return numberFormat(`money:${currency}`, { style: 'currency', currency });
  } catch {
    // An unknown currency code must not take the page down: show the amount with the code beside it.
    return numberFormat('money:unknown', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
}

/** A metric value for display: money in the currency, ratios (fractions) as percent, counts grouped. */
export function formatMetricValue(
  value: number | null | undefined,
  format: MetricFormat,
  currency: string,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  switch (format) {
    case 'money': {
      const formatter = moneyFormat(currency);
      const text = formatter.format(value);
      return formatter.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
    }
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
  }
}

/** Short form for chart axes: "$12K", "1.2M", "3.5%". */
export function formatAxisValue(value: number, format: MetricFormat, currency: string): string {
  switch (format) {
    case 'money':
      try {
        return numberFormat(`axis-money:${currency}`, {
          style: 'currency',
          currency,
          notation: 'compact',
          minimumFractionDigits: 0,
          maximumFractionDigits: 1,
        }).format(value);
      } catch {
        return numberFormat('axis', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
      }
    case 'percent':
      return numberFormat('axis-percent', { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'seconds':
      return `${numberFormat('axis', { notation: 'compact', maximumFractionDigits: 1 }).format(value)} s`;
    default:
      return numberFormat('axis', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  }
}

/** A relative change (0.123 = +12.3 %) with its sign; "—" when there is nothing to compare with. */
export function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return NO_VALUE;
  return numberFormat('change', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(change);
}

export type ChangeTone = 'good' | 'bad' | 'neutral';

/** Whether a change is good news depends on the metric: CTR up is good, CPA up is bad, cost is neither. */
export function changeDirection(change: number | null | undefined): 'up' | 'down' | 'flat' {
  if (change === null || change === undefined || !Number.isFinite(change)) return 'flat';
  // Judged at the precision shown: a change that reads "0.0%" gets no arrow and no colour.
  const shown = Math.round(change * 1000);
  if (shown === 0) return 'flat';
  return shown > 0 ? 'up' : 'down';
}

export function changeTone(change: number | null | undefined, better: MetricInfo['better']): ChangeTone {
  const direction = changeDirection(change);
  if (direction === 'flat' || better === 'neutral') return 'neutral';
  return (direction === 'up') === (better === 'higher') ? 'good' : 'bad';
}
