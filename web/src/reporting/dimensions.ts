// The report dimensions as the pickers and filters name them, grouped as an Ads Manager user thinks of them.
import type { ReportDimension } from '../../../src/shared/reports-api.ts';

export const DIMENSION_LABEL: Record<ReportDimension, string> = {
  hour: 'Hour',
  day: 'Day',
  week: 'Week',
  month: 'Month',
  campaign: 'Campaign',
  adgroup: 'Ad group',
  ad: 'Ad',
  creative_name: 'Creative name',
  objective: 'Objective',
  age: 'Age',
  gender: 'Gender',
  country: 'Country',
  placement: 'Placement',
  platform: 'Platform',
};

export const DIMENSION_GROUPS: readonly { label: string; dimensions: readonly ReportDimension[] }[] = [
  { label: 'Time', dimensions: ['day', 'week', 'month', 'hour'] },
  { label: 'Structure', dimensions: ['campaign', 'adgroup', 'ad', 'creative_name', 'objective'] },
  { label: 'Audience', dimensions: ['age', 'gender', 'country'] },
  { label: 'Delivery', dimensions: ['placement', 'platform'] },
];

/** Campaigns, ad groups and ads are filtered by id (`in`) or by name (`contains`). */
export const ENTITY_DIMENSIONS: ReadonlySet<ReportDimension> = new Set(['campaign', 'adgroup', 'ad']);

const dayFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const asUtc = (date: string) => new Date(`${date}T00:00:00Z`);

const PREFIXES = /^(AGE|PLACEMENT|PLATFORM|GENDER)_/;

/** `WEB_CONVERSIONS` → `Web conversions`, `AGE_25_34` → `25–34`, `AGE_55_100` → `55+`. */
function humanize(value: string): string {
  const age = /^AGE_(\d+)_(\d+)$/.exec(value);
  if (age) return age[2] === '100' ? `${age[1]}+` : `${age[1]}–${age[2]}`;
  if (value === 'IPHONE') return 'iPhone';
  if (value === 'PLACEMENT_PANGLE') return 'Pangle';
  if (value === 'PLACEMENT_TIKTOK') return 'TikTok';
  const words = value.replace(PREFIXES, '').toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A dimension's value as a person reads it: dates spelt out, TikTok's enum names in words. The raw value
 * stays what filters and exports use.
 */
export function displayValue(dimension: string, value: string): string {
  switch (dimension) {
    case 'day':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayFormat.format(asUtc(value)) : value;
    case 'week':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `Week of ${dayFormat.format(asUtc(value))}` : value;
    case 'month':
      return /^\d{4}-\d{2}$/.test(value) ? monthFormat.format(asUtc(`${value}-01`)) : value;
    case 'hour': {
      const hour = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/.exec(value);
      return hour ? `${dayFormat.format(asUtc(hour[1]!))}, ${hour[2]}` : value;
    }
    case 'age':
    case 'gender':
    case 'placement':
    case 'platform':
    case 'objective':
      return /^[A-Z0-9_]+$/.test(value) ? humanize(value) : value;
    default:
      return value;
  }
}
