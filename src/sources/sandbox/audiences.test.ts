// The sandbox's reaction to audience targeting: the same ad group delivers to fewer people, converting
// better at a higher price, when it includes a small retargeting audience; a broad lookalike reaches more
// people than a narrow one; exclusions take their people's share away. Real catalog and warehouse.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../app-context.ts';
import { insertAudienceRow } from '../../audiences/audience-records.ts';
import { lookalikeSize } from '../../audiences/lookalike.ts';
import { listAdGroups } from '../../catalog/structure.ts';
import { readConfig } from '../../core/config.ts';
import type { AudienceType } from '../../shared/audiences-api.ts';
import { runReport } from '../../reports/run-report.ts';
import { type SandboxAudience, audienceEffect, lookalikeLift, reachableSegments } from './audiences.ts';
import { parseScenario } from './load-scenario.ts';
import { INTEREST_SHARE, segmentsFor } from './population.ts';
import { seedScenario } from './seed-scenario.ts';
import { simulateUntil } from './simulate.ts';

const GROUPS = ['Everyone', 'Customers', 'Lookalike narrow', 'Lookalike broad'] as const;

/** Four ad groups alike in everything but the audiences they will include: NL women 25-34, $30 a day. */
const scenario = parseScenario({
  seed: 31,
  start_date: '2026-03-01',
  days: 14,
  advertiser: { name: 'Audience targeting test', currency: 'USD', timezone: 'Europe/Amsterdam' },
  campaigns: [
    {
      campaign_name: 'Audiences',
      objective_type: 'WEB_CONVERSIONS',
      ad_groups: GROUPS.map((name) => ({
        adgroup_name: name,
        budget_mode: 'BUDGET_MODE_DAY',
        budget: 30,
        locations: ['NL'],
        age_groups: ['AGE_25_34'],
        gender: 'GENDER_FEMALE',
        optimization_goal: 'CONVERT',
        billing_event: 'OCPM',
        ads: [
          {
            ad_name: `${name} · ad`,
            ad_text: 'Rain jackets that breathe',
            call_to_action: 'SHOP_NOW',
            landing_page_url: 'https://shop.example/rain',
            review: { hours: 0 },
            creative: {
              name: 'rain.mp4',
              duration_s: 15,
              thumbstop: 0.35,
              hold: 0.45,
              ctr: 0.06,
              cvr: 0.08,
              fatigue: 0.02,
            },
          },
        ],
      })),
    },
  ],
});

let ctx: AppContext;
let dataDir: string;
let advertiserId: string;
/** A shop's customers in the Netherlands: fewer than a 1 % lookalike of the country (50,000). */
const CUSTOMERS = 20_000;
const byGroup = new Map<string, Record<string, number>>();

async function addAudience(
  id: string,
  type: AudienceType,
  matched: number,
  definition: unknown = {},
): Promise<void> {
  await insertAudienceRow(ctx.catalog, {
    audience_id: id,
    advertiser_id: advertiserId,
    name: id,
    type,
    retention_days: 180,
    definition,
    matched_size: matched,
    size_basis: 'set by the test',
  });
}

/** Seeds the scenario (replacing an earlier run of it), adds the audiences and includes them. */
async function seedWithAudiences(): Promise<void> {
  advertiserId = await seedScenario(ctx.catalog, ctx.facts, scenario);
  await addAudience('customers', 'customer_file', CUSTOMERS);
  for (const size of ['narrow', 'broad'] as const) {
    const percent = size === 'narrow' ? 1 : 10;
    await addAudience(`lookalike-${size}`, 'lookalike', lookalikeSize('NL', size), {
      source_audience_id: 'customers',
      country: 'NL',
      size,
      percent,
    });
  }
  const include: Record<string, string[]> = {
    Customers: ['customers'],
    'Lookalike narrow': ['lookalike-narrow'],
    'Lookalike broad': ['lookalike-broad'],
  };
  for (const group of await listAdGroups(ctx.catalog, advertiserId)) {
    const targeting = { ...group.targeting, audience_ids: include[group.adgroup_name] ?? [] };
    await ctx.catalog.query('update adgroups set targeting = $2 where adgroup_id = $1', [
      group.adgroup_id,
      JSON.stringify(targeting),
    ]);
  }
}

