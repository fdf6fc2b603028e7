// The live feed on a real warehouse: bounded per advertiser and view, a backlog read back from the
// warehouse and merged with what arrived meanwhile, resuming after a Last-Event-ID, filters.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../shared/pixels-api.ts';
import { openDuckDbStore } from '../../warehouse/duckdb/store.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { emptyBatch } from '../../warehouse/schema.ts';
import type { StoredEvent } from './ingest.ts';
import { LiveFeed } from './live-feed.ts';
import type { EventsRecord, NormalisedEvent } from './normalised-event.ts';

const stores: { facts: FactStore; dir: string }[] = [];
afterEach(async () => {
  for (const { facts, dir } of stores.splice(0)) {
    await facts.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function warehouse(): Promise<FactStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-feed-'));
  const facts = await openDuckDbStore(path.join(dir, 'warehouse.duckdb'));
  stores.push({ facts, dir });
  return facts;
}

const T0 = Date.UTC(2026, 10, 22, 9);

function stored(
  id: string,
  options: {
    at?: number;
    source?: 'browser' | 'server';
    outcome?: StoredEvent['outcome'];
    advertiser?: string;
  } = {},
): StoredEvent {
  const event: NormalisedEvent = {
    event: id.startsWith('p') ? 'Purchase' : 'ViewContent',
    event_id: id,
    event_time: options.at ?? T0,
    ttclid: null,
    ttp: null,
    ip: null,
    user_agent: null,
    page_url: 'https://shop.example/',
    user_data: {},
    properties: null,
    value_micros: null,
    currency: null,
    order_id: null,
  };
  const record: EventsRecord = {
    advertiser_id: options.advertiser ?? 'adv',
    pixel_code: 'CPIXEL',
    received_at: options.at ?? T0,
    source: options.source ?? 'server',
    event_source: 'web',
    test_event_code: options.outcome === 'test' ? 'TEST1' : null,
    events: [event],
  };
  return { record, event, outcome: options.outcome ?? 'counted' };
}

async function watchOnce(feed: LiveFeed, lastId: string | null = null, filter = {}) {
  const messages: { reset: boolean; events: LiveEvent[] }[] = [];
  const stop = await feed.watch('adv', 'live', filter, lastId, (m) => messages.push(m));
  return { messages, stop };
}

describe('LiveFeed', () => {
  it('keeps only the newest events per advertiser and view, and test events apart', async () => {
    const feed = new LiveFeed(await warehouse(), 3);
    feed.publish(['v1', 'v2', 'v3', 'v4', 'v5'].map((id, i) => stored(id, { at: T0 + i })));
    feed.publish([stored('t1', { outcome: 'test' }), stored('other', { advertiser: 'adv2' })]);
    const { messages } = await watchOnce(feed);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.reset).toBe(true);
    expect(messages[0]!.events.map((e) => e.event_id)).toEqual(['v3', 'v4', 'v5']);
    expect((await feed.recent('adv', 'test')).map((e) => e.event_id)).toEqual(['t1']);
  });

  it('reads its backlog from the warehouse once, merged with what arrived meanwhile, without repeats', async () => {
    const facts = await warehouse();
    const batch = emptyBatch();
    for (const [id, at] of [
      ['old-1', T0 - 2000],
      ['old-2', T0 - 1000],
    ] as const) {
      const s = stored(id, { at });
      batch.pixelEvents.push({
        advertiser_id: 'adv',
        pixel_code: 'CPIXEL',
        event_id: id,
        event: s.event.event,
        event_time: new Date(at),
        received_at: new Date(at),
        source: 'browser',
        ttclid: null,
        ttp: null,
        page_url: null,
        value_micros: null,
        currency: null,
        order_id: null,
        user_data: '{"email":["x"]}',
        properties: '{"value":1}',
      });
    }
    await facts.append(batch);
    const feed = new LiveFeed(facts, 10);
    // Stored and published before anyone watched: in the warehouse and in the ring.
    feed.publish([stored('old-2', { at: T0 - 1000, source: 'browser' }), stored('new-1', { at: T0 })]);
    const { messages } = await watchOnce(feed);
    const backlog = messages[0]!.events;
    expect(backlog.map((e) => e.event_id)).toEqual(['old-1', 'old-2', 'new-1']);
    expect(backlog[0]).toMatchObject({ outcome: 'counted', source: 'browser', user_data: { email: ['x'] } });
    expect(backlog.map((e) => e.seq)).toEqual([...backlog.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('sends a page that comes back only what it missed, and starts over for an id it does not know', async () => {
    const feed = new LiveFeed(await warehouse(), 10);
    feed.publish([stored('v1'), stored('v2')]);
    const first = await watchOnce(feed);
    const lastSeq = first.messages[0]!.events.at(-1)!.seq;
    first.stop();
    feed.publish([stored('v3', { at: T0 + 5 })]);
    const resumed = await watchOnce(feed, feed.idOf(lastSeq));
    expect(resumed.messages).toEqual([
      { reset: false, events: [expect.objectContaining({ event_id: 'v3' })] },
    ]);
    const restarted = await watchOnce(feed, `another-boot:${lastSeq}`);
    expect(restarted.messages[0]!.reset).toBe(true);
    expect(restarted.messages[0]!.events.map((e) => e.event_id)).toEqual(['v1', 'v2', 'v3']);
  });

  it('sends each watcher the new events that match its filter, until it stops', async () => {
    const feed = new LiveFeed(await warehouse(), 10);
    const browserOnly = await watchOnce(feed, null, { source: 'browser' });
    const purchases = await watchOnce(feed, null, { event: 'Purchase' });
    feed.publish([stored('v1', { source: 'browser' }), stored('p1', { source: 'server' })]);
    expect(browserOnly.messages.slice(1).flatMap((m) => m.events.map((e) => e.event_id))).toEqual(['v1']);
    expect(purchases.messages.slice(1).flatMap((m) => m.events.map((e) => e.event_id))).toEqual(['p1']);
    expect(feed.watchers()).toBe(2);
    browserOnly.stop();
    purchases.stop();
    expect(feed.watchers()).toBe(0);
    feed.publish([stored('v2', { source: 'browser' })]);
    expect(browserOnly.messages.slice(1).flatMap((m) => m.events.map((e) => e.event_id))).toEqual(['v1']);
  });
});
