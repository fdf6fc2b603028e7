// The live feed's list in the page: newest first, never more than FEED_LIMIT, events held while paused
// (bounded too) and added on resume, a reset from the server clearing everything.
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../src/shared/pixels-api.ts';
import { FEED_LIMIT, feedReducer } from './events.ts';

const ev = (seq: number): LiveEvent => ({
  seq,
  pixel_code: 'CPIXEL',
  event: 'ViewContent',
  event_id: `e${seq}`,
  event_time: '2026-11-22T10:00:00.000Z',
  received_at: '2026-11-22T10:00:00.000Z',
  source: 'server',
  outcome: 'counted',
  test_event_code: null,
  ttclid: null,
  ttp: null,
  page_url: null,
  value_micros: null,
  currency: null,
  order_id: null,
  ip: null,
  user_agent: null,
  user_data: {},
  properties: null,
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ev(from + i));
const empty = { events: [], held: [], dropped: 0 };

describe('feedReducer', () => {
  it('puts the newest first and drops the oldest past the limit', () => {
    let state = feedReducer(empty, { type: 'arrive', events: range(1, 3), paused: false });
    expect(state.events.map((e) => e.seq)).toEqual([3, 2, 1]);
    state = feedReducer(state, { type: 'arrive', events: range(4, FEED_LIMIT + 10), paused: false });
    expect(state.events).toHaveLength(FEED_LIMIT);
    expect(state.events[0]!.seq).toBe(FEED_LIMIT + 10);
    expect(state.events.at(-1)!.seq).toBe(11);
    expect(state.dropped).toBe(10);
  });

  it('holds events while paused, bounded, and adds them on resume', () => {
    let state = feedReducer(empty, { type: 'arrive', events: range(1, 2), paused: false });
    state = feedReducer(state, { type: 'arrive', events: range(3, 4), paused: true });
    expect(state.events.map((e) => e.seq)).toEqual([2, 1]);
    expect(state.held.map((e) => e.seq)).toEqual([4, 3]);
    state = feedReducer(state, { type: 'arrive', events: range(5, FEED_LIMIT + 6), paused: true });
    expect(state.held).toHaveLength(FEED_LIMIT);
    state = feedReducer(state, { type: 'resume' });
    expect(state.held).toEqual([]);
    expect(state.events).toHaveLength(FEED_LIMIT);
    expect(state.events[0]!.seq).toBe(FEED_LIMIT + 6);
  });

  it('clears on a reset', () => {
    const state = feedReducer({ events: range(1, 3), held: range(4, 4), dropped: 2 }, { type: 'reset' });
    expect(state).toEqual(empty);
  });
});
