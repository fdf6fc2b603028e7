// A small in-memory warehouse with hand-made facts whose sums are easy to state: two campaigns, three ads,
// two days, some hours with nothing delivered in a counter (so ratios over them are undefined), audience
// rows and reached people. For tests of what the planner compiles, run against the real engine.
import {
  COUNTER_COLUMNS,
  type FactBatch,
  type HourlyFact,
  emptyBatch,
  epochDay,
} from '../../src/warehouse/schema.ts';
import { openDuckDbStore } from '../../src/warehouse/duckdb/store.ts';
import type { FactStore } from '../../src/warehouse/fact-store.ts';

export const TINY_ADVERTISER = 'adv_tiny';
export const TINY_RANGE = { from: '2026-03-01', to: '2026-03-02' };

const ADS = [
  { ad_id: 'a1', adgroup_id: 'g1', campaign_id: 'c1' },
  { ad_id: 'a2', adgroup_id: 'g1', campaign_id: 'c1' },
  { ad_id: 'a3', adgroup_id: 'g2', campaign_id: 'c2' },
].map((a) => ({ ...a, advertiser_id: TINY_ADVERTISER }));

/** Counters by warehouse column; the ones not named are 0. Money is in micro-units. */
type Counters = Partial<Record<string, number>>;
const counters = (values: Counters): number[] => COUNTER_COLUMNS.map((c) => values[c] ?? 0);

const ROWS: { ad: number; date: string; hour: number; values: Counters }[] = [
  {
    ad: 0,
    date: '2026-03-01',
    hour: 9,
    values: {
      spend_micros: 12_340_000,
      impressions: 1000,
      clicks: 25,
      video_watched_3s: 310,
      web_event_add_to_cart: 4,
      conversion: 2,
    },
  },
  {
    ad: 0,
    date: '2026-03-02',
    hour: 14,
    values: {
      spend_micros: 7_500_000,
      impressions: 640,
      clicks: 9,
      video_watched_3s: 120,
      web_event_add_to_cart: 0,
    },
  },
  {
    ad: 1,
    date: '2026-03-01',
    hour: 9,
    values: {
      spend_micros: 3_000_000,
      impressions: 400,
      clicks: 0,
      video_watched_3s: 50,
      web_event_add_to_cart: 1,
    },
  },
  {
    ad: 1,
    date: '2026-03-01',
    hour: 20,
    values: {
      spend_micros: 1_250_000,
      impressions: 90,
      clicks: 3,
      video_watched_3s: 12,
      purchase_value_micros: 45_000_000,
      complete_payment: 1,
    },
  },
  // c2 delivers without clicks or adds to cart: its cost per click and per add to cart are undefined.
  {
    ad: 2,
    date: '2026-03-02',
    hour: 11,
    values: { spend_micros: 2_000_000, impressions: 300, video_watched_3s: 75 },
  },
];

export async function tinyWarehouse(): Promise<FactStore> {
  const store = await openDuckDbStore(null);
  const keys = await store.adKeys(ADS);
  const hourly: HourlyFact[] = ROWS.map((r) => ({
    ...ADS[r.ad]!,
    stat_date: r.date,
    stat_hour: r.hour,
    counters: counters(r.values),
  }));
  const audience = ROWS.map((r, i) => ({
    ...ADS[r.ad]!,
    stat_date: r.date,
    age: i % 2 ? 'AGE_25_34' : 'AGE_18_24',
    gender: 'FEMALE',
    country: 'NL',
    placement: 'PLACEMENT_TIKTOK',
    platform: 'ANDROID',
    counters: counters(r.values),
  }));
  // People 1-5 see a1 on day one, 4-7 on day two; 5-6 see a2; 8 sees a3. Distinct over all: 8.
  const reachRows: [number, string, number][] = [
    ...[1, 2, 3, 4, 5].map((p): [number, string, number] => [0, '2026-03-01', p]),
    ...[4, 5, 6, 7].map((p): [number, string, number] => [0, '2026-03-02', p]),
    ...[5, 6].map((p): [number, string, number] => [1, '2026-03-01', p]),
    [2, '2026-03-02', 8],
  ];
  const batch: FactBatch = { ...emptyBatch(), hourly, audience };
  for (const [ad, date, person] of reachRows) {
    batch.reach.push(keys.get(ADS[ad]!.ad_id)!, epochDay(date), person, 1);
  }
  await store.append(batch);
  return store;
}
