// The live feed of Assets → Events: the events each advertiser's pixels just received, as the ingestion
// stored them (counted, duplicate copy, or test), pushed to whoever watches. Memory is bounded: per
// advertiser and view, only the most recent `capacity` events are kept — enough for a page that opens (or
// reconnects) to show the latest events at once. After a restart the backlog is read back from the
// warehouse (counted events and test events; duplicate copies keep no details there and show only live).
import { randomBytes } from 'node:crypto';
import type { LiveEvent, LiveFeedQuery } from '../../shared/pixels-api.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import type { EventIngest, StoredEvent } from './ingest.ts';

export type FeedView = 'live' | 'test';
export type FeedFilter = Omit<LiveFeedQuery, 'view'>;

type Entry = Omit<LiveEvent, 'seq'> & { advertiser_id: string };

interface Ring {
  entries: LiveEvent[];
  /** Resolves once the warehouse's recent events are in `entries` (first watcher of this ring). */
  seeded: Promise<void> | null;
}

type Listener = (events: LiveEvent[]) => void;

export const DEFAULT_CAPACITY = 200;

export function matches(event: LiveEvent, filter: FeedFilter): boolean {
  return (
    (!filter.pixel || event.pixel_code === filter.pixel) &&
    (!filter.event || event.event === filter.event) &&
    (!filter.source || event.source === filter.source)
  );
}

export class LiveFeed {
  /** Ids are `<boot>:<seq>`, so a page that reconnects after a restart is told to start over. */
  readonly boot = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly rings = new Map<string, Ring>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly facts: FactStore,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Starts taking what the ingestion stores. */
  attach(ingest: EventIngest): () => void {
    return ingest.onStored((events) => this.publish(events));
  }

  publish(stored: StoredEvent[]): void {
    const byRing = new Map<string, LiveEvent[]>();
    for (const item of stored) {
      const entry = toEntry(item);
      const key = ringKey(entry.advertiser_id, item.outcome === 'test' ? 'test' : 'live');
      const list = byRing.get(key) ?? [];
      list.push(this.number(entry));
      byRing.set(key, list);
    }
    for (const [key, events] of byRing) {
      const ring = this.ring(key);
      ring.entries.push(...events);
      if (ring.entries.length > this.capacity) ring.entries.splice(0, ring.entries.length - this.capacity);
      // Watchers only exist once the ring is seeded, so they never miss or repeat an event.
      for (const listener of this.listeners.get(key) ?? []) listener(events);
    }
  }

  /** The ring's events (oldest first), read from the warehouse the first time it is asked for. */
  async recent(advertiserId: string, view: FeedView): Promise<LiveEvent[]> {
    const key = ringKey(advertiserId, view);
    const ring = this.ring(key);
    // A failed read is tried again by the next watcher rather than remembered.
    ring.seeded ??= this.seed(ring, advertiserId, view).catch((error: unknown) => {
      ring.seeded = null;
      throw error;
    });
    await ring.seeded;
    return ring.entries;
  }

