// Timing from the outside: the catalog and the fact store handed to the simulation are thin wrappers that
// time every call, so the code under test runs unchanged. Calls can overlap (the simulation reads the
// catalog and the warehouse with Promise.all), so each category counts the wall time during which at least
// one of its calls was pending, and `io` the time during which any call was. Node runs JavaScript on one
// thread, so the rest of the simulation's wall time is its own computation.
import { performance } from 'node:perf_hooks';
import type { CatalogDb, Queryable, SqlParam } from '../../src/catalog/db.ts';
import { type FactStore, overriddenStore } from '../../src/warehouse/fact-store.ts';
import type { FactBatch } from '../../src/warehouse/schema.ts';

export type Category =
  'warehouse writes' | 'ad key registration' | 'warehouse reads' | 'catalog reads' | 'catalog writes';

class Span {
  ms = 0;
  calls = 0;
  private pending = 0;
  private since = 0;
  enter(now: number): void {
    this.calls++;
    if (this.pending++ === 0) this.since = now;
  }
  leave(now: number): void {
    if (--this.pending === 0) this.ms += now - this.since;
  }
}

/** One append call: its rows and how long it took. */
export interface AppendRecord {
  hourly: number;
  audience: number;
  reach: number;
  /** performance.now() when the call began. */
  start: number;
  ms: number;
  /**
   * How long the main thread was idle while the call was pending: waiting for DuckDB. The simulation
   * goes on with the next day while a day is written, so the rest of `ms` is the main thread's work
   * (staging the rows, and simulating).
   */
  idleMs: number;
}

export class Meter {
  readonly spans = new Map<Category, Span>();
  readonly io = new Span();
  readonly appends: AppendRecord[] = [];

  async time<T>(category: Category, call: () => Promise<T>): Promise<T> {
    let span = this.spans.get(category);
    if (!span) this.spans.set(category, (span = new Span()));
    const start = performance.now();
    span.enter(start);
    this.io.enter(start);
    try {
      return await call();
    } finally {
      const end = performance.now();
      span.leave(end);
      this.io.leave(end);
    }
  }

  ms(category: Category): number {
    return this.spans.get(category)?.ms ?? 0;
  }

  calls(category: Category): number {
    return this.spans.get(category)?.calls ?? 0;
  }
}

const isRead = (sql: string): boolean => /^\s*(select|with)\b/i.test(sql);

function timedQueryable(meter: Meter, db: Queryable): Queryable {
  return {
    query: <T>(text: string, params?: SqlParam[]) =>
      meter.time(isRead(text) ? 'catalog reads' : 'catalog writes', () => db.query<T>(text, params)),
  };
}

export function timedCatalog(meter: Meter, catalog: CatalogDb): CatalogDb {
  return {
    engine: catalog.engine,
    ...timedQueryable(meter, catalog),
    // Queries inside a transaction are timed one by one; the transaction's own begin/commit is a write.
    transaction: (fn) =>
      meter.time('catalog writes', () => catalog.transaction((tx) => fn(timedQueryable(meter, tx)))),
    close: () => catalog.close(),
  };
}

export function timedFacts(meter: Meter, facts: FactStore): FactStore {
  return overriddenStore(facts, {
    adKeys: (ads) => meter.time('ad key registration', () => facts.adKeys(ads)),
    async append(batch: FactBatch) {
      const start = performance.now();
      const loop = performance.eventLoopUtilization();
      await meter.time('warehouse writes', () => facts.append(batch));
      meter.appends.push({
        hourly: batch.hourly.length,
        audience: batch.audience.length,
        reach: batch.reach.length,
        start,
        ms: performance.now() - start,
        idleMs: performance.eventLoopUtilization(loop).idle,
      });
    },
    deleteFacts: (advertiserId) => meter.time('warehouse writes', () => facts.deleteFacts(advertiserId)),
    watermark: (advertiserId, source) =>
      meter.time('warehouse reads', () => facts.watermark(advertiserId, source)),
    query: (sql) => meter.time('warehouse reads', () => facts.query(sql)),
    exportQuery: (sql, format, file) =>
      meter.time('warehouse reads', () => facts.exportQuery(sql, format, file)),
  });
}
