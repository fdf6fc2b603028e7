// Schedules are typed on the advertiser's clock (as every day in Adcockpit is) and sent as instants.

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** `2026-03-07T09:30` on the advertiser's clock → ISO instant; null when the text is not a time. */
export function localInputToInstant(local: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const target = Date.parse(`${local}:00Z`);
  if (Number.isNaN(target)) return null;
  // Correct a first guess by the zone's offset at that moment, twice, which settles across DST changes.
  let guess = target;
  for (let i = 0; i < 3; i++) guess += target - Date.parse(`${wallClock(guess, timeZone)}:00Z`);
  return new Date(guess).toISOString();
}

/** ISO instant → `2026-03-07T09:30` on the advertiser's clock, for a datetime-local input. */
export function instantToLocalInput(instant: string | null | undefined, timeZone: string): string {
  if (!instant) return '';
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? '' : wallClock(ms, timeZone);
}
