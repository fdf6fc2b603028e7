// Builds the bench account into its own data directory once and reuses it: simulating a year of 1,000 ads
// takes minutes, measuring takes seconds. A manifest written last marks a finished build, so a build that
// was interrupted is started again rather than measured half-done.
import fs from 'node:fs';
import path from 'node:path';
import { type AppContext, openAppContext } from '../../src/app-context.ts';
import { readConfig } from '../../src/core/config.ts';
import { addDays } from '../../src/core/dates.ts';
import { localToday, startOfLocalDay } from '../../src/core/timezone.ts';
import { seedScenario } from '../../src/sources/sandbox/seed-scenario.ts';
import { SANDBOX_SOURCE, simulateUntil } from '../../src/sources/sandbox/simulate.ts';
import { BENCH_TIMEZONE, benchScenario } from './scenario.ts';

export interface BenchManifest {
  advertiserId: string;
  firstDay: string;
  lastDay: string;
  builtAt: string;
  buildSeconds: number;
  simulatedHours: number;
}

const MANIFEST = 'bench-manifest.json';

export function readManifest(dataDir: string): BenchManifest | null {
  const file = path.join(dataDir, MANIFEST);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as BenchManifest) : null;
}

/** Opens the bench data directory, building it first when it holds no finished build or `rebuild` is set. */
export async function openBenchData(
  dataDir: string,
  options: { rebuild: boolean; log: (line: string) => void },
): Promise<{ ctx: AppContext; manifest: BenchManifest }> {
  let manifest = options.rebuild ? null : readManifest(dataDir);
  if (!manifest) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    manifest = await build(dataDir, options.log);
  } else {
    options.log(`Using the account built ${manifest.builtAt} in ${dataDir} (--rebuild to build it again).`);
  }
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  return { ctx, manifest };
}

async function build(dataDir: string, log: (line: string) => void): Promise<BenchManifest> {
  const lastDay = addDays(localToday(BENCH_TIMEZONE), -1);
  const scenario = benchScenario(lastDay);
  const started = performance.now();
  log(`Building the bench account (${scenario.start_date} … ${lastDay}) in ${dataDir}; this takes minutes.`);
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  try {
    const advertiserId = await seedScenario(ctx.catalog, ctx.facts, scenario);
    const end = startOfLocalDay(addDays(lastDay, 1), BENCH_TIMEZONE);
    const progress = setInterval(
      () => void reportProgress(ctx, advertiserId, scenario.start_date, started, log),
      30_000,
    );
    let hours: number;
    try {
      ({ hours } = await simulateUntil(ctx.catalog, ctx.facts, advertiserId, end));
    } finally {
      clearInterval(progress);
    }
    const manifest: BenchManifest = {
      advertiserId,
      firstDay: scenario.start_date,
      lastDay,
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((performance.now() - started) / 1000),
      simulatedHours: hours,
    };
    log(`Built in ${manifest.buildSeconds} s (${hours} simulated hours).`);
    await ctx.close();
    fs.writeFileSync(path.join(dataDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (error) {
    await ctx.close();
    throw error;
  }
}

async function reportProgress(
  ctx: AppContext,
  advertiserId: string,
  firstDay: string,
  started: number,
  log: (line: string) => void,
): Promise<void> {
  const watermark = await ctx.facts.watermark(advertiserId, SANDBOX_SOURCE).catch(() => null);
  const seconds = Math.round((performance.now() - started) / 1000);
  const until = watermark ? localToday(BENCH_TIMEZONE, watermark.until.getTime() - 1) : 'nothing yet';
  log(`  … ${seconds} s: simulated ${firstDay} … ${until}`);
}
