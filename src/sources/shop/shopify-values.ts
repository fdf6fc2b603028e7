// Shopify's value formats, read strictly: money as decimal text ("1659.95"), times with their offset
// ("2025-05-11 09:55:16 -0400" in exports, "2024-06-26T11:44:05-04:00" in webhooks), and the customer's
// e-mail turned into a key that never holds the address itself.
import { createHash } from 'node:crypto';

const MONEY = /^-?\d+(\.\d{1,6})?$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?\s*(Z|[+-]\d{2}:?\d{2})$/;

/** Micro-units of a decimal amount, exactly (no float rounding), or null when it is not one. */
export function moneyMicros(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || !MONEY.test(text)) return null;
  const negative = text.startsWith('-');
  const [units, fraction = ''] = text.replace('-', '').split('.');
  const micros = Number(units) * 1_000_000 + Number(fraction.padEnd(6, '0'));
  if (!Number.isSafeInteger(micros)) return null;
  return negative ? -micros : micros;
}

/** The instant a Shopify time names, or null when it is not a complete time with an offset. */
export function shopifyTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const offset = zone === 'Z' ? '+00:00' : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${offset}`;
  const at = new Date(iso);
  // Date accepts 2025-02-30 (as March 2); a time whose fields do not survive the round trip is no time.
  const local = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (
    Number.isNaN(at.getTime()) ||
    local.getUTCMonth() !== Number(mo) - 1 ||
    local.getUTCDate() !== Number(d) ||
    local.getUTCHours() !== Number(h)
  )
    return null;
  return at;
}

/**
 * SHA-256 (hex) of the e-mail trimmed and lower-cased: TikTok's normalisation for hashed e-mails, so an
 * order's key equals the hash a pixel or server event sends for the same customer.
 */
export function customerKey(email: unknown): string | null {
  if (typeof email !== 'string') return null;
  const normal = email.trim().toLowerCase();
  if (!normal.includes('@')) return null;
  return createHash('sha256').update(normal).digest('hex');
}

/**
 * JSON text with every integer of 16 digits or more turned into a string before parsing: Shopify's ids
 * reach 2^63 and JSON.parse would round them (820982911946154508 becomes …500). Strings are left alone.
 */
export function parseJsonKeepingIds(text: string): unknown {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if ((ch >= '0' && ch <= '9') || ch === '-') {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end]!)) end++;
      const literal = text.slice(i, end);
      if (/^-?\d{16,}$/.test(literal)) {
        out += `${text.slice(from, i)}"${literal}"`;
        from = end;
      }
      i = end - 1;
    }
  }
  return JSON.parse(out + text.slice(from));
}
