// The formula split into plain text and marked spans, for the underline layer drawn under the textarea.
// A problem of length 0 (something missing at that point) marks one character-wide gap instead.
import type { FormulaProblem } from '../../../src/shared/custom-columns-api.ts';

export interface Segment {
  text: string;
  /** Index into the problems; undefined for plain text. */
  problem: number | undefined;
  /** A zero-length problem: drawn as a caret-like mark, takes no text. */
  gap?: boolean;
}

export function markSegments(text: string, problems: readonly FormulaProblem[]): Segment[] {
  const owner: (number | undefined)[] = Array.from({ length: text.length }, () => undefined);
  const gaps = new Map<number, number>();
  problems.forEach((problem, index) => {
    const start = Math.min(problem.position, text.length);
    const end = Math.min(start + problem.length, text.length);
    if (end === start) {
      if (!gaps.has(start)) gaps.set(start, index);
      return;
    }
    for (let i = start; i < end; i += 1) owner[i] ??= index;
  });
  const segments: Segment[] = [];
  let current: Segment | null = null;
  for (let i = 0; i <= text.length; i += 1) {
    const gap = gaps.get(i);
    if (gap !== undefined) {
      current = null;
      segments.push({ text: '', problem: gap, gap: true });
    }
    if (i === text.length) break;
    const problem = owner[i];
    if (current && current.problem === problem) current.text += text[i];
    else {
      current = { text: text[i]!, problem };
      segments.push(current);
    }
  }
  return segments;
}
