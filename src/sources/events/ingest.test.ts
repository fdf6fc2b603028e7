import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../warehouse/duckdb/store.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { EventIngest, IngestBusyError, JOURNAL_NAME } from './ingest.ts';
import { Journal } from './journal.ts';
import type { EventsRecord, NormalisedEvent } from './normalised-event.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-'));
  dirs.push(dir);
  return dir;
};

const PIXEL = { advertiser_id: 'adv1', pixel_code: 'CPIXEL00000000000001' };
const event = (id: string, name = 'Purchase', extra: Partial<NormalisedEvent> = {}): NormalisedEvent => ({
  event: name,
  event_id: id,
  event_time: Date.UTC(2026, 10, 20, 12),
  ttclid: null,
  ttp: null,
  ip: null,
  user_agent: null,
  page_url: 'https://shop.example/thanks',
  user_data: {},
  properties: { value: 10, currency: 'EUR' },
  value_micros: 10_000_000,
  currency: 'EUR',
  order_id: null,
  ...extra,
});

async function open(dir: string, options: Partial<Parameters<typeof EventIngest.open>[0]> = {}) {
  const facts = await openDuckDbStore(path.join(dir, 'warehouse.duckdb'));
  const ingest = await EventIngest.open({ dataDir: dir, facts, ...options });
  return { facts, ingest };
}

async function rows(facts: FactStore, table: string): Promise<Record<string, unknown>[]> {
  return facts.query({ text: `SELECT * FROM ${table} ORDER BY received_at, event_id`, values: [] });
}

