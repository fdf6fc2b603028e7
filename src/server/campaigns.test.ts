// The Campaign tab's API: tables with numbers, TikTok's rules on create and edit, bulk actions with
// partial failures, duplicate, undo, column sets, and the sandbox delivering what is built here.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { seededContext, type SeededContext } from '../../test/helpers/seeded-context.ts';
import { listCreatives } from '../catalog/structure.ts';
import { localToday } from '../core/timezone.ts';
import { runReport } from '../reports/run-report.ts';
import { simulateUntil } from '../sources/sandbox/simulate.ts';
import { buildApp } from './app.ts';

const HOUR = 3_600_000;
// The demo's clock is the real one here, so review ages, "today" and the sandbox's hours line up.
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
let s: SeededContext;
let app: FastifyInstance;
let owner: Awaited<ReturnType<typeof memberWithToken>>;
let viewer: Awaited<ReturnType<typeof memberWithToken>>;
let base: string;
let from: string;
let to: string;

beforeAll(async () => {
  s = await seededContext({ days: 3, now: NOW });
  app = await buildApp(s.ctx);
  owner = await memberWithToken(s.ctx.catalog, 'owner');
  viewer = await memberWithToken(s.ctx.catalog, 'viewer', [s.advertiserId]);
  base = `/api/v1/advertisers/${s.advertiserId}`;
  to = localToday('America/New_York', NOW);
  from = new Date(Date.parse(to) - 2 * 86_400_000).toISOString().slice(0, 10);
}, 180_000);
afterAll(async () => {
  await app.close();
  await s.dispose();
});

const call = async (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
  headers = owner.headers,
) => {
  const response = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  return { status: response.statusCode, body: response.json() };
};
const fields = (body: { error: { details: { field: string }[] } }) => body.error.details.map((d) => d.field);

const validGroup = (campaignId: string, extra: Record<string, unknown> = {}) => ({
  campaign_id: campaignId,
  adgroup_name: 'Test group',
  budget_mode: 'BUDGET_MODE_DAY',
  budget: 40,
  locations: ['US'],
  age_groups: ['AGE_25_34'],
  optimization_goal: 'CLICK',
  billing_event: 'CPC',
  ...extra,
});

describe('the tables', () => {
  test('campaigns with metrics, a status reason and totals computed from the facts', async () => {
    const { status, body } = await call(
      'GET',
      `${base}/campaigns?from=${from}&to=${to}&metrics=spend,impressions,reach,ctr&sort=spend:desc`,
    );
    expect(status).toBe(200);
    expect(body.rows.length).toBe(4);
    const spends = body.rows.map((r: { metrics: { spend: number } }) => r.metrics.spend);
    expect(spends).toEqual([...spends].sort((a, b) => b - a));
    const sum = (id: string) =>
      body.rows.reduce((t: number, r: { metrics: Record<string, number> }) => t + r.metrics[id]!, 0);
    expect(body.totals.spend).toBeCloseTo(sum('spend'), 6);
    // Reach is distinct people: no more than the campaigns' reaches added up.
    expect(body.totals.reach).toBeLessThanOrEqual(sum('reach'));
    expect(body.totals.ctr).toBeCloseTo(
      body.rows.reduce(
        (t: number, r: { metrics: Record<string, number> }) => t + r.metrics.ctr! * r.metrics.impressions!,
        0,
      ) / sum('impressions'),
      6,
    );
    for (const row of body.rows) expect(row.delivery.text).toMatch(/\w/);
  });

  test('drill-down, name and metric thresholds, comparison', async () => {
    const campaigns = (await call('GET', `${base}/campaigns?from=${from}&to=${to}`)).body.rows;
    const rainwear = campaigns.find((c: { name: string }) => c.name.startsWith('Rainwear'));
    const groups = await call('GET', `${base}/adgroups?from=${from}&to=${to}&campaign_ids=${rainwear.id}`);
    expect(groups.body.rows.map((r: { campaign_name: string }) => r.campaign_name)).toEqual([
      rainwear.name,
      rainwear.name,
    ]);
    const named = await call('GET', `${base}/ads?from=${from}&to=${to}&name=STORM`);
    expect(named.body.rows.length).toBeGreaterThan(0);
    for (const row of named.body.rows) expect(row.name.toLowerCase()).toContain('storm');
    const busy = await call(
      'GET',
      `${base}/ads?from=${from}&to=${to}&metrics=impressions,spend&filters=impressions>1000,spend<=1000000`,
    );
    expect(busy.body.rows.length).toBeGreaterThan(0);
    for (const row of busy.body.rows) expect(row.metrics.impressions).toBeGreaterThan(1000);
    expect(busy.body.total_rows).toBe(busy.body.rows.length);
    const all = await call('GET', `${base}/ads?from=${from}&to=${to}&metrics=impressions`);
    expect(busy.body.totals.impressions).toBeLessThanOrEqual(all.body.totals.impressions);
    const compared = await call(
      'GET',
      `${base}/campaigns?from=${to}&to=${to}&compare_from=${from}&compare_to=${from}&metrics=spend`,
    );
    expect(compared.body.previous_totals.spend).toBeGreaterThan(0);
    expect(compared.body.rows[0].previous).toHaveProperty('spend');
    const paged = await call('GET', `${base}/ads?from=${from}&to=${to}&limit=5&offset=5`);
    expect(paged.body.rows.length).toBe(5);
    expect(paged.body.total_rows).toBe(all.body.total_rows);
  });

  test('a broken threshold or sort names the parameter', async () => {
    const bad = await call('GET', `${base}/ads?from=${from}&to=${to}&filters=cpa>>20`);
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['query.filters[0]']);
    const sort = await call('GET', `${base}/ads?from=${from}&to=${to}&sort=happiness:desc`);
    expect(fields(sort.body)).toEqual(['query.sort']);
  });
});

