// A listing kept for the next page is reused only while nothing it was built from changed: any write to
// the catalog, by whatever path, and any facts written show on the very next request.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SeededContext, seededContext } from '../../test/helpers/seeded-context.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { insertCampaign } from '../catalog/structure.ts';
import type { Advertiser } from '../core/entities.ts';
import { localToday } from '../core/timezone.ts';
import { simulateUntil } from '../sources/sandbox/simulate.ts';
import { type ListQuery, listEntities } from './list-entities.ts';
import { cachedListing, clearListings } from './listing-cache.ts';

describe('cachedListing', () => {
  test('reuses a listing under the same marker and builds it again under another', async () => {
    const owner = {};
    let builds = 0;
    const build = async () => ++builds;
    expect(await cachedListing(owner, 'q', 'm1', build)).toBe(1);
    expect(await cachedListing(owner, 'q', 'm1', build)).toBe(1);
    expect(await cachedListing(owner, 'q', 'm2', build)).toBe(2);
    expect(await cachedListing(owner, 'other', 'm2', build)).toBe(3);
    expect(await cachedListing({}, 'q', 'm2', build)).toBe(4);
    clearListings(owner);
    expect(await cachedListing(owner, 'q', 'm2', build)).toBe(5);
  });

  test('pages asked for together share one build; a failed build is not kept; old listings expire', async () => {
    const owner = {};
    let builds = 0;
    let release = () => {};
    const slow = () => new Promise<number>((resolve) => (release = () => resolve(++builds)));
    const both = Promise.all([cachedListing(owner, 'q', 'm', slow), cachedListing(owner, 'q', 'm', slow)]);
    release();
    expect(await both).toEqual([1, 1]);
    await expect(cachedListing(owner, 'f', 'm', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await cachedListing(owner, 'f', 'm', async () => 'built')).toBe('built');
    const start = Date.now();
    expect(await cachedListing(owner, 't', 'm', async () => 'first', start)).toBe('first');
    expect(await cachedListing(owner, 't', 'm', async () => 'second', start + 61_000)).toBe('second');
  });
});

describe('listEntities with a kept listing', () => {
  const HOUR = 3_600_000;
  const NOW = Math.floor(Date.now() / HOUR) * HOUR;
  let s: SeededContext;
  let advertiser: Advertiser;
  let query: ListQuery;
  beforeAll(async () => {
    s = await seededContext({ days: 2, now: NOW });
    advertiser = (await getAdvertiser(s.ctx.catalog, s.advertiserId))!;
    const today = localToday(advertiser.timezone, NOW);
    query = {
      from: today,
      to: '2099-01-01',
      metrics: ['spend'],
      campaign_ids: [],
      adgroup_ids: [],
      status: [],
      objective: [],
      filters: [],
      sort: 'name:asc',
      offset: 0,
      limit: 5,
    };
  }, 180_000);
  afterAll(() => s.dispose());
  const list = (level: 'campaigns' | 'ads', q: Partial<ListQuery> = {}) =>
    listEntities(s.ctx.catalog, s.ctx.facts, advertiser, level, { ...query, ...q }, NOW);

  test('a write that does not touch modify_time still shows', async () => {
    const before = await list('ads');
    const first = before.rows[0]!;
    await s.ctx.catalog.query('update ads set ad_name = $2 where ad_id = $1', [first.id, `${first.name} 2`]);
    const after = await list('ads');
    expect(after.rows[0]!.name).toBe(`${first.name} 2`);
    // The next page comes from the listing the first page built.
    const ten = await list('ads', { limit: 10 });
    expect((await list('ads', { offset: 5 })).rows.map((r) => r.id)).toEqual(
      ten.rows.slice(5).map((r) => r.id),
    );
  });

  test('a new campaign and a deleted one show on the next request', async () => {
    const before = await list('campaigns', { limit: 100 });
    await insertCampaign(s.ctx.catalog, {
      campaign_id: 'listing-cache-new',
      advertiser_id: s.advertiserId,
      campaign_name: 'AAA first by name',
      objective_type: 'TRAFFIC',
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget_micros: null,
      operation_status: 'ENABLE',
    });
    const added = await list('campaigns', { limit: 100 });
    expect(added.total_rows).toBe(before.total_rows + 1);
    expect(added.rows[0]!.name).toBe('AAA first by name');
    await s.ctx.catalog.query('delete from campaigns where campaign_id = $1', ['listing-cache-new']);
    expect((await list('campaigns', { limit: 100 })).total_rows).toBe(before.total_rows);
  });

  test('facts written by the sandbox show on the next request', async () => {
    const before = await list('campaigns', { limit: 100 });
    // Within the same day, and over into the next.
    await simulateUntil(s.ctx.catalog, s.ctx.facts, s.advertiserId, NOW + 2 * HOUR);
    const kept = await list('campaigns', { limit: 100 });
    clearListings(s.ctx.facts);
    expect(kept).toEqual(await list('campaigns', { limit: 100 }));
    await simulateUntil(s.ctx.catalog, s.ctx.facts, s.advertiserId, NOW + 26 * HOUR);
    const after = await list('campaigns', { limit: 100 });
    expect(after.totals.spend!).toBeGreaterThan(before.totals.spend!);
  }, 120_000);
});
