// A real data directory (PGlite + DuckDB) in a temp folder with the demo advertiser simulated, for
// integration tests. Nothing is mocked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AppContext, openAppContext } from '../../src/app-context.ts';
import { listAdvertisers } from '../../src/catalog/advertisers.ts';
import { readConfig } from '../../src/core/config.ts';
import { seedDemo } from '../../src/sources/sandbox/bootstrap.ts';

export interface SeededContext {
  ctx: AppContext;
  advertiserId: string;
  dataDir: string;
  dispose(): Promise<void>;
}

export function tempDir(prefix = 'adcockpit-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `now` fixes the demo's today; `simulateUntil` (default: now) stops the simulation earlier. */
export async function seededContext(options: {
  days: number;
  seed?: number;
  now?: number;
  simulateUntil?: number;
}): Promise<SeededContext> {
  const dataDir = tempDir();
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await seedDemo(ctx.catalog, ctx.facts, {
    seed: options.seed ?? 7,
    historyDays: options.days,
    now: options.now,
    until: options.simulateUntil,
  });
  const [advertiser] = await listAdvertisers(ctx.catalog);
  return {
    ctx,
    advertiserId: advertiser!.advertiser_id,
    dataDir,
    async dispose() {
      await ctx.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
