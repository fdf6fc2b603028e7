// Random valid scenarios, generated from a seed, must all keep the contract's invariants; and the same
// scenario must export byte-identical facts however often it is run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempDir } from '../../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../app-context.ts';
import { readConfig } from '../../core/config.ts';
import { listPixels } from '../../catalog/pixels.ts';
import { weekdayMondayFirst } from '../../core/dates.ts';
import { attributionDays } from '../../core/enums.ts';
import { startOfLocalDay } from '../../core/timezone.ts';
import { dailyFactsQuery } from '../../reports/export-facts.ts';
import { ParamAllocator } from '../../warehouse/dialect.ts';
import { hourlyPerAdAndHour } from '../../../test/helpers/fact-sql.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import { runScenario } from './bootstrap.ts';
import { parseScenario } from './load-scenario.ts';
import { rng } from './random.ts';
import type { Scenario } from './scenario.ts';

const r = rng(2026, 'property-test');
const pick = <T>(items: readonly T[]): T => items[Math.floor(r.next() * items.length)]!;
const between = (lo: number, hi: number): number => lo + r.next() * (hi - lo);

/** Dayparting with each half hour on with probability 0.6, or none. */
const randomDayparting = (): string | undefined =>
  r.next() < 0.3 ? Array.from({ length: 336 }, () => (r.next() < 0.6 ? '1' : '0')).join('') : undefined;

function randomScenario(index: number): Scenario {
  const pixels = pick([[], [{ name: 'Pixel A' }], [{ name: 'Pixel A' }, { name: 'Pixel B' }]]);
  const clickWindows = ['OFF', 'ONE_DAY', 'SEVEN_DAYS', 'FOURTEEN_DAYS', 'TWENTY_EIGHT_DAYS'] as const;
  const groups = Array.from({ length: 1 + Math.floor(r.next() * 3) }, (_, g) => {
    const custom = r.next() < 0.3;
    return {
      adgroup_name: `Group ${g}`,
      budget_mode: pick(['BUDGET_MODE_DAY', 'BUDGET_MODE_TOTAL', 'BUDGET_MODE_INFINITE'] as const),
      budget: Math.round(between(20, 120)),
      locations: [pick(['US', 'GB', 'NL', 'SE', 'ID', 'JP', 'ZZ'])],
      age_groups: [pick(['AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_100'] as const)],
      gender: pick(['GENDER_UNLIMITED', 'GENDER_MALE', 'GENDER_FEMALE'] as const),
      interests: r.next() < 0.5 ? ['hiking', 'cooking', 'gaming'].slice(0, 1 + Math.floor(r.next() * 3)) : [],
      placements: pick([
        ['PLACEMENT_TIKTOK'],
        ['PLACEMENT_PANGLE'],
        ['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE'],
      ] as const),
      optimization_goal: 'CONVERT' as const,
      billing_event: pick(['CPM', 'CPC', 'OCPM', 'CPV'] as const),
      dayparting: randomDayparting(),
      ...(pixels.length > 1 && r.next() < 0.5 ? { pixel: 'Pixel B' } : {}),
      bid_type: custom ? ('BID_TYPE_CUSTOM' as const) : ('BID_TYPE_NO_BID' as const),
      bid_price: between(0.5, 15),
      conversion_bid_price: between(2, 60),
      pacing: pick(['PACING_MODE_SMOOTH', 'PACING_MODE_FAST'] as const),
      click_attribution_window: pick(clickWindows),
      view_attribution_window: pick(['OFF', 'ONE_DAY', 'SEVEN_DAYS'] as const),
      ads: Array.from({ length: 1 + Math.floor(r.next() * 3) }, (_, a) => ({
        ad_name: `Ad ${g}.${a}`,
        ad_format: r.next() < 0.8 ? ('SINGLE_VIDEO' as const) : ('SINGLE_IMAGE' as const),
        ad_text: 'Random ad',
        call_to_action: 'SHOP_NOW' as const,
        landing_page_url: 'https://shop.example/',
        creative: {
          name: `creative-${g}-${a}.mp4`,
          duration_s: Math.round(between(5, 60)),
          thumbstop: between(0, 0.8),
          hold: between(0, 1),
          ctr: between(0, 0.05),
          cvr: between(0, 0.2),
          fatigue: between(0, 0.5),
        },
        ...(r.next() < 0.2
          ? { review: pick([{ stuck: true as const }, { hours: Math.round(between(0, 40)) }]) }
          : {}),
      })),
    };
  });
  return parseScenario({
    seed: index,
    start_date: '2026-02-01',
    days: 3,
    advertiser: {
      name: `Random ${index}`,
      currency: pick(['USD', 'EUR', 'JPY']),
      timezone: pick(['America/New_York', 'Europe/Amsterdam', 'Asia/Tokyo']),
    },
    shop: { organic_orders_per_day: Math.round(between(0, 30)), refund_rate: between(0, 0.3) },
    pixels,
    changes:
      pixels.length > 0 && r.next() < 0.4
        ? [{ day: 1, target: { pixel: 'Pixel A' }, set: { firing: false } }]
        : [],
    campaigns: [
      {
        campaign_name: 'Random campaign',
        objective_type: 'WEB_CONVERSIONS',
        budget_mode: pick(['BUDGET_MODE_INFINITE', 'BUDGET_MODE_DAY'] as const),
        budget: Math.round(between(50, 200)),
        ad_groups: groups,
      },
    ],
  });
}

