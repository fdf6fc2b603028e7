import { createRequire } from 'node:module';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { FactStore } from '../fact-store.ts';
import { COUNTER_COLUMNS, FACT_TABLES, emptyBatch, epochDay } from '../schema.ts';
import { openDuckDbStore } from './store.ts';

const require = createRequire(import.meta.url);
const ad = { advertiser_id: '7100000000000000001', campaign_id: '7200', adgroup_id: '7300', ad_id: '7400' };
const other = { ...ad, ad_id: '7401' };
let facts: FactStore;
beforeEach(async () => {
  facts = await openDuckDbStore(null);
});
afterEach(() => facts.close());

async function rows(text: string): Promise<Record<string, unknown>[]> {
  return facts.query({ text, values: [] });
}

test('the bindings the store copies vectors with are the ones node-api runs on', () => {
  const api = require('@duckdb/node-api/package.json') as { dependencies: Record<string, string> };
  const bindings = require('@duckdb/node-bindings/package.json') as { version: string };
  expect(api.dependencies['@duckdb/node-bindings']).toBe(bindings.version);
});

test('a batch is stored exactly: ids and labels, counters beyond 32 bits, person ids beyond 2^32', async () => {
  const keys = await facts.adKeys([ad, other]);
  const counters = COUNTER_COLUMNS.map((_, c) => 2 ** 40 + c);
  const batch = emptyBatch();
  batch.hourly.push({ ...ad, stat_date: '2026-03-01', stat_hour: 23, counters });
  batch.hourly.push({ ...other, stat_date: '2026-03-02', stat_hour: 0, counters: counters.map(() => 0) });
  batch.audience.push({
    ...other,
    stat_date: '2026-03-01',
    age: 'AGE_25_34',
    gender: 'FEMALE',
    country: 'NL',
    placement: 'PLACEMENT_PANGLE',
    platform: 'IPHONE',
    counters,
  });
  // More reach rows than one staged list holds.
  const person = 49_151 * 2 ** 32 + 26_000_000;
  for (let i = 0; i < 5000; i++)
    batch.reach.push(keys.get(ad.ad_id)!, epochDay('2026-03-01'), person + i, 1 + (i % 3));
  batch.watermark = {
    advertiser_id: ad.advertiser_id,
    source: 'test',
    until: new Date('2026-03-02T00:00:00Z'),
  };
  await facts.append(batch);

  const hourly = await rows(
    `SELECT ad_id, CAST(stat_date AS VARCHAR) AS d, stat_hour, ${COUNTER_COLUMNS.join(', ')} FROM ${FACT_TABLES.hourly} ORDER BY ad_id`,
  );
  expect(hourly.map((r) => [r.ad_id, r.d, r.stat_hour])).toEqual([
    ['7400', '2026-03-01', 23],
    ['7401', '2026-03-02', 0],
  ]);
  expect(COUNTER_COLUMNS.map((c) => hourly[0]![c])).toEqual(counters.map((v) => BigInt(v)));
  const [cell] = await rows(
    `SELECT advertiser_id, campaign_id, adgroup_id, ad_id, age, gender, country, placement, platform, spend_micros FROM ${FACT_TABLES.audience}`,
  );
  expect(cell).toEqual({
    ...other,
    age: 'AGE_25_34',
    gender: 'FEMALE',
    country: 'NL',
    placement: 'PLACEMENT_PANGLE',
    platform: 'IPHONE',
    spend_micros: BigInt(counters[0]!),
  });
  const [reach] = await rows(
    `SELECT COUNT(*) AS n, MIN(person_id) AS first, MAX(person_id) AS last, SUM(impressions) AS imps,
            MIN(CAST(stat_date AS VARCHAR)) AS d FROM ${FACT_TABLES.reach}`,
  );
  expect(reach).toEqual({
    n: 5000n,
    first: BigInt(person),
    last: BigInt(person + 4999),
    imps: 9999n,
    d: '2026-03-01',
  });
  expect((await facts.watermark(ad.advertiser_id, 'test'))?.until.toISOString()).toBe(
    '2026-03-02T00:00:00.000Z',
  );
});

test('a batch that cannot be stored leaves nothing behind, and the next one is stored alone', async () => {
  const bad = emptyBatch();
  bad.hourly.push({ ...ad, stat_date: '2026-03-01', stat_hour: 1, counters: COUNTER_COLUMNS.map(() => 1) });
  bad.audience.push({
    ...ad,
    stat_date: '2026-03-01',
    age: 'AGE_25_34',
    gender: 'MALE',
    country: 'US',
    placement: 'PLACEMENT_TIKTOK',
    platform: 'ANDROID',
    counters: COUNTER_COLUMNS.map(() => 0.5),
  });
  await expect(facts.append(bad)).rejects.toThrow(/not a whole number/);
  const good = emptyBatch();
  good.hourly.push({
    ...other,
    stat_date: '2026-03-02',
    stat_hour: 2,
    counters: COUNTER_COLUMNS.map(() => 2),
  });
  await facts.append(good);
  expect(await rows(`SELECT ad_id, impressions FROM ${FACT_TABLES.hourly}`)).toEqual([
    { ad_id: '7401', impressions: 2n },
  ]);
  expect(await rows(`SELECT COUNT(*) AS n FROM ${FACT_TABLES.audience}`)).toEqual([{ n: 0n }]);
});

test('ad keys are registered once, in one go', async () => {
  const first = await facts.adKeys([ad, other]);
  const again = await facts.adKeys([other, { ...ad, ad_id: '7402' }]);
  expect([...first]).toEqual([
    ['7400', 1],
    ['7401', 2],
  ]);
  expect(again.get('7401')).toBe(2);
  expect(again.get('7402')).toBe(3);
});
