// Texts that explain a metric: its formula in readable words and why a value is missing. Both are derived
// from the catalog the API serves, so a new metric explains itself without code changes here.
import type { MetricInfo } from '../../../src/shared/api.ts';

export type MetricLookup = ReadonlyMap<string, MetricInfo>;

const TOKEN_RE = /[A-Za-z_][A-Za-z0-9_]*|\d[\d,.]*|\S/g;

const OPERATOR_TEXT: Record<string, string> = { '/': '÷', '*': '×', '-': '−', '+': '+' };

/** "clicks / impressions" → "Clicks (destination) ÷ Impressions"; unknown words are kept as written. */
export function readableFormula(formula: string, lookup: MetricLookup): string {
  const tokens = formula.match(TOKEN_RE) ?? [];
  const parts = tokens.map((token) => lookup.get(token)?.label ?? OPERATOR_TEXT[token] ?? token);
  return parts.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** The operand right of the formula's last top-level division: what a null value most likely divided by. */
export function formulaDenominator(formula: string): string | null {
  let depth = 0;
  let cut = -1;
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && (ch === '/' || ch === '÷')) cut = i + 1;
  }
  if (cut < 0) return null;
  const rest = formula.slice(cut).trim();
  if (rest.startsWith('(')) {
    let level = 0;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '(') level++;
      else if (rest[i] === ')' && --level === 0) return rest.slice(1, i).trim() || null;
    }
    return null;
  }
  const operand = rest.split(/[*×+\-−/÷]/)[0]?.trim();
  return operand ? operand : null;
}

function findMetric(word: string, lookup: MetricLookup): MetricInfo | undefined {
  const direct = lookup.get(word);
  if (direct) return direct;
  const lower = word.toLowerCase();
  for (const metric of lookup.values()) if (metric.label.toLowerCase() === lower) return metric;
  return undefined;
}

/** Lower-cases a label for use inside a sentence, but leaves acronyms such as "CTR" alone. */
export function inSentence(label: string): string {
  const second = label.charAt(1);
  if (second && second === second.toUpperCase() && second !== second.toLowerCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** Why a metric has no value, for the title of its "—". */
export function missingValueReason(metric: MetricInfo, lookup: MetricLookup): string {
  if (metric.kind === 'derived' && metric.formula) {
    const denominator = formulaDenominator(metric.formula);
    if (denominator) {
      const divisor = findMetric(denominator, lookup);
      if (divisor) {
        return `No ${inSentence(divisor.label)} in this period, so ${metric.label} cannot be computed.`;
      }
      return `${metric.label} cannot be computed: ${readableFormula(denominator, lookup)} is zero in this period.`;
    }
  }
  return `${metric.label} is not available for this period.`;
}

/** Why a change has no value: no previous value, or a previous value of zero (a change from nothing). */
export function missingChangeReason(previous: number | null | undefined): string {
  if (previous === 0) return 'The previous period was zero, so a relative change cannot be computed.';
  return 'No value in the previous period to compare with.';
}