describe("TikTok's rules on create", () => {
  test('campaign budgets: minimums per mode and currency, none with an unlimited budget', async () => {
    const low = await call('POST', `${base}/campaigns`, {
      campaign_name: 'Low',
      objective_type: 'TRAFFIC',
      budget_mode: 'BUDGET_MODE_DAY',
      budget: 30,
    });
    expect(low.status).toBe(400);
    expect(low.body.error.details).toEqual([{ field: 'body.budget', message: 'must be more than 50 USD' }]);
    const unlimited = await call('POST', `${base}/campaigns`, {
      campaign_name: 'Unlimited 🚀',
      objective_type: 'TRAFFIC',
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: 100,
    });
    expect(fields(unlimited.body)).toEqual(['body.campaign_name', 'body.budget']);
    const rules = await call('GET', `${base}/budget-rules`);
    expect(rules.body).toEqual({
      currency: 'USD',
      campaign_min_daily: 50,
      campaign_min_lifetime: 50,
      adgroup_min_daily: 20,
      adgroup_min_lifetime_per_day: 20,
    });
  });

  test('ad groups: goal per objective, billing per goal, bids per strategy, schedule, pixel, locations', async () => {
    const traffic = (
      await call('POST', `${base}/campaigns`, {
        campaign_name: 'Rules',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_INFINITE',
      })
    ).body;
    const sales = (
      await call('POST', `${base}/campaigns`, {
        campaign_name: 'Rules sales',
        objective_type: 'WEB_CONVERSIONS',
        budget_mode: 'BUDGET_MODE_INFINITE',
      })
    ).body;
    const cases: [Record<string, unknown>, string[]][] = [
      [
        validGroup(traffic.campaign_id, { optimization_goal: 'CONVERT', billing_event: 'OCPM' }),
        ['body.optimization_goal'],
      ],
      [validGroup(traffic.campaign_id, { billing_event: 'CPM' }), ['body.billing_event']],
      [validGroup(traffic.campaign_id, { bid_type: 'BID_TYPE_CUSTOM' }), ['body.bid_price']],
      [validGroup(traffic.campaign_id, { bid_type: 'BID_TYPE_CUSTOM', bid_price: 60 }), ['body.bid_price']],
      [validGroup(traffic.campaign_id, { bid_price: 1 }), ['body.bid_price']],
      [validGroup(traffic.campaign_id, { budget: 15 }), ['body.budget']],
      [
        validGroup(traffic.campaign_id, { budget_mode: 'BUDGET_MODE_TOTAL', budget: 100 }),
        ['body.schedule_end_time'],
      ],
      [
        validGroup(traffic.campaign_id, {
          budget_mode: 'BUDGET_MODE_TOTAL',
          budget: 100,
          schedule_type: 'SCHEDULE_START_END',
          schedule_start_time: new Date(NOW).toISOString(),
          schedule_end_time: new Date(NOW + 10 * 86_400_000).toISOString(),
        }),
        ['body.budget'],
      ],
      [
        validGroup(traffic.campaign_id, { schedule_end_time: new Date(NOW - 86_400_000).toISOString() }),
        ['body.schedule_end_time', 'body.schedule_end_time'],
      ],
      [
        validGroup(traffic.campaign_id, { budget_mode: 'BUDGET_MODE_INFINITE', budget: undefined }),
        ['body.budget_mode'],
      ],
      [
        validGroup(traffic.campaign_id, { locations: ['usa'], languages: ['English'] }),
        ['body.locations[0]', 'body.languages[0]'],
      ],
      [validGroup(traffic.campaign_id, { dayparting: '1'.repeat(335) }), ['body.dayparting']],
      [
        validGroup(sales.campaign_id, { optimization_goal: 'CONVERT', billing_event: 'OCPM' }),
        ['body.pixel_id'],
      ],
      [
        validGroup(sales.campaign_id, {
          optimization_goal: 'CONVERT',
          billing_event: 'OCPM',
          pixel_id: 'nope',
        }),
        ['body.pixel_id'],
      ],
      [validGroup('no-such-campaign'), ['body.campaign_id']],
    ];
    for (const [body, expected] of cases) {
      const response = await call('POST', `${base}/adgroups`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(fields(response.body), JSON.stringify(response.body)).toEqual(expected);
    }
    const ok = await call(
      'POST',
      `${base}/adgroups`,
      validGroup(traffic.campaign_id, { bid_type: 'BID_TYPE_CUSTOM', bid_price: 0.8 }),
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      bid_price: 0.8,
      click_attribution_window: 'SEVEN_DAYS',
      operation_status: 'ENABLE',
    });
    const createOnly = await call('PATCH', `${base}/adgroups/${ok.body.adgroup_id}`, {
      click_attribution_window: 'ONE_DAY',
    });
    expect(createOnly.status).toBe(400);
    expect(createOnly.body.error.message).toContain('click_attribution_window');
  });

  test('ads: text length, landing page, creative and its format', async () => {
    const campaign = (
      await call('POST', `${base}/campaigns`, {
        campaign_name: 'Ads rules',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_INFINITE',
      })
    ).body;
    const group = (await call('POST', `${base}/adgroups`, validGroup(campaign.campaign_id))).body;
    const creatives = await listCreatives(s.ctx.catalog, s.advertiserId);
    const video = creatives.find((c) => c.kind === 'video')!;
    const image = creatives.find((c) => c.kind === 'image')!;
    const ad = (extra: Record<string, unknown>) => ({
      adgroup_id: group.adgroup_id,
      ad_name: 'Rule ad',
      ad_text: 'Light and dry',
      call_to_action: 'SHOP_NOW',
      landing_page_url: 'https://shop.example/jacket',
      creative_id: video.creative_id,
      ...extra,
    });
    const cases: [Record<string, unknown>, string[]][] = [
      [ad({ ad_text: 'x'.repeat(101) }), ['body.ad_text']],
      [ad({ landing_page_url: 'shop.example/jacket' }), ['body.landing_page_url']],
      [ad({ landing_page_url: 'ftp://shop.example/x' }), ['body.landing_page_url']],
      [ad({ creative_id: image.creative_id }), ['body.ad_format']],
      [ad({ creative_id: 'nope' }), ['body.creative_id']],
    ];
    for (const [body, expected] of cases) {
      const response = await call('POST', `${base}/ads`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(fields(response.body)).toEqual(expected);
    }
    const created = await call('POST', `${base}/ads`, ad({}));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ review_status: 'REVIEWING', campaign_id: campaign.campaign_id });
    const id = created.body.ad_id;
    await call('PATCH', `${base}/ads/${id}`, { operation_status: 'DISABLE' });
    const renamed = await call('PATCH', `${base}/ads/${id}`, { ad_name: 'Renamed' });
    expect(renamed.body).toMatchObject({
      ad_name: 'Renamed',
      operation_status: 'DISABLE',
      ad_text: 'Light and dry',
    });
  });

  test('a viewer may look but not build', async () => {
    expect(
      (await call('GET', `${base}/campaigns?from=${from}&to=${to}`, undefined, viewer.headers)).status,
    ).toBe(200);
    const refused = await call(
      'POST',
      `${base}/campaigns`,
      { campaign_name: 'No', objective_type: 'TRAFFIC', budget_mode: 'BUDGET_MODE_INFINITE' },
      viewer.headers,
    );
    expect(refused.status).toBe(403);
  });
});

