import { describe, expect, test } from 'vitest';
import { formatThreshold, parseThreshold } from './filter-text.ts';

describe('metric thresholds', () => {
  test('read the URL’s form, every operator', () => {
    expect(parseThreshold('cpa>20')).toEqual({ metric: 'cpa', operator: '>', value: 20 });
    expect(parseThreshold('impressions=0')).toEqual({ metric: 'impressions', operator: '=', value: 0 });
    expect(parseThreshold('ctr>=1.5')).toEqual({ metric: 'ctr', operator: '>=', value: 1.5 });
    expect(parseThreshold('spend<=100')?.operator).toBe('<=');
    expect(parseThreshold('spend<100')?.operator).toBe('<');
    expect(parseThreshold('spend!=0')?.operator).toBe('!=');
  });

  test('refuse what is not a threshold', () => {
    for (const text of ['', 'cpa', 'cpa>', '>20', 'cpa>abc', 'c-p-a>1'])
      expect(parseThreshold(text)).toBeNull();
  });

  test('write back what they read', () => {
    for (const text of ['cpa>20', 'impressions=0', 'ctr>=1.5', 'spend!=0']) {
      expect(formatThreshold(parseThreshold(text)!)).toBe(text);
    }
  });
});
