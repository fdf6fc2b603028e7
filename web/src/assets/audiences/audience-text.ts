// How audiences read on screen: their kind, their size (with TikTok's minimum to target), a website rule
// as one sentence, a lookalike's spec, and the list's search and type filter.
import {
  type Audience,
  type AudienceType,
  type LookalikeSize,
  type WebsiteCondition,
  type WebsiteRule,
  MIN_TARGETABLE_SIZE,
} from '../../../../src/shared/audiences-api.ts';

export const TYPE_LABEL: Record<AudienceType, string> = {
  customer_file: 'Customer file',
  website: 'Website',
  lookalike: 'Lookalike',
};

export const count = (n: number): string => n.toLocaleString('en-US');

/** "12,345 people", "Unknown" while the size is not known. */
export function sizeText(size: number | null): string {
  if (size === null) return 'Unknown';
  return `${count(size)} ${size === 1 ? 'person' : 'people'}`;
}

export const TOO_SMALL = `Too small to target (< ${count(MIN_TARGETABLE_SIZE)})`;

/** Whether the size is known and under TikTok's minimum to include in targeting. */
export const isTooSmall = (size: number | null): boolean => size !== null && size < MIN_TARGETABLE_SIZE;

function condition(c: WebsiteCondition): string {
  const events = c.events.length === 0 ? 'any event' : c.events.join(' or ');
  const url = c.url
    ? ` on a URL that ${c.url.match === 'contains' ? 'contains' : 'is'} “${c.url.value}”`
    : '';
  return `${events}${url} in the last ${c.within_days} ${c.within_days === 1 ? 'day' : 'days'}`;
}

/** "People with AddToCart in the last 30 days, but not Purchase in the last 30 days." */
export function describeRule(rule: WebsiteRule, pixelName?: string | null): string {
  const include = rule.include.map(condition).join('; or ');
  const exclude = rule.exclude.length ? `, but not ${rule.exclude.map(condition).join(' nor ')}` : '';
  const pixel = rule.pixel_id ? ` (pixel ${pixelName ?? rule.pixel_id})` : ' (any pixel)';
  return `People with ${include}${exclude}${pixel}.`;
}

export const LOOKALIKE_SIZE_LABEL = { narrow: 'Narrow', balanced: 'Balanced', broad: 'Broad' } as const;

export function lookalikeSizeText(size: LookalikeSize, percent: number): string {
  return typeof size === 'number'
    ? `${percent} % of the country`
    : `${LOOKALIKE_SIZE_LABEL[size]} · ${percent} % of the country`;
}

/** One line under the name in the list: what the audience is made of. */
export function audienceSource(a: Audience): string {
  if (a.customer_file) return `${a.customer_file.file_name} · ${count(a.customer_file.members)} hashed ids`;
  if (a.website) {
    const first = a.website.include[0]!;
    return `${first.events.join(', ') || 'Any event'}${a.website.exclude.length ? ' · with exclusions' : ''} · ${first.within_days} d`;
  }
  if (a.lookalike) {
    return `Like ${a.lookalike.source_audience_name ?? 'a deleted audience'} · ${a.lookalike.country} ${a.lookalike.percent} %`;
  }
  return '';
}

export type TypeFilter = AudienceType | 'all';

export function filterAudiences(list: readonly Audience[], q: string, type: TypeFilter): Audience[] {
  const needle = q.trim().toLowerCase();
  return list.filter(
    (a) =>
      (type === 'all' || a.type === type) &&
      (!needle ||
        a.name.toLowerCase().includes(needle) ||
        a.audience_id.includes(needle) ||
        audienceSource(a).toLowerCase().includes(needle)),
  );
}
