// Reads Events API request bodies in the shapes clients send today — 2.0 (`event/track`: event_source,
// event_source_id, data[]) and the older 1.0 that TikTok's own SDK still sends (`pixel/track` and
// `pixel/batch`: pixel_code, ISO timestamp, context) — into normalised events. The first fault refuses the
// whole request with TikTok's code and a message naming the field by its index, so nothing half-valid is
// ever acknowledged.
import { normaliseEventName } from './event-names.ts';
import { HASHED_USER_FIELDS, hashedValues } from './hashing.ts';
import type { NormalisedEvent } from './normalised-event.ts';
import { EventsFault, TIKTOK_CODES } from './tiktok-codes.ts';

/** TikTok's limit per request; above it the whole request is refused. */
export const MAX_EVENTS_PER_REQUEST = 1000;
/** An event_time further ahead than this is a clock or unit mistake (milliseconds sent as seconds). */
const MAX_FUTURE_MS = 24 * 3600_000;
const MAX_TEXT = 4096;
export const EVENT_SOURCES = ['web', 'app', 'offline', 'crm'] as const;

export interface ParsedEvents {
  pixelCode: string;
  eventSource: string;
  testEventCode: string | null;
  events: NormalisedEvent[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (field: string, message: string): EventsFault =>
  new EventsFault(TIKTOK_CODES.invalidParams, `${field}: ${message}`);

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw invalid(field, 'Not a valid string.');
  if (value.length > MAX_TEXT) throw invalid(field, `Longer than ${MAX_TEXT} characters.`);
  return value;
}

function requiredText(value: unknown, field: string): string {
  const text = optionalText(value, field);
  if (text === null) throw invalid(field, 'Missing data for required field.');
  return text;
}

function optionalObject(value: unknown, field: string): Json | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw invalid(field, 'Not a valid object.');
  return value;
}

/** The 2.0 body of POST /open_api/v1.3/event/track/. */
export function parseTrackBody(body: unknown, now: number): ParsedEvents {
  if (!isObject(body)) throw invalid('body', 'The request body must be a JSON object.');
  if (body.data === undefined && (body.pixel_code !== undefined || body.context !== undefined)) {
    throw invalid(
      'data',
      'This is an Events API 1.0 body (pixel_code, event, context). Send it to /open_api/v1.3/pixel/track/, or send event_source, event_source_id and data[] here.',
    );
  }
  const eventSource = requiredText(body.event_source, 'event_source');
  if (eventSource !== 'web') {
    throw invalid(
      'event_source',
      (EVENT_SOURCES as readonly string[]).includes(eventSource)
        ? `"${eventSource}" events are not taken by this server; only web (pixel) events are.`
        : `Must be one of: ${EVENT_SOURCES.join(', ')}.`,
    );
  }
  const pixelCode = requiredText(body.event_source_id, 'event_source_id');
  const data = checkBatch(body.data, 'data');
  return {
    pixelCode,
    eventSource,
    testEventCode: optionalText(body.test_event_code, 'test_event_code'),
    events: data.map((item, i) => parseEvent2(item, `data.${i}`, now)),
  };
}

function checkBatch(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) {
    if (value === undefined)
      throw new EventsFault(TIKTOK_CODES.batchSize, `${field}: Missing data for required field.`);
    throw invalid(field, 'Not a valid list.');
  }
  if (value.length === 0 || value.length > MAX_EVENTS_PER_REQUEST) {
    throw new EventsFault(
      TIKTOK_CODES.batchSize,
      `${field}: Length must be between 1 and ${MAX_EVENTS_PER_REQUEST}; this request has ${value.length} events.`,
    );
  }
  return value;
}

function parseEvent2(item: unknown, at: string, now: number): NormalisedEvent {
  if (!isObject(item)) throw invalid(at, 'Not a valid object.');
  const user = optionalObject(item.user, `${at}.user`) ?? {};
  const page = optionalObject(item.page, `${at}.page`) ?? {};
  return {
    ...baseEvent(item, `${at}.`),
    event_time: unixSeconds(item.event_time, `${at}.event_time`, now),
    ttclid: optionalText(user.ttclid, `${at}.user.ttclid`),
    ttp: optionalText(user.ttp, `${at}.user.ttp`),
    ip: optionalText(user.ip, `${at}.user.ip`),
    user_agent: optionalText(user.user_agent, `${at}.user.user_agent`),
    page_url: optionalText(page.url, `${at}.page.url`),
    user_data: userData(user, `${at}.user`, { referrer: optionalText(page.referrer, `${at}.page.referrer`) }),
  };
}

/** The fields both versions share: name, id and properties. */
function baseEvent(
  item: Json,
  prefix: string,
): Pick<NormalisedEvent, 'event' | 'event_id' | 'properties' | 'value_micros' | 'currency' | 'order_id'> {
  const properties = optionalObject(item.properties, `${prefix}properties`);
  return {
    event: normaliseEventName(requiredText(item.event, `${prefix}event`)),
    event_id: optionalText(item.event_id, `${prefix}event_id`) ?? '',
    properties,
    value_micros: valueMicros(properties?.value, `${prefix}properties.value`),
    currency: currency(properties?.currency, `${prefix}properties.currency`),
    order_id: optionalText(properties?.order_id, `${prefix}properties.order_id`),
  };
}

