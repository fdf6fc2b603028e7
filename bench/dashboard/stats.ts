// Summaries of repeated timings: the median for the typical case, the 95th percentile for the slow tail.

export interface Timing {
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of already sorted samples (p in 0..100). */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

export function summarize(samples: number[]): Timing {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: round(median(sorted)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
  };
}

/** The median of the per-repetition ratios a[i] / b[i] (pairs measured back to back, so drift cancels). */
export function pairedRatio(a: number[], b: number[]): number {
  const ratios = a.map((x, i) => x / b[i]!).sort((x, y) => x - y);
  return Math.round(median(ratios) * 100) / 100;
}
