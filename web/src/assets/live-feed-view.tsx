// Assets → Events, Live events and Test events: the events the advertiser's pixels receive, newest first,
// as they are stored. Filters (pixel, event, source) are in the address and asked of the server, so the
// list holds the latest matching events; rows open to show everything the event carried. The list is
// bounded (FEED_LIMIT), pausing holds new events aside, and the connection's state is shown as it is.
import { useMemo, useState } from 'react';
import type { LiveEvent, PixelInfo } from '../../../src/shared/pixels-api.ts';
import { FEED_LIMIT, type FeedConnection, useLiveFeed } from '../api/events.ts';
import { STANDARD_EVENT_NAMES } from './standard-events.ts';
import { useAssetsParams } from './assets-url.ts';
import type { EventViewProps } from './event-views.ts';
import { PixelFilter } from './pixel-filter.tsx';
import { FeedRow } from './feed-row.tsx';

export function LiveEventsView(props: EventViewProps) {
  return <FeedView {...props} view="live" />;
}

export function TestEventsView(props: EventViewProps) {
  return <FeedView {...props} view="test" />;
}

const CONNECTION_TEXT: Record<FeedConnection, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Connection lost — reconnecting…',
  closed: 'Disconnected',
};

function FeedView({ advertiser, pixels, view }: EventViewProps & { view: 'live' | 'test' }) {
  const { params, set } = useAssetsParams();
  const pixel = pixels.find((p) => p.pixel_id === params.get('pixel')) ?? null;
  const event = params.get('event') || undefined;
  const sourceParam = params.get('source');
  const source = sourceParam === 'browser' || sourceParam === 'server' ? sourceParam : undefined;
  const [paused, setPaused] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const feed = useLiveFeed(
    advertiser.advertiser_id,
    { view, pixel: pixel?.pixel_code, event, source },
    paused,
  );
  const names = useMemo(() => new Map<string, PixelInfo>(pixels.map((p) => [p.pixel_code, p])), [pixels]);
  const seenEvents = useMemo(
    () => [...new Set([...STANDARD_EVENT_NAMES, ...feed.events.map((e) => e.event)])].sort(),
    [feed.events],
  );
  const toggle = (e: LiveEvent) =>
    setOpen((now) => {
      const next = new Set(now);
      if (next.has(e.seq)) next.delete(e.seq);
      else next.add(e.seq);
      return next;
    });

  return (
    <section
      className="panel feed"
      data-testid="live-feed"
      data-connection={feed.connection}
      data-view={view}
    >
      <header className="panel-header feed-header">
        <div className="feed-filters" role="group" aria-label="Filters">
          <PixelFilter
            pixels={pixels}
            value={pixel?.pixel_id ?? ''}
            onChange={(id) => set({ pixel: id || null })}
            allLabel="All pixels"
            testId="feed-pixel"
          />
          <label className="feed-filter">
            <span>Event</span>
            <input
              list="feed-event-names"
              defaultValue={event ?? ''}
              key={event ?? ''}
              placeholder="All events"
              data-testid="feed-event"
              onKeyDown={(e) => {
                if (e.key === 'Enter') set({ event: e.currentTarget.value.trim() || null });
              }}
              onBlur={(e) => {
                if ((e.currentTarget.value.trim() || undefined) !== event)
                  set({ event: e.currentTarget.value.trim() || null });
              }}
            />
            <datalist id="feed-event-names">
              {seenEvents.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </label>
          <label className="feed-filter">
            <span>Source</span>
            <select
              value={source ?? ''}
              data-testid="feed-source"
              onChange={(e) => set({ source: e.target.value || null })}
            >
              <option value="">Browser and server</option>
              <option value="browser">Browser</option>
              <option value="server">Server</option>
            </select>
          </label>
        </div>
        <div className="feed-controls">
          <span
            className={`feed-connection feed-${feed.connection}`}
            data-testid="feed-connection"
            role="status"
          >
            <span className="status-dot" aria-hidden="true" />
            {paused && feed.connection === 'live' ? 'Paused' : CONNECTION_TEXT[feed.connection]}
          </span>
          {feed.connection === 'closed' && (
            <button type="button" className="button button-small" onClick={feed.reconnect}>
              Reconnect
            </button>
          )}
          <button
            type="button"
            className={paused ? 'button button-small button-pressed' : 'button button-small'}
            aria-pressed={paused}
            data-testid="feed-pause"
            onClick={() => setPaused((p) => !p)}
          >
            {paused ? `Resume${feed.held.length > 0 ? ` (${feed.held.length} new)` : ''}` : 'Pause'}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={feed.clear}
            disabled={feed.events.length === 0}
          >
            Clear
          </button>
        </div>
      </header>
      {view === 'test' && (
        <p className="feed-note">
          Events sent with a <code>test_event_code</code>: shown here only, never counted, never deduplicated,
          and they do not make a pixel Active. Remove the code in production.
        </p>
      )}
      <div className="feed-table" role="table" aria-label={view === 'test' ? 'Test events' : 'Live events'}>
        <div className="feed-row feed-head" role="row">
          <span role="columnheader">Received</span>
          <span role="columnheader">Event</span>
          <span role="columnheader">Pixel</span>
          <span role="columnheader">Source</span>
          <span role="columnheader">{view === 'test' ? 'Test code' : 'Counted'}</span>
          <span role="columnheader" className="cell-number">
            Value
          </span>
          <span role="columnheader">Page</span>
        </div>
        {feed.events.length === 0 ? (
          <div className="feed-empty" data-testid="feed-empty">
            {feed.connection === 'closed'
              ? 'The feed was refused (signed out, or no access to this advertiser). Reload the page to sign in again.'
              : view === 'test'
                ? 'No test event yet. Send events with a test_event_code to see them here.'
                : 'Waiting for events… They appear here as the pixel and the Events API receive them.'}
          </div>
        ) : (
          feed.events.map((e) => (
            <FeedRow
              key={e.seq}
              event={e}
              pixelName={names.get(e.pixel_code)?.pixel_name ?? e.pixel_code}
              timeZone={advertiser.timezone}
              open={open.has(e.seq)}
              onToggle={() => toggle(e)}
            />
          ))
        )}
      </div>
      <footer className="feed-footer">
        {feed.events.length.toLocaleString('en-US')} shown · the newest {FEED_LIMIT.toLocaleString('en-US')}{' '}
        are kept
        {feed.dropped > 0 && ` (${feed.dropped.toLocaleString('en-US')} older dropped off)`}
      </footer>
    </section>
  );
}
