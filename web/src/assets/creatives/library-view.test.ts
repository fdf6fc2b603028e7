// The library's filters and sort as the page applies them.
import { describe, expect, test } from 'vitest';
import type { CreativeAsset } from '../../../../src/shared/creatives-api.ts';
import { filterCreatives, ratiosOf, readLibraryView, sortCreatives } from './library-view.ts';
import { RESULT_COLUMNS, resultText } from './result-columns.ts';

const usedBy = (ad_name: string, campaign_name: string) => ({
  ad_id: ad_name,
  ad_name,
  adgroup_id: 'g',
  adgroup_name: 'Group',
  campaign_id: 'c',
  campaign_name,
  operation_status: 'ENABLE',
});

function creative(file_name: string, extra: Partial<CreativeAsset> = {}): CreativeAsset {
  return {
    creative_id: file_name,
    advertiser_id: 'a',
    file_name,
    kind: 'video',
    uploaded: false,
    create_time: '2026-11-01T00:00:00.000Z',
    width: 540,
    height: 960,
    aspect_ratio: '9:16',
    duration_s: 15,
    media: null,
    file_url: null,
    poster_url: null,
    thumbnail_url: null,
    used_in: [],
    results: {
      spend: null,
      impressions: null,
      ctr: null,
      hook_rate: null,
      hold_rate: null,
      conversion: null,
      cost_per_conversion: null,
    },
    ...extra,
  };
}

const results = (spend: number | null, cpa: number | null) => ({
  ...creative('x').results,
  spend,
  cost_per_conversion: cpa,
});

const library = [
  creative('unboxing.mp4', {
    used_in: [usedBy('Trail shoe — unboxing', 'Trail Launch')],
    results: results(300, 20),
  }),
  creative('lookbook.jpg', {
    kind: 'image',
    aspect_ratio: '1:1',
    duration_s: null,
    results: results(null, null),
  }),
  creative('storm-test.mp4', {
    used_in: [usedBy('Rain jacket — storm', 'Rain Gear')],
    results: results(120, null),
  }),
  creative('square.mov', { aspect_ratio: '1:1', results: results(120, 8) }),
];

const view = (search: string) => readLibraryView(new URLSearchParams(search), '2026-11-21');
const names = (list: CreativeAsset[]) => list.map((c) => c.file_name);

describe('filters', () => {
  test('type, ratio and use', () => {
    expect(names(filterCreatives(library, view('type=image')))).toEqual(['lookbook.jpg']);
    expect(names(filterCreatives(library, view('ratio=1:1&type=video')))).toEqual(['square.mov']);
    expect(names(filterCreatives(library, view('usage=unused')))).toEqual(['lookbook.jpg', 'square.mov']);
    expect(names(filterCreatives(library, view('usage=used')))).toEqual(['unboxing.mp4', 'storm-test.mp4']);
  });

  test('search matches the file, its ads and their campaigns, every word', () => {
    expect(names(filterCreatives(library, view('q=rain')))).toEqual(['storm-test.mp4']);
    expect(names(filterCreatives(library, view('q=trail+unbox')))).toEqual(['unboxing.mp4']);
    expect(names(filterCreatives(library, view('q=MOV')))).toEqual(['square.mov']);
  });
});

describe('sort', () => {
  test('by spend, highest first; ties by name; no value last either way', () => {
    expect(names(sortCreatives(library, 'spend', true))).toEqual([
      'unboxing.mp4',
      'square.mov',
      'storm-test.mp4',
      'lookbook.jpg',
    ]);
    expect(names(sortCreatives(library, 'spend', false))).toEqual([
      'square.mov',
      'storm-test.mp4',
      'unboxing.mp4',
      'lookbook.jpg',
    ]);
  });

  test('by CPA, lowest first, creatives without conversions last', () => {
    expect(names(sortCreatives(library, 'cost_per_conversion', false))).toEqual([
      'square.mov',
      'unboxing.mp4',
      'lookbook.jpg',
      'storm-test.mp4',
    ]);
  });
});

test('the view from the address: defaults, and the ratios offered', () => {
  const v = view('');
  expect(v).toMatchObject({
    kind: 'all',
    usage: 'all',
    layout: 'grid',
    sort: 'spend',
    desc: true,
    choice: 'last_7_days',
  });
  expect(view('from=2026-11-01&to=2026-11-10').range).toEqual({ from: '2026-11-01', to: '2026-11-10' });
  expect(view('sort=nonsense').sort).toBe('spend');
  expect(ratiosOf(library)).toEqual(['1:1', '9:16']);
});

describe('results as shown', () => {
  const results = { ...creative('x').results, ctr: 0.0123, hook_rate: 0, hold_rate: 0 };
  const column = (id: string) => RESULT_COLUMNS.find((c) => c.id === id)!;
  test('an image has no hook or hold rate to show (no views), only its other results', () => {
    const image = creative('lookbook.jpg', { kind: 'image', results });
    expect(resultText(image, column('hook_rate'), 'USD')).toBe('—');
    expect(resultText(image, column('hold_rate'), 'USD')).toBe('—');
    expect(resultText(image, column('ctr'), 'USD')).toBe('1.23%');
  });
  test('a video with no views shows its rates as 0 %', () => {
    const video = creative('teaser.mp4', { results });
    expect(resultText(video, column('hook_rate'), 'USD')).toBe('0.00%');
  });
});
