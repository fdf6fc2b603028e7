// The simulation writes its facts while it simulates the next days: a write that fails must stop the run
// with nothing of a later day stored, so that the run resumes where the stored facts end. The history is
// written several days at a time; written a day at a time, it must store the same facts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { tempDir } from '../../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../app-context.ts';
import { readConfig } from '../../core/config.ts';
import { dailyFactsQuery } from '../../reports/export-facts.ts';
import { type FactStore, overriddenStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import { readScenarioFile } from './scenario-file.ts';
import { seedScenario } from './seed-scenario.ts';
import { SANDBOX_SOURCE, simulateUntil } from './simulate.ts';

const dirs: string[] = [];
const contexts: AppContext[] = [];
afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function seeded(): Promise<{ ctx: AppContext; advertiserId: string; dir: string }> {
  const dir = tempDir();
  dirs.push(dir);
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dir }));
  contexts.push(ctx);
  const advertiserId = await seedScenario(
    ctx.catalog,
    ctx.facts,
    readScenarioFile('examples/budget-change.json'),
  );
  return { ctx, advertiserId, dir };
}

/** The store with its appends going through `append`. */
function withAppend(facts: FactStore, append: FactStore['append']): FactStore {
  return overriddenStore(facts, { append });
}

/** Every stored fact that a run determines: the daily export, and each ad's people per day. */
async function stored(ctx: AppContext, advertiserId: string, dir: string): Promise<string[]> {
  const file = path.join(dir, 'facts.csv');
  await ctx.facts.exportQuery(await dailyFactsQuery(ctx.facts, ctx.catalog, advertiserId), 'csv', file);
  const reach = await ctx.facts.query({
    text: `SELECT k.ad_id, CAST(r.stat_date AS VARCHAR) AS d, COUNT(*) AS people, SUM(r.impressions) AS imps,
             SUM(r.person_id % 1000003) AS fingerprint
           FROM ${FACT_TABLES.reach} r JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key
           WHERE k.advertiser_id = $1 GROUP BY ALL ORDER BY ALL`,
    values: [advertiserId],
  });
  return [
    fs.readFileSync(file, 'utf8'),
    JSON.stringify(reach, (_, v) => (typeof v === 'bigint' ? String(v) : v)),
  ];
}

test('a write that fails stops the run there, and the resumed run stores what an uninterrupted one does', async () => {
  // The uninterrupted run writes its history in one batch (this scenario is far below a row group).
  const whole = await seeded();
  let wholeAppends = 0;
  const counting = withAppend(whole.ctx.facts, (batch) => {
    wholeAppends++;
    return whole.ctx.facts.append(batch);
  });
  await simulateUntil(whole.ctx.catalog, counting, whole.advertiserId, Number.POSITIVE_INFINITY);
  expect(wholeAppends).toBe(1);

  const broken = await seeded();
  const facts = broken.ctx.facts;
  let appends = 0;
  const failing = withAppend(facts, (batch) =>
    ++appends === 4 ? Promise.reject(new Error('disk full')) : facts.append(batch),
  );
  // This run writes a day at a time.
  const daily = { historyWrite: { deliveryRows: 0, reachRows: 0 } };
  await expect(
    simulateUntil(broken.ctx.catalog, failing, broken.advertiserId, Number.POSITIVE_INFINITY, daily),
  ).rejects.toThrow('disk full');
  expect(appends).toBe(4);
  // Three days stored (the scenario starts 2026-03-01 in New York), nothing of the fourth or later.
  const watermark = await facts.watermark(broken.advertiserId, SANDBOX_SOURCE);
  expect(watermark?.until.toISOString()).toBe('2026-03-04T05:00:00.000Z');
  const [last] = await facts.query({
    text: `SELECT CAST(MAX(stat_date) AS VARCHAR) AS d FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $1`,
    values: [broken.advertiserId],
  });
  expect(last!.d).toBe('2026-03-03');

  await simulateUntil(broken.ctx.catalog, facts, broken.advertiserId, Number.POSITIVE_INFINITY);
  expect(await stored(broken.ctx, broken.advertiserId, broken.dir)).toEqual(
    await stored(whole.ctx, whole.advertiserId, whole.dir),
  );
}, 120_000);
