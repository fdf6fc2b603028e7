// The library's view in the address: search, filters, grid or table, sort, the open creative and the dates
// (the same preset/from/to every tab shares). Pure functions for filtering and sorting, so they are tested
// without a browser.
import type { CreativeAsset, CreativeResults } from '../../../../src/shared/creatives-api.ts';
import { type DateRange, type RangeChoice, rangeInAddress } from '../../lib/date-range.ts';

export type KindFilter = 'all' | 'video' | 'image';
export type UsageFilter = 'all' | 'used' | 'unused';
export type SortKey = 'file_name' | 'create_time' | 'duration_s' | 'ads' | keyof CreativeResults;

export interface LibraryView {
  q: string;
  kind: KindFilter;
  ratio: string;
  usage: UsageFilter;
  layout: 'grid' | 'table';
  sort: SortKey;
  desc: boolean;
  creative: string | null;
  choice: RangeChoice;
  range: DateRange;
}

const SORTS: readonly SortKey[] = [
  'file_name',
  'create_time',
  'duration_s',
  'ads',
  'spend',
  'impressions',
  'ctr',
  'hook_rate',
  'hold_rate',
  'conversion',
  'cost_per_conversion',
];

export function readLibraryView(params: URLSearchParams, today: string): LibraryView {
  const { choice, range } = rangeInAddress(params, today);
  const kind = params.get('type');
  const usage = params.get('usage');
  const sort = params.get('sort') as SortKey | null;
  return {
    q: params.get('q') ?? '',
    kind: kind === 'video' || kind === 'image' ? kind : 'all',
    ratio: params.get('ratio') ?? '',
    usage: usage === 'used' || usage === 'unused' ? usage : 'all',
    layout: params.get('layout') === 'table' ? 'table' : 'grid',
    sort: sort && SORTS.includes(sort) ? sort : 'spend',
    desc: params.get('dir') !== 'asc',
    creative: params.get('creative'),
    choice,
    range,
  };
}

export function filterCreatives(creatives: readonly CreativeAsset[], view: LibraryView): CreativeAsset[] {
  const words = view.q.toLowerCase().split(/\s+/).filter(Boolean);
  return creatives.filter((c) => {
    if (view.kind !== 'all' && c.kind !== view.kind) return false;
    if (view.ratio && c.aspect_ratio !== view.ratio) return false;
    if (view.usage === 'used' && c.used_in.length === 0) return false;
    if (view.usage === 'unused' && c.used_in.length > 0) return false;
    const text =
      `${c.file_name} ${c.used_in.map((u) => `${u.ad_name} ${u.campaign_name}`).join(' ')}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

function sortValue(c: CreativeAsset, key: SortKey): string | number | null {
  if (key === 'file_name') return c.file_name.toLowerCase();
  if (key === 'create_time') return c.create_time;
  if (key === 'duration_s') return c.duration_s;
  if (key === 'ads') return c.used_in.length;
  return c.results[key];
}

/** Sorted by the key; creatives without a value (no spend, an image's duration) always come last. */
export function sortCreatives(creatives: CreativeAsset[], key: SortKey, desc: boolean): CreativeAsset[] {
  return [...creatives].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null && y === null) return a.file_name.localeCompare(b.file_name);
    if (x === null) return 1;
    if (y === null) return -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return (desc ? -order : order) || a.file_name.localeCompare(b.file_name);
  });
}

/** The ratios present, most common first, for the ratio filter. */
export function ratiosOf(creatives: readonly CreativeAsset[]): string[] {
  const counts = new Map<string, number>();
  for (const c of creatives) counts.set(c.aspect_ratio, (counts.get(c.aspect_ratio) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r]) => r);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Number(seconds.toFixed(2))} s`;
  return `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}
