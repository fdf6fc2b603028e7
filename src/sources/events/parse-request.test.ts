import { describe, expect, it } from 'vitest';
import { parsePixelBatchBody, parsePixelTrackBody, parseTrackBody } from './parse-request.ts';
import { EventsFault } from './tiktok-codes.ts';

const NOW = Date.UTC(2026, 10, 22, 8);
const HASH = 'AB'.repeat(32);

const fault = (fn: () => unknown): EventsFault => {
  try {
    fn();
  } catch (error) {
    if (error instanceof EventsFault) return error;
    throw error;
  }
  throw new Error('expected a fault');
};

describe('parseTrackBody', () => {
  it('lower-cases hashes, drops empty ones, and reads value into micro-units without float error', () => {
    const { events } = parseTrackBody(
      {
        event_source: 'web',
        event_source_id: 'C1',
        data: [
          {
            event: 'SubmitForm',
            event_time: '1763798400',
            user: { email: ['', HASH], external_id: HASH, locale: 'en-US' },
            properties: { value: '19.99', currency: 'eur' },
          },
        ],
      },
      NOW,
    );
    expect(events[0]).toMatchObject({
      event: 'Lead',
      event_id: '',
      event_time: 1763798400_000,
      value_micros: 19_990_000,
      currency: 'EUR',
      user_data: { email: [HASH.toLowerCase()], external_id: [HASH.toLowerCase()], locale: 'en-US' },
    });
  });

  it('keeps custom and wrongly-cased names as sent', () => {
    const names = parseTrackBody(
      {
        event_source: 'web',
        event_source_id: 'C1',
        data: ['download', 'customEvent', 'CompletePayment'].map((event) => ({ event, event_time: 1 })),
      },
      NOW,
    ).events.map((e) => e.event);
    expect(names).toEqual(['download', 'customEvent', 'Purchase']);
  });

  it('refuses a hashed field that is only hash-like (38 hex characters) with 40062', () => {
    const error = fault(() =>
      parseTrackBody(
        {
          event_source: 'web',
          event_source_id: 'C1',
          data: [
            {
              event: 'Purchase',
              event_time: 1,
              user: { external_id: ['f0e388f53921a51f0bb0fc8a2944109ec188b5'] },
            },
          ],
        },
        NOW,
      ),
    );
    expect(error.code).toBe(40062);
    expect(error.message).toContain('data.0.user.external_id');
  });

  it('names app, offline and crm event sources as not taken, and others as unknown', () => {
    expect(
      fault(() => parseTrackBody({ event_source: 'crm', event_source_id: 'C1', data: [] }, NOW)).message,
    ).toContain('only web');
    expect(
      fault(() => parseTrackBody({ event_source: 'tv', event_source_id: 'C1', data: [] }, NOW)).message,
    ).toContain('one of: web, app, offline, crm');
  });
});

describe('Events API 1.0 bodies', () => {
  it('takes the time of arrival when pixel/track has no timestamp, and reads context', () => {
    const { pixelCode, events } = parsePixelTrackBody(
      {
        pixel_code: 'C1',
        event: 'ViewContent',
        context: { ip: '203.0.113.1', page: { url: 'https://a.example/', referrer: 'https://b.example/' } },
      },
      NOW,
    );
    expect(pixelCode).toBe('C1');
    expect(events[0]).toMatchObject({
      event_time: NOW,
      ip: '203.0.113.1',
      page_url: 'https://a.example/',
      user_data: { referrer: 'https://b.example/' },
    });
  });

  it('refuses a batch entry of another type than track, and an unreadable timestamp', () => {
    expect(
      fault(() => parsePixelBatchBody({ pixel_code: 'C1', batch: [{ type: 'identify' }] }, NOW)).message,
    ).toContain('batch.0.type');
    const error = fault(() => parsePixelTrackBody({ pixel_code: 'C1', event: 'X', timestamp: 'soon' }, NOW));
    expect([error.code, error.message]).toEqual([40002, 'timestamp: Not a valid datetime (ISO 8601).']);
  });
});
