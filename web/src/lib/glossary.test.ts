import { expect, test } from 'vitest';
import type { MetricInfo } from '../../../src/shared/api.ts';
import {
  formulaDenominator,
  inSentence,
  missingChangeReason,
  missingValueReason,
  readableFormula,
} from './glossary.ts';

const info = (id: string, label: string, formula: string | null = null): MetricInfo => ({
  id,
  label,
  format: 'count',
  act: 'conversion',
  better: 'higher',
  kind: formula ? 'derived' : 'base',
  description: '',
  formula,
});

const lookup = new Map(
  [
    info('spend', 'Cost'),
    info('impressions', 'Impressions'),
    info('clicks', 'Clicks (destination)'),
    info('conversion', 'Conversions'),
    info('cost_per_conversion', 'CPA', 'spend / conversion'),
    info('cpm', 'CPM', 'spend / impressions * 1000'),
    info('odd', 'Odd', 'spend / (clicks + conversion)'),
  ].map((m) => [m.id, m]),
);

test('the denominator is the operand right of the last top-level division', () => {
  expect(formulaDenominator('spend / conversion')).toBe('conversion');
  expect(formulaDenominator('spend / impressions * 1000')).toBe('impressions');
  expect(formulaDenominator('Cost ÷ Conversions')).toBe('Conversions');
  expect(formulaDenominator('spend / (clicks + conversion)')).toBe('clicks + conversion');
  expect(formulaDenominator('(a / b) * c')).toBeNull();
  expect(formulaDenominator('clicks')).toBeNull();
});

test('a missing derived value names what it divides by', () => {
  expect(missingValueReason(lookup.get('cost_per_conversion')!, lookup)).toBe(
    'No conversions in this period, so CPA cannot be computed.',
  );
  expect(missingValueReason(lookup.get('cpm')!, lookup)).toBe(
    'No impressions in this period, so CPM cannot be computed.',
  );
  expect(missingValueReason(lookup.get('odd')!, lookup)).toBe(
    'Odd cannot be computed: Clicks (destination) + Conversions is zero in this period.',
  );
  expect(missingValueReason(lookup.get('spend')!, lookup)).toBe('Cost is not available for this period.');
});

test('formulas read in labels and operators', () => {
  expect(readableFormula('spend / impressions * 1000', lookup)).toBe('Cost ÷ Impressions × 1000');
  expect(readableFormula('spend / (clicks + conversion)', lookup)).toBe(
    'Cost ÷ (Clicks (destination) + Conversions)',
  );
});

test('labels go lower-case inside a sentence, acronyms stay', () => {
  expect(inSentence('Conversions')).toBe('conversions');
  expect(inSentence('CTR (all)')).toBe('CTR (all)');
});

test('a missing change says why', () => {
  expect(missingChangeReason(0)).toMatch(/previous period was zero/);
  expect(missingChangeReason(null)).toMatch(/No value in the previous period/);
});
