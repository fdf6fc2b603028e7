// queryReport over a small random account in a real catalog (PGlite) and warehouse (DuckDB): the answer's
// shape (columns, names, currency, truncation), the dimensions that come from the catalog, filters,
// comparison, the attribute copy following catalog changes, and errors naming their field.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { type CatalogDb, openPglite } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import { updateEntity } from '../catalog/structure.ts';
import { AppError } from '../core/errors.ts';
import type { ReportQueryRequest } from '../shared/reports-api.ts';
import { openDuckDbStore } from '../warehouse/duckdb/store.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { type AccountSpec, buildReportAccount } from '../../test/helpers/report-account.ts';
import { createCustomColumn } from './custom-columns.ts';
import { queryReport } from './query-report.ts';

const SPEC: AccountSpec = {
  seed: 11,
  advertiserId: 'adv_q',
  campaigns: 4,
  adGroupsPerCampaign: 2,
  adsPerAdGroup: 2,
  from: '2026-03-01',
  days: 14,
  hourChance: 0.3,
  maxSegments: 3,
  maxPeople: 20,
};
let facts: FactStore;
let catalog: CatalogDb;

beforeAll(async () => {
  facts = await openDuckDbStore(null);
  catalog = await openPglite(null);
  await migrate(catalog);
  await buildReportAccount(facts, catalog, SPEC);
  await createCustomColumn(
    catalog,
    SPEC.advertiserId,
    { name: 'Hook rate', formula: 'video_watched_3s / impressions', description: '' },
    SYSTEM_ACTOR,
  );
}, 180_000);
afterAll(async () => {
  await facts.close();
  await catalog.close();
});

