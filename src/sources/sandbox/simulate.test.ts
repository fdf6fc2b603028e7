import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seededContext, type SeededContext } from '../../../test/helpers/seeded-context.ts';
import { listAdGroups, listAds, listCampaigns } from '../../catalog/structure.ts';
import { runReport } from '../../reports/run-report.ts';
import { ParamAllocator } from '../../warehouse/dialect.ts';
import { hourlyPerAdAndHour } from '../../../test/helpers/fact-sql.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import { seedDemo } from './bootstrap.ts';

import { simulateUntil } from './simulate.ts';

// A fixed "now": 2026-03-20 12:00 UTC, so the simulated days are the same on every run.
const NOW = Date.parse('2026-03-20T12:00:00Z');
let s: SeededContext;
beforeAll(async () => {
  s = await seededContext({ days: 21, now: NOW });
}, 120_000);
afterAll(() => s.dispose());

const FROM = '2026-02-28';
const TO = '2026-03-20';

async function rawRows(sql: string, seeded: SeededContext = s): Promise<Record<string, unknown>[]> {
  const p = new ParamAllocator(seeded.ctx.facts.dialect);
  return seeded.ctx.facts.query({
    text: sql.replaceAll('$ADV', p.add(seeded.advertiserId)),
    values: p.values,
  });
}

/** The shop's side of a run: every order and refund, and the pixel's events per name, in a fixed order. */
async function shopRecord(seeded: SeededContext): Promise<unknown[]> {
  return [
    await rawRows(
      `SELECT order_id, CAST(created_at AS VARCHAR) AS at, total_micros, landing_site FROM ${FACT_TABLES.orders} WHERE advertiser_id = $ADV ORDER BY order_id`,
      seeded,
    ),
    await rawRows(
      `SELECT order_id, CAST(refunded_at AS VARCHAR) AS at FROM ${FACT_TABLES.refunds} WHERE advertiser_id = $ADV ORDER BY order_id`,
      seeded,
    ),
    await rawRows(
      `SELECT event, COUNT(*) AS n, COUNT(ttclid) AS with_ttclid, SUM(value_micros) AS value FROM ${FACT_TABLES.pixelEvents} WHERE advertiser_id = $ADV GROUP BY event ORDER BY event`,
      seeded,
    ),
  ];
}

describe('the demo advertiser', () => {
  test('has the structure the Dashboard needs, including an audience test', async () => {
    const { catalog } = s.ctx;
    const campaigns = await listCampaigns(catalog, s.advertiserId);
    const groups = await listAdGroups(catalog, s.advertiserId);
    const ads = await listAds(catalog, s.advertiserId);
    expect(campaigns.length).toBeGreaterThanOrEqual(3);
    expect(groups.length).toBeGreaterThanOrEqual(6);
    expect(ads.length).toBeGreaterThanOrEqual(15);
    const audienceTest = campaigns.find((c) => {
      const pair = groups.filter((g) => g.campaign_id === c.campaign_id);
      if (pair.length !== 2) return false;
      const creatives = pair.map((g) =>
        ads
          .filter((a) => a.adgroup_id === g.adgroup_id)
          .map((a) => a.creative_id)
          .sort()
          .join(),
      );
      return (
        JSON.stringify(pair[0]!.targeting) !== JSON.stringify(pair[1]!.targeting) &&
        creatives[0] === creatives[1]
      );
    });
    expect(audienceTest).toBeDefined();
  });

  test('history covers every day up to the current hour', async () => {
    const [row] = await rawRows(
      `SELECT MIN(stat_date) AS first, MAX(stat_date) AS last, COUNT(DISTINCT stat_date) AS days FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV`,
    );
    expect(String((row!.first as Date).toISOString()).slice(0, 10)).toBe(FROM);
    expect(String((row!.last as Date).toISOString()).slice(0, 10)).toBe(TO);
    expect(Number(row!.days)).toBe(21);
  });
});