  /**
   * Sends a page (re)connecting its backlog — the events after `lastId` when this process still holds
   * them, otherwise the whole (filtered) ring with `reset`, so the page starts its list over — then every
   * matching event as it is stored, until the returned function is called.
   */
  async watch(
    advertiserId: string,
    view: FeedView,
    filter: FeedFilter,
    lastId: string | null,
    send: (message: { reset: boolean; events: LiveEvent[] }) => void,
  ): Promise<() => void> {
    const entries = await this.recent(advertiserId, view);
    // From here on nothing awaits, so no event can slip between the backlog and the subscription.
    const after = this.seqOf(lastId);
    const first = entries[0]?.seq ?? this.seq + 1;
    if (after !== null && after >= first - 1 && after <= this.seq) {
      send({ reset: false, events: entries.filter((e) => e.seq > after && matches(e, filter)) });
    } else {
      send({ reset: true, events: entries.filter((e) => matches(e, filter)) });
    }
    const key = ringKey(advertiserId, view);
    const set = this.listeners.get(key) ?? new Set<Listener>();
    const listener: Listener = (events) => {
      const shown = events.filter((e) => matches(e, filter));
      if (shown.length > 0) send({ reset: false, events: shown });
    };
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** How many pages watch, for tests and the health of the feed. */
  watchers(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  idOf(seq: number): string {
    return `${this.boot}:${seq}`;
  }

  private seqOf(id: string | null): number | null {
    if (!id) return null;
    const [boot, seq] = id.split(':');
    const n = Number(seq);
    return boot === this.boot && Number.isSafeInteger(n) ? n : null;
  }

  private ring(key: string): Ring {
    let ring = this.rings.get(key);
    if (!ring) {
      ring = { entries: [], seeded: null };
      this.rings.set(key, ring);
    }
    return ring;
  }

  private number(entry: Entry): LiveEvent {
    const { advertiser_id: _advertiser, ...event } = entry;
    return { seq: ++this.seq, ...event };
  }

  private async seed(ring: Ring, advertiserId: string, view: FeedView): Promise<void> {
    const stored = await readRecent(this.facts, advertiserId, view, this.capacity);
    // Events stored while the query ran may be in both lists: the live copy is the one kept.
    const live = new Set(ring.entries.map(identity));
    const older = stored.filter((e) => !live.has(identity(e)));
    const merged = [...older, ...ring.entries]
      .sort((a, b) => a.received_at.localeCompare(b.received_at))
      .slice(-this.capacity);
    // Nobody watches this ring yet, so its events can be numbered afresh in arrival order.
    ring.entries = merged.map((e) => ({ ...e, seq: ++this.seq }));
  }
}

const ringKey = (advertiserId: string, view: FeedView): string => `${view}|${advertiserId}`;

const identity = (e: Omit<LiveEvent, 'seq'>): string =>
  [e.pixel_code, e.event, e.event_id, e.received_at, e.event_time, e.source].join('\u0000');

function toEntry({ record, event, outcome }: StoredEvent): Entry {
  return {
    advertiser_id: record.advertiser_id,
    pixel_code: record.pixel_code,
    event: event.event,
    event_id: event.event_id,
    event_time: new Date(event.event_time).toISOString(),
    received_at: new Date(record.received_at).toISOString(),
    source: record.source,
    outcome,
    test_event_code: record.test_event_code,
    ttclid: event.ttclid,
    ttp: event.ttp,
    page_url: event.page_url,
    value_micros: event.value_micros,
    currency: event.currency,
    order_id: event.order_id,
    ip: event.ip,
    user_agent: event.user_agent,
    user_data: event.user_data,
    properties: event.properties,
  };
}

const parseJson = (text: unknown): Record<string, unknown> | null => {
  if (typeof text !== 'string' || text === '') return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
};

const textOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/** The advertiser's most recent stored events of a view, oldest first. */
async function readRecent(
  facts: FactStore,
  advertiserId: string,
  view: FeedView,
  limit: number,
): Promise<Omit<LiveEvent, 'seq'>[]> {
  const table = view === 'test' ? FACT_TABLES.testEvents : FACT_TABLES.pixelEvents;
  const p = facts.dialect.placeholder(1, advertiserId);
  const rows = await facts.query({
    text: `SELECT pixel_code, event, event_id, epoch_ms(event_time) AS event_ms,
        epoch_ms(received_at) AS received_ms, source, ttclid, ttp, page_url, value_micros, currency, order_id,
        ip, user_agent, user_data, properties${view === 'test' ? ', test_event_code' : ''}
      FROM ${table} WHERE advertiser_id = ${p}
      ORDER BY received_at DESC LIMIT ${Math.floor(limit)}`,
    values: [advertiserId],
  });
  return rows.reverse().map((r) => ({
    pixel_code: String(r.pixel_code),
    event: String(r.event),
    event_id: String(r.event_id),
    event_time: new Date(Number(r.event_ms)).toISOString(),
    received_at: new Date(Number(r.received_ms)).toISOString(),
    source: r.source === 'browser' ? 'browser' : 'server',
    outcome: view === 'test' ? 'test' : 'counted',
    test_event_code: view === 'test' ? textOrNull(r.test_event_code) : null,
    ttclid: textOrNull(r.ttclid),
    ttp: textOrNull(r.ttp),
    page_url: textOrNull(r.page_url),
    value_micros: r.value_micros === null || r.value_micros === undefined ? null : Number(r.value_micros),
    currency: textOrNull(r.currency),
    order_id: textOrNull(r.order_id),
    ip: textOrNull(r.ip),
    user_agent: textOrNull(r.user_agent),
    user_data: parseJson(r.user_data) ?? {},
    properties: parseJson(r.properties),
  }));
}

const feeds = new WeakMap<EventIngest, LiveFeed>();

/** The feed of this ingestion, created (and attached) on first use. */
export function liveFeedOf(ctx: { facts: FactStore; events: EventIngest }): LiveFeed {
  let feed = feeds.get(ctx.events);
  if (!feed) {
    feed = new LiveFeed(ctx.facts);
    feed.attach(ctx.events);
    feeds.set(ctx.events, feed);
  }
  return feed;
}
