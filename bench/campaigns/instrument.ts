// Timing from the outside: the catalog and the fact store the app is built on are thin wrappers that time
// every call by kind, so the code under test runs unchanged. Calls overlap (the listing runs its queries
// with Promise.all), so each kind counts the wall time during which at least one of its calls was pending,
// and `any` the time during which any call was; a request's wall time minus `any` is JavaScript on the
// main thread (routing, validation, statuses, shaping, JSON) with nothing of ours pending.
import type { AppContext } from '../../src/app-context.ts';
import type { CatalogDb, Queryable, SqlParam } from '../../src/catalog/db.ts';
import { type FactStore, overriddenStore } from '../../src/warehouse/fact-store.ts';

export type Kind = 'warehouse' | 'catalog: structure' | 'catalog: session, user, advertiser';
export const KINDS: readonly Kind[] = [
  'warehouse',
  'catalog: structure',
  'catalog: session, user, advertiser',
];

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

/** Totals since the meter was made or last reset; read them only while no call is pending. */
export class Meter {
  readonly kinds = new Map<Kind, Span>(KINDS.map((k) => [k, new Span()]));
  any = new Span();
  /** Calls and time per statement (its first words), to see which reads repeat. */
  readonly statements = new Map<string, { kind: Kind; calls: number; ms: number }>();

  reset(): void {
    for (const k of KINDS) this.kinds.set(k, new Span());
    this.any = new Span();
    this.statements.clear();
  }

  async time<T>(kind: Kind, statement: string, call: () => Promise<T>): Promise<T> {
    const span = this.kinds.get(kind)!;
    const start = performance.now();
    span.enter(start);
    this.any.enter(start);
    try {
      return await call();
    } finally {
      const end = performance.now();
      span.leave(end);
      this.any.leave(end);
      const s = this.statements.get(statement) ?? { kind, calls: 0, ms: 0 };
      s.calls++;
      s.ms += end - start;
      this.statements.set(statement, s);
    }
  }
}

const STRUCTURE = /\bfrom (campaigns|adgroups|ads)\b/i;
const statementOf = (sql: string): string => sql.replace(/\s+/g, ' ').trim().slice(0, 80);

function timedQueryable(meter: Meter, db: Queryable): Queryable {
  return {
    query: <T>(text: string, params?: SqlParam[]) =>
      meter.time(
        STRUCTURE.test(text) ? 'catalog: structure' : 'catalog: session, user, advertiser',
        statementOf(text),
        () => db.query<T>(text, params),
      ),
  };
}

function timedCatalog(meter: Meter, catalog: CatalogDb): CatalogDb {
  return {
    engine: catalog.engine,
    ...timedQueryable(meter, catalog),
    transaction: (fn) => catalog.transaction((tx) => fn(timedQueryable(meter, tx))),
    close: () => catalog.close(),
  };
}

function timedFacts(meter: Meter, facts: FactStore): FactStore {
  return overriddenStore(facts, {
    watermark: (advertiserId, source) =>
      meter.time('warehouse', 'watermark', () => facts.watermark(advertiserId, source)),
    query: (sql) => meter.time('warehouse', statementOf(sql.text), () => facts.query(sql)),
  });
}

/** The same context with its catalog and warehouse timed by `meter` (closing it closes the original). */
export function timedContext(meter: Meter, ctx: AppContext): AppContext {
  return { ...ctx, catalog: timedCatalog(meter, ctx.catalog), facts: timedFacts(meter, ctx.facts) };
}