describe('conservation', () => {
  test('no hourly row has more clicks, views or conversions than it could', async () => {
    const [bad] = await rawRows(`SELECT COUNT(*) AS n FROM ${hourlyPerAdAndHour} h WHERE (
      clicks > impressions OR video_play_actions > impressions OR video_watched_2s > video_play_actions
      OR video_watched_3s > video_watched_2s OR video_watched_6s > video_watched_3s
      OR video_views_p100 > video_views_p75 OR video_views_p75 > video_views_p50 OR video_views_p50 > video_views_p25
      OR conversion > clicks + video_watched_2s + impressions * 0 AND conversion > clicks + impressions
      OR cta_conversion > clicks OR cta_conversion + vta_conversion <> conversion
      OR complete_payment > conversion OR total_landing_page_view > clicks
      OR engaged_view > video_play_actions OR engaged_view < video_watched_6s OR video_play_time_ms > video_play_actions * 30000)`);
    expect(Number(bad!.n)).toBe(0);
    const [totals] = await rawRows(
      `SELECT SUM(impressions) AS imps, SUM(clicks) AS clicks, SUM(conversion) AS conv FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV`,
    );
    expect(Number(totals!.imps)).toBeGreaterThan(100_000);
    expect(Number(totals!.clicks)).toBeGreaterThan(500);
    expect(Number(totals!.conv)).toBeGreaterThan(20);
  });

  test('reach never exceeds impressions, and a range’s reach is distinct people, not the sum of daily reach', async () => {
    const byDay = await runReport(s.ctx.facts, s.ctx.catalog, {
      advertiserId: s.advertiserId,
      from: FROM,
      to: TO,
      dimensions: ['day'],
      metrics: ['reach', 'impressions'],
    });
    for (const row of byDay.rows) expect(row.reach as number).toBeLessThanOrEqual(row.impressions as number);
    const sumOfDaily = byDay.rows.reduce((sum, row) => sum + (row.reach as number), 0);
    const [distinct] = await rawRows(
      `SELECT COUNT(DISTINCT person_id) AS n FROM ${FACT_TABLES.reach} r JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key WHERE k.advertiser_id = $ADV`,
    );
    expect(byDay.totals.reach).toBe(Number(distinct!.n));
    expect(byDay.totals.reach!).toBeLessThan(sumOfDaily);
    expect(byDay.totals.frequency ?? null).toBeNull(); // not requested
  });

  test('the audience breakdown adds up to the same counters as the hourly facts', async () => {
    const query = {
      advertiserId: s.advertiserId,
      from: FROM,
      to: TO,
      metrics: ['spend', 'impressions', 'clicks', 'conversion'],
    };
    const hourly = await runReport(s.ctx.facts, s.ctx.catalog, { ...query, dimensions: ['day'] });
    const audience = await runReport(s.ctx.facts, s.ctx.catalog, { ...query, dimensions: ['age', 'gender'] });
    expect(audience.totals).toEqual(hourly.totals);
    expect(audience.rows.length).toBeGreaterThan(4);
  });
});