describe('actions', () => {
  test('bulk status applies what it can and says why not for the rest; delete is final', async () => {
    const ads = (await call('GET', `${base}/ads?from=${from}&to=${to}`)).body.rows;
    const [a, b] = [ads[0].id, ads[1].id];
    expect((await call('DELETE', `${base}/ads/${b}`)).status).toBe(200);
    const result = await call('POST', `${base}/ads/status`, {
      ids: [a, 'missing', b],
      operation_status: 'DISABLE',
    });
    expect(result.body.results).toEqual([
      { id: a, ok: true, error: null },
      { id: 'missing', ok: false, error: { code: 'not_found', message: expect.stringContaining('missing') } },
      { id: b, ok: false, error: { code: 'conflict', message: expect.stringContaining('deleted') } },
    ]);
    const listed = (await call('GET', `${base}/ads?from=${from}&to=${to}`)).body.rows;
    expect(listed.find((r: { id: string }) => r.id === a).delivery).toEqual({
      code: 'DISABLED',
      text: 'Inactive',
    });
    expect(listed.some((r: { id: string }) => r.id === b)).toBe(false);
    const deleted = (await call('GET', `${base}/ads?from=${from}&to=${to}&status=DELETE`)).body.rows;
    expect(deleted.map((r: { id: string }) => r.id)).toEqual([b]);
  });

  test('duplicating an ad group copies its ads into review, ready for another audience', async () => {
    const groups = (await call('GET', `${base}/adgroups?from=${from}&to=${to}&name=Broad`)).body.rows;
    const original = groups[0];
    const copy = await call('POST', `${base}/adgroups/${original.id}/duplicate`, {});
    expect(copy.status).toBe(200);
    const ads = (await call('GET', `${base}/ads?from=${from}&to=${to}&adgroup_ids=${copy.body.id}`)).body
      .rows;
    expect(ads.length).toBe(copy.body.copied.ads);
    for (const ad of ads) expect(ad.delivery.code).toBe('IN_REVIEW');
    const changed = await call('PATCH', `${base}/adgroups/${copy.body.id}`, {
      interests: ['running'],
      adgroup_name: 'Runners',
    });
    expect(changed.body).toMatchObject({
      interests: ['running'],
      adgroup_name: 'Runners',
      locations: original.entity.locations,
    });
  });

  test('undo takes back the last change, all of it', async () => {
    const groups = (await call('GET', `${base}/adgroups?from=${from}&to=${to}&name=Broad`)).body.rows;
    const id = groups[0].id;
    const before = groups[0].entity.budget;
    await call('PATCH', `${base}/adgroups/${id}`, { budget: before * 1.2 });
    // An edit touches only what it names.
    expect((await call('GET', `${base}/adgroups/${id}`)).body).toMatchObject({
      ...groups[0].entity,
      budget: before * 1.2,
      modify_time: expect.any(String),
    });
    expect((await call('GET', `${base}/adgroups/${id}`)).body.budget).toBeCloseTo(before * 1.2, 6);
    const undo = await call('POST', `${base}/changes/undo`);
    expect(undo.status).toBe(200);
    expect(undo.body.undone).toBe(`Ad group "${groups[0].name}": budget restored`);
    expect((await call('GET', `${base}/adgroups/${id}`)).body.budget).toBe(before);

    const ads = (await call('GET', `${base}/ads?from=${from}&to=${to}&status=ENABLE`)).body.rows.slice(0, 3);
    const ids = ads.map((r: { id: string }) => r.id);
    await call('POST', `${base}/ads/status`, { ids, operation_status: 'DISABLE' });
    await call('POST', `${base}/changes/undo`);
    for (const adId of ids)
      expect((await call('GET', `${base}/ads/${adId}`)).body.operation_status).toBe('ENABLE');
    // The budget change was undone already; the one before it is this user's ad group duplicate.
    expect((await call('POST', `${base}/changes/undo`, undefined, viewer.headers)).status).toBe(403);
  });
});

