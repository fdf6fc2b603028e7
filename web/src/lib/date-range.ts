// Date-range presets as Ads Manager offers them. They are computed from the advertiser's own "today" (its
// time zone, as the API reports it), never from the browser's clock.
// The preset arithmetic lives with the server's dates, so a saved report's preset resolves the same there.
import {
  addDays,
  isIsoDate,
  previousPeriod,
  resolvePreset,
  type DateRange,
} from '../../../src/core/dates.ts';

export type { DateRange };
export { previousPeriod, isIsoDate, resolvePreset };

export const PRESETS = [
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: 'last_7_days', label: 'Last 7 days' },
  { id: 'last_14_days', label: 'Last 14 days' },
  { id: 'last_30_days', label: 'Last 30 days' },
  { id: 'this_month', label: 'This month' },
  { id: 'last_month', label: 'Last month' },
] as const;

export type PresetId = (typeof PRESETS)[number]['id'];
export type RangeChoice = PresetId | 'custom';

export const DEFAULT_PRESET: PresetId = 'last_7_days';

export function isPresetId(value: string | null | undefined): value is PresetId {
  return PRESETS.some((preset) => preset.id === value);
}

export function presetLabel(choice: RangeChoice): string {
  return PRESETS.find((preset) => preset.id === choice)?.label ?? 'Custom';
}

export function isValidRange(from: string | null | undefined, to: string | null | undefined): boolean {
  return !!from && !!to && isIsoDate(from) && isIsoDate(to) && from <= to;
}

/** The dates in an address — a preset, or from and to — as every tab writes them; the default otherwise. */
export function rangeInAddress(
  params: URLSearchParams,
  today: string,
): { choice: RangeChoice; range: DateRange } {
  const preset = params.get('preset');
  const from = params.get('from');
  const to = params.get('to');
  if (isPresetId(preset)) return { choice: preset, range: resolvePreset(preset, today) };
  if (isValidRange(from, to)) return { choice: 'custom', range: { from: from!, to: to! } };
  return { choice: DEFAULT_PRESET, range: resolvePreset(DEFAULT_PRESET, today) };
}

const dayMonth = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

const asUtc = (date: string) => new Date(`${date}T00:00:00Z`);

/** "Mar 1 – 7, 2025"-style text for a range of calendar dates (no time zone involved). */
export function formatRange(range: DateRange): string {
  if (range.from === range.to) return dayMonthYear.format(asUtc(range.from));
  const sameYear = range.from.slice(0, 4) === range.to.slice(0, 4);
  const start = sameYear ? dayMonth.format(asUtc(range.from)) : dayMonthYear.format(asUtc(range.from));
  return `${start} – ${dayMonthYear.format(asUtc(range.to))}`;
}

/** True when the range shares at least one day with the advertiser's data. */
export function overlapsData(range: DateRange, dataFrom: string | null, dataTo: string | null): boolean {
  if (!dataFrom || !dataTo) return false;
  return range.from <= dataTo && range.to >= dataFrom;
}

/** `date` moved by `days`, but not before `floor` (when given). */
export function addDaysClamped(date: string, days: number, floor: string | null): string {
  const moved = addDays(date, days);
  return floor && moved < floor ? floor : moved;
}

/**
 * The advertiser and dates a tab's view moves to on a change. A preset means "relative to today", so it is
 * resolved again on the (new) advertiser's clock; a custom range is kept as it is.
 */
export function nextDates<A extends { advertiser_id: string; today: string }>(
  current: { advertiser: A | undefined; choice: RangeChoice; range: DateRange | undefined },
  change: { advertiser?: string; choice?: RangeChoice; range?: DateRange },
  advertisers: readonly A[] | undefined,
): { advertiser: A | undefined; choice: RangeChoice; range: DateRange | undefined; switching: boolean } {
  const advertiser = change.advertiser
    ? (advertisers?.find((a) => a.advertiser_id === change.advertiser) ?? current.advertiser)
    : current.advertiser;
  const choice = change.choice ?? current.choice;
  const range =
    choice !== 'custom' && advertiser
      ? resolvePreset(choice, advertiser.today)
      : (change.range ?? current.range);
  const switching = !!change.advertiser && change.advertiser !== current.advertiser?.advertiser_id;
  return { advertiser, choice, range, switching };
}