describe('budgets', () => {
  test('no ad group spends more than its daily budget and no campaign more than its own', async () => {
    const { catalog } = s.ctx;
    const groups = await listAdGroups(catalog, s.advertiserId);
    const campaigns = await listCampaigns(catalog, s.advertiserId);
    const rows = await rawRows(
      `SELECT adgroup_id, campaign_id, stat_date, SUM(spend_micros) AS spend FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV GROUP BY ALL`,
    );
    for (const row of rows) {
      const group = groups.find((g) => g.adgroup_id === row.adgroup_id)!;
      // The demo raises one budget part-way; the budget in force that day is at most the larger one.
      expect(Number(row.spend)).toBeLessThanOrEqual(Number(group.budget_micros) * 1.6);
    }
    const perCampaignDay = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.campaign_id}:${(row.stat_date as Date).toISOString()}`;
      perCampaignDay.set(key, (perCampaignDay.get(key) ?? 0) + Number(row.spend));
    }
    for (const c of campaigns.filter((c) => c.budget_mode === 'BUDGET_MODE_DAY')) {
      for (const [key, spend] of perCampaignDay)
        if (key.startsWith(c.campaign_id)) expect(spend).toBeLessThanOrEqual(Number(c.budget_micros));
    }
  });

  test('a broad audience with lowest cost spends close to its budget; a narrow one runs dry', async () => {
    const report = await runReport(s.ctx.facts, s.ctx.catalog, {
      advertiserId: s.advertiserId,
      from: '2026-03-10',
      to: '2026-03-19',
      dimensions: ['adgroup'],
      metrics: ['spend', 'frequency'],
    });
    const groups = await listAdGroups(s.ctx.catalog, s.advertiserId);
    const byName = (name: string) =>
      report.rows.find((r) => r.adgroup === groups.find((g) => g.adgroup_name === name)!.adgroup_id)!;
    const broad = byName('US 25-44 · Broad');
    const narrow = byName('NL women 25-34 · Trail runners');
    expect(broad.spend as number).toBeGreaterThan(10 * 50 * 0.95);
    expect(narrow.spend as number).toBeLessThan(10 * 20 * 0.8);
    expect(narrow.frequency as number).toBeGreaterThan(broad.frequency as number);
  });
});

describe('determinism', () => {
  test('the same seed gives the same facts, whether simulated in one run or resumed in pieces', async () => {
    const other = await seededContext({
      days: 21,
      now: NOW,
      simulateUntil: NOW - 5 * 86_400_000 - 7 * 3_600_000,
    });
    try {
      await simulateUntil(other.ctx.catalog, other.ctx.facts, other.advertiserId, NOW - 86_400_000);
      await simulateUntil(other.ctx.catalog, other.ctx.facts, other.advertiserId, NOW);
      const metrics = [
        'spend',
        'impressions',
        'reach',
        'clicks',
        'conversion',
        'total_complete_payment_rate',
      ];
      const a = await runReport(s.ctx.facts, s.ctx.catalog, {
        advertiserId: s.advertiserId,
        from: FROM,
        to: TO,
        dimensions: ['ad'],
        metrics,
      });
      const b = await runReport(other.ctx.facts, other.ctx.catalog, {
        advertiserId: other.advertiserId,
        from: FROM,
        to: TO,
        dimensions: ['ad'],
        metrics,
      });
      expect(b).toEqual(a);
      // Purchases decided before a pause happen after it: the shop and the pixel match the unbroken run too.
      const shop = await shopRecord(s);
      expect((shop[0] as unknown[]).length).toBeGreaterThan(100);
      expect(await shopRecord(other)).toEqual(shop);
      expect((await simulateUntil(other.ctx.catalog, other.ctx.facts, other.advertiserId, NOW)).hours).toBe(
        0,
      );
    } finally {
      await other.dispose();
    }
  }, 120_000);

  test('re-seeding replaces the advertiser instead of adding a second one', async () => {
    await seedDemo(s.ctx.catalog, s.ctx.facts, { seed: 7, historyDays: 21, now: NOW });
    const [row] = await rawRows(
      `SELECT COUNT(*) AS n FROM ${FACT_TABLES.watermarks} WHERE advertiser_id = $ADV`,
    );
    expect(Number(row!.n)).toBe(1);
    const report = await runReport(s.ctx.facts, s.ctx.catalog, {
      advertiserId: s.advertiserId,
      from: FROM,
      to: TO,
      dimensions: [],
      metrics: ['impressions'],
    });
    const [raw] = await rawRows(
      `SELECT SUM(impressions) AS n FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV`,
    );
    expect(report.totals.impressions).toBe(Number(raw!.n));
  }, 60_000);
});

describe('watch time', () => {
  test('average play time sits between 0 and the video length, and focused views are at least the 6-second views', async () => {
    const report = await runReport(s.ctx.facts, s.ctx.catalog, {
      advertiserId: s.advertiserId,
      from: FROM,
      to: TO,
      dimensions: ['ad'],
      metrics: ['average_video_play', 'engaged_view', 'video_watched_6s', 'video_play_actions'],
    });
    const videos = report.rows.filter((r) => (r.video_play_actions as number) > 0);
    expect(videos.length).toBeGreaterThan(10);
    for (const row of videos) {
      expect(row.average_video_play as number).toBeGreaterThan(0.5);
      expect(row.average_video_play as number).toBeLessThanOrEqual(30);
      expect(row.engaged_view as number).toBeGreaterThanOrEqual(row.video_watched_6s as number);
    }
  });
});

describe('changes made while the sandbox runs', () => {
  test('a resumed run does not undo a budget the marketer changed after the scenario’s change that day', async () => {
    const { openAppContext } = await import('../../app-context.ts');
    const { readConfig } = await import('../../core/config.ts');
    const { readScenarioFile } = await import('./scenario-file.ts');
    const { SYSTEM_ACTOR } = await import('../../access/audit.ts');
    const { updateEntity } = await import('../../catalog/structure.ts');
    const { seedScenario } = await import('./seed-scenario.ts');
    const dir = (await import('../../../test/helpers/seeded-context.ts')).tempDir();
    const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dir }));
    try {
      const advertiserId = await seedScenario(
        ctx.catalog,
        ctx.facts,
        readScenarioFile('examples/budget-change.json'),
      );
      // Day 7 (March 8th) starts with the scenario raising the budget to 120; at 10:00 the marketer sets 60.
      await simulateUntil(ctx.catalog, ctx.facts, advertiserId, Date.parse('2026-03-08T14:00:00Z'));
      const [group] = await listAdGroups(ctx.catalog, advertiserId);
      expect(group!.budget_micros).toBe(120_000_000n);
      await updateEntity(
        ctx.catalog,
        'adgroup',
        group!.adgroup_id,
        { budget_micros: 60_000_000n },
        SYSTEM_ACTOR,
      );
      await simulateUntil(ctx.catalog, ctx.facts, advertiserId, Date.parse('2026-03-10T05:00:00Z'));
      const [after] = await listAdGroups(ctx.catalog, advertiserId);
      expect(after!.budget_micros).toBe(60_000_000n);
      const day9 = await runReport(ctx.facts, ctx.catalog, {
        advertiserId,
        from: '2026-03-09',
        to: '2026-03-09',
        dimensions: [],
        metrics: ['spend'],
      });
      expect(day9.totals.spend!).toBeLessThanOrEqual(60);
      expect(day9.totals.spend!).toBeGreaterThan(50);
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
