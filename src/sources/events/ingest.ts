// The Events API's ingestion: an accepted request is one journal record, durable before it is answered;
// a background flusher moves records into the warehouse in batches, storing with each batch how far into
// the journal it has written (same transaction), so a restart replays exactly what is not yet stored.
// Deduplication — TikTok's (pixel, event, event_id) within 48 hours — is decided by the flusher, the one
// writer, in journal order, so a replay decides the same way. When writes fall behind, requests are turned
// away (back-pressure) instead of piling up in memory.
import path from 'node:path';
import type { FactStore } from '../../warehouse/fact-store.ts';
import type {
  DuplicatePixelEvent,
  FactBatch,
  JournalPosition,
  PixelEvent,
  TestPixelEvent,
} from '../../warehouse/schema.ts';
import { emptyBatch } from '../../warehouse/schema.ts';
import { DedupIndex, DEDUP_WINDOW_MS } from './dedup-index.ts';
import { Journal } from './journal.ts';
import { loadDedupKeys, storedJournalPosition } from './warehouse-reads.ts';
import type { EventsRecord, NormalisedEvent } from './normalised-event.ts';

export const JOURNAL_NAME = 'events';

export interface IngestOptions {
  /** Where the journal lives: `<dataDir>/journal`. */
  dataDir: string;
  facts: FactStore;
  /** Journal bytes accepted but not yet in the warehouse above which requests are refused (429). */
  maxUnflushedBytes?: number;
  /** Events per warehouse transaction, at most (a record is never split). */
  maxEventsPerFlush?: number;
  /** A journal segment is replaced by a fresh one once it is all stored and larger than this. */
  segmentBytes?: number;
  dedupWindowMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** Writes are behind: the caller should answer 429 and retry after `retryAfterSeconds`. */
export class IngestBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many events are waiting to be written; retry shortly.');
    this.name = 'IngestBusyError';
  }
}

interface Queued {
  record: EventsRecord;
  end: JournalPosition;
  bytes: number;
}

/** How the flusher decided an event: counted, a copy of one already counted, or a test event. */
export type EventOutcome = 'counted' | 'duplicate' | 'test';

/** One event as just written to the warehouse, for listeners such as the live feed. */
export interface StoredEvent {
  record: EventsRecord;
  event: NormalisedEvent;
  outcome: EventOutcome;
}

export interface IngestStats {
  /** Journal bytes accepted and not yet stored in the warehouse. */
  unflushedBytes: number;
  queuedRecords: number;
  storedPosition: JournalPosition | null;
  /** Bytes of a torn journal tail cut off at the last open. */
  tornBytesAtOpen: number;
  replayedRecordsAtOpen: number;
}

export class EventIngest {
  private queue: Queued[] = [];
  private reservedBytes = 0;
  private stored: JournalPosition | null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();
  private readonly lastReceived = new Map<string, number>();
  /** Recent flush throughput, for Retry-After. */
  private bytesPerSecond = 1_000_000;
  private journal!: Journal<{ record: EventsRecord; bytes: number }>;
  private tornBytes = 0;
  private replayed = 0;
  private readonly maxUnflushedBytes: number;
  private readonly maxEventsPerFlush: number;
  private readonly segmentBytes: number;
  private readonly now: () => number;
  private readonly listeners = new Set<(events: StoredEvent[]) => void>();

