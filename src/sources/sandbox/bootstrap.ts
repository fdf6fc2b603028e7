// A fresh installation starts with the demo advertiser; every start brings each sandbox advertiser's
// simulation up to the current hour. Given the events ingestion (`events`), the simulation sends its recent
// browser events through it, as a shop's pixel does (see simulate.ts).
import { listAdvertisers } from '../../catalog/advertisers.ts';
import type { CatalogDb } from '../../catalog/db.ts';
import { localToday } from '../../core/timezone.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { demoScenario } from './demo.ts';
import type { Scenario } from './scenario.ts';
import { listSandboxAdvertisers } from './sandbox-run.ts';
import { seedScenario } from './seed-scenario.ts';
import type { BrowserEventSink } from './browser-events.ts';
import { sandboxId } from './ids.ts';
import { SANDBOX_SOURCE, simulateUntil } from './simulate.ts';

export async function seedDemo(
  catalog: CatalogDb,
  facts: FactStore,
  options: { seed: number; historyDays: number; now?: number; until?: number; events?: BrowserEventSink },
): Promise<string> {
  const now = options.now ?? Date.now();
  const scenario = demoScenario({
    seed: options.seed,
    historyDays: options.historyDays,
    today: localToday('America/New_York', now),
  });
  const events = await eventsForNewRun(facts, scenario, options.events);
  const advertiserId = await seedScenario(catalog, facts, scenario);
  await simulateUntil(catalog, facts, advertiserId, options.until ?? now, { events, now });
  return advertiserId;
}

/** Seeds the demo when the catalog holds no advertiser at all; returns whether it did. */
export async function seedDemoIfEmpty(
  catalog: CatalogDb,
  facts: FactStore,
  options: { seed: number; historyDays: number; events?: BrowserEventSink },
): Promise<boolean> {
  if ((await listAdvertisers(catalog)).length > 0) return false;
  await seedDemo(catalog, facts, options);
  return true;
}

export async function catchUpSandboxes(
  catalog: CatalogDb,
  facts: FactStore,
  options: { now?: number; events?: BrowserEventSink } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  for (const advertiserId of await listSandboxAdvertisers(catalog)) {
    await simulateUntil(catalog, facts, advertiserId, now, { events: options.events, now });
  }
}

/** Creates a scenario's advertiser and simulates it up to `until` (default: the scenario's last hour). */
export async function runScenario(
  catalog: CatalogDb,
  facts: FactStore,
  scenario: Scenario,
  until: number = Number.POSITIVE_INFINITY,
  events?: BrowserEventSink,
): Promise<{ advertiserId: string; hours: number }> {
  const live = await eventsForNewRun(facts, scenario, events);
  const advertiserId = await seedScenario(catalog, facts, scenario);
  const { hours } = await simulateUntil(catalog, facts, advertiserId, until, { events: live });
  return { advertiserId, hours };
}

/**
 * The ingestion for a new run's history, unless the run replaces an earlier run of the same scenario and
 * seed: that one had the same advertiser, pixel codes and event ids, and the ingestion remembers its
 * recent ids for 48 hours, so the new run's copies would be set aside as duplicates of events deleted
 * with the old run. Its history is then written with its facts; later catch-ups send new ids.
 */
async function eventsForNewRun(
  facts: FactStore,
  scenario: Scenario,
  events: BrowserEventSink | undefined,
): Promise<BrowserEventSink | undefined> {
  if (!events) return undefined;
  // The advertiser id seedScenario gives the scenario.
  const advertiserId = sandboxId(scenario.seed, `advertiser:${scenario.advertiser.name}`);
  return (await facts.watermark(advertiserId, SANDBOX_SOURCE)) === null ? events : undefined;
}

/** Moves a sandbox advertiser's simulated clock forward by whole hours, past the present if asked. */
export async function advanceSandbox(
  catalog: CatalogDb,
  facts: FactStore,
  advertiserId: string,
  hours: number,
  events?: BrowserEventSink,
): Promise<Date> {
  const watermark = await facts.watermark(advertiserId, SANDBOX_SOURCE);
  const from = watermark?.until.getTime() ?? Date.now();
  return (await simulateUntil(catalog, facts, advertiserId, from + hours * 3_600_000, { events })).until;
}
