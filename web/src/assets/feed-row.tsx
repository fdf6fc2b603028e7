// One event of the live feed: a dense line (time, event, pixel, source, outcome, value, page) that opens
// to show what the event carried — ids, times, click id, user fields as hashed, properties as sent.
import type { ReactNode } from 'react';
import type { LiveEvent } from '../../../src/shared/pixels-api.ts';
import { formatDateTime } from '../lib/time.ts';

interface Props {
  event: LiveEvent;
  pixelName: string;
  timeZone: string;
  open: boolean;
  onToggle: () => void;
}

const OUTCOME: Record<LiveEvent['outcome'], string> = {
  counted: 'Counted',
  duplicate: 'Duplicate',
  test: 'Test',
};

export function formatValue(e: Pick<LiveEvent, 'value_micros' | 'currency'>): string {
  if (e.value_micros === null) return '—';
  const amount = (e.value_micros / 1_000_000).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return e.currency ? `${amount} ${e.currency}` : `${amount} (no currency)`;
}

function pathOf(url: string | null): string {
  if (!url) return '—';
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

export function FeedRow({ event: e, pixelName, timeZone, open, onToggle }: Props) {
  const when = formatDateTime(e.received_at, { timeZone, seconds: true });
  return (
    <div
      className={open ? 'feed-item feed-item-open' : 'feed-item'}
      data-testid="feed-row"
      data-event={e.event}
      data-source={e.source}
      data-outcome={e.outcome}
    >
      <button
        type="button"
        className="feed-row"
        role="row"
        aria-expanded={open}
        onClick={onToggle}
        title={open ? 'Hide the parameters' : 'Show the parameters'}
      >
        <span role="cell" className="cell-time">
          <span className={open ? 'feed-chevron feed-chevron-open' : 'feed-chevron'} aria-hidden="true" />
          {when.slice(5)}
        </span>
        <span role="cell" className="feed-event">
          {e.event}
        </span>
        <span role="cell" className="ellipsis">
          {pixelName}
        </span>
        <span role="cell">
          <span className={`source-tag source-${e.source}`} data-testid="feed-source-tag">
            {e.source === 'browser' ? 'Browser' : 'Server'}
          </span>
        </span>
        <span role="cell">
          {e.outcome === 'test' ? (
            <code className="assets-code">{e.test_event_code}</code>
          ) : (
            <span className={`outcome outcome-${e.outcome}`}>{OUTCOME[e.outcome]}</span>
          )}
        </span>
        <span role="cell" className="cell-number">
          {formatValue(e)}
        </span>
        <span role="cell" className="ellipsis cell-muted" title={e.page_url ?? undefined}>
          {pathOf(e.page_url)}
        </span>
      </button>
      {open && <FeedDetail event={e} timeZone={timeZone} />}
    </div>
  );
}

function FeedDetail({ event: e, timeZone }: { event: LiveEvent; timeZone: string }) {
  const lagSeconds = Math.round((Date.parse(e.received_at) - Date.parse(e.event_time)) / 1000);
  const userFields = Object.entries(e.user_data);
  const rows: [string, ReactNode][] = [
    ['Event ID', e.event_id || <span className="cell-muted">none — cannot be deduplicated</span>],
    ['Event time', formatDateTime(e.event_time, { timeZone, seconds: true })],
    [
      'Received',
      `${formatDateTime(e.received_at, { timeZone, seconds: true })}${
        lagSeconds > 1 ? ` (${lagSeconds.toLocaleString('en-US')} s after the event)` : ''
      }`,
    ],
    ['Source', e.source === 'browser' ? 'Browser pixel' : 'Events API (server)'],
    [
      'Outcome',
      e.outcome === 'duplicate'
        ? 'Duplicate: an event with this event_id was already counted'
        : OUTCOME[e.outcome],
    ],
    ['Page URL', e.page_url ?? '—'],
    ['ttclid', e.ttclid ?? <span className="cell-muted">none — cannot be attributed to an ad click</span>],
    ['_ttp', e.ttp ?? '—'],
    ['Order ID', e.order_id ?? '—'],
    ['Value', formatValue(e)],
    ['IP', e.ip ?? '—'],
    ['User agent', e.user_agent ?? '—'],
  ];
  return (
    <div className="feed-detail" data-testid="feed-detail">
      <dl className="feed-fields">
        {rows.map(([label, value]) => (
          <div key={label} className="feed-field">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="feed-json">
        <div className="feed-json-title">User fields (as received: hashed identifiers)</div>
        {userFields.length === 0 ? (
          <div className="cell-muted">None sent.</div>
        ) : (
          <pre>{JSON.stringify(e.user_data, null, 2)}</pre>
        )}
        <div className="feed-json-title">Properties</div>
        {e.properties === null ? (
          <div className="cell-muted">None sent.</div>
        ) : (
          <pre>{JSON.stringify(e.properties, null, 2)}</pre>
        )}
      </div>
    </div>
  );
}
