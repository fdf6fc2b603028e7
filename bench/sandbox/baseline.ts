// The baseline: the same number of rows per table and day, appended to a fresh warehouse with no
// simulation behind them. Rows are made up (same columns, the same ids, similar values and sparsity) and
// built before the appends are timed, so the baseline is the warehouse's own cost of storing what the
// simulation stored.
import { addDays } from '../../src/core/dates.ts';
import { C, newCounters } from '../../src/sources/sandbox/counters.ts';
import { rng, type Rng } from '../../src/sources/sandbox/random.ts';
import type { FactStore } from '../../src/warehouse/fact-store.ts';
import { type EntityKeys, type FactBatch, emptyBatch, epochDay } from '../../src/warehouse/schema.ts';
import type { AppendRecord } from './instrument.ts';

const AGES = ['AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_100'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'NL', 'BE', 'SE'];
const SEGMENT_BITS = 2 ** 32;

/** Per-impression rates of the other counters, roughly as the simulation produces them. */
const RATES: readonly [number, number][] = [
  [C.plays, 0.92],
  [C.v2s, 0.3],
  [C.v3s, 0.22],
  [C.v6s, 0.12],
  [C.p25, 0.15],
  [C.p50, 0.08],
  [C.p75, 0.05],
  [C.p100, 0.03],
  [C.clicks, 0.012],
  [C.engagements, 0.025],
  [C.likes, 0.012],
  [C.comments, 0.0012],
  [C.landingPageView, 0.01],
  [C.contentView, 0.008],
  [C.addToCart, 0.002],
  [C.checkout, 0.0013],
  [C.purchase, 0.0005],
  [C.conversion, 0.0005],
  [C.ctaConversion, 0.0004],
];

function counters(r: Rng, impressions: number): number[] {
  const out = newCounters();
  out[C.impressions] = impressions;
  out[C.spend] = impressions * Math.round(8000 + 4000 * r.next());
  for (const [column, rate] of RATES) out[column] = Math.floor(impressions * rate + r.next());
  out[C.purchaseValue] = out[C.purchase]! * Math.round(60_000_000 * (0.5 + r.next()));
  return out;
}

export function syntheticBatch(
  r: Rng,
  ads: EntityKeys[],
  date: string,
  shape: Pick<AppendRecord, 'hourly' | 'audience' | 'reach'>,
): FactBatch {
  const batch = emptyBatch();
  for (let i = 0; i < shape.hourly; i++) {
    batch.hourly.push({
      ...ads[i % ads.length]!,
      stat_date: date,
      stat_hour: Math.floor(i / ads.length) % 24,
      counters: counters(r, 1 + Math.floor(r.next() * 60)),
    });
  }
  for (let i = 0; i < shape.audience; i++) {
    batch.audience.push({
      ...ads[Math.floor((i * ads.length) / shape.audience)]!,
      stat_date: date,
      age: AGES[Math.floor(r.next() * AGES.length)]!,
      gender: r.next() < 0.55 ? 'FEMALE' : 'MALE',
      country: COUNTRIES[Math.floor(r.next() * COUNTRIES.length)]!,
      placement: r.next() < 0.2 ? 'PLACEMENT_PANGLE' : 'PLACEMENT_TIKTOK',
      platform: r.next() < 0.55 ? 'IPHONE' : 'ANDROID',
      counters: counters(r, 1 + Math.floor(r.next() * 200)),
    });
  }
  // Reach rows come grouped by ad, as the simulation writes them; person ids span segments like real ones.
  const day = epochDay(date);
  for (let i = 0; i < shape.reach; i++) {
    batch.reach.push(
      1 + Math.floor((i * ads.length) / shape.reach),
      day,
      Math.floor(r.next() * 40_000) * SEGMENT_BITS + Math.floor(r.next() ** 3 * 5e6),
      r.next() < 0.9 ? 1 : 2,
    );
  }
  return batch;
}

export interface PureWrites {
  ms: number;
  /** Per table: the time its rows took, appended alone (one transaction per table and day). */
  tableMs: Record<'hourly' | 'audience' | 'reach', number>;
  perDayMs: number[];
}

/**
 * Appends the rows of batches shaped like `appends` (one per simulated day), each table's rows in an append
 * of their own so that the time splits by table; returns the time spent in `append`.
 */
export async function replayWrites(
  facts: FactStore,
  ads: EntityKeys[],
  startDate: string,
  appends: AppendRecord[],
): Promise<PureWrites> {
  const r = rng(1, 'bench-sandbox-baseline');
  const tableMs = { hourly: 0, audience: 0, reach: 0 };
  const perDayMs: number[] = [];
  for (const [day, shape] of appends.entries()) {
    const full = syntheticBatch(r, ads, addDays(startDate, day), shape);
    const parts: ['hourly' | 'audience' | 'reach', FactBatch][] = [
      ['hourly', { ...emptyBatch(), hourly: full.hourly }],
      ['audience', { ...emptyBatch(), audience: full.audience }],
      [
        'reach',
        {
          ...emptyBatch(),
          reach: full.reach,
          watermark: { advertiser_id: ads[0]!.advertiser_id, source: 'bench', until: new Date() },
        },
      ],
    ];
    let dayMs = 0;
    for (const [table, batch] of parts) {
      const start = performance.now();
      await facts.append(batch);
      const ms = performance.now() - start;
      tableMs[table] += ms;
      dayMs += ms;
    }
    perDayMs.push(dayMs);
  }
  return { ms: perDayMs.reduce((a, b) => a + b, 0), tableMs, perDayMs };
}
