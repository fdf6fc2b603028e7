// Reading a customer file's identifiers: which columns it has (a header of email, phone, email_sha256,
// phone_sha256, in any case) or, without a header, what each bare value is (64 hexadecimal characters: a
// hash already; an @: an email; digits: a phone). Each identifier comes out normalised and hashed, or
// with the reason it cannot be used. Plain values live only in the local variables of one line.
import { isSha256Hex, normaliseEmail, normalisePhone, sha256Hex } from '../sources/events/hashing.ts';
import type { CustomerFileIdType } from '../shared/audiences-api.ts';

export type ColumnKind = 'email' | 'phone' | 'email_sha256' | 'phone_sha256';
const HEADER_NAMES: Readonly<Record<string, ColumnKind>> = {
  email: 'email',
  phone: 'phone',
  email_sha256: 'email_sha256',
  phone_sha256: 'phone_sha256',
};

export type Identifier =
  { ok: true; hash: string; kind: 'email' | 'phone' | 'sha256' } | { ok: false; reason: string };

export const NO_IDENTIFIER = 'row without any identifier';
const NOT_A_HASH = 'not a SHA-256 value (64 hexadecimal characters) in a *_sha256 column';
const NOT_AN_EMAIL = 'not a valid email address';

/** Splits a line on its delimiter (comma, semicolon or tab) and unquotes each cell. */
export function cells(line: string): string[] {
  const delimiter = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
  return line.split(delimiter).map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}

/** The header's columns (null for columns we do not read), or null when the line is not a header. */
export function headerColumns(line: string): (ColumnKind | null)[] | null {
  const columns = cells(line).map((c) => HEADER_NAMES[c.toLowerCase()] ?? null);
  return columns.some((c) => c !== null) ? columns : null;
}

function hashed(value: string): Identifier {
  return { ok: true, hash: value.toLowerCase(), kind: 'sha256' };
}

function email(value: string): Identifier {
  if (isSha256Hex(value)) return hashed(value);
  const normalised = normaliseEmail(value);
  return normalised === null
    ? { ok: false, reason: NOT_AN_EMAIL }
    : { ok: true, hash: sha256Hex(normalised), kind: 'email' };
}

function phone(value: string, defaultCountry: string | undefined): Identifier {
  if (isSha256Hex(value)) return hashed(value);
  const result = normalisePhone(value, defaultCountry);
  return 'error' in result
    ? { ok: false, reason: result.error }
    : { ok: true, hash: sha256Hex(result.e164), kind: 'phone' };
}

/** One value of a column of the given kind. */
export function readColumnValue(kind: ColumnKind, value: string, defaultCountry?: string): Identifier {
  switch (kind) {
    case 'email':
      return email(value);
    case 'phone':
      return phone(value, defaultCountry);
    case 'email_sha256':
    case 'phone_sha256':
      return isSha256Hex(value) ? hashed(value) : { ok: false, reason: NOT_A_HASH };
  }
}

/** One bare value of a file without a header, read as the file's id type says or sniffed. */
export function readBareValue(
  value: string,
  idType: CustomerFileIdType,
  defaultCountry?: string,
): Identifier {
  if (isSha256Hex(value)) return hashed(value);
  if (idType === 'email') return email(value);
  if (idType === 'phone') return phone(value, defaultCountry);
  if (value.includes('@')) return email(value);
  return phone(value, defaultCountry);
}
