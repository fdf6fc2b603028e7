import { describe, expect, test } from 'vitest';
import type { Audience } from '../../../../src/shared/audiences-api.ts';
import { audienceSource, describeRule, filterAudiences, isTooSmall, sizeText } from './audience-text.ts';

const base: Audience = {
  audience_id: '9000000000000001',
  advertiser_id: 'a',
  name: 'Cart abandoners',
  type: 'website',
  status: 'ready',
  matched_size: 1688,
  targetable: true,
  size_basis: '',
  retention_days: 180,
  created_at: '2026-03-01T00:00:00Z',
  updated_at: '2026-03-01T00:00:00Z',
  customer_file: null,
  website: {
    pixel_id: null,
    include: [{ events: ['AddToCart'], url: null, within_days: 30 }],
    exclude: [{ events: ['Purchase'], url: null, within_days: 30 }],
  },
  lookalike: null,
  used_by: [],
};

describe('how audiences read', () => {
  test('a rule reads as one sentence, with URLs, several conditions and the pixel', () => {
    expect(describeRule(base.website!)).toBe(
      'People with AddToCart in the last 30 days, but not Purchase in the last 30 days (any pixel).',
    );
    expect(
      describeRule(
        {
          pixel_id: 'p1',
          include: [
            { events: [], url: { match: 'contains', value: '/product' }, within_days: 1 },
            {
              events: ['ViewContent', 'AddToCart'],
              url: { match: 'equals', value: 'https://s.example/' },
              within_days: 7,
            },
          ],
          exclude: [],
        },
        'Web shop',
      ),
    ).toBe(
      'People with any event on a URL that contains “/product” in the last 1 day; or ViewContent or AddToCart on a URL that is “https://s.example/” in the last 7 days (pixel Web shop).',
    );
  });

  test('sizes: unknown, one person, and TikTok’s minimum', () => {
    expect(sizeText(null)).toBe('Unknown');
    expect(sizeText(1)).toBe('1 person');
    expect(sizeText(12345)).toBe('12,345 people');
    expect(isTooSmall(999)).toBe(true);
    expect(isTooSmall(1000)).toBe(false);
    expect(isTooSmall(null)).toBe(false);
  });

  test('search finds names and sources; the type filter keeps one kind', () => {
    const lookalike: Audience = {
      ...base,
      audience_id: '9000000000000002',
      name: 'Buyers like',
      type: 'lookalike',
      website: null,
      lookalike: {
        source_audience_id: 'x',
        source_audience_name: null,
        country: 'NL',
        size: 'narrow',
        percent: 1,
      },
    };
    expect(audienceSource(lookalike)).toBe('Like a deleted audience · NL 1 %');
    const all = [base, lookalike];
    expect(filterAudiences(all, 'addtocart', 'all').map((a) => a.name)).toEqual(['Cart abandoners']);
    expect(filterAudiences(all, '', 'lookalike').map((a) => a.name)).toEqual(['Buyers like']);
    expect(filterAudiences(all, '  ', 'all')).toHaveLength(2);
    expect(filterAudiences(all, 'deleted', 'website')).toEqual([]);
  });
});
