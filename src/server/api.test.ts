import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seededContext, type SeededContext } from '../../test/helpers/seeded-context.ts';
import { memberWithToken } from '../../test/helpers/members.ts';
import { buildApp } from './app.ts';

const NOW = Date.parse('2026-06-15T18:00:00Z');
let s: SeededContext;
let app: FastifyInstance;
let headers: Record<string, string>;
beforeAll(async () => {
  s = await seededContext({ days: 28, now: NOW });
  app = await buildApp(s.ctx);
  ({ headers } = await memberWithToken(s.ctx.catalog, 'analyst', [s.advertiserId]));
}, 120_000);
afterAll(async () => {
  await app.close();
  await s.dispose();
});

const get = async (url: string) => {
  const response = await app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json() };
};
const base = () => `/api/v1/advertisers/${s.advertiserId}`;

describe('meta', () => {
  test('health answers ok and the OpenAPI document lists the dashboard resources', async () => {
    expect(await get('/api/health')).toEqual({ status: 200, body: { status: 'ok' } });
    const { body } = await get('/api/openapi.json');
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/advertisers',
        '/api/v1/advertisers/{advertiserId}/summary',
        '/api/v1/advertisers/{advertiserId}/trend',
      ]),
    );
    expect(
      body.paths['/api/v1/advertisers/{advertiserId}/summary'].get.parameters.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual(expect.arrayContaining(['advertiserId', 'from', 'to', 'metrics', 'compare']));
  });

  test('the metric catalog gives every metric a format, act and glossary text', async () => {
    const { body } = await get('/api/v1/metrics');
    const ids = body.metrics.map((m: { id: string }) => m.id);
    for (const id of [
      'spend',
      'impressions',
      'reach',
      'frequency',
      'cpm',
      'clicks',
      'ctr',
      'cpc',
      'video_watched_2s',
      'video_watched_6s',
      'hook_rate',
      'conversion',
      'cost_per_conversion',
      'complete_payment_roas',
    ]) {
      expect(ids).toContain(id);
    }
    for (const metric of body.metrics) {
      expect(metric.description.length).toBeGreaterThan(15);
      expect(['awareness', 'consideration', 'conversion']).toContain(metric.act);
    }
    expect(body.metrics.find((m: { id: string }) => m.id === 'ctr').formula).toBe('clicks ÷ impressions');
  });

  test('an unknown API route is a JSON 404', async () => {
    const { status, body } = await get('/api/v1/nothing');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('dashboard', () => {
  test('advertisers carry currency, time zone, today and the range of their data', async () => {
    const { body } = await get('/api/v1/advertisers');
    expect(body.advertisers).toHaveLength(1);
    expect(body.advertisers[0]).toMatchObject({
      currency: 'USD',
      timezone: 'America/New_York',
      source: 'sandbox',
      data_from: '2026-05-19',
      data_to: '2026-06-15',
    });
  });

  test('summary ratios are ratios of sums and changes compare with the previous period', async () => {
    const { status, body } = await get(
      `${base()}/summary?from=2026-06-08&to=2026-06-14&metrics=spend,impressions,clicks,ctr,cpm,conversion,cost_per_conversion`,
    );
    expect(status).toBe(200);
    expect(body.compare_range).toEqual({ from: '2026-06-01', to: '2026-06-07' });
    const m = body.metrics;
    expect(m.ctr.value).toBeCloseTo(m.clicks.value / m.impressions.value, 12);
    expect(m.cpm.value).toBeCloseTo((m.spend.value / m.impressions.value) * 1000, 9);
    expect(m.cost_per_conversion.value).toBeCloseTo(m.spend.value / m.conversion.value, 9);
    expect(m.clicks.change).toBeCloseTo((m.clicks.value - m.clicks.previous) / m.clicks.previous, 12);
    expect(m.spend.value).toBeGreaterThan(1000);
  });

  test('a range with no delivery has zero counters and undefined ratios, never Infinity', async () => {
    const { body } = await get(
      `${base()}/summary?from=2025-01-01&to=2025-01-07&metrics=spend,ctr,cost_per_conversion`,
    );
    expect(body.metrics.spend).toEqual({ value: 0, previous: 0, change: null });
    expect(body.metrics.ctr.value).toBeNull();
    expect(body.metrics.cost_per_conversion.value).toBeNull();
  });

  test('the trend has one point per day, zero-filled', async () => {
    const { body } = await get(`${base()}/trend?from=2026-06-10&to=2026-06-20&metrics=spend,ctr`);
    expect(body.points.map((p: { period: string }) => p.period)).toEqual([
      '2026-06-10',
      '2026-06-11',
      '2026-06-12',
      '2026-06-13',
      '2026-06-14',
      '2026-06-15',
      '2026-06-16',
      '2026-06-17',
      '2026-06-18',
      '2026-06-19',
      '2026-06-20',
    ]);
    expect(body.points[0].spend).toBeGreaterThan(0);
    expect(body.points[10]).toEqual({ period: '2026-06-20', spend: 0, ctr: null });
  });

  test('top ads are sorted by the metric, limited, and named with their campaign and ad group', async () => {
    const { body } = await get(
      `${base()}/top?from=2026-06-01&to=2026-06-14&level=ad&metrics=spend,ctr&limit=5`,
    );
    expect(body.rows).toHaveLength(5);
    const spends = body.rows.map((r: { spend: number }) => r.spend);
    expect([...spends].sort((a, b) => b - a)).toEqual(spends);
    expect(body.rows[0]).toMatchObject({
      status: 'ENABLE',
      campaign_name: expect.any(String),
      adgroup_name: expect.any(String),
    });
  });

  test('report totals are computed from the facts: reach is not the sum of the rows', async () => {
    const response = await app.inject({
      method: 'POST',
      headers,
      url: `${base()}/reports/query`,
      payload: {
        from: '2026-06-01',
        to: '2026-06-14',
        dimensions: ['campaign'],
        metrics: ['reach', 'impressions', 'frequency'],
      },
    });
    const body = response.json();
    const summed = body.rows.reduce((sum: number, r: { reach: number }) => sum + r.reach, 0);
    expect(body.totals.reach).toBeLessThanOrEqual(summed);
    expect(body.totals.frequency).toBeCloseTo(body.totals.impressions / body.totals.reach, 12);
    expect(body.rows[0].campaign_name).toEqual(expect.any(String));
  });
});

describe('bad input', () => {
  test('a malformed date names the field', async () => {
    const { status, body } = await get(`${base()}/summary?from=2026-02-30&to=2026-06-14`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'validation_failed', details: [{ field: 'query.from' }] });
  });

  test('a range that ends before it starts is refused', async () => {
    const { status, body } = await get(`${base()}/summary?from=2026-06-14&to=2026-06-01`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_date_range');
  });

  test('unknown metrics are all named, with their positions', async () => {
    const { status, body } = await get(`${base()}/trend?from=2026-06-01&to=2026-06-14&metrics=spend,cpx,roi`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('unknown_metric');
    expect(body.error.details.map((d: { field: string }) => d.field)).toEqual(['metrics[1]', 'metrics[2]']);
  });

  test('an unknown advertiser is a 404', async () => {
    const { status, body } = await get('/api/v1/advertisers/123/summary?from=2026-06-01&to=2026-06-14');
    expect(status).toBe(404);
    expect(body.error.message).toContain('123');
  });

  test('a report body that breaks the schema is refused field by field', async () => {
    const response = await app.inject({
      method: 'POST',
      headers,
      url: `${base()}/reports/query`,
      payload: { from: '2026-06-01', dimensions: ['planet'], metrics: [] },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.to', 'body.dimensions[0]', 'body.metrics']));
  });
});
