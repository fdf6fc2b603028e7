// A fresh installation starts with the demo advertiser; every start brings each sandbox advertiser's
// simulation up to the current hour.
import { listAdvertisers } from '../../catalog/advertisers.ts';
import type { CatalogDb } from '../../catalog/db.ts';
import { localToday } from '../../core/timezone.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { demoScenario } from './demo.ts';
import { listSandboxAdvertisers } from './sandbox-run.ts';
import { seedScenario } from './seed-scenario.ts';
import { simulateUntil } from './simulate.ts';

export async function seedDemo(
  catalog: CatalogDb,
  facts: FactStore,
  options: { seed: number; historyDays: number; now?: number; until?: number },
): Promise<string> {
  const now = options.now ?? Date.now();
  const scenario = demoScenario({
    seed: options.seed,
    historyDays: options.historyDays,
    today: localToday('America/New_York', now),
  });
  const advertiserId = await seedScenario(catalog, facts, scenario);
  await simulateUntil(catalog, facts, advertiserId, options.until ?? now);
  return advertiserId;
}

/** Seeds the demo when the catalog holds no advertiser at all; returns whether it did. */
export async function seedDemoIfEmpty(
  catalog: CatalogDb,
  facts: FactStore,
  options: { seed: number; historyDays: number },
): Promise<boolean> {
  if ((await listAdvertisers(catalog)).length > 0) return false;
  await seedDemo(catalog, facts, options);
  return true;
}

export async function catchUpSandboxes(
  catalog: CatalogDb,
  facts: FactStore,
  now: number = Date.now(),
): Promise<void> {
  for (const advertiserId of await listSandboxAdvertisers(catalog)) {
    await simulateUntil(catalog, facts, advertiserId, now);
  }
}