const base = (over: Partial<ReportQueryRequest> = {}): ReportQueryRequest => ({
  advertiser_id: SPEC.advertiserId,
  from: '2026-03-01',
  to: '2026-03-07',
  dimensions: [],
  metrics: ['spend'],
  filters: [],
  ...over,
});
const run = (over: Partial<ReportQueryRequest>) => queryReport({ facts, catalog }, base(over));
const sum = (values: (number | null | undefined)[]) => values.reduce<number>((a, v) => a + (v ?? 0), 0);

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('queryReport', () => {
  test('describes its columns, names entities and says the currency', async () => {
    const report = await run({ dimensions: ['campaign', 'day'], metrics: ['spend', 'ctr', 'cc_hook_rate'] });
    expect(report.currency).toBe('EUR');
    expect(report.range).toEqual({ from: '2026-03-01', to: '2026-03-07' });
    expect(report.columns.map((c) => [c.id, c.kind, c.format])).toEqual([
      ['campaign', 'dimension', 'text'],
      ['campaign_name', 'dimension', 'text'],
      ['day', 'dimension', 'date'],
      ['spend', 'metric', 'money'],
      ['ctr', 'metric', 'percent'],
      ['cc_hook_rate', 'metric', 'percent'],
    ]);
    expect(report.columns.find((c) => c.id === 'cc_hook_rate')?.label).toBe('Hook rate');
    expect(report.rows.length).toBe(4 * 7);
    expect(report.rows[0]).toMatchObject({
      campaign: 'adv_q_c0',
      campaign_name: 'summer Sale 0',
      day: '2026-03-01',
    });
    expect(report.truncated).toBe(false);
    expect(report.totals.spend).toBeCloseTo(sum(report.rows.map((r) => r.spend as number)), 6);
  });

  test('objective and creative name come from the catalog', async () => {
    const report = await run({ dimensions: ['objective', 'creative_name'], metrics: ['spend', 'reach'] });
    const objectives = new Set(report.rows.map((r) => r.objective));
    expect(objectives).toEqual(new Set(['WEB_CONVERSIONS', 'TRAFFIC', 'REACH', 'VIDEO_VIEWS']));
    expect(
      report.rows.every((r) => typeof r.creative_name === 'string' && /\.mp4$/.test(r.creative_name)),
    ).toBe(true);
    expect(report.rows.every((r) => typeof r.reach === 'number' && r.reach > 0)).toBe(true);
  });

  test('a limit cuts rows and says so; totals still cover all of them', async () => {
    const all = await run({ dimensions: ['ad'], metrics: ['spend'] });
    const top = await run({
      dimensions: ['ad'],
      metrics: ['spend'],
      sort: { by: 'spend', direction: 'desc' },
      limit: 3,
    });
    expect(top.rows).toHaveLength(3);
    expect(top.truncated).toBe(true);
    expect(top.totals).toEqual(all.totals);
    const spends = all.rows.map((r) => r.spend as number).sort((a, b) => b - a);
    expect(top.rows.map((r) => r.spend)).toEqual(spends.slice(0, 3));
    expect((await run({ dimensions: ['ad'], limit: all.rows.length })).truncated).toBe(false);
  });

  test('dimension filters: ids in and not in, names containing text, values shown', async () => {
    const kept = await run({
      dimensions: ['campaign'],
      filters: [{ dimension: 'campaign', operator: 'in', values: ['adv_q_c1', 'adv_q_c2'] }],
    });
    expect(kept.rows.map((r) => r.campaign)).toEqual(['adv_q_c1', 'adv_q_c2']);
    const dropped = await run({
      dimensions: ['campaign'],
      filters: [{ dimension: 'campaign', operator: 'not_in', values: ['adv_q_c1'] }],
    });
    expect(dropped.rows.map((r) => r.campaign)).toEqual(['adv_q_c0', 'adv_q_c2', 'adv_q_c3']);
    // "spring" matches "Spring Sale 1" and "Spring Sale 3", whatever the case.
    const named = await run({
      dimensions: ['campaign'],
      filters: [{ dimension: 'campaign', operator: 'contains', values: ['SPRING'] }],
    });
    expect(named.rows.map((r) => r.campaign_name)).toEqual(['Spring Sale 1', 'Spring Sale 3']);
    expect(named.totals.spend).toBeCloseTo(sum(named.rows.map((r) => r.spend as number)), 6);
    const days = await run({
      dimensions: ['day'],
      filters: [{ dimension: 'day', operator: 'in', values: ['2026-03-02', '2026-03-05'] }],
    });
    expect(days.rows.map((r) => r.day)).toEqual(['2026-03-02', '2026-03-05']);
    const months = await run({
      dimensions: [],
      filters: [{ dimension: 'month', operator: 'contains', values: ['2026-03'] }],
    });
    expect(months.totals.spend).toBeCloseTo((await run({})).totals.spend!, 6);
  });

  test('metric filters keep rows at their grain; totals are of the rows kept, null never passes', async () => {
    const all = await run({ dimensions: ['ad'], metrics: ['spend', 'cpc', 'reach'] });
    const threshold = all.rows
      .map((r) => r.cpc as number | null)
      .filter((v) => v !== null)
      .sort((a, b) => a - b)[3]!;
    const kept = await run({
      dimensions: ['ad'],
      metrics: ['spend', 'reach'],
      filters: [{ metric: 'cpc', operator: 'gt', value: threshold }],
    });
    const expected = all.rows.filter((r) => r.cpc !== null && (r.cpc as number) > threshold);
    expect(kept.rows.map((r) => r.ad)).toEqual(expected.map((r) => r.ad));
    expect(kept.totals.spend).toBeCloseTo(sum(expected.map((r) => r.spend as number)), 6);
    expect(kept.totals.reach).toBeLessThanOrEqual(sum(expected.map((r) => r.reach as number)));
    const none = await run({ metrics: ['spend'], filters: [{ metric: 'spend', operator: 'lt', value: 0 }] });
    expect(none.rows).toEqual([]);
    expect(none.totals).toEqual({ spend: 0 });
  });

  test('comparison: rows line up by their non-time dimensions and by position in time', async () => {
    const report = await run({
      dimensions: ['day', 'campaign'],
      metrics: ['spend', 'clicks'],
      compare: { from: '2026-03-08', to: '2026-03-14' },
    });
    const later = await run({
      from: '2026-03-08',
      to: '2026-03-14',
      dimensions: ['day', 'campaign'],
      metrics: ['spend', 'clicks'],
    });
    expect(report.compare?.range).toEqual({ from: '2026-03-08', to: '2026-03-14' });
    expect(report.compare?.totals).toEqual(later.totals);
    report.rows.forEach((row, i) => {
      const shifted = `2026-03-${String(Number(String(row.day).slice(8)) + 7).padStart(2, '0')}`;
      const match = later.rows.find((r) => r.day === shifted && r.campaign === row.campaign);
      expect(report.compare!.rows[i]).toEqual(match ? { spend: match.spend, clicks: match.clicks } : null);
    });
  });

  test('the attribute copy follows renames in the catalog', async () => {
    await updateEntity(catalog, 'campaign', 'adv_q_c0', { campaign_name: 'Renamed' }, SYSTEM_ACTOR);
    const report = await run({ dimensions: ['campaign'] });
    expect(report.rows[0]).toMatchObject({ campaign: 'adv_q_c0', campaign_name: 'Renamed' });
  });

  test('reports asked together while the copy is rewritten all name the renamed campaign', async () => {
    await updateEntity(catalog, 'campaign', 'adv_q_c1', { campaign_name: 'Renamed again' }, SYSTEM_ACTOR);
    const reports = await Promise.all([1, 2, 3].map(() => run({ dimensions: ['campaign'] })));
    for (const report of reports) {
      expect(report.rows.find((r) => r.campaign === 'adv_q_c1')?.campaign_name).toBe('Renamed again');
    }
  });

  test('errors name the field', async () => {
    expect((await errorOf(run({ metrics: [] }))).details[0]?.field).toBe('metrics');
    expect((await errorOf(run({ from: '2026-02-30' }))).details[0]?.field).toBe('from');
    const reversed = await errorOf(run({ compare: { from: '2026-03-09', to: '2026-03-08' } }));
    expect([reversed.code, reversed.details[0]?.field]).toEqual(['invalid_date_range', 'compare.from']);
    const unknown = await errorOf(run({ filters: [{ metric: 'nope', operator: 'gt', value: 1 }] }));
    expect([unknown.code, unknown.details[0]?.field]).toEqual(['unknown_metric', 'filters[0].metric']);
    const hour = await errorOf(
      run({ dimensions: ['hour'], filters: [{ dimension: 'country', operator: 'in', values: ['NL'] }] }),
    );
    expect(hour.code).toBe('unknown_dimension');
    expect((await errorOf(run({ advertiser_id: 'missing' }))).code).toBe('not_found');
  });
});
