// Builds the bench data directory once and reuses it: the 5,000-ad account (structure through the catalog,
// synthetic facts straight into the warehouse) and, as the browser's baseline, the demo advertiser the app
// ships with, simulated by the sandbox as on a fresh install. A manifest written last marks a finished
// build, so an interrupted build is started again rather than measured half-done.
import fs from 'node:fs';
import path from 'node:path';
import { type AppContext, openAppContext } from '../../src/app-context.ts';
import { markDataUpdated } from '../../src/catalog/advertisers.ts';
import { listAdGroups, listAds, listCampaigns, recordReview } from '../../src/catalog/structure.ts';
import { readConfig } from '../../src/core/config.ts';
import { addDays } from '../../src/core/dates.ts';
import { localToday, startOfLocalDay, toLocal } from '../../src/core/timezone.ts';
import { seedDemo } from '../../src/sources/sandbox/bootstrap.ts';
import { seedScenario } from '../../src/sources/sandbox/seed-scenario.ts';
import { FACT_TABLES } from '../../src/warehouse/schema.ts';
import { ACCOUNT_TIMEZONE, DAYS, accountPlan } from './account.ts';
import { type AdKeys, type PreparedGroup, dayBatch, prepareGroup } from './facts.ts';

export interface CampaignsManifest {
  advertiserId: string;
  /** The demo advertiser (17 ads, simulated), the browser's baseline. */
  demoAdvertiserId: string;
  firstDay: string;
  lastDay: string;
  /** Hours of the last day that hold facts (the hours before the build's hour). */
  lastDayHours: number;
  builtAt: string;
  buildSeconds: { catalog: number; facts: number; demo: number; total: number };
  rows: Record<string, number>;
}

const MANIFEST = 'campaigns-manifest.json';
const HOUR_MS = 3_600_000;
/** Days of history the demo advertiser gets: the same range as the big account. */
const DEMO_DAYS = DAYS;

function readManifest(dataDir: string): CampaignsManifest | null {
  const file = path.join(dataDir, MANIFEST);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CampaignsManifest) : null;
}

