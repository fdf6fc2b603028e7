// The composition root shared by the server and the CLI: opens the catalog and the warehouse in the data
// directory (or the PostgreSQL server named by DATABASE_URL) and brings the catalog schema up to date.
import path from 'node:path';
import { type CatalogDb, openPglite, openPostgres } from './catalog/db.ts';
import { migrate } from './catalog/migrate.ts';
import type { Config } from './core/config.ts';
import { EventIngest } from './sources/events/ingest.ts';
import { openDuckDbStore } from './warehouse/duckdb/store.ts';
import type { FactStore } from './warehouse/fact-store.ts';

export interface AppContext {
  config: Config;
  catalog: CatalogDb;
  facts: FactStore;
  /** Events API ingestion: its journal replays into the warehouse on open; close stops its flusher. */
  events: EventIngest;
  close(): Promise<void>;
}

export async function openAppContext(config: Config): Promise<AppContext> {
  const facts = await openDuckDbStore(path.join(config.dataDir, 'warehouse.duckdb'));
  let catalog: CatalogDb | undefined;
  let events: EventIngest;
  try {
    catalog = config.databaseUrl
      ? await openPostgres(config.databaseUrl)
      : await openPglite(path.join(config.dataDir, 'catalog'));
    await migrate(catalog);
    events = await EventIngest.open({
      dataDir: config.dataDir,
      facts,
      onError: (error) => console.error('Storing Events API events failed; retrying:', error),
    });
  } catch (error) {
    await facts.close();
    await catalog?.close();
    throw error;
  }
  return {
    config,
    catalog,
    facts,
    events,
    async close() {
      await events.close();
      await facts.close();
      await catalog.close();
    },
  };
}
