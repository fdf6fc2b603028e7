// Custom columns over a simulated advertiser: each equals the same formula worked out by hand from the raw
// facts, at campaign, ad and day grain and in total, and they work wherever a metric does.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seededContext, type SeededContext } from '../../test/helpers/seeded-context.ts';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { listEntities } from '../campaigns/list-entities.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';
import { createCustomColumn } from './custom-columns.ts';
import { getSummary, getTrend } from './dashboard.ts';
import { runReport } from './run-report.ts';

let s: SeededContext;
const range = { from: '2026-04-01', to: '2026-04-10' };

const FORMULAS = {
  cpatc: 'spend / web_event_add_to_cart',
  hook: 'video_watched_3s / impressions',
  people: 'spend / reach * 1000',
  blended:
    'IF(cc_cost_per_add_to_cart > 5 AND web_event_add_to_cart >= 1, ROUND(cc_cost_per_add_to_cart, 2), MAX(spend - 100, 0))',
};
const IDS = ['cc_cost_per_add_to_cart', 'cc_hook_rate_3s', 'cc_cost_per_1000_people', 'cc_blended'];

beforeAll(async () => {
  s = await seededContext({ days: 4, now: Date.parse('2026-04-10T12:00:00Z') });
  const add = (name: string, formula: string) =>
    createCustomColumn(s.ctx.catalog, s.advertiserId, { name, formula, description: '' }, SYSTEM_ACTOR);
  expect((await add('Cost per add to cart', FORMULAS.cpatc)).column_id).toBe(IDS[0]);
  expect((await add('Hook rate 3s', FORMULAS.hook)).column_id).toBe(IDS[1]);
  expect((await add('Cost per 1000 people', FORMULAS.people)).column_id).toBe(IDS[2]);
  expect((await add('Blended', FORMULAS.blended)).column_id).toBe(IDS[3]);
}, 180_000);
afterAll(async () => s.dispose());

interface Raw {
  spend: number;
  atc: number;
  v3: number;
  impressions: number;
  reach: number;
}

/** Sums and distinct people straight from the fact tables, grouped by `key` (ids or the date). */
async function raw(keys: ('campaign_id' | 'ad_id' | 'stat_date')[]): Promise<Map<string, Raw>> {
  const values = [s.advertiserId, range.from, range.to];
  const group = (reach: boolean) =>
    keys.length === 0
      ? `'total'`
      : keys
          .map((k) => `CAST(${reach ? (k === 'stat_date' ? 'r.' : 'k.') : ''}${k} AS VARCHAR)`)
          .join(` || '|' || `);
  const sums = await s.ctx.facts.query({
    text: `SELECT ${group(false)} AS k, SUM(spend_micros) AS spend, SUM(web_event_add_to_cart) AS atc,
      SUM(video_watched_3s) AS v3, SUM(impressions) AS impressions FROM ${FACT_TABLES.hourly}
      WHERE advertiser_id = $1 AND stat_date BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE) GROUP BY 1`,
    values,
  });
  const people = await s.ctx.facts.query({
    text: `SELECT ${group(true)} AS k, COUNT(DISTINCT r.person_id) AS reach
      FROM ${FACT_TABLES.reach} r JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key
      WHERE k.advertiser_id = $1 AND r.stat_date BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE) GROUP BY 1`,
    values,
  });
  const reach = new Map(people.map((row) => [String(row.k), Number(row.reach)]));
  return new Map(
    sums.map((row) => [
      String(row.k),
      {
        spend: Number(row.spend) / 1_000_000,
        atc: Number(row.atc),
        v3: Number(row.v3),
        impressions: Number(row.impressions),
        reach: reach.get(String(row.k)) ?? 0,
      },
    ]),
  );
}

/** The four formulas worked out by hand. */
function expected(r: Raw): Record<string, number | null> {
  const cpatc = r.atc > 0 ? r.spend / r.atc : null;
  return {
    cc_cost_per_add_to_cart: cpatc,
    cc_hook_rate_3s: r.impressions > 0 ? r.v3 / r.impressions : null,
    cc_cost_per_1000_people: r.reach > 0 ? (r.spend / r.reach) * 1000 : null,
    cc_blended:
      cpatc !== null && cpatc > 5 && r.atc >= 1 ? Math.round(cpatc * 100) / 100 : Math.max(r.spend - 100, 0),
  };
}

function expectClose(actual: Record<string, unknown>, want: Record<string, number | null>, where: string) {
  for (const [id, value] of Object.entries(want)) {
    if (value === null) expect(actual[id], `${id} at ${where}`).toBeNull();
    else expect(actual[id], `${id} at ${where}`).toBeCloseTo(value, 6);
  }
}