async function reportByGroup(): Promise<Map<string, Record<string, number>>> {
  const report = await runReport(ctx.facts, ctx.catalog, {
    advertiserId,
    from: '2026-03-01',
    to: '2026-03-14',
    dimensions: ['adgroup'],
    metrics: ['reach', 'impressions', 'clicks', 'conversion', 'spend'],
  });
  const names = new Map(
    (await listAdGroups(ctx.catalog, advertiserId)).map((g) => [g.adgroup_id, g.adgroup_name]),
  );
  return new Map(report.rows.map((row) => [names.get(String(row.adgroup))!, row as Record<string, number>]));
}

beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await seedWithAudiences();
  await simulateUntil(ctx.catalog, ctx.facts, advertiserId, Number.POSITIVE_INFINITY);
  for (const [name, row] of await reportByGroup()) byGroup.set(name, row);
}, 240_000);

afterAll(async () => {
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const cvr = (r: Record<string, number>) => r.conversion! / r.clicks!;
const cpm = (r: Record<string, number>) => (r.spend! / r.impressions!) * 1000;

describe('ad groups targeting audiences in the sandbox', () => {
  test('a small retargeting audience reaches fewer people, converts better and costs more per impression', () => {
    const everyone = byGroup.get('Everyone')!;
    const customers = byGroup.get('Customers')!;
    // The customers inside the targeting: the share of the Dutch who are women 25-34.
    expect(customers.reach!).toBeLessThanOrEqual(Math.ceil(CUSTOMERS * 0.28 * 0.55));
    expect(customers.reach!).toBeLessThan(everyone.reach! * 0.5);
    expect(customers.impressions!).toBeLessThan(everyone.impressions!);
    expect(customers.conversion!).toBeGreaterThan(10);
    expect(cvr(customers)).toBeGreaterThan(cvr(everyone) * 1.6);
    expect(cpm(customers)).toBeGreaterThan(cpm(everyone) * 1.3);
  });

  test('the same seed gives the same facts when the run is cut into pieces', async () => {
    await seedWithAudiences();
    const start = Date.parse('2026-03-01T00:00:00+01:00');
    let hours = 0;
    for (const until of [5, 40, 24 * 6, Number.POSITIVE_INFINITY]) {
      const run = await simulateUntil(ctx.catalog, ctx.facts, advertiserId, start + until * 3_600_000);
      hours += run.hours;
    }
    expect(hours).toBe(14 * 24);
    expect(await reportByGroup()).toEqual(byGroup);
  }, 240_000);

  test('a broad lookalike reaches more people than a narrow one, and both more than their source', () => {
    const narrow = byGroup.get('Lookalike narrow')!;
    const broad = byGroup.get('Lookalike broad')!;
    expect(broad.reach!).toBeGreaterThan(narrow.reach! * 2);
    expect(narrow.reach!).toBeGreaterThan(byGroup.get('Customers')!.reach!);
    // Still fewer than the whole targeting: 10 % of the country.
    expect(broad.reach!).toBeLessThan(byGroup.get('Everyone')!.reach!);
  });
});

describe('the audience model', () => {
  const segments = segmentsFor(['NL', 'BE'], ['AGE_25_34'], 'GENDER_FEMALE');
  const targeted = (country: string) =>
    segments.filter((s) => s.country === country).reduce((sum, s) => sum + s.size, 0);
  const audience = (
    type: AudienceType,
    matched: number,
    country: string | null = null,
    percent: number | null = null,
  ): SandboxAudience => ({
    audience_id: `${type}-${matched}`,
    type,
    matched_size: matched,
    country,
    percent,
  });

  test('without audiences nothing changes', () => {
    const effect = audienceEffect(segments, 1, [], []);
    expect([...effect.reachShare.values()]).toEqual([1, 1]);
    expect([effect.ctrLift, effect.cvrLift, effect.cpmFactor]).toEqual([1, 1, 1]);
  });

  test('a lookalike’s people live in its country; the shop’s own spread over the targeted countries', () => {
    const look = audienceEffect(segments, 1, [audience('lookalike', 50_000, 'NL', 1)], []);
    expect(look.reachShare.get('BE')).toBe(0);
    expect(look.reachShare.get('NL')).toBeCloseTo(50_000 / 5_000_000, 6);
    const own = audienceEffect(segments, 1, [audience('customer_file', 18_000)], []);
    const reachable = reachableSegments(segments, own).reduce((sum, s) => sum + s.size, 0);
    // 18,000 customers among the 9 M people of NL and BE, 15.4 % of whom are women 25-34.
    expect(reachable).toBeGreaterThan(18_000 * ((targeted('NL') + targeted('BE')) / 9_000_000) - 4);
    expect(reachable).toBeLessThan(18_000 * ((targeted('NL') + targeted('BE')) / 9_000_000) + 4);
  });

  test('interests narrow the people an audience brings, and its people never exceed the targeting', () => {
    const huge = audienceEffect(segments, INTEREST_SHARE, [audience('lookalike', 5_000_000, 'NL', 10)], []);
    expect(huge.reachShare.get('NL')).toBeLessThanOrEqual(1);
  });

  test('lifts: retargeting converts far better at a higher price; a lookalike’s lift fades with its size', () => {
    const own = audienceEffect(segments, 1, [audience('website', 20_000)], []);
    expect(own.cvrLift).toBeGreaterThan(2);
    expect(own.cpmFactor).toBeGreaterThan(1.3);
    expect(lookalikeLift(1).cvr).toBeGreaterThan(lookalikeLift(5).cvr);
    expect(lookalikeLift(5).cvr).toBeGreaterThan(lookalikeLift(10).cvr);
    expect(lookalikeLift(10).cvr).toBeGreaterThan(1);
    // Two audiences: lifts weighted by the people each brings.
    const mixed = audienceEffect(
      segments,
      1,
      [audience('website', 20_000), audience('lookalike', 500_000, 'NL', 10)],
      [],
    );
    expect(mixed.cvrLift).toBeGreaterThan(lookalikeLift(10).cvr);
    expect(mixed.cvrLift).toBeLessThan(own.cvrLift);
  });

  test('exclusions remove their people: buyers from cart abandoners entirely, others by their share', () => {
    const carts = audience('website', 30_000);
    const buyers = audience('customer_file', 10_000);
    const withCarts = audienceEffect(segments, 1, [carts], []);
    const withoutBuyers = audienceEffect(segments, 1, [carts], [buyers]);
    const nl = (e: typeof withCarts) => e.reachShare.get('NL')! * targeted('NL');
    expect(nl(withoutBuyers)).toBeCloseTo(nl(withCarts) * (2 / 3), 0);
    const everyoneButLookalike = audienceEffect(segments, 1, [], [audience('lookalike', 500_000, 'NL', 10)]);
    expect(everyoneButLookalike.reachShare.get('NL')).toBeCloseTo(0.9, 6);
    expect(everyoneButLookalike.reachShare.get('BE')).toBe(1);
    const nobody = audienceEffect(segments, 1, [carts], [audience('customer_file', 1_000_000)]);
    expect(nobody.reachShare.get('NL')).toBe(0);
  });

  test('an audience of unknown size reaches nobody', () => {
    const effect = audienceEffect(segments, 1, [{ ...audience('website', 0), matched_size: null }], []);
    expect(reachableSegments(segments, effect)).toEqual([]);
  });
});
