// The sandbox's pixel, sent the way a shop's pixel is: its recent browser events go through the events
// ingestion (journal, deduplication, live feed) instead of straight into the day's facts, so the demo's
// Assets → Events screens are alive. Older history is still written with the day's facts — it is long
// past any deduplication window, and the journal would only slow a 60-day seed down (see docs/sandbox.md).
import { DEDUP_WINDOW_MS } from '../events/dedup-index.ts';
import { IngestBusyError } from '../events/ingest.ts';
import type { NormalisedEvent } from '../events/normalised-event.ts';

const HOUR_MS = 3_600_000;

/** What the sandbox needs of the events ingestion (EventIngest is one). */
export interface BrowserEventSink {
  ingestEvents(
    pixel: { advertiser_id: string; pixel_code: string },
    events: NormalisedEvent[],
    options: { source: 'browser'; receivedAt: number },
  ): Promise<void>;
}

/** Events that happen at or after `since` go through `sink`; earlier ones are written with the day's facts. */
export interface LiveEvents {
  sink: BrowserEventSink;
  since: number;
}

/** Recent events go through the sink: those within the deduplication window before the wall clock's now. */
export function liveEvents(sink: BrowserEventSink | undefined, now: number = Date.now()): LiveEvents | null {
  return sink ? { sink, since: now - DEDUP_WINDOW_MS } : null;
}

/**
 * A day's events for the sink, one request per pixel and hour (as a shop's pixel sends in the moments
 * after each event, not once a day); each arrives at its last event's time.
 */
export class LiveEventBuffer {
  private readonly groups = new Map<
    string,
    { pixelCode: string; receivedAt: number; events: NormalisedEvent[] }
  >();

  constructor(private readonly advertiserId: string) {}

  get size(): number {
    return this.groups.size;
  }

  add(pixelCode: string, event: NormalisedEvent): void {
    const hour = Math.floor(event.event_time / HOUR_MS);
    const key = `${pixelCode}|${hour}`;
    const group = this.groups.get(key);
    if (!group) this.groups.set(key, { pixelCode, receivedAt: event.event_time, events: [event] });
    else {
      group.events.push(event);
      group.receivedAt = Math.max(group.receivedAt, event.event_time);
    }
  }

  /**
   * Sends every request, resolving once all are durable. Sent together, they share the journal's disk
   * syncs. When the ingestion is behind (back-pressure) a request waits as long as it is told and tries
   * again. Event ids are the simulation's own, so a day sent again after a crash is deduplicated.
   */
  async send(sink: BrowserEventSink): Promise<void> {
    const ordered = [...this.groups.values()].sort((a, b) => a.receivedAt - b.receivedAt);
    await Promise.all(
      ordered.map(async (group) => {
        for (;;) {
          try {
            await sink.ingestEvents(
              { advertiser_id: this.advertiserId, pixel_code: group.pixelCode },
              group.events,
              { source: 'browser', receivedAt: group.receivedAt },
            );
            return;
          } catch (error) {
            if (!(error instanceof IngestBusyError)) throw error;
            await new Promise((resolve) => setTimeout(resolve, error.retryAfterSeconds * 1000));
          }
        }
      }),
    );
  }
}