  private constructor(
    private readonly options: IngestOptions,
    private readonly dedup: DedupIndex,
    stored: JournalPosition | null,
  ) {
    this.stored = stored;
    this.maxUnflushedBytes = options.maxUnflushedBytes ?? 64 * 1024 * 1024;
    this.maxEventsPerFlush = options.maxEventsPerFlush ?? 5_000;
    this.segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /**
   * Opens the journal, writes into the warehouse every record it holds that the warehouse does not (a
   * crash's leftovers), then starts the background flusher.
   */
  static async open(options: IngestOptions): Promise<EventIngest> {
    const now = options.now ?? Date.now;
    const window = options.dedupWindowMs ?? DEDUP_WINDOW_MS;
    const stored = await storedJournalPosition(options.facts, JOURNAL_NAME);
    const dedup = new DedupIndex(window);
    for (const key of await loadDedupKeys(options.facts, now() - window)) {
      dedup.remember(key.pixel_code, key.event, key.event_id, key.first_received_at);
    }
    const ingest = new EventIngest(options, dedup, stored);
    const opened = await Journal.open<{ record: EventsRecord; bytes: number }>(
      path.join(options.dataDir, 'journal'),
      JOURNAL_NAME,
      stored,
      (tag, end) => ingest.enqueue(tag.record, end, tag.bytes),
    );
    ingest.journal = opened.journal;
    ingest.tornBytes = opened.tornBytes;
    ingest.replayed = opened.replay.length;
    for (const r of opened.replay) {
      const record = JSON.parse(r.payload.toString('utf8')) as EventsRecord;
      ingest.reservedBytes += r.payload.length;
      ingest.enqueue(record, r.end, r.payload.length);
    }
    // Leftovers are stored before anyone reads the warehouse through this context.
    while (ingest.queue.length > 0) await ingest.flushOnce();
    ingest.loop = ingest.run();
    return ingest;
  }

  /**
   * Accepts a request's events: resolves once they are durable (in the journal, fsync'ed). Throws
   * IngestBusyError when too much is waiting for the warehouse.
   */
  async ingest(record: EventsRecord): Promise<void> {
    if (this.stopping) throw new IngestBusyError(1);
    const payload = Buffer.from(JSON.stringify(record), 'utf8');
    if (this.reservedBytes > 0 && this.reservedBytes + payload.length > this.maxUnflushedBytes) {
      throw new IngestBusyError(this.retryAfterSeconds());
    }
    this.reservedBytes += payload.length;
    try {
      await this.journal.append(payload, { record, bytes: payload.length });
    } catch (error) {
      this.reservedBytes -= payload.length;
      throw error;
    }
  }

  /** In-process senders (the sandbox's shop, imports) use this: the same path as the Events API. */
  ingestEvents(
    pixel: { advertiser_id: string; pixel_code: string },
    events: NormalisedEvent[],
    options: {
      source?: 'browser' | 'server';
      eventSource?: string;
      testEventCode?: string | null;
      receivedAt?: number;
    } = {},
  ): Promise<void> {
    return this.ingest({
      advertiser_id: pixel.advertiser_id,
      pixel_code: pixel.pixel_code,
      received_at: options.receivedAt ?? this.now(),
      source: options.source ?? 'server',
      event_source: options.eventSource ?? 'web',
      test_event_code: options.testEventCode ?? null,
      events,
    });
  }

  /** When each pixel last had a counted event accepted by this process (stored or not yet). */
  lastAccepted(pixelCode: string): Date | null {
    const at = this.lastReceived.get(pixelCode);
    return at === undefined ? null : new Date(at);
  }

  /**
   * Calls `listener` after each batch is in the warehouse, with every event of it and its dedup outcome,
   * in journal order. A listener's failure is reported to onError and never stops the flusher.
   */
  onStored(listener: (events: StoredEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): IngestStats {
    return {
      unflushedBytes: this.reservedBytes,
      queuedRecords: this.queue.length,
      storedPosition: this.stored,
      tornBytesAtOpen: this.tornBytes,
      replayedRecordsAtOpen: this.replayed,
    };
  }

  /** Resolves once everything accepted before the call is in the warehouse. */
  async drained(): Promise<void> {
    const target = this.journal.end;
    while (this.stored === null || before(this.stored, target)) {
      if (this.queue.length === 0 && this.reservedBytes === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Stops taking events, stores what is queued (one attempt; the journal keeps the rest), closes. */
  async close(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.journal.close();
  }

  private enqueue(record: EventsRecord, end: JournalPosition, bytes: number): void {
    this.queue.push({ record, end, bytes });
    if (record.test_event_code === null && record.events.length > 0) {
      const previous = this.lastReceived.get(record.pixel_code) ?? 0;
      if (record.received_at > previous) this.lastReceived.set(record.pixel_code, record.received_at);
    }
    this.wake?.();
  }

  private retryAfterSeconds(): number {
    return Math.min(60, Math.max(1, Math.ceil(this.reservedBytes / this.bytesPerSecond)));
  }

  private async run(): Promise<void> {
    let failures = 0;
    for (;;) {
      if (this.queue.length === 0) {
        if (this.stopping) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      try {
        await this.flushOnce();
        failures = 0;
      } catch (error) {
        this.options.onError?.(error);
        if (this.stopping) return;
        // The records stay queued and in the journal; try again, more slowly each time.
        failures++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 50 * 2 ** failures)));
      }
    }
  }

  /** Writes the next batch of queued records into the warehouse with the journal position they reach. */
  private async flushOnce(): Promise<void> {
    let take = 0;
    let events = 0;
    while (take < this.queue.length && (take === 0 || events < this.maxEventsPerFlush)) {
      events += this.queue[take]!.record.events.length;
      take++;
    }
    const items = this.queue.slice(0, take);
    const started = this.now();
    const { batch, remember, stored } = this.buildBatch(items);
    batch.journalPosition = items.at(-1)!.end;
    await this.options.facts.append(batch);
    // Only now do the dedup decisions count: a failed append is retried with the same decisions.
    remember();
    this.tell(stored);
    this.queue.splice(0, take);
    const bytes = items.reduce((sum, item) => sum + item.bytes, 0);
    this.reservedBytes -= bytes;
    this.stored = batch.journalPosition;
    const seconds = Math.max(0.001, (this.now() - started) / 1000);
    this.bytesPerSecond = Math.max(100_000, 0.8 * this.bytesPerSecond + 0.2 * (bytes / seconds));
    if (this.queue.length === 0) await this.journal.rotateIfStored(this.stored, this.segmentBytes);
  }

  private tell(stored: StoredEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(stored);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private buildBatch(items: Queued[]): {
    batch: FactBatch;
    remember: () => void;
    stored: StoredEvent[];
  } {
    const batch = emptyBatch();
    const stored: StoredEvent[] = [];
    const tests: TestPixelEvent[] = [];
    const duplicates: DuplicatePixelEvent[] = [];
    const seen = this.dedup.overlay();
    for (const { record } of items) {
      const receivedAt = new Date(record.received_at);
      for (const event of record.events) {
        const row = toPixelEvent(record, event, receivedAt);
        if (record.test_event_code !== null) {
          tests.push({ ...row, test_event_code: record.test_event_code });
          stored.push({ record, event, outcome: 'test' });
          continue;
        }
        const first =
          event.event_id === ''
            ? null
            : seen.firstWithin(record.pixel_code, event.event, event.event_id, record.received_at);
        if (first !== null) {
          duplicates.push({
            advertiser_id: record.advertiser_id,
            pixel_code: record.pixel_code,
            event_id: event.event_id,
            event: event.event,
            source: record.source,
            received_at: receivedAt,
            first_received_at: new Date(first),
          });
          stored.push({ record, event, outcome: 'duplicate' });
          continue;
        }
        if (event.event_id !== '') {
          seen.remember(record.pixel_code, event.event, event.event_id, record.received_at);
        }
        batch.pixelEvents.push(row);
        stored.push({ record, event, outcome: 'counted' });
      }
    }
    batch.testEvents = tests;
    batch.duplicateEvents = duplicates;
    return { batch, remember: () => seen.commit(this.now()), stored };
  }
}

const before = (a: JournalPosition, b: JournalPosition): boolean =>
  a.segment < b.segment || (a.segment === b.segment && a.offset < b.offset);

function toPixelEvent(record: EventsRecord, e: NormalisedEvent, receivedAt: Date): PixelEvent {
  return {
    advertiser_id: record.advertiser_id,
    pixel_code: record.pixel_code,
    event_id: e.event_id,
    event: e.event,
    event_time: new Date(e.event_time),
    received_at: receivedAt,
    source: record.source,
    ttclid: e.ttclid,
    ttp: e.ttp,
    page_url: e.page_url,
    value_micros: e.value_micros,
    currency: e.currency,
    order_id: e.order_id,
    event_source: record.event_source,
    ip: e.ip,
    user_agent: e.user_agent,
    user_data: JSON.stringify(e.user_data),
    properties: e.properties === null ? null : JSON.stringify(e.properties),
  };
}