describe('column sets', () => {
  test('built-in sets, a saved set remembered per user, widths, and the rules', async () => {
    const initial = (await call('GET', '/api/v1/me/column-sets')).body;
    expect(initial.sets.map((x: { name: string }) => x.name)).toEqual([
      'Performance',
      'Delivery',
      'Video engagement',
      'Conversions',
    ]);
    expect(initial.chosen).toBe('Performance');
    const saved = (
      await call('POST', '/api/v1/me/column-sets', { name: 'Mine', metrics: ['spend', 'hook_rate'] })
    ).body;
    expect(saved.chosen).toBe('Mine');
    expect(
      (await call('PUT', '/api/v1/me/column-preferences', { widths: { spend: 140 } })).body.widths,
    ).toEqual({ spend: 140 });
    expect((await call('GET', '/api/v1/me/column-sets', undefined, viewer.headers)).body.chosen).toBe(
      'Performance',
    );
    expect(
      (await call('POST', '/api/v1/me/column-sets', { name: 'delivery', metrics: ['spend'] })).status,
    ).toBe(400);
    expect(
      fields((await call('POST', '/api/v1/me/column-sets', { name: 'X', metrics: ['spend', 'joy'] })).body),
    ).toEqual(['body.metrics[1]']);
    expect((await call('DELETE', '/api/v1/me/column-sets/Mine')).body.chosen).toBe('Performance');
    // Custom columns belong to an advertiser; a set may name them, and tables of others leave them out.
    expect(
      (await call('POST', '/api/v1/me/column-sets', { name: 'Custom', metrics: ['spend', 'cc_elsewhere'] }))
        .status,
    ).toBe(200);
    const table = await call('GET', `${base}/ads?from=${from}&to=${to}&metrics=spend,cc_elsewhere&limit=1`);
    expect(Object.keys(table.body.rows[0].metrics)).toEqual(['spend']);
  });
});

