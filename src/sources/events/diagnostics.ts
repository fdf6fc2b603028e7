// Diagnostics per event name for one pixel over a period (Assets → Events), the checks TikTok's Pixel
// Helper and Events Manager make, each with a severity and what to change:
// - value events without `value` or `currency`, and currencies that are not ISO 4217;
// - event names that are not standard: a custom event is fine, a misspelt standard one is a mistake;
// - requests refused (unhashed or malformed PII, invalid fields; from the refusal log) and identifiers
//   hashed from an empty string;
// - duplicates: copies from the same source (fired twice) and browser + server pairs (as it should be),
//   and events sent from both sources without an event_id (they cannot be deduplicated);
// - events whose session carries no TikTok click id (`ttclid`): they cannot be attributed to an ad.
// The thresholds are in docs/assets-pixels-events.md.
import type { Queryable } from '../../catalog/db.ts';
import type { Diagnostic, DiagnosticSeverity, PixelDiagnostics } from '../../shared/pixels-api.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import { ISO_4217 } from './currencies.ts';
import { STANDARD_EVENTS, isStandardEvent } from './event-names.ts';
import { listRefusals } from './refusal-log.ts';
import { TIKTOK_CODES } from './tiktok-codes.ts';

const DAY_MS = 24 * 3600_000;

/** Events whose value feeds value-based optimisation and ROAS; Purchase is the one that must have it. */
export const VALUE_EVENTS: ReadonlySet<string> = new Set([
  'Purchase',
  'PlaceAnOrder',
  'InitiateCheckout',
  'AddToCart',
  'AddPaymentInfo',
  'Subscribe',
  'StartTrial',
]);

/** Events attribution is about: without a click id in their session they cannot be credited to an ad. */
const CONVERSION_EVENTS: ReadonlySet<string> = new Set([
  ...VALUE_EVENTS,
  'CompleteRegistration',
  'Lead',
  'SubmitApplication',
  'Contact',
  'Schedule',
  'Download',
]);

/** SHA-256 of the empty string: what a site sends when it hashes a field it does not have. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Duplicate copies from the same source above this share of an event's arrivals are flagged. */
export const SAME_SOURCE_DUPLICATE_SHARE = 0.05;
/** A conversion event with more than this share of its events outside clicked sessions is a warning. */
export const NO_TTCLID_WARNING_SHARE = 0.5;

const SEVERITY_ORDER: Record<DiagnosticSeverity, number> = { error: 0, warning: 1, info: 2 };

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The standard event a non-standard name was most likely meant to be — same letters in another case or
 * with separators (`add_to_cart`), or at most two typos away (`Purchse`) — or null for a real custom name.
 */
export function closestStandardEvent(name: string): string | null {
  const target = squash(name);
  if (target === '') return null;
  let best: { name: string; distance: number } | null = null;
  for (const standard of STANDARD_EVENTS) {
    const distance = levenshtein(target, squash(standard));
    if (best === null || distance < best.distance) best = { name: standard, distance };
  }
  if (!best) return null;
  // Short names are close to everything; demand a closer match for them.
  const allowed = target.length <= 5 ? 1 : 2;
  return best.distance <= allowed ? best.name : null;
}

const percent = (share: number): string =>
  share >= 0.995 || share === 0
    ? `${Math.round(share * 100)}%`
    : `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
const plural = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word === 'copy' && n !== 1 ? 'copies' : `${word}${n === 1 ? '' : 's'}`}`;
/** The verb agreeing with a count: `verb(1, 'send')` is "sends". */
const verb = (n: number, base: string): string => (n === 1 ? (base === 'have' ? 'has' : `${base}s`) : base);

interface Window {
  pixelCode: string;
  advertiserId: string;
  fromMs: number;
  toMs: number;
}

const WHERE = `advertiser_id = $1 AND pixel_code = $2
  AND received_at >= make_timestamp($3::BIGINT * 1000) AND received_at < make_timestamp($4::BIGINT * 1000)`;
const windowValues = (w: Window) => [w.advertiserId, w.pixelCode, w.fromMs, w.toMs];