describe('custom columns in reports', () => {
  test.each([
    [['campaign'], ['campaign_id']],
    [['ad'], ['ad_id']],
    [['day'], ['stat_date']],
    [
      ['ad', 'day'],
      ['ad_id', 'stat_date'],
    ],
  ] as const)('at %s grain they equal the formulas over the raw facts', async (dimensions, keys) => {
    const report = await runReport(s.ctx.facts, s.ctx.catalog, {
      advertiserId: s.advertiserId,
      ...range,
      dimensions: [...dimensions],
      metrics: [...IDS, 'spend'],
    });
    const facts = await raw([...keys]);
    expect(report.rows.length).toBe(facts.size);
    expect(report.rows.length).toBeGreaterThan(1);
    for (const row of report.rows) {
      const key = dimensions.map((d) => row[d]).join('|');
      expect(facts.get(key), key).toBeDefined();
      expectClose(row, expected(facts.get(key)!), key);
    }
    expectClose(report.totals, expected((await raw([])).get('total')!), 'the total');
  });

  test('the demo exercises both branches of the IF and formulas that are undefined', async () => {
    const byAd = await raw(['ad_id']);
    const cpatc = [...byAd.values()].map((r) => expected(r).cc_cost_per_add_to_cart ?? null);
    expect(cpatc.filter((v) => v !== null && v > 5).length).toBeGreaterThan(0);
    expect(cpatc.filter((v) => v !== null && v <= 5).length).toBeGreaterThan(0);
    const byAdAndDay = [...(await raw(['ad_id', 'stat_date'])).values()].map(expected);
    expect(byAdAndDay.some((v) => v.cc_cost_per_add_to_cart === null)).toBe(true);
    // IF with an undefined condition takes the else value.
    expect(byAdAndDay.some((v) => v.cc_cost_per_add_to_cart === null && v.cc_blended === 0)).toBe(true);
  });

  test('they can be sorted by, and used on the Dashboard and in the Campaign tab', async () => {
    const sorted = await runReport(s.ctx.facts, s.ctx.catalog, {
      advertiserId: s.advertiserId,
      ...range,
      dimensions: ['ad'],
      metrics: ['cc_hook_rate_3s'],
      sort: { by: 'cc_hook_rate_3s', direction: 'desc' },
      limit: 3,
    });
    const hooks = sorted.rows.map((r) => r.cc_hook_rate_3s as number);
    expect(hooks).toEqual([...hooks].sort((a, b) => b - a));

    const advertiser = (await getAdvertiser(s.ctx.catalog, s.advertiserId))!;
    const summary = await getSummary(
      s.ctx.facts,
      s.ctx.catalog,
      advertiser,
      range,
      ['cc_cost_per_add_to_cart'],
      true,
    );
    expect(summary.metrics.cc_cost_per_add_to_cart!.value).toBeCloseTo(
      expected((await raw([])).get('total')!).cc_cost_per_add_to_cart!,
      6,
    );
    const trend = await getTrend(s.ctx.facts, s.ctx.catalog, s.advertiserId, range, [
      'cc_hook_rate_3s',
      'spend',
    ]);
    // Days before the demo's history: nothing delivered, so spend is 0 and the formula undefined.
    expect(trend.points[0]).toEqual({ period: '2026-04-01', cc_hook_rate_3s: null, spend: 0 });

    const table = await listEntities(s.ctx.catalog, s.ctx.facts, advertiser, 'ads', {
      ...range,
      metrics: ['spend', 'cc_cost_per_add_to_cart'],
      campaign_ids: [],
      adgroup_ids: [],
      status: [],
      objective: [],
      filters: ['cc_hook_rate_3s>0'],
      sort: 'cc_hook_rate_3s:desc',
      offset: 0,
      limit: 500,
    });
    expect(table.rows.length).toBeGreaterThan(0);
    expect(Object.keys(table.totals)).toEqual(['spend', 'cc_cost_per_add_to_cart']);
    expect(table.totals.cc_cost_per_add_to_cart).toEqual(expect.any(Number));
  });

  test('an unknown custom column id is an unknown metric; a stored formula that no longer computes is named', async () => {
    await expect(
      runReport(s.ctx.facts, s.ctx.catalog, {
        advertiserId: s.advertiserId,
        ...range,
        dimensions: [],
        metrics: ['spend', 'cc_nope'],
      }),
    ).rejects.toMatchObject({ code: 'unknown_metric', details: [{ field: 'metrics[1]' }] });
    // Another advertiser's columns are not this one's.
    await expect(
      runReport(s.ctx.facts, s.ctx.catalog, {
        advertiserId: 'someone-else',
        ...range,
        dimensions: [],
        metrics: [IDS[0]!],
      }),
    ).rejects.toMatchObject({ code: 'unknown_metric' });
    await s.ctx.catalog.query(
      `insert into custom_columns (advertiser_id, column_id, name, formula, format, created_by, modified_by)
       values ($1, 'cc_stale', 'Stale', 'spend / retired_metric', 'money', 'system', 'system')`,
      [s.advertiserId],
    );
    await expect(
      runReport(s.ctx.facts, s.ctx.catalog, {
        advertiserId: s.advertiserId,
        ...range,
        dimensions: [],
        metrics: ['cc_stale'],
      }),
    ).rejects.toMatchObject({
      code: 'invalid_formula',
      message: expect.stringContaining('Stale (cc_stale)'),
      details: [expect.objectContaining({ position: 8, length: 14 })],
    });
    const fine = await runReport(s.ctx.facts, s.ctx.catalog, {
      advertiserId: s.advertiserId,
      ...range,
      dimensions: [],
      metrics: [IDS[0]!],
    });
    expect(fine.totals[IDS[0]!]).toEqual(expect.any(Number));
  });
});
