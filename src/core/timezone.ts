// Conversions between UTC instants and an advertiser's wall clock, through Intl (no tz database of our own).

export interface LocalTime {
  date: string; // YYYY-MM-DD
  hour: number; // 0-23
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function toLocal(instantMs: number, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/** The wall clock to the second at an instant: `2026-03-01T09:15:02` (no zone, no fraction). */
export function localDateTime(instantMs: number, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/** The zone's offset from UTC at an instant, as ISO 8601 writes it: `-05:00`, `+05:30`, `+00:00`. */
export function utcOffsetText(instantMs: number, timeZone: string): string {
  const wholeSecond = instantMs - (((instantMs % 1000) + 1000) % 1000);
  const minutes = Math.round((Date.parse(`${localDateTime(instantMs, timeZone)}Z`) - wholeSecond) / 60_000);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}:${String(abs % 60).padStart(2, '0')}`;
}

/** Today's date on the advertiser's wall clock. */
export function localToday(timeZone: string, nowMs: number = Date.now()): string {
  return toLocal(nowMs, timeZone).date;
}

/**
 * The UTC instant at which the local `date` begins. Found by correcting a first guess with the zone's
 * offset, twice, which settles on the right answer across DST changes.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const target = Date.parse(`${date}T00:00:00Z`);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const local = toLocal(guess, timeZone);
    const localAsUtc = Date.parse(`${local.date}T${String(local.hour).padStart(2, '0')}:00:00Z`);
    guess += target - localAsUtc;
  }
  return guess;
}
