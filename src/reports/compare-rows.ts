// Lines up a report's rows with the same report over a comparison range: rows match on their non-time
// dimensions, and time buckets by position — the n-th day, week or month of each range, hours by their
// offset from the range start — so "day 3 of this week" meets "day 3 of last week".
import { daysBetween } from '../core/dates.ts';
import type { ReportDimension } from '../shared/reports-api.ts';

type Cell = string | number | null;
type Row = Record<string, Cell>;

const mondayOf = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};
const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/** A time bucket's position in its range (null stays null). */
function position(dimension: ReportDimension, value: Cell, rangeFrom: string): Cell {
  if (typeof value !== 'string') return value;
  switch (dimension) {
    case 'day':
      return daysBetween(rangeFrom, value);
    case 'week':
      return daysBetween(mondayOf(rangeFrom), mondayOf(value)) / 7;
    case 'month':
      return monthIndex(value) - monthIndex(rangeFrom);
    case 'hour':
      return daysBetween(rangeFrom, value.slice(0, 10)) * 24 + Number(value.slice(11, 13));
    default:
      return value;
  }
}

export function alignmentKey(row: Row, dimensions: readonly ReportDimension[], rangeFrom: string): string {
  return JSON.stringify(dimensions.map((d) => position(d, row[d] ?? null, rangeFrom)));
}

/** For each row, the compare row with the same key (its metric values), or null when there is none. */
export function alignRows(
  rows: readonly Row[],
  rangeFrom: string,
  compareRows: readonly Row[],
  compareFrom: string,
  dimensions: readonly ReportDimension[],
  metricIds: readonly string[],
): (Record<string, number | null> | null)[] {
  const byKey = new Map<string, Row>();
  for (const row of compareRows) byKey.set(alignmentKey(row, dimensions, compareFrom), row);
  return rows.map((row) => {
    const match = byKey.get(alignmentKey(row, dimensions, rangeFrom));
    if (!match) return null;
    return Object.fromEntries(metricIds.map((id) => [id, match[id] as number | null]));
  });
}
