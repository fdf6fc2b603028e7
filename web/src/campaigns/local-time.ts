// Schedules are typed on the advertiser's clock (as every day in Adcockpit is) and sent as instants.
import { localDateTime } from '../../../src/core/timezone.ts';

/** `2026-03-07T09:30`: the wall clock to the minute, as a datetime-local input holds it. */
function wallClock(ms: number, timeZone: string): string {
  return localDateTime(ms, timeZone).slice(0, 16);
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