function unixSeconds(value: unknown, field: string, now: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (value === undefined || value === null) throw invalid(field, 'Missing data for required field.');
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw invalid(field, 'Not a valid integer (Unix time in seconds).');
  }
  const ms = Math.round(n * 1000);
  if (ms > now + MAX_FUTURE_MS) {
    throw invalid(field, 'Lies more than a day in the future; event_time is in seconds, not milliseconds.');
  }
  return ms;
}

function isoTimestamp(value: unknown, field: string, now: number): number {
  if (value === undefined || value === null || value === '') return now;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalid(field, 'Not a valid datetime (ISO 8601).');
  if (ms > now + MAX_FUTURE_MS) throw invalid(field, 'Lies more than a day in the future.');
  return ms;
}

function valueMicros(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(field, 'Not a valid number.');
  // Decimal text to micro-units by rounding once, so no float error is carried into sums.
  const micros = Math.round(n * 1_000_000);
  if (!Number.isSafeInteger(micros)) throw invalid(field, 'Out of range.');
  return micros;
}

function currency(value: unknown, field: string): string | null {
  const text = optionalText(value, field);
  if (text === null) return null;
  if (!/^[A-Za-z]{3}$/.test(text)) throw invalid(field, 'Not a valid ISO 4217 currency code.');
  return text.toUpperCase();
}

/**
 * The user fields kept with the event: hashed identifiers as lists of lower-case SHA-256 hex (any other
 * value refuses the request with 40062), other fields as sent; ip and user_agent have columns of their own.
 */
function userData(user: Json, at: string, extra: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(user)) {
    if (key === 'ip' || key === 'user_agent' || value === undefined || value === null) continue;
    if ((HASHED_USER_FIELDS as readonly string[]).includes(key)) {
      const { hashes, unhashed } = hashedValues(value);
      if (unhashed !== undefined) {
        throw new EventsFault(
          TIKTOK_CODES.piiNotHashed,
          `${at}.${key}: PII must be hashed with SHA-256 (64 hexadecimal characters) before it is sent; normalise, then hash.`,
        );
      }
      if (hashes.length > 0) out[key] = hashes;
    } else out[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) if (value !== null) out[key] = value;
  return out;
}

/** The 1.0 body of POST /open_api/v1.3/pixel/track/: one event. */
export function parsePixelTrackBody(body: unknown, now: number): ParsedEvents {
  if (!isObject(body)) throw invalid('body', 'The request body must be a JSON object.');
  return {
    pixelCode: requiredText(body.pixel_code, 'pixel_code'),
    eventSource: 'web',
    testEventCode: optionalText(body.test_event_code, 'test_event_code'),
    events: [parseEvent1(body, '', now)],
  };
}

/** The 1.0 body of POST /open_api/v1.3/pixel/batch/: `batch` of events of type "track". */
export function parsePixelBatchBody(body: unknown, now: number): ParsedEvents {
  if (!isObject(body)) throw invalid('body', 'The request body must be a JSON object.');
  const pixelCode = requiredText(body.pixel_code, 'pixel_code');
  const batch = checkBatch(body.batch, 'batch');
  return {
    pixelCode,
    eventSource: 'web',
    testEventCode: optionalText(body.test_event_code, 'test_event_code'),
    events: batch.map((item, i) => {
      if (isObject(item) && item.type !== undefined && item.type !== 'track') {
        throw invalid(`batch.${i}.type`, 'Must be "track".');
      }
      return parseEvent1(item, `batch.${i}`, now);
    }),
  };
}

function parseEvent1(item: unknown, at: string, now: number): NormalisedEvent {
  const prefix = at ? `${at}.` : '';
  if (!isObject(item)) throw invalid(at || 'body', 'Not a valid object.');
  const context = optionalObject(item.context, `${prefix}context`) ?? {};
  const user = optionalObject(context.user, `${prefix}context.user`) ?? {};
  const page = optionalObject(context.page, `${prefix}context.page`) ?? {};
  const ad = optionalObject(context.ad, `${prefix}context.ad`) ?? {};
  // 1.0 calls the phone phone_number; stored under 2.0's name.
  const { phone_number: phoneNumber, ...rest } = user;
  const user2: Json = phoneNumber === undefined ? rest : { ...rest, phone: phoneNumber };
  return {
    ...baseEvent(item, prefix),
    event_time: isoTimestamp(item.timestamp, `${prefix}timestamp`, now),
    ttclid: optionalText(ad.callback, `${prefix}context.ad.callback`),
    ttp: optionalText(user.ttp, `${prefix}context.user.ttp`),
    ip: optionalText(context.ip, `${prefix}context.ip`),
    user_agent: optionalText(context.user_agent, `${prefix}context.user_agent`),
    page_url: optionalText(page.url, `${prefix}context.page.url`),
    user_data: userData(user2, `${prefix}context.user`, {
      referrer: optionalText(page.referrer, `${prefix}context.page.referrer`),
    }),
  };
}
