// Reads what the browser pixel sends to POST /pixel/collect: an Events API 2.0 body (event_source "web",
// event_source_id = pixel code, data[]) as text, so the browser needs no CORS preflight. Each event is
// checked on its own with the Events API's rules (names and renames, hashed identifiers, value, currency):
// a beacon is a bundle of independent page events that nobody can correct and resend, so one malformed
// ttq.track call must not cost the purchase sent beside it. The events that pass are stored together.
import { parseTrackBody } from '../parse-request.ts';
import type { NormalisedEvent } from '../normalised-event.ts';
import { EventsFault } from '../tiktok-codes.ts';

/** sendBeacon carries at most 64 KB; anything larger did not come from the pixel. */
export const MAX_BEACON_BYTES = 64 * 1024;
/** The pixel sends at most 20 events per beacon; leave room for other senders of the same shape. */
export const MAX_EVENTS_PER_BEACON = 50;
/** Browser clocks are often wrong; a difference larger than this to the server's is corrected. */
const CLOCK_SKEW_TOLERANCE_S = 60;

export class BeaconFault extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'BeaconFault';
  }
}

export interface RejectedEvent {
  index: number;
  /** TikTok's code for the fault, as the Events API would answer it (40002, 40062). */
  code: number;
  /** e.g. data.2.properties.currency */
  field: string;
  message: string;
}

export interface ParsedBeacon {
  pixelCode: string;
  events: NormalisedEvent[];
  rejected: RejectedEvent[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `input` is the body's text (text/plain, as the pixel sends it) or, from other senders, parsed JSON. */
export function parseBeacon(input: unknown, now: number): ParsedBeacon {
  let body = input;
  if (typeof input === 'string') {
    try {
      body = JSON.parse(input);
    } catch (error) {
      throw new BeaconFault('body', `Not valid JSON (${(error as Error).message}).`);
    }
  }
  if (!isObject(body))
    throw new BeaconFault('body', 'Must be a JSON object with event_source_id and data[].');
  const pixelCode = body.event_source_id;
  if (typeof pixelCode !== 'string' || pixelCode.trim() === '') {
    throw new BeaconFault('event_source_id', 'Missing: the pixel code given to ttq.load().');
  }
  if (body.event_source !== undefined && body.event_source !== 'web') {
    throw new BeaconFault('event_source', 'The browser pixel sends web events only ("web").');
  }
  const data = body.data;
  if (!Array.isArray(data) || data.length === 0) {
    throw new BeaconFault('data', 'Must be a list of 1 to 50 events.');
  }
  if (data.length > MAX_EVENTS_PER_BEACON) {
    throw new BeaconFault(
      'data',
      `Has ${data.length} events; at most ${MAX_EVENTS_PER_BEACON} per beacon. Send the rest in another one.`,
    );
  }
  const skewS = clockSkewSeconds(body.sent_at, now);
  const events: NormalisedEvent[] = [];
  const rejected: RejectedEvent[] = [];
  data.forEach((item, index) => {
    const shifted =
      skewS !== 0 && isObject(item) && typeof item.event_time === 'number'
        ? { ...item, event_time: item.event_time + skewS }
        : item;
    try {
      const [event] = parseTrackBody(
        { event_source: 'web', event_source_id: pixelCode, data: [shifted] },
        now,
      ).events;
      events.push(event!);
    } catch (error) {
      if (!(error instanceof EventsFault)) throw error;
      // The Events API names the field as data.0.…; give the beacon's own index.
      const message = error.message.replace(/^data\.0/, `data.${index}`);
      const split = message.indexOf(': ');
      rejected.push({
        index,
        code: error.code,
        field: split > 0 ? message.slice(0, split) : `data.${index}`,
        message: split > 0 ? message.slice(split + 2) : message,
      });
    }
  });
  return { pixelCode: pixelCode.trim(), events, rejected };
}

/** Seconds to add to the browser's event times: the server's clock minus the browser's, if far apart. */
function clockSkewSeconds(sentAt: unknown, now: number): number {
  if (typeof sentAt !== 'number' || !Number.isFinite(sentAt) || sentAt <= 0) return 0;
  const skew = now / 1000 - sentAt;
  return Math.abs(skew) > CLOCK_SKEW_TOLERANCE_S ? Math.round(skew) : 0;
}