describe('the sandbox runs what is built here', () => {
  test('a new ad waits in review, then delivers; paused, it stops', async () => {
    const campaign = (
      await call('POST', `${base}/campaigns`, {
        campaign_name: 'Built here',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_INFINITE',
      })
    ).body;
    const group = (await call('POST', `${base}/adgroups`, validGroup(campaign.campaign_id, { budget: 60 })))
      .body;
    const video = (await listCreatives(s.ctx.catalog, s.advertiserId)).find((c) => c.kind === 'video')!;
    const ad = (
      await call('POST', `${base}/ads`, {
        adgroup_id: group.adgroup_id,
        ad_name: 'Built here ad',
        ad_text: 'Made in the Campaign tab',
        call_to_action: 'SHOP_NOW',
        landing_page_url: 'https://shop.northwind.example/new',
        creative_id: video.creative_id,
      })
    ).body;
    const impressions = async () =>
      (
        await runReport(s.ctx.facts, s.ctx.catalog, {
          advertiserId: s.advertiserId,
          from: to,
          to: '2099-01-01',
          dimensions: [],
          metrics: ['impressions'],
          only: { level: 'ad', ids: [ad.ad_id] },
        })
      ).rows[0]?.impressions ?? 0;
    await simulateUntil(s.ctx.catalog, s.ctx.facts, s.advertiserId, NOW + 8 * HOUR);
    const reviewed = (await call('GET', `${base}/ads/${ad.ad_id}`)).body;
    expect(reviewed.review_status).toBe('SUCCEED');
    const delivered = await impressions();
    expect(delivered).toBeGreaterThan(0);
    await call('PATCH', `${base}/ads/${ad.ad_id}`, { operation_status: 'DISABLE' });
    await simulateUntil(s.ctx.catalog, s.ctx.facts, s.advertiserId, NOW + 14 * HOUR);
    expect(await impressions()).toBe(delivered);
  }, 120_000);
});