interface EventStats {
  event: string;
  count: number;
  browser: number;
  server: number;
  noValue: number;
  noValueNoCurrency: number;
  valueNoCurrency: number;
  noEventId: number;
  emptyHash: number;
  noClick: number;
  noClickBrowser: number;
  noClickServer: number;
  currencies: Map<string, number>;
}

async function eventStats(facts: FactStore, w: Window): Promise<Map<string, EventStats>> {
  // A session is the visitor's _ttp id: an event is "clicked" when it, or another event of its visitor in
  // the period, carries a ttclid. Events without _ttp stand alone.
  const rows = await facts.query({
    text: `WITH ev AS (
        SELECT event, source, ttclid, ttp, value_micros, currency, event_id, user_data
        FROM ${FACT_TABLES.pixelEvents} WHERE ${WHERE}
      ), clicked AS (SELECT DISTINCT ttp FROM ev WHERE ttp IS NOT NULL AND ttclid IS NOT NULL)
      SELECT event, currency,
        COUNT(*) AS n,
        COUNT(*) FILTER (WHERE source = 'browser') AS browser,
        COUNT(*) FILTER (WHERE source = 'server') AS server,
        COUNT(*) FILTER (WHERE value_micros IS NULL) AS no_value,
        COUNT(*) FILTER (WHERE value_micros IS NULL AND currency IS NULL) AS no_value_no_currency,
        COUNT(*) FILTER (WHERE value_micros IS NOT NULL AND currency IS NULL) AS value_no_currency,
        COUNT(*) FILTER (WHERE event_id = '') AS no_event_id,
        COUNT(*) FILTER (WHERE contains(coalesce(user_data, ''), '${EMPTY_SHA256}')) AS empty_hash,
        COUNT(*) FILTER (WHERE ev.ttclid IS NULL AND clicked.ttp IS NULL) AS no_click,
        COUNT(*) FILTER (WHERE ev.ttclid IS NULL AND clicked.ttp IS NULL AND source = 'browser') AS no_click_browser,
        COUNT(*) FILTER (WHERE ev.ttclid IS NULL AND clicked.ttp IS NULL AND source = 'server') AS no_click_server
      FROM ev LEFT JOIN clicked ON ev.ttp = clicked.ttp
      GROUP BY event, currency`,
    values: windowValues(w),
  });
  const out = new Map<string, EventStats>();
  for (const r of rows) {
    const event = String(r.event);
    let s = out.get(event);
    if (!s) {
      s = {
        event,
        count: 0,
        browser: 0,
        server: 0,
        noValue: 0,
        noValueNoCurrency: 0,
        valueNoCurrency: 0,
        noEventId: 0,
        emptyHash: 0,
        noClick: 0,
        noClickBrowser: 0,
        noClickServer: 0,
        currencies: new Map(),
      };
      out.set(event, s);
    }
    const n = Number(r.n);
    s.count += n;
    s.browser += Number(r.browser);
    s.server += Number(r.server);
    s.noValue += Number(r.no_value);
    s.noValueNoCurrency += Number(r.no_value_no_currency);
    s.valueNoCurrency += Number(r.value_no_currency);
    s.noEventId += Number(r.no_event_id);
    s.emptyHash += Number(r.empty_hash);
    s.noClick += Number(r.no_click);
    s.noClickBrowser += Number(r.no_click_browser);
    s.noClickServer += Number(r.no_click_server);
    if (r.currency !== null && r.currency !== undefined) s.currencies.set(String(r.currency), n);
  }
  return out;
}

interface DuplicateStats {
  event: string;
  sameSource: number;
  crossSource: number;
  /** Copies whose counted copy was not found (arrived before the period, or stored before this version). */
  unknownSource: number;
}

