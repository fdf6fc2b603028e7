// Instants as the people using the app read them: on their own clock, year first, minutes (or seconds in
// the audit log), with the exact instant on hover.

function parts(instant: string, withSeconds: boolean, timeZone?: string): string | null {
  const when = new Date(instant);
  if (Number.isNaN(when.getTime())) return null;
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    hourCycle: 'h23',
  }).formatToParts(when);
  const get = (type: Intl.DateTimeFormatPartTypes) => p.find((x) => x.type === type)?.value ?? '';
  const time = `${get('hour')}:${get('minute')}${withSeconds ? `:${get('second')}` : ''}`;
  return `${get('year')}-${get('month')}-${get('day')} ${time}`;
}

/** `2026-03-07 14:32`, or the text as given when it is not an instant. */
export function formatDateTime(
  instant: string,
  options: { seconds?: boolean; timeZone?: string } = {},
): string {
  return parts(instant, options.seconds ?? false, options.timeZone) ?? instant;
}

/** `0:42`, `2:05`, `1:00:00` for a countdown in whole seconds. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
