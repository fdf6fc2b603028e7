// Deterministic randomness: every stream is derived from the scenario seed and a key that names what it
// is for (an ad group and an hour, say), so the same scenario yields the same facts however the
// simulation is chunked.

/** A 32-bit FNV-1a hash of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) from two integers, without state (for per-person traits). */
export function hashUnit(a: number, b: number): number {
  let h = Math.imul((a ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(b | 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Normal with mean 0, sd 1. */
  normal(): number;
}

export function rng(seed: number, key: string): Rng {
  return new Mulberry32((hash32(key) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0);
}

/**
 * The stream behind `rng` (Mulberry32). A class rather than a closure: its state is an object field,
 * which V8 updates in place, where a closure's variable would box a new number on most draws; and every
 * stream shares one `next`, which the hot loops can inline.
 */
class Mulberry32 implements Rng {
  // Starts as a number (a field declared without one starts undefined, and V8 would then box every
  // number stored in it).
  private state = 0;

  constructor(seed: number) {
    this.state = seed;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** Successes in n trials of probability p: exact for small n, a normal approximation beyond. */
export function binomial(r: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 40) {
    let k = 0;
    for (let i = 0; i < n; i++) if (r.next() < p) k++;
    return k;
  }
  const k = Math.round(n * p + r.normal() * Math.sqrt(n * p * (1 - p)));
  return Math.min(n, Math.max(0, k));
}