let ctx: AppContext;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
}, 60_000);
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function rows(sql: string, advertiserId: string): Promise<Record<string, unknown>[]> {
  const p = new ParamAllocator(ctx.facts.dialect);
  return ctx.facts.query({ text: sql.replaceAll('$ADV', p.add(advertiserId)), values: p.values });
}

test('random valid scenarios keep every invariant of the contract', async () => {
  for (let i = 0; i < 12; i++) {
    const scenario = randomScenario(i);
    const { advertiserId } = await runScenario(ctx.catalog, ctx.facts, scenario);
    const [broken] = await rows(
      `SELECT COUNT(*) AS n FROM ${hourlyPerAdAndHour} h WHERE (clicks > impressions
       OR video_watched_6s > video_watched_2s OR video_watched_2s > video_play_actions OR video_play_actions > impressions
       OR cta_conversion > clicks OR vta_conversion > video_watched_2s + impressions - clicks OR spend_micros < 0)`,
      advertiserId,
    );
    expect(Number(broken!.n), `scenario ${i}`).toBe(0);
    const [reach] = await rows(
      `SELECT COUNT(*) AS n FROM (SELECT k.ad_id, r.stat_date, COUNT(*) AS people, SUM(r.impressions) AS imps FROM ${FACT_TABLES.reach} r
       JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key WHERE k.advertiser_id = $ADV GROUP BY 1, 2) x WHERE people > imps`,
      advertiserId,
    );
    expect(Number(reach!.n), `scenario ${i} reach`).toBe(0);
    const [shop] = await rows(
      `SELECT (SELECT COALESCE(SUM(complete_payment), 0) FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV) AS credited,
         (SELECT COUNT(*) FROM ${FACT_TABLES.pixelEvents} WHERE advertiser_id = $ADV AND event = 'Purchase') AS pixel_purchases,
         (SELECT COUNT(*) FROM ${FACT_TABLES.pixelEvents} e WHERE advertiser_id = $ADV AND event = 'Purchase'
            AND order_id NOT IN (SELECT order_id FROM ${FACT_TABLES.orders} WHERE advertiser_id = $ADV)) AS without_order`,
      advertiserId,
    );
    const groups = await ctx.catalog.query<{ adgroup_id: string; adgroup_name: string }>(
      'select adgroup_id, adgroup_name from adgroups where advertiser_id = $1',
      [advertiserId],
    );
    const credited = Number(shop!.credited);
    expect(credited, `scenario ${i}: credited purchases are purchases the pixel saw`).toBeLessThanOrEqual(
      Number(shop!.pixel_purchases),
    );
    expect(Number(shop!.without_order), `scenario ${i}: every pixel purchase is an order`).toBe(0);
    if (scenario.pixels!.length === 0) expect(credited, `scenario ${i}: no pixel, no conversions`).toBe(0);
    if (scenario.changes.length > 0) {
      const pixelA = (await listPixels(ctx.catalog, advertiserId)).find((p) => p.pixel_name === 'Pixel A')!;
      const dayOne = new Date(startOfLocalDay('2026-02-02', scenario.advertiser.timezone));
      const [late] = await rows(
        `SELECT COUNT(*) AS n FROM ${FACT_TABLES.pixelEvents} WHERE advertiser_id = $ADV
           AND pixel_code = '${pixelA.pixel_code}' AND event_time >= TIMESTAMP '${dayOne.toISOString().slice(0, 19).replace('T', ' ')}'`,
        advertiserId,
      );
      expect(Number(late!.n), `scenario ${i}: a silent pixel sends nothing`).toBe(0);
    }
    for (const def of scenario.campaigns[0]!.ad_groups.filter((g) => g.dayparting)) {
      const id = groups.find((g) => g.adgroup_name === def.adgroup_name)!.adgroup_id;
      const hours = await rows(
        `SELECT CAST(stat_date AS VARCHAR) AS date, stat_hour FROM ${FACT_TABLES.hourly}
         WHERE advertiser_id = $ADV AND adgroup_id = '${id}' AND impressions > 0 GROUP BY ALL`,
        advertiserId,
      );
      for (const { date, stat_hour } of hours) {
        const slot = weekdayMondayFirst(String(date)) * 48 + Number(stat_hour) * 2;
        expect(
          def.dayparting!.slice(slot, slot + 2),
          `scenario ${i}: ${def.adgroup_name} ${date} ${stat_hour}h`,
        ).not.toBe('00');
      }
    }
    const perGroupDay = await rows(
      `SELECT adgroup_id, stat_date, SUM(spend_micros) AS spend, SUM(cta_conversion) AS cta, SUM(vta_conversion) AS vta
       FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $ADV GROUP BY 1, 2`,
      advertiserId,
    );
    const lifetime = new Map<string, number>();
    for (const row of perGroupDay) {
      const name = groups.find((g) => g.adgroup_id === row.adgroup_id)!.adgroup_name;
      const def = scenario.campaigns[0]!.ad_groups.find((g) => g.adgroup_name === name)!;
      if (def.budget_mode === 'BUDGET_MODE_DAY')
        expect(Number(row.spend)).toBeLessThanOrEqual(def.budget! * 1_000_000);
      lifetime.set(name, (lifetime.get(name) ?? 0) + Number(row.spend));
      if (attributionDays[def.click_attribution_window] === 0)
        expect(Number(row.cta), `${name} click window OFF`).toBe(0);
      if (def.view_attribution_window === 'OFF') expect(Number(row.vta), `${name} view window OFF`).toBe(0);
    }
    for (const def of scenario.campaigns[0]!.ad_groups) {
      if (def.budget_mode === 'BUDGET_MODE_TOTAL')
        expect(lifetime.get(def.adgroup_name) ?? 0).toBeLessThanOrEqual(def.budget! * 1_000_000);
    }
  }
}, 240_000);

test('the same scenario exports byte-identical facts on every run', async () => {
  const scenario = parseScenario(JSON.parse(fs.readFileSync('examples/budget-change.json', 'utf8')));
  const exports: string[] = [];
  for (let run = 0; run < 2; run++) {
    const { advertiserId } = await runScenario(ctx.catalog, ctx.facts, scenario);
    const file = path.join(dataDir, `run-${run}.csv`);
    await ctx.facts.exportQuery(await dailyFactsQuery(ctx.facts, ctx.catalog, advertiserId), 'csv', file);
    exports.push(fs.readFileSync(file, 'utf8'));
  }
  expect(exports[0]!.split('\n').length).toBeGreaterThan(14);
  expect(exports[1]).toBe(exports[0]);
}, 120_000);