describe('EventIngest', () => {
  it('stores accepted events in the warehouse, with their Events API fields', async () => {
    const dir = tempDir();
    const { facts, ingest } = await open(dir);
    await ingest.ingestEvents(PIXEL, [
      event('o-1', 'Purchase', { ip: '203.0.113.1', user_data: { email: ['ab'.repeat(32)] } }),
      event('', 'customThing'),
    ]);
    await ingest.drained();
    const stored = await rows(facts, 'pixel_events');
    expect(stored.map((r) => [r.event_id, r.event, r.source, r.event_source])).toEqual(
      [
        ['', 'customThing', 'server', 'web'],
        ['o-1', 'Purchase', 'server', 'web'],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const purchase = stored.find((r) => r.event_id === 'o-1')!;
    expect(purchase.ip).toBe('203.0.113.1');
    expect(JSON.parse(String(purchase.user_data))).toEqual({ email: ['ab'.repeat(32)] });
    expect(Number(purchase.value_micros)).toBe(10_000_000);
    expect(ingest.lastAccepted(PIXEL.pixel_code)).not.toBeNull();
    await ingest.close();
    await facts.close();
  });

  it('counts a browser and a server copy of one purchase once, and keeps the copy as a duplicate', async () => {
    const dir = tempDir();
    const now = Date.UTC(2026, 10, 22, 8);
    const { facts, ingest } = await open(dir, { now: () => now });
    await ingest.ingestEvents(PIXEL, [event('order-9')], { source: 'browser', receivedAt: now - 60_000 });
    await ingest.ingestEvents(PIXEL, [event('order-9')], { source: 'server', receivedAt: now });
    // Another event name with the same id is another event.
    await ingest.ingestEvents(PIXEL, [event('order-9', 'AddToCart')], { receivedAt: now });
    await ingest.drained();
    const counted = await rows(facts, 'pixel_events');
    expect(counted.map((r) => [r.event, r.source])).toEqual([
      ['Purchase', 'browser'],
      ['AddToCart', 'server'],
    ]);
    const dups = await rows(facts, 'pixel_event_duplicates');
    expect(dups.map((r) => [r.event_id, r.source])).toEqual([['order-9', 'server']]);
    await ingest.close();
    await facts.close();
  });

  it('tells listeners each stored event with its outcome, after the batch is in the warehouse', async () => {
    const dir = tempDir();
    const errors: unknown[] = [];
    const { facts, ingest } = await open(dir, { onError: (e) => errors.push(e) });
    const told: [string, string, string][] = [];
    const stop = ingest.onStored((events) => {
      for (const e of events) told.push([e.event.event_id, e.record.source, e.outcome]);
    });
    // A listener that throws does not stop the flusher or the other listeners.
    const broken = ingest.onStored(() => {
      throw new Error('listener failed');
    });
    await ingest.ingestEvents(PIXEL, [event('o-1')], { source: 'browser' });
    await ingest.ingestEvents(PIXEL, [event('o-1')], { source: 'server' });
    await ingest.ingestEvents(PIXEL, [event('t-1')], { testEventCode: 'TEST1' });
    await ingest.drained();
    expect(told).toEqual([
      ['o-1', 'browser', 'counted'],
      ['o-1', 'server', 'duplicate'],
      ['t-1', 'server', 'test'],
    ]);
    expect(errors.length).toBeGreaterThan(0);
    broken();
    stop();
    await ingest.ingestEvents(PIXEL, [event('o-2')]);
    await ingest.drained();
    expect(told.length).toBe(3);
    expect((await rows(facts, 'pixel_events')).length).toBe(2);
    await ingest.close();
    await facts.close();
  });

  it('counts a copy arriving after the 48-hour window again, also across a restart', async () => {
    const dir = tempDir();
    let now = Date.UTC(2026, 10, 20, 8);
    const first = await open(dir, { now: () => now });
    await first.ingest.ingestEvents(PIXEL, [event('late')], { receivedAt: now });
    await first.ingest.close();
    await first.facts.close();

    now += 47 * 3600_000;
    const second = await open(dir, { now: () => now });
    await second.ingest.ingestEvents(PIXEL, [event('late')], { receivedAt: now });
    await second.ingest.drained();
    expect((await rows(second.facts, 'pixel_events')).length).toBe(1);
    now += 2 * 3600_000;
    await second.ingest.ingestEvents(PIXEL, [event('late')], { receivedAt: now });
    await second.ingest.drained();
    expect((await rows(second.facts, 'pixel_events')).length).toBe(2);
    await second.ingest.close();
    await second.facts.close();
  });

  it('sends test events to the test view only, without deduplicating or counting them', async () => {
    const dir = tempDir();
    const { facts, ingest } = await open(dir);
    await ingest.ingestEvents(PIXEL, [event('t-1'), event('t-1')], { testEventCode: 'TEST123' });
    await ingest.drained();
    expect(await rows(facts, 'pixel_events')).toEqual([]);
    const tests = await rows(facts, 'pixel_test_events');
    expect(tests.map((r) => [r.event_id, r.test_event_code])).toEqual([
      ['t-1', 'TEST123'],
      ['t-1', 'TEST123'],
    ]);
    expect(ingest.lastAccepted(PIXEL.pixel_code)).toBeNull();
    await ingest.close();
    await facts.close();
  });

  it('stores, at open, journal records the warehouse lacks — exactly once, however often it is reopened', async () => {
    const dir = tempDir();
    // Records acknowledged by a process that died before its flusher ran: in the journal only.
    const facts0 = await openDuckDbStore(path.join(dir, 'warehouse.duckdb'));
    await facts0.close();
    const { journal } = await Journal.open(path.join(dir, 'journal'), JOURNAL_NAME, null, () => {});
    for (let i = 0; i < 3; i++) {
      const record: EventsRecord = {
        ...PIXEL,
        received_at: Date.now(),
        source: 'server',
        event_source: 'web',
        test_event_code: null,
        events: [event(`r-${i}`), event(`r-${i}-b`)],
      };
      await journal.append(Buffer.from(JSON.stringify(record)), null);
    }
    await journal.close();

    for (let round = 0; round < 3; round++) {
      const { facts, ingest } = await open(dir);
      expect((await rows(facts, 'pixel_events')).length).toBe(6);
      expect(ingest.stats().replayedRecordsAtOpen).toBe(round === 0 ? 3 : 0);
      await ingest.close();
      await facts.close();
    }
  });

  it('turns requests away when more than the bound waits for the warehouse, and takes them again later', async () => {
    const dir = tempDir();
    const { facts, ingest } = await open(dir, { maxUnflushedBytes: 2000 });
    const many = Array.from({ length: 20 }, (_, i) => ingest.ingestEvents(PIXEL, [event(`b-${i}`)]));
    const results = await Promise.allSettled(many);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(IngestBusyError);
      expect(
        ((r as PromiseRejectedResult).reason as IngestBusyError).retryAfterSeconds,
      ).toBeGreaterThanOrEqual(1);
    }
    await ingest.drained();
    await ingest.ingestEvents(PIXEL, [event('after')]);
    await ingest.drained();
    const accepted = results.filter((r) => r.status === 'fulfilled').length;
    expect((await rows(facts, 'pixel_events')).length).toBe(accepted + 1);
    await ingest.close();
    await facts.close();
  });
});
