// The audit log's "before → after", compactly: only what changed, in one line.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One value in a few characters: lists joined, nothing as "—", objects as JSON. */
export function shortValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(shortValue).join(', ');
  return JSON.stringify(value);
}

export interface ChangePart {
  key: string | null;
  before: string | null;
  after: string | null;
}

/**
 * The fields that differ. Two records: each changed key with its old and new value. Only an after: what
 * was set. Only a before: what was removed. Anything else: the two values as a whole.
 */
export function describeChange(before: unknown, after: unknown): ChangePart[] {
  const none = (v: unknown) => v === null || v === undefined;
  if (none(before) && none(after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => ({
        key,
        before: key in before ? shortValue(before[key]) : null,
        after: key in after ? shortValue(after[key]) : null,
      }));
  }
  if (none(before) && isRecord(after)) {
    return Object.entries(after).map(([key, value]) => ({ key, before: null, after: shortValue(value) }));
  }
  if (isRecord(before) && none(after)) {
    return Object.entries(before).map(([key, value]) => ({ key, before: shortValue(value), after: null }));
  }
  return [
    {
      key: null,
      before: none(before) ? null : shortValue(before),
      after: none(after) ? null : shortValue(after),
    },
  ];
}

/**
 * The whole change as plain text, for the hover title: `role: viewer → analyst; disabled: false → true`.
 * A value with nothing after it is what the target was (a revoked token's name): `name: was CI`.
 */
export function changeText(parts: readonly ChangePart[]): string {
  return parts
    .map((p) => {
      const head = p.key ? `${p.key}: ` : '';
      if (p.before !== null && p.after !== null) return `${head}${p.before} → ${p.after}`;
      if (p.after !== null) return `${head}${p.after}`;
      return `${head}was ${p.before}`;
    })
    .join('; ');
}

const TARGET_LABEL: Record<string, string> = {
  user: 'Member',
  api_token: 'API token',
  advertiser: 'Advertiser',
  campaign: 'Campaign',
  adgroup: 'Ad group',
  ad: 'Ad',
};

/** `api_token` → `API token`; unknown types read as words: `pixel_event` → `Pixel event`. */
export function targetLabel(type: string): string {
  const known = TARGET_LABEL[type];
  if (known) return known;
  const words = type.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The name a record carries in its before or after values, to recognise the target by. */
export function nameIn(...values: unknown[]): string | null {
  for (const value of values) {
    if (isRecord(value) && typeof value.name === 'string' && value.name) return value.name;
  }
  return null;
}