async function duplicateStats(facts: FactStore, w: Window): Promise<Map<string, DuplicateStats>> {
  // The counted copy arrived within the dedup window (48 h) before its duplicate.
  const rows = await facts.query({
    text: `SELECT d.event,
        COUNT(*) FILTER (WHERE p.source = d.source) AS same_source,
        COUNT(*) FILTER (WHERE p.source <> d.source) AS cross_source,
        COUNT(*) FILTER (WHERE p.source IS NULL) AS unknown_source
      FROM (SELECT * FROM ${FACT_TABLES.duplicateEvents} WHERE ${WHERE}) d
      LEFT JOIN (
        SELECT pixel_code, event, event_id, received_at, source FROM ${FACT_TABLES.pixelEvents}
        WHERE advertiser_id = $1 AND pixel_code = $2
          AND received_at >= make_timestamp(($3::BIGINT - ${2 * DAY_MS}) * 1000)
          AND received_at < make_timestamp($4::BIGINT * 1000)
      ) p ON p.event = d.event AND p.event_id = d.event_id AND p.received_at = d.first_received_at
      GROUP BY d.event`,
    values: windowValues(w),
  });
  return new Map(
    rows.map((r) => [
      String(r.event),
      {
        event: String(r.event),
        sameSource: Number(r.same_source),
        crossSource: Number(r.cross_source),
        unknownSource: Number(r.unknown_source),
      },
    ]),
  );
}

function valueDiagnostics(s: EventStats): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!VALUE_EVENTS.has(s.event)) return out;
  const purchase = s.event === 'Purchase';
  if (s.noValue > 0) {
    const share = s.noValue / s.count;
    out.push({
      rule: 'missing_value',
      severity: purchase ? 'error' : 'warning',
      event: s.event,
      title: `${s.event} without value`,
      detail: `${plural(s.noValue, 'event')} of ${s.count.toLocaleString('en-US')} (${percent(share)}) ${verb(s.noValue, 'have')} no properties.value${
        s.noValueNoCurrency > 0
          ? `, ${s.noValueNoCurrency.toLocaleString('en-US')} of them no currency either`
          : ''
      }.`,
      fix: purchase
        ? 'Send the order total as properties.value (a number, e.g. 59.90) and properties.currency (e.g. "EUR") with every Purchase: value-based bidding and ROAS need both.'
        : `Send properties.value and properties.currency with ${s.event} (the cart or checkout value) so value-based optimisation can use it.`,
      count: s.noValue,
      share,
    });
  }
  if (s.valueNoCurrency > 0) {
    const share = s.valueNoCurrency / s.count;
    out.push({
      rule: 'missing_currency',
      severity: 'error',
      event: s.event,
      title: `${s.event} with a value but no currency`,
      detail: `${plural(s.valueNoCurrency, 'event')} (${percent(share)}) ${verb(s.valueNoCurrency, 'send')} properties.value without properties.currency: the value cannot be read.`,
      fix: 'Add properties.currency as an ISO 4217 code (e.g. "USD", "EUR") next to every value.',
      count: s.valueNoCurrency,
      share,
    });
  }
  return out;
}

function currencyDiagnostics(s: EventStats): Diagnostic[] {
  const invalid = [...s.currencies].filter(([code]) => !ISO_4217.has(code));
  if (invalid.length === 0) return [];
  const count = invalid.reduce((sum, [, n]) => sum + n, 0);
  const codes = invalid.map(([code]) => code).join(', ');
  return [
    {
      rule: 'invalid_currency',
      severity: 'error',
      event: s.event,
      title: `${s.event} with an invalid currency`,
      detail: `${plural(count, 'event')} ${verb(count, 'send')} currency ${codes}, which ${invalid.length === 1 ? 'is not an ISO 4217 code' : 'are not ISO 4217 codes'}.`,
      fix: 'Send the three-letter ISO 4217 code of the shop’s currency: CNY (not RMB), TWD (not NTD), GBP (not UKP), EUR (not EU).',
      count,
      share: count / s.count,
    },
  ];
}

