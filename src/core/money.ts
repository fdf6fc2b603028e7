// Money is stored as integer micro-units (1/1,000,000 of the currency unit) so sums never drift;
// it becomes a decimal number only at the edge, for display or JSON.

export function toMicros(amount: number): bigint {
  return BigInt(Math.round(amount * 1_000_000));
}

export function fromMicros(micros: bigint | number): number {
  return Number(micros) / 1_000_000;
}

/** Rough USD value of one unit of a currency, for budget minimums. Unknown currencies are treated as USD. */
const usdPerUnit: Record<string, number> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  SEK: 0.095,
  JPY: 0.0067,
  IDR: 0.000063,
  AUD: 0.66,
  CAD: 0.73,
};

export function usdToCurrency(usd: number, currency: string): number {
  return usd / (usdPerUnit[currency] ?? 1);
}

export function isKnownCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return /^[A-Z]{3}$/.test(code);
  } catch {
    return false;
  }
}
