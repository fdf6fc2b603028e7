// Builds the report bench's data directory once and reuses it: 5,000 ads over 180 days of synthetic facts
// (over 10 M hourly rows) written with the warehouse's own append, the structure in the catalog. A
// manifest written last marks a finished build, so an interrupted build is started again.
import fs from 'node:fs';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../../src/access/audit.ts';
import { type AppContext, openAppContext } from '../../src/app-context.ts';
import { readConfig } from '../../src/core/config.ts';
import { addDays } from '../../src/core/dates.ts';
import { createCustomColumn } from '../../src/reports/custom-columns.ts';
import { AD_ATTRIBUTES_TABLE, FACT_TABLES } from '../../src/warehouse/schema.ts';
import { type AccountSpec, buildReportAccount } from '../../test/helpers/report-account.ts';

export const SPEC: AccountSpec = {
  seed: 6,
  advertiserId: 'bench_reports',
  campaigns: 50,
  adGroupsPerCampaign: 10,
  adsPerAdGroup: 10,
  from: '2026-01-01',
  days: 180,
  hourChance: 0.48,
  maxSegments: 2,
  maxPeople: 16,
};

export interface ReportsManifest {
  advertiserId: string;
  firstDay: string;
  lastDay: string;
  builtAt: string;
  buildSeconds: number;
  rows: Record<string, number>;
}

const MANIFEST = 'reports-manifest.json';

export async function openReportsData(
  dataDir: string,
  options: { rebuild: boolean; log: (line: string) => void },
): Promise<{ ctx: AppContext; manifest: ReportsManifest }> {
  const file = path.join(dataDir, MANIFEST);
  let manifest =
    !options.rebuild && fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ReportsManifest)
      : null;
  if (!manifest) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    manifest = await build(dataDir, options.log);
    fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  } else {
    options.log(`Using the account built ${manifest.builtAt} in ${dataDir} (--rebuild to build it again).`);
  }
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  return { ctx, manifest };
}

async function build(dataDir: string, log: (line: string) => void): Promise<ReportsManifest> {
  const started = performance.now();
  log(`Building the report bench account (${SPEC.days} days × 5,000 ads) in ${dataDir}; this takes minutes.`);
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  try {
    await buildReportAccount(ctx.facts, ctx.catalog, SPEC, (day) => {
      if (day % 20 === 19) log(`  … ${Math.round((performance.now() - started) / 1000)} s: ${day + 1} days`);
    });
    await createCustomColumn(
      ctx.catalog,
      SPEC.advertiserId,
      { name: 'Hook rate', formula: 'video_watched_3s / impressions', description: '' },
      SYSTEM_ACTOR,
    );
    const rows: Record<string, number> = {};
    for (const [name, table] of Object.entries({ ...FACT_TABLES, attributes: AD_ATTRIBUTES_TABLE })) {
      if (!['hourly', 'audience', 'reach'].includes(name)) continue;
      const [row] = await ctx.facts.query({ text: `SELECT COUNT(*) AS n FROM ${table}`, values: [] });
      rows[table] = Number(row?.n);
    }
    const manifest: ReportsManifest = {
      advertiserId: SPEC.advertiserId,
      firstDay: SPEC.from,
      lastDay: addDays(SPEC.from, SPEC.days - 1),
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((performance.now() - started) / 1000),
      rows,
    };
    log(`Built in ${manifest.buildSeconds} s: ${JSON.stringify(rows)}`);
    return manifest;
  } finally {
    await ctx.close();
  }
}