function nameDiagnostics(s: EventStats): Diagnostic[] {
  if (isStandardEvent(s.event)) return [];
  const meant = closestStandardEvent(s.event);
  if (meant) {
    return [
      {
        rule: 'misspelt_event',
        severity: 'warning',
        event: s.event,
        title: `“${s.event}” looks like a misspelt “${meant}”`,
        detail: `${plural(s.count, 'event')} named “${s.event}”: not a standard event, so TikTok does not treat them as ${meant} (names are case-sensitive).`,
        fix: `Rename it to “${meant}” where the site or server sends it, unless a custom event was intended.`,
        count: s.count,
        share: null,
      },
    ];
  }
  return [
    {
      rule: 'custom_event',
      severity: 'info',
      event: s.event,
      title: `“${s.event}” is a custom event`,
      detail: `${plural(s.count, 'event')}: kept as sent; a custom event can be reported but not used as a standard optimisation event.`,
      fix: 'Nothing to fix if it is intended. If it stands for a standard action (purchase, sign-up, lead), send the standard name instead.',
      count: s.count,
      share: null,
    },
  ];
}

function piiDiagnostics(s: EventStats): Diagnostic[] {
  if (s.emptyHash === 0) return [];
  return [
    {
      rule: 'empty_hash',
      severity: 'warning',
      event: s.event,
      title: `${s.event} with an identifier hashed from nothing`,
      detail: `${plural(s.emptyHash, 'event')} ${verb(s.emptyHash, 'send')} the SHA-256 of an empty string (e3b0c442…) as email, phone or external_id: it matches no one.`,
      fix: 'Leave a field out when the value is unknown instead of hashing an empty string; trim and lower-case e-mails, write phones in E.164, then hash.',
      count: s.emptyHash,
      share: s.emptyHash / s.count,
    },
  ];
}

function duplicateDiagnostics(s: EventStats, d: DuplicateStats | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (d) {
    const copies = d.sameSource + d.crossSource + d.unknownSource;
    const arrivals = s.count + copies;
    const sameShare = d.sameSource / arrivals;
    if (d.sameSource > 0 && sameShare >= SAME_SOURCE_DUPLICATE_SHARE) {
      out.push({
        rule: 'duplicates_same_source',
        severity: 'warning',
        event: s.event,
        title: `${s.event} sent twice from the same source`,
        detail: `${plural(d.sameSource, 'copy')} (${percent(sameShare)} of arrivals) ${verb(d.sameSource, 'repeat')} an event_id already received from the same source; they were counted once.`,
        fix: 'Fire the event once per action: a thank-you page that reloads, a tag that fires on every history change or a server that retries without waiting for the answer sends it again.',
        count: d.sameSource,
        share: sameShare,
      });
    }
    if (d.crossSource > 0) {
      out.push({
        rule: 'duplicates_cross_source',
        severity: 'info',
        event: s.event,
        title: `${s.event} from browser and server, deduplicated`,
        detail: `${plural(d.crossSource, 'copy')} (${percent(d.crossSource / arrivals)} of arrivals) came from both the pixel and the Events API with one event_id and were counted once.`,
        fix: 'Nothing to fix: this is how browser and server events should be combined.',
        count: d.crossSource,
        share: d.crossSource / arrivals,
      });
    }
  }
  if (s.noEventId > 0 && s.browser > 0 && s.server > 0) {
    out.push({
      rule: 'missing_event_id',
      severity: 'warning',
      event: s.event,
      title: `${s.event} from both sources without event_id`,
      detail: `${plural(s.noEventId, 'event')} ${verb(s.noEventId, 'have')} no event_id while ${s.event} comes from both the browser and the server: a copy from each counts twice.`,
      fix: 'Send the same event_id from both (e.g. the order id for Purchase): ttq.track(…, { event_id }) in the browser, event_id in the Events API.',
      count: s.noEventId,
      share: s.noEventId / s.count,
    });
  }
  return out;
}