/** Opens the bench data directory, building it first when it holds no finished build or `rebuild` is set. */
export async function openCampaignsData(
  dataDir: string,
  options: { rebuild: boolean; log: (line: string) => void },
): Promise<{ ctx: AppContext; manifest: CampaignsManifest }> {
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

async function build(dataDir: string, log: (line: string) => void): Promise<CampaignsManifest> {
  const started = performance.now();
  const now = Date.now();
  // Facts up to the last full hour; in the day's first hour, yesterday is the last day.
  const hour = toLocal(now, ACCOUNT_TIMEZONE).hour;
  const lastDay =
    hour === 0 ? addDays(localToday(ACCOUNT_TIMEZONE, now), -1) : localToday(ACCOUNT_TIMEZONE, now);
  const lastDayHours = hour === 0 ? 24 : hour;
  const account = accountPlan(lastDay);
  log(
    `Building the bench account (${account.firstDay} … ${lastDay}, ${lastDayHours} h of it) in ${dataDir}.`,
  );
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  try {
    // The structure, as any sandbox scenario creates it; review approves each ad an hour after the start
    // (the sandbox would decide that while simulating, which this account does not do).
    const advertiserId = await seedScenario(ctx.catalog, ctx.facts, account.scenario);
    log(`  seedScenario: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const reviewedAt = new Date(startOfLocalDay(account.firstDay, ACCOUNT_TIMEZONE) + HOUR_MS);
    const rejected = new Set(
      account.adGroups.flatMap((g) => g.ads.filter((a) => a.rejected).map((a) => a.name)),
    );
    const [campaigns, groups, ads] = await Promise.all([
      listCampaigns(ctx.catalog, advertiserId),
      listAdGroups(ctx.catalog, advertiserId),
      listAds(ctx.catalog, advertiserId),
    ]);
    await ctx.catalog.transaction(async (tx) => {
      for (const ad of ads) {
        await recordReview(
          tx,
          ad.ad_id,
          rejected.has(ad.ad_name)
            ? { approved: false, at: reviewedAt, reason: 'Misleading claims in the ad text' }
            : { approved: true, at: reviewedAt },
        );
      }
    });
    const catalogSeconds = (performance.now() - started) / 1000;
    log(
      `  catalog: ${campaigns.length} campaigns, ${groups.length} ad groups, ${ads.length} ads in ${catalogSeconds.toFixed(1)} s`,
    );

    const factsStarted = performance.now();
    const prepared = await prepareGroups(ctx, account.adGroups, groups, ads);
    let pending: Promise<void> = Promise.resolve();
    let generatingMs = 0;
    for (let day = 0; day < DAYS; day++) {
      const last = day === DAYS - 1;
      const until = last
        ? new Date(startOfLocalDay(lastDay, ACCOUNT_TIMEZONE) + lastDayHours * HOUR_MS)
        : undefined;
      // Build the next day while DuckDB commits the previous one.
      const generating = performance.now();
      const batch = dayBatch(account, prepared, day, last ? lastDayHours : 24, until);
      generatingMs += performance.now() - generating;
      await pending;
      pending = ctx.facts.append(batch);
      if (day % 10 === 9)
        log(`  … ${Math.round((performance.now() - factsStarted) / 1000)} s: ${day + 1} days written`);
    }
    await pending;
    await markDataUpdated(ctx.catalog, advertiserId, new Date());
    const factsSeconds = (performance.now() - factsStarted) / 1000;
    log(
      `  facts: ${DAYS} days in ${factsSeconds.toFixed(1)} s (${(generatingMs / 1000).toFixed(1)} s of it generating them)`,
    );

    const demoStarted = performance.now();
    const demoAdvertiserId = await seedDemo(ctx.catalog, ctx.facts, {
      seed: ctx.config.sandboxSeed,
      historyDays: DEMO_DAYS,
      now,
    });
    const demoSeconds = (performance.now() - demoStarted) / 1000;
    log(`  demo advertiser: ${DEMO_DAYS} days simulated in ${demoSeconds.toFixed(1)} s`);

    const manifest: CampaignsManifest = {
      advertiserId,
      demoAdvertiserId,
      firstDay: account.firstDay,
      lastDay,
      lastDayHours,
      builtAt: new Date().toISOString(),
      buildSeconds: {
        catalog: round1(catalogSeconds),
        facts: round1(factsSeconds),
        demo: round1(demoSeconds),
        total: round1((performance.now() - started) / 1000),
      },
      rows: await rowCounts(ctx, advertiserId),
    };
    log(`Built in ${manifest.buildSeconds.total} s.`);
    await ctx.close();
    fs.writeFileSync(path.join(dataDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (error) {
    await ctx.close();
    throw error;
  }
}

async function prepareGroups(
  ctx: AppContext,
  plans: ReturnType<typeof accountPlan>['adGroups'],
  groups: Awaited<ReturnType<typeof listAdGroups>>,
  ads: Awaited<ReturnType<typeof listAds>>,
): Promise<PreparedGroup[]> {
  const keys = await ctx.facts.adKeys(ads);
  const groupByName = new Map(groups.map((g) => [g.adgroup_name, g]));
  const adByName = new Map(ads.map((a) => [a.ad_name, a]));
  return plans.map((plan) => {
    if (!groupByName.has(plan.name)) throw new Error(`The catalog has no ad group "${plan.name}".`);
    const adKeys: AdKeys[] = plan.ads.map((a) => {
      const ad = adByName.get(a.name);
      if (!ad) throw new Error(`The catalog has no ad "${a.name}".`);
      return {
        advertiser_id: ad.advertiser_id,
        campaign_id: ad.campaign_id,
        adgroup_id: ad.adgroup_id,
        ad_id: ad.ad_id,
        adKey: keys.get(ad.ad_id)!,
      };
    });
    return prepareGroup(plan, adKeys);
  });
}

/** The bench account's rows per fact table. */
export async function rowCounts(ctx: AppContext, advertiserId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const count = async (table: string, text: string): Promise<void> => {
    const [row] = await ctx.facts.query({ text, values: [advertiserId] });
    out[table] = Number(row!.n);
  };
  await count(FACT_TABLES.hourly, `SELECT COUNT(*) AS n FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $1`);
  await count(
    FACT_TABLES.audience,
    `SELECT COUNT(*) AS n FROM ${FACT_TABLES.audience} WHERE advertiser_id = $1`,
  );
  await count(
    FACT_TABLES.reach,
    `SELECT COUNT(*) AS n FROM ${FACT_TABLES.reach} r JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key WHERE k.advertiser_id = $1`,
  );
  return out;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
