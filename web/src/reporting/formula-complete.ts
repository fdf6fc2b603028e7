// Autocomplete for the formula editor: the word being typed at the cursor, what it could become (metric
// and custom column ids, functions, the logical operators), and the text after choosing one. Pure.
import type { MetricInfo } from '../../../src/shared/api.ts';

/** The formula language's functions and word operators (docs/custom-columns.md). */
export const FORMULA_FUNCTIONS = ['IF', 'MIN', 'MAX', 'ABS', 'ROUND', 'SAFE_DIVIDE'] as const;
export const FORMULA_KEYWORDS = ['AND', 'OR', 'NOT'] as const;

const FUNCTION_HINT: Record<(typeof FORMULA_FUNCTIONS)[number], string> = {
  IF: 'IF(condition, then, else)',
  MIN: 'MIN(a, b, …)',
  MAX: 'MAX(a, b, …)',
  ABS: 'ABS(x)',
  ROUND: 'ROUND(x, digits)',
  SAFE_DIVIDE: 'SAFE_DIVIDE(a, b) — empty when b is 0',
};

export interface Suggestion {
  kind: 'metric' | 'custom' | 'function' | 'keyword';
  /** What is inserted. */
  insert: string;
  label: string;
  detail: string;
}

export interface Word {
  start: number;
  end: number;
  text: string;
}

const PART = /[A-Za-z0-9_]/;

/** The identifier the cursor is in or just after; null when the cursor is not in a word or in a number. */
export function wordAt(text: string, cursor: number): Word | null {
  let start = cursor;
  while (start > 0 && PART.test(text[start - 1]!)) start -= 1;
  let end = cursor;
  while (end < text.length && PART.test(text[end]!)) end += 1;
  if (start === cursor) return null;
  const word = text.slice(start, end);
  if (!/^[A-Za-z_]/.test(word)) return null;
  return { start, end, text: word };
}

function rank(prefix: string, id: string, label: string): number {
  const p = prefix.toLowerCase();
  const i = id.toLowerCase();
  if (i === p) return 0;
  if (i.startsWith(p)) return 1;
  if (i.includes(p)) return 2;
  if (label.toLowerCase().includes(p)) return 3;
  return -1;
}

export function suggest(prefix: string, metrics: readonly MetricInfo[], limit = 8): Suggestion[] {
  const candidates: (Suggestion & { score: number })[] = [];
  for (const name of FORMULA_FUNCTIONS) {
    const score = rank(prefix, name, name);
    if (score >= 0 && score < 3)
      candidates.push({
        kind: 'function',
        insert: `${name}(`,
        label: name,
        detail: FUNCTION_HINT[name],
        score,
      });
  }
  for (const name of FORMULA_KEYWORDS) {
    if (name.toLowerCase().startsWith(prefix.toLowerCase()))
      candidates.push({
        kind: 'keyword',
        insert: `${name} `,
        label: name,
        detail: 'logical operator',
        score: 1,
      });
  }
  for (const metric of metrics) {
    const score = rank(prefix, metric.id, metric.label);
    if (score < 0) continue;
    candidates.push({
      kind: metric.kind === 'custom' ? 'custom' : 'metric',
      insert: metric.id,
      label: metric.id,
      detail: metric.label,
      score,
    });
  }
  // Stable: equal scores keep the catalog's order (functions first), which groups related metrics.
  return candidates
    .map((c, index) => ({ c, index }))
    .sort((a, b) => a.c.score - b.c.score || a.index - b.index)
    .slice(0, limit)
    .map(({ c: { score: _score, ...rest } }) => rest);
}

/** The formula with the word replaced by the suggestion, and where the cursor goes. */
export function applySuggestion(
  text: string,
  word: Word,
  suggestion: Suggestion,
): { text: string; cursor: number } {
  const before = text.slice(0, word.start);
  const after = text.slice(word.end);
  // A function already followed by its parenthesis does not get a second one.
  const insert =
    suggestion.kind === 'function' && after.startsWith('(')
      ? suggestion.insert.slice(0, -1)
      : suggestion.insert;
  const next = before + insert + after;
  return { text: next, cursor: before.length + insert.length + (insert === suggestion.insert ? 0 : 1) };
}
