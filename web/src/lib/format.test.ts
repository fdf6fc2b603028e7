import { describe, expect, test } from 'vitest';
import { changeTone, formatAxisValue, formatChange, formatMetricValue, NO_VALUE } from './format.ts';

describe('formatMetricValue', () => {
  test('money in the advertiser’s currency, with its own decimals', () => {
    expect(formatMetricValue(1234.5, 'money', 'USD')).toBe('$1,234.50');
    expect(formatMetricValue(1234.5, 'money', 'EUR')).toBe('€1,234.50');
    expect(formatMetricValue(1234.5, 'money', 'JPY')).toBe('¥1,235');
  });

  test('an unknown currency code keeps the amount and names the code', () => {
    expect(formatMetricValue(12, 'money', 'XX1')).toBe('12.00 XX1');
  });

  test('ratios are fractions shown as percent with two decimals', () => {
    expect(formatMetricValue(0.0123, 'percent', 'USD')).toBe('1.23%');
    expect(formatMetricValue(0, 'percent', 'USD')).toBe('0.00%');
  });

  test('counts are grouped and whole; decimals have two places', () => {
    expect(formatMetricValue(1234567, 'count', 'USD')).toBe('1,234,567');
    expect(formatMetricValue(2.345, 'decimal', 'USD')).toBe('2.35');
    expect(formatMetricValue(7.25, 'seconds', 'USD')).toBe('7.3 s');
  });

  test('null, undefined and non-finite values are a dash, never 0 or Infinity', () => {
    expect(formatMetricValue(null, 'money', 'USD')).toBe(NO_VALUE);
    expect(formatMetricValue(undefined, 'count', 'USD')).toBe(NO_VALUE);
    expect(formatMetricValue(Infinity, 'decimal', 'USD')).toBe(NO_VALUE);
  });
});

test('axis labels are compact', () => {
  expect(formatAxisValue(12000, 'money', 'USD')).toBe('$12K');
  expect(formatAxisValue(0.035, 'percent', 'USD')).toBe('3.5%');
  expect(formatAxisValue(1_250_000, 'count', 'USD')).toBe('1.3M');
});

test('changes carry their sign', () => {
  expect(formatChange(0.123)).toBe('+12.3%');
  expect(formatChange(-0.05)).toBe('-5.0%');
  expect(formatChange(0)).toBe('0.0%');
  expect(formatChange(null)).toBe(NO_VALUE);
});

describe('changeTone', () => {
  test('up is good when higher is better, bad when lower is better', () => {
    expect(changeTone(0.1, 'higher')).toBe('good');
    expect(changeTone(-0.1, 'higher')).toBe('bad');
    expect(changeTone(0.1, 'lower')).toBe('bad');
    expect(changeTone(-0.1, 'lower')).toBe('good');
  });

  test('neutral metrics, no change and no comparison are neutral', () => {
    expect(changeTone(0.5, 'neutral')).toBe('neutral');
    expect(changeTone(0, 'higher')).toBe('neutral');
    expect(changeTone(-0.0003, 'lower')).toBe('neutral');
    expect(changeTone(null, 'lower')).toBe('neutral');
  });
});
