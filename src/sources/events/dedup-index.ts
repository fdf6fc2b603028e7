// The recent (pixel, event, event_id) keys and when their first copy arrived, for TikTok's deduplication:
// a copy arriving within the window of the first is a duplicate; after it, the event counts again.

/** TikTok deduplicates pixel and server copies of one event within 48 hours. */
export const DEDUP_WINDOW_MS = 48 * 3600_000;
const PRUNE_EVERY_MS = 10 * 60_000;

const keyOf = (pixelCode: string, event: string, eventId: string): string =>
  `${pixelCode}\u0000${event}\u0000${eventId}`;

export class DedupIndex {
  private readonly firstSeen = new Map<string, number>();
  private prunedAt = 0;

  constructor(readonly windowMs: number = DEDUP_WINDOW_MS) {}

  get size(): number {
    return this.firstSeen.size;
  }

  remember(pixelCode: string, event: string, eventId: string, at: number): void {
    this.firstSeen.set(keyOf(pixelCode, event, eventId), at);
  }

  /** A tentative view for one batch: decisions land in the index only when `commit` is called. */
  overlay(): DedupOverlay {
    return new DedupOverlay(this, this.firstSeen);
  }

  /** Called by an overlay's commit. */
  apply(added: Map<string, number>, now: number): void {
    for (const [key, at] of added) this.firstSeen.set(key, at);
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    for (const [key, at] of this.firstSeen) if (at < now - this.windowMs) this.firstSeen.delete(key);
  }
}

export class DedupOverlay {
  private readonly added = new Map<string, number>();

  constructor(
    private readonly index: DedupIndex,
    private readonly base: ReadonlyMap<string, number>,
  ) {}

  /** When the counted copy of this event arrived, if that was within the window before `at`; else null. */
  firstWithin(pixelCode: string, event: string, eventId: string, at: number): number | null {
    const key = keyOf(pixelCode, event, eventId);
    const first = this.added.get(key) ?? this.base.get(key);
    return first !== undefined && at - first < this.index.windowMs ? first : null;
  }

  remember(pixelCode: string, event: string, eventId: string, at: number): void {
    this.added.set(keyOf(pixelCode, event, eventId), at);
  }

  commit(now: number): void {
    this.index.apply(this.added, now);
  }
}
