// The live feed of Assets → Events over server-sent events: the newest events first, at most FEED_LIMIT
// kept (older ones drop off the end), the connection's state as the browser reports it. Pausing keeps the
// connection and holds new events aside (bounded too) until the feed resumes.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { z } from 'zod';
import { LiveEvent, type LiveFeedQuery } from '../../../src/shared/pixels-api.ts';
import { apiPath } from './client.ts';

export const FEED_LIMIT = 500;
/** The server sends a heartbeat every 15 s; this long without anything means the connection is dead. */
export const SILENCE_MS = 40_000;

/** connecting: first attempt; live: open; reconnecting: lost, the browser retries; closed: refused, no retry. */
export type FeedConnection = 'connecting' | 'live' | 'reconnecting' | 'closed';

const Batch = z.array(LiveEvent);

interface FeedState {
  /** Newest first. */
  events: LiveEvent[];
  /** Arrived while paused, newest first. */
  held: LiveEvent[];
  /** Events that dropped off the end of the list (or of the held ones) since the feed was opened. */
  dropped: number;
}

type Action =
  | { type: 'reset' }
  | { type: 'arrive'; events: LiveEvent[]; paused: boolean }
  | { type: 'resume' }
  | { type: 'clear' };

function keep(list: LiveEvent[]): { list: LiveEvent[]; dropped: number } {
  return list.length > FEED_LIMIT
    ? { list: list.slice(0, FEED_LIMIT), dropped: list.length - FEED_LIMIT }
    : { list, dropped: 0 };
}

export function feedReducer(state: FeedState, action: Action): FeedState {
  switch (action.type) {
    case 'reset':
    case 'clear':
      return { events: [], held: [], dropped: 0 };
    case 'arrive': {
      const newestFirst = [...action.events].reverse();
      if (action.paused) {
        const { list, dropped } = keep([...newestFirst, ...state.held]);
        return { ...state, held: list, dropped: state.dropped + dropped };
      }
      const { list, dropped } = keep([...newestFirst, ...state.events]);
      return { ...state, events: list, dropped: state.dropped + dropped };
    }
    case 'resume': {
      const { list, dropped } = keep([...state.held, ...state.events]);
      return { events: list, held: [], dropped: state.dropped + dropped };
    }
  }
}

export function useLiveFeed(advertiserId: string, query: LiveFeedQuery, paused: boolean) {
  const [state, dispatch] = useReducer(feedReducer, { events: [], held: [], dropped: 0 });
  const [connection, setConnection] = useState<FeedConnection>('connecting');
  const [attempt, setAttempt] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const url = apiPath(`/advertisers/${encodeURIComponent(advertiserId)}/events/stream`, {
    view: query.view,
    pixel: query.pixel,
    event: query.event,
    source: query.source,
  });

  useEffect(() => {
    dispatch({ type: 'reset' });
    setConnection('connecting');
    const source = new EventSource(url, { withCredentials: true });
    let heard = Date.now();
    const alive = () => {
      heard = Date.now();
    };
    // A connection can die without the browser noticing (a sleeping laptop, a proxy dropping it): without
    // a heartbeat for SILENCE_MS, say so and connect again.
    const watchdog = setInterval(() => {
      if (source.readyState === EventSource.OPEN && Date.now() - heard > SILENCE_MS) {
        setConnection('reconnecting');
        setAttempt((n) => n + 1);
      }
    }, 5_000);
    source.onopen = () => {
      alive();
      setConnection('live');
    };
    source.onerror = () =>
      // CLOSED: the server refused the stream (signed out, no access); the browser will not retry.
      setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    source.addEventListener('heartbeat', alive);
    source.addEventListener('reset', () => {
      alive();
      dispatch({ type: 'reset' });
    });
    source.addEventListener('events', (message: MessageEvent<string>) => {
      alive();
      const parsed = Batch.safeParse(JSON.parse(message.data));
      if (parsed.success) dispatch({ type: 'arrive', events: parsed.data, paused: pausedRef.current });
    });
    return () => {
      clearInterval(watchdog);
      source.close();
    };
  }, [url, attempt]);

  useEffect(() => {
    if (!paused) dispatch({ type: 'resume' });
  }, [paused]);

  const reconnect = useCallback(() => setAttempt((n) => n + 1), []);
  const clear = useCallback(() => dispatch({ type: 'clear' }), []);
  return { ...state, connection, reconnect, clear };
}
