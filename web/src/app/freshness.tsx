// "Data through 2025-03-07 · updated 14:32": how current the numbers are, on the advertiser's clock.
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { addDays } from '../../../src/core/dates.ts';

function localParts(instant: string, timeZone: string): { date: string; time: string } | null {
  const when = new Date(instant);
  if (Number.isNaN(when.getTime())) return null;
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(when);
    const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
  } catch {
    return null;
  }
}

export function freshnessText(advertiser: AdvertiserInfo): string {
  if (!advertiser.data_to) return 'No data yet';
  const updated = advertiser.data_updated_at
    ? localParts(advertiser.data_updated_at, advertiser.timezone)
    : null;
  if (!updated) return `Data through ${advertiser.data_to}`;
  const when = updated.date === advertiser.today ? updated.time : `${updated.date} ${updated.time}`;
  return `Data through ${advertiser.data_to} · updated ${when}`;
}

/** Current when yesterday (the last complete day) is in; late when older; none without data. */
function freshnessState(advertiser: AdvertiserInfo): 'current' | 'late' | 'none' {
  if (!advertiser.data_to) return 'none';
  return advertiser.data_to >= addDays(advertiser.today, -1) ? 'current' : 'late';
}

export function Freshness({ advertiser }: { advertiser: AdvertiserInfo }) {
  const state = freshnessState(advertiser);
  const written = advertiser.data_updated_at
    ? `Last written ${advertiser.data_updated_at}; times in ${advertiser.timezone}.`
    : '';
  const late =
    state === 'late' ? ` The latest day with data is before yesterday (${advertiser.today} is today).` : '';
  return (
    <span
      className="freshness"
      data-testid="freshness"
      data-state={state}
      title={`${written}${late}`.trim() || undefined}
    >
      <span className={`freshness-dot freshness-${state}`} aria-hidden="true" />
      {freshnessText(advertiser)}
    </span>
  );
}
