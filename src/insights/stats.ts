// Small, dependency-free statistics for the detectors: sums over day windows, the two-proportion z-test
// and a change-point estimate. Rates are always pooled counts (Σ numerator ÷ Σ denominator), never
// averages of daily rates, so a quiet day weighs what it delivered.
import type { DayCounts } from './facts-view.ts';

export type Counter = Exclude<keyof DayCounts, 'date'>;

export function sum(days: readonly DayCounts[], counter: Counter): number {
  let total = 0;
  for (const d of days) total += d[counter];
  return total;
}

export function inWindow(days: readonly DayCounts[], from: string, to: string): DayCounts[] {
  return days.filter((d) => d.date >= from && d.date <= to);
}

export const rate = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

/** Standard normal upper tail P(Z ≥ z) (Abramowitz–Stegun 26.2.17, error < 7.5e-8). */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const density = Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return density * poly;
}

export interface ProportionTest {
  z: number;
  /** One-sided p-value for "a's rate is greater than b's". */
  pGreater: number;
  /** One-sided p-value for "a's rate is less than b's". */
  pLess: number;
}

/** Two-proportion z-test with the pooled standard error. */
export function twoProportionZ(xA: number, nA: number, xB: number, nB: number): ProportionTest | null {
  if (nA <= 0 || nB <= 0) return null;
  const pooled = (xA + xB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (!(se > 0)) return null;
  const z = (xA / nA - xB / nB) / se;
  return { z, pGreater: normalUpperTail(z), pLess: normalUpperTail(-z) };
}

/**
 * The day a rate changed: the split that maximises the binomial likelihood of "one rate before, another
 * from this day on" over the given days (each side needs `minSide` days). Returns the first day of the
 * second segment, or null with too few days.
 */
export function changePoint(
  days: readonly DayCounts[],
  numerator: Counter,
  denominator: Counter,
  minSide = 3,
): string | null {
  if (days.length < 2 * minSide) return null;
  const ll = (x: number, n: number) => {
    if (n <= 0) return 0;
    const p = x / n;
    return (x > 0 ? x * Math.log(p) : 0) + (n - x > 0 ? (n - x) * Math.log(1 - p) : 0);
  };
  const totalX = sum(days, numerator);
  const totalN = sum(days, denominator);
  let bestAt: string | null = null;
  let best = -Infinity;
  let x = 0;
  let n = 0;
  for (let i = 0; i < days.length - minSide; i++) {
    x += days[i]![numerator];
    n += days[i]![denominator];
    if (i + 1 < minSide) continue;
    const score = ll(x, n) + ll(totalX - x, totalN - n);
    if (score > best) {
      best = score;
      bestAt = days[i + 1]!.date;
    }
  }
  return bestAt;
}

export const round = (value: number | null, digits = 6): number | null =>
  value === null ? null : Number(value.toFixed(digits));

/**
 * P(X ≤ x) for X ~ Poisson(λ): how likely so few events are if the true rate were λ. Summed in log space
 * so large counts do not overflow.
 */
export function poissonLowerTail(x: number, lambda: number): number {
  if (lambda <= 0) return 1;
  if (x < 0) return 0;
  let logTerm = -lambda; // log P(X = 0)
  let total = Math.exp(logTerm);
  for (let k = 1; k <= Math.floor(x); k++) {
    logTerm += Math.log(lambda) - Math.log(k);
    total += Math.exp(logTerm);
  }
  return Math.min(1, total);
}

/** The one shape every test in the evidence takes. */
export function statTest(
  name: string,
  metric: string,
  z: number,
  p: number,
  effect: number,
): { name: string; metric: string; z: number; p_value: number; confidence: number; effect_size: number } {
  return {
    name,
    metric,
    z: Number(z.toFixed(3)),
    p_value: Number(p.toPrecision(3)),
    confidence: Number((1 - p).toFixed(6)),
    effect_size: Number(effect.toFixed(4)),
  };
}

/** The normal approximation's z for an observed count against a Poisson expectation. */
export const poissonZ = (x: number, lambda: number): number =>
  lambda > 0 ? (x - lambda) / Math.sqrt(lambda) : 0;

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error < 1e-13). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * Fisher's exact test, one-sided: the probability that a's rate is this low or lower than b's if both came
 * from one rate, given the totals (a hypergeometric lower tail). Exact at any count, so it stays right
 * where the z-test's normal approximation does not: a handful of conversions.
 */
export function fisherLess(xA: number, nA: number, xB: number, nB: number): number {
  const total = nA + nB;
  const successes = xA + xB;
  const lowest = Math.max(0, nA - (total - successes));
  const logDenominator = logChoose(total, nA);
  let p = 0;
  for (let k = lowest; k <= xA; k++)
    p += Math.exp(logChoose(successes, k) + logChoose(total - successes, nA - k) - logDenominator);
  return Math.min(1, p);
}
