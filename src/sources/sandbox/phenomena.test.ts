// Each example scenario shows one phenomenon; these tests check it in the facts the sandbox writes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../app-context.ts';
import { listAdGroups, listAds } from '../../catalog/structure.ts';
import { readConfig } from '../../core/config.ts';
import { runReport } from '../../reports/run-report.ts';
import { runScenario } from './bootstrap.ts';
import { readScenarioFile } from './scenario-file.ts';

let ctx: AppContext;
let dataDir: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  for (const file of [
    'narrow-audience.json',
    'low-bid.json',
    'review.json',
    'creative-fatigue.json',
    'landing-page-break.json',
    'budget-change.yaml',
  ]) {
    ids.set(
      file,
      (await runScenario(ctx.catalog, ctx.facts, readScenarioFile(path.join('examples', file)))).advertiserId,
    );
  }
}, 240_000);
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function report(
  file: string,
  dimensions: ('adgroup' | 'ad' | 'day')[],
  metrics: string[],
  from = '2026-03-01',
  to = '2026-03-21',
) {
  return runReport(ctx.facts, ctx.catalog, { advertiserId: ids.get(file)!, from, to, dimensions, metrics });
}
async function groupNamed(file: string, name: string): Promise<string> {
  return (await listAdGroups(ctx.catalog, ids.get(file)!)).find((g) => g.adgroup_name === name)!.adgroup_id;
}

describe('the sandbox shows each phenomenon', () => {
  test('a narrow audience underspends and its frequency climbs; a broad one spends its budget', async () => {
    const file = 'narrow-audience.json';
    const r = await report(file, ['adgroup'], ['spend', 'frequency']);
    const byId = new Map(r.rows.map((x) => [x.adgroup, x]));
    const b = byId.get(await groupNamed(file, 'Broad US 25-44'))!;
    const n = byId.get(await groupNamed(file, 'Narrow NL women 25-34 · 3 interests'))!;
    expect(b.spend as number).toBeGreaterThan(14 * 50 * 0.95);
    expect(n.spend as number).toBeLessThan(14 * 50 * 0.5);
    expect(n.frequency as number).toBeGreaterThan((b.frequency as number) * 1.2);
  });

  test('a custom bid far below the market wins almost nothing', async () => {
    const file = 'low-bid.json';
    const r = await report(file, ['adgroup'], ['spend', 'impressions']);
    const byId = new Map(r.rows.map((x) => [x.adgroup, x]));
    const lowest = byId.get(await groupNamed(file, 'Lowest cost'))!;
    const capped = byId.get(await groupNamed(file, 'Cost cap far below the market'));
    expect(lowest.spend as number).toBeGreaterThan(600);
    expect((capped?.impressions as number | undefined) ?? 0).toBeLessThan(
      (lowest.impressions as number) * 0.02,
    );
  });

  test('ads in review deliver nothing until approved; stuck and rejected ads never do', async () => {
    const file = 'review.json';
    const ads = await listAds(ctx.catalog, ids.get(file)!);
    const r = await report(file, ['ad'], ['impressions']);
    const impressions = (name: string) =>
      (r.rows.find((x) => x.ad === ads.find((a) => a.ad_name === name)!.ad_id)?.impressions as
        number | undefined) ?? 0;
    expect(impressions('Approved after 3 h')).toBeGreaterThan(0);
    expect(impressions('Approved after 30 h')).toBeGreaterThan(0);
    expect(impressions('Stuck in review')).toBe(0);
    expect(impressions('Rejected')).toBe(0);
    const review = Object.fromEntries(
      ads.map((a) => [a.ad_name, [a.review_status, a.reviewed_at, a.reject_reason]]),
    );
    expect(review).toEqual({
      'Approved after 3 h': ['SUCCEED', '2026-03-01T08:00:00.000Z', null],
      'Approved after 30 h': ['SUCCEED', '2026-03-02T11:00:00.000Z', null],
      'Stuck in review': ['REVIEWING', null, null],
      Rejected: ['FAIL', expect.any(String), 'Unrealistic claims'],
    });
    const firstDay = await report(file, ['ad'], ['impressions'], '2026-03-01', '2026-03-01');
    const slowId = ads.find((a) => a.ad_name === 'Approved after 30 h')!.ad_id;
    expect(firstDay.rows.find((x) => x.ad === slowId)).toBeUndefined();
  });

  test('fatigue: as frequency climbs, CTR and the 2-second view rate fall and CPM rises', async () => {
    const first = await report(
      'creative-fatigue.json',
      [],
      ['ctr', 'video_watched_2s_rate', 'cpm', 'frequency'],
      '2026-03-01',
      '2026-03-04',
    );
    const last = await report(
      'creative-fatigue.json',
      [],
      ['ctr', 'video_watched_2s_rate', 'cpm'],
      '2026-03-18',
      '2026-03-21',
    );
    expect(last.totals.ctr!).toBeLessThan(first.totals.ctr! * 0.8);
    expect(last.totals.video_watched_2s_rate!).toBeLessThan(first.totals.video_watched_2s_rate! * 0.8);
    expect(last.totals.cpm!).toBeGreaterThan(first.totals.cpm! * 1.05);
  });

  test('a landing page that breaks lowers CVR but not CTR', async () => {
    const before = await report(
      'landing-page-break.json',
      [],
      ['ctr', 'conversion_rate'],
      '2026-03-01',
      '2026-03-07',
    );
    const after = await report(
      'landing-page-break.json',
      [],
      ['ctr', 'conversion_rate'],
      '2026-03-08',
      '2026-03-14',
    );
    expect(after.totals.conversion_rate!).toBeLessThan(before.totals.conversion_rate! * 0.3);
    expect(Math.abs(after.totals.ctr! / before.totals.ctr! - 1)).toBeLessThan(0.15);
  });

  test('a budget change moves spend from its day on (read from a YAML scenario)', async () => {
    const r = await report('budget-change.yaml', ['day'], ['spend']);
    const spend = (day: string) => r.rows.find((x) => x.day === day)!.spend as number;
    expect(spend('2026-03-07')).toBeLessThanOrEqual(40);
    expect(spend('2026-03-07')).toBeGreaterThan(36);
    expect(spend('2026-03-08')).toBeGreaterThan(100);
    expect(spend('2026-03-08')).toBeLessThanOrEqual(120);
  });
});
