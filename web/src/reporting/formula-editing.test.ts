import { expect, test } from 'vitest';
import type { MetricInfo } from '../../../src/shared/api.ts';
import { applySuggestion, suggest, wordAt } from './formula-complete.ts';
import { markSegments } from './formula-marks.ts';

const metric = (id: string, label: string, kind: MetricInfo['kind'] = 'base'): MetricInfo => ({
  id,
  label,
  kind,
  format: 'count',
  act: 'consideration',
  better: 'higher',
  description: '',
  formula: null,
});
const metrics = [
  metric('impressions', 'Impressions'),
  metric('video_watched_3s', '3-second video views'),
  metric('video_watched_2s', '2-second video views'),
  metric('cc_hook_rate', 'Hook rate', 'custom'),
];

test('the word at the cursor is an identifier, not a number', () => {
  expect(wordAt('video_w / imp', 7)).toEqual({ start: 0, end: 7, text: 'video_w' });
  expect(wordAt('video_w / imp', 13)).toEqual({ start: 10, end: 13, text: 'imp' });
  expect(wordAt('spend * 100', 11)).toBeNull();
  expect(wordAt('a + ', 4)).toBeNull();
});

test('suggestions: ids starting with the prefix first, then ids and labels containing it; functions too', () => {
  expect(suggest('video_w', metrics).map((s) => s.insert)).toEqual(['video_watched_3s', 'video_watched_2s']);
  expect(suggest('hook', metrics).map((s) => s.insert)).toEqual(['cc_hook_rate']);
  expect(suggest('ro', metrics).map((s) => s.insert)).toEqual(['ROUND(']);
  expect(suggest('an', metrics)[0]).toMatchObject({ kind: 'keyword', insert: 'AND ' });
  expect(suggest('second', metrics).map((s) => s.insert)).toEqual(['video_watched_3s', 'video_watched_2s']);
});

test('choosing a suggestion replaces the whole word and puts the cursor after it', () => {
  const text = 'video_w / imp';
  const word = wordAt(text, 3)!;
  const [first] = suggest(word.text, metrics);
  expect(applySuggestion(text, word, first!)).toEqual({ text: 'video_watched_3s / imp', cursor: 16 });
  const fn = suggest('MA', metrics)[0]!;
  expect(applySuggestion('MA(a, b)', wordAt('MA(a, b)', 2)!, fn)).toEqual({ text: 'MAX(a, b)', cursor: 4 });
  expect(applySuggestion('MA', wordAt('MA', 2)!, fn)).toEqual({ text: 'MAX(', cursor: 4 });
});

test('problems become marked spans; a zero-length one is a gap; overlaps keep the first', () => {
  const segments = markSegments('ctrr + (', [
    { position: 0, length: 4, message: 'unknown' },
    { position: 8, length: 0, message: 'missing' },
    { position: 2, length: 4, message: 'overlap' },
  ]);
  expect(segments).toEqual([
    { text: 'ctrr', problem: 0 },
    { text: ' +', problem: 2 },
    { text: ' (', problem: undefined },
    { text: '', problem: 1, gap: true },
  ]);
});
