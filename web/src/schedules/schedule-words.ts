// Schedules and deliveries in words, for the lists: "Mondays and Thursdays at 08:00", "Last 7 days",
// "Mon 23 Nov, 08:00". Pure functions, so they are tested without a page.
import type { Recurrence, RelativeRange } from '../../../src/shared/schedules-api.ts';

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const WEEKDAYS = DAY_NAMES.map((name, i) => ({ iso: i + 1, name, short: name.slice(0, 3) }));

export const RANGE_LABEL: Record<RelativeRange, string> = {
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_14_days: 'Last 14 days',
  last_30_days: 'Last 30 days',
  last_week: 'Last week (Mon–Sun)',
  last_month: 'Last month',
  month_to_date: 'Month to date',
};

export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function list(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export function cadenceText(recurrence: Recurrence, at: string): string {
  switch (recurrence.every) {
    case 'daily':
      return `Every day at ${at}`;
    case 'weekly': {
      const days = [...new Set(recurrence.weekdays)].sort((a, b) => a - b);
      if (days.length === 7) return `Every day at ${at}`;
      if (days.join() === '1,2,3,4,5') return `Weekdays at ${at}`;
      return `${list(days.map((d) => `${DAY_NAMES[d - 1]}s`))} at ${at}`;
    }
    case 'monthly':
      return recurrence.day === 'last'
        ? `Monthly on the last day at ${at}`
        : `Monthly on the ${ordinal(recurrence.day)} at ${at}`;
  }
}

/** "Mon 23 Nov, 08:00" on the advertiser's clock. */
export function instantText(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const day = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone,
  }).format(date);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(date);
  return `${day.replace(',', '')}, ${time}`;
}

/** The addresses typed in a free field: split on commas, semicolons, spaces and new lines. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** A plausible address (the server checks again); what a typo usually breaks: the @ and the dot. */
export const looksLikeEmail = (address: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address);
