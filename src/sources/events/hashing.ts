// Identifiers that are personal data must reach us already hashed (TikTok's rule for email, phone and
// external_id: SHA-256, as 64 hexadecimal characters). Anything else is refused, so no plain address or
// phone number is ever written to disk.
export const HASHED_USER_FIELDS = ['email', 'phone', 'external_id'] as const;
export type HashedUserField = (typeof HASHED_USER_FIELDS)[number];

const SHA256_HEX = /^[0-9a-f]{64}$/i;

export const isSha256Hex = (value: string): boolean => SHA256_HEX.test(value);

/**
 * A hashed identifier as clients send it — a string, or an array of strings (Segment) — as a list of
 * lower-case hashes; empty strings are dropped. Returns the first value that is not a hash, when one is.
 */
export function hashedValues(value: unknown): { hashes: string[]; unhashed: unknown } {
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const hashes: string[] = [];
  for (const v of values) {
    if (v === '') continue;
    if (typeof v !== 'string' || !isSha256Hex(v)) return { hashes, unhashed: v };
    hashes.push(v.toLowerCase());
  }
  return { hashes, unhashed: undefined };
}