function clickDiagnostics(s: EventStats): Diagnostic[] {
  if (s.noClick === 0) return [];
  const share = s.noClick / s.count;
  const conversion = CONVERSION_EVENTS.has(s.event);
  const serverOnly = s.noClickServer > 0 && s.noClickServer === s.server && s.noClickBrowser < s.browser;
  return [
    {
      rule: 'no_ttclid',
      severity: conversion && share > NO_TTCLID_WARNING_SHARE ? 'warning' : 'info',
      event: s.event,
      title: `${s.event} from sessions without a TikTok click id`,
      detail: `${plural(s.noClick, 'event')} (${percent(share)}) ${verb(s.noClick, 'come')} from visits with no ttclid${
        s.noClickServer > 0 && s.noClickBrowser > 0
          ? ` (${s.noClickBrowser.toLocaleString('en-US')} browser, ${s.noClickServer.toLocaleString('en-US')} server)`
          : s.noClickServer > 0
            ? ' (all from the server)'
            : ' (from the browser)'
      }: they cannot be attributed to an ad click. Visits from other channels have none, as they should.`,
      fix: serverOnly
        ? 'Server events lack the click id the browser had: pass user.ttclid (from the ttclid landing parameter or the _ttclid cookie, kept with the order) and user.ttp (the _ttp cookie) in the Events API.'
        : 'Keep the ttclid the ad adds to the landing URL: install the pixel on every landing page and do not strip query parameters in redirects; for server events send it as user.ttclid.',
      count: s.noClick,
      share,
    },
  ];
}

function refusalDiagnostics(refusals: Awaited<ReturnType<typeof listRefusals>>): Diagnostic[] {
  return refusals.map((r) => {
    const pii = r.code === TIKTOK_CODES.piiNotHashed;
    return {
      rule: 'refused_requests' as const,
      severity: pii || r.code === TIKTOK_CODES.invalidParams ? ('error' as const) : ('warning' as const),
      event: null,
      title: pii ? 'Requests refused: personal data not hashed' : `Requests refused (code ${r.code})`,
      detail: `${plural(r.count, 'request')} refused, last ${r.last_seen.slice(0, 16).replace('T', ' ')} UTC: ${r.reason} Nothing of them was stored.`,
      fix: pii
        ? 'Hash email, phone and external_id with SHA-256 after normalising (e-mail trimmed and lower-cased, phone in E.164 like +31612345678) and send the 64-character hex.'
        : r.code === TIKTOK_CODES.batchSize
          ? 'Send between 1 and 1,000 events per request.'
          : r.code === TIKTOK_CODES.permission
            ? 'Use the access token created for this pixel, or send event_source_id (pixel_code) of the pixel the token belongs to.'
            : 'Fix the field the message names; the Events API page lists what each field takes.',
      count: r.count,
      share: null,
    };
  });
}

/** The pixel's diagnostics over the `days` before `now`. */
export async function pixelDiagnostics(
  facts: FactStore,
  catalog: Queryable,
  pixel: { pixel_id: string; pixel_code: string; advertiser_id: string },
  options: { days?: number; now?: number } = {},
): Promise<PixelDiagnostics> {
  const toMs = options.now ?? Date.now();
  const fromMs = toMs - (options.days ?? 7) * DAY_MS;
  const w: Window = { pixelCode: pixel.pixel_code, advertiserId: pixel.advertiser_id, fromMs, toMs };
  const [stats, duplicates, refusals] = await Promise.all([
    eventStats(facts, w),
    duplicateStats(facts, w),
    listRefusals(catalog, pixel.pixel_id, new Date(fromMs)),
  ]);
  const events = [...stats.values()].sort((a, b) => b.count - a.count || a.event.localeCompare(b.event));
  const diagnostics: Diagnostic[] = [...refusalDiagnostics(refusals)];
  for (const s of events) {
    diagnostics.push(
      ...valueDiagnostics(s),
      ...currencyDiagnostics(s),
      ...nameDiagnostics(s),
      ...piiDiagnostics(s),
      ...duplicateDiagnostics(s, duplicates.get(s.event)),
      ...clickDiagnostics(s),
    );
  }
  diagnostics.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return {
    pixel_id: pixel.pixel_id,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    events: events.map((s) => ({ event: s.event, count: s.count, standard: isStandardEvent(s.event) })),
    diagnostics,
    refusals,
  };
}
