import { describe, expect, test } from 'vitest';
import { changeText, describeChange, nameIn, shortValue, targetLabel } from './audit.ts';

describe('audit changes', () => {
  test('two records: only the keys that changed', () => {
    const parts = describeChange(
      { role: 'viewer', advertiser_ids: ['a'], name: 'Ann' },
      { role: 'analyst', advertiser_ids: ['a', 'b'], name: 'Ann' },
    );
    expect(parts).toEqual([
      { key: 'role', before: 'viewer', after: 'analyst' },
      { key: 'advertiser_ids', before: 'a', after: 'a, b' },
    ]);
    expect(changeText(parts)).toBe('role: viewer → analyst; advertiser_ids: a → a, b');
  });

  test('created, removed and plain values', () => {
    expect(changeText(describeChange(null, { role: 'viewer', disabled: false }))).toBe(
      'role: viewer; disabled: false',
    );
    expect(changeText(describeChange({ name: 'CI' }, null))).toBe('name: was CI');
    expect(changeText(describeChange(false, true))).toBe('false → true');
    expect(describeChange(null, undefined)).toEqual([]);
  });

  test('short values', () => {
    expect(shortValue([])).toBe('none');
    expect(shortValue(null)).toBe('—');
    expect(shortValue({ a: 1 })).toBe('{"a":1}');
  });
});

test('targets read as words, with a name when the change carries one', () => {
  expect(targetLabel('api_token')).toBe('API token');
  expect(targetLabel('pixel_event')).toBe('Pixel event');
  expect(nameIn(null, { name: 'CI' })).toBe('CI');
  expect(nameIn({ role: 'viewer' }, null)).toBeNull();
});
