// The sandbox's record of a scenario it runs: the scenario, the ids it gave each named entity, and the
// hidden truth per ad. Stored in the catalog's sandbox_runs table, read only by the sandbox.
import type { Queryable } from '../../catalog/db.ts';
import { usdToCurrency } from '../../core/money.ts';
import { DEFAULT_MARKET_CPM_USD } from './market.ts';
import type { Ad } from '../../core/entities.ts';
import { hash32 } from './random.ts';
import { type CreativeTruth, Scenario } from './scenario.ts';

export interface AdTruth {
  creative: CreativeTruth;
  /** When review approved the ad (ms since epoch); null while stuck in review or when rejected. */
  approvedAt: number | null;
  /** When review decided either way; null for an ad stuck in review. */
  decidedAt: number | null;
  rejected: string | null;
}

export interface SandboxTruth {
  ads: Record<string, AdTruth>;
  /** Entity ids by kind and name, for the scenario's changes (which name their targets). */
  names: {
    campaign: Record<string, string>;
    adgroup: Record<string, string>;
    ad: Record<string, string[]>;
    /** Absent for a sandbox seeded before pixels existed, until ensurePixels adds them. */
    pixel?: Record<string, string>;
  };
}

export interface SandboxRun {
  advertiserId: string;
  scenario: Scenario;
  adTruth: Record<string, AdTruth>;
  names: SandboxTruth['names'];
  marketCpm: number;
  averageOrderValue: number;
}

export async function saveSandboxRun(
  db: Queryable,
  advertiserId: string,
  scenario: Scenario,
  truth: SandboxTruth,
  startedAt: Date,
): Promise<void> {
  await db.query(
    'insert into sandbox_runs (advertiser_id, scenario, truth, started_at) values ($1, $2, $3, $4)',
    [advertiserId, JSON.stringify(scenario), JSON.stringify(truth), startedAt],
  );
}

export async function listSandboxAdvertisers(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ advertiser_id: string }>(
    'select advertiser_id from sandbox_runs order by advertiser_id',
  );
  return rows.map((r) => r.advertiser_id);
}

export async function loadSandboxRun(db: Queryable, advertiserId: string): Promise<SandboxRun | null> {
  const [row] = await db.query<{ scenario: unknown; truth: SandboxTruth }>(
    'select scenario, truth from sandbox_runs where advertiser_id = $1',
    [advertiserId],
  );
  if (!row) return null;
  const scenario = Scenario.parse(row.scenario);
  const currency = scenario.advertiser.currency;
  return {
    advertiserId,
    scenario,
    adTruth: row.truth.ads,
    names: row.truth.names,
    marketCpm: scenario.market.cpm ?? usdToCurrency(DEFAULT_MARKET_CPM_USD, currency),
    averageOrderValue:
      scenario.advertiser.product_value ?? scenario.shop?.average_order_value ?? usdToCurrency(45, currency),
  };
}

const CREATIVE_FIELDS = ['thumbstop', 'hold', 'ctr', 'cvr', 'fatigue'] as const;

/** An ad's creative truth on a given day: its scenario values with every `creative.*` change up to that day. */
export function truthOn(run: SandboxRun, adId: string, dayIndex: number): CreativeTruth {
  const base = run.adTruth[adId]!.creative;
  let truth = base;
  for (const change of run.scenario.changes) {
    if (change.day > dayIndex || !('ad' in change.target)) continue;
    if (!(run.names.ad[change.target.ad] ?? []).includes(adId)) continue;
    for (const field of CREATIVE_FIELDS) {
      const value = change.set[`creative.${field}`];
      if (typeof value === 'number') truth = { ...truth, [field]: value };
    }
  }
  return truth;
}

/** Whether a pixel fires on a given day: it does unless a change has set `firing` to false (and not back). */
export function pixelFiringOn(run: SandboxRun, pixelId: string, dayIndex: number): boolean {
  let firing = true;
  for (const change of run.scenario.changes) {
    if (change.day > dayIndex || !('pixel' in change.target)) continue;
    if (run.names.pixel?.[change.target.pixel] !== pixelId) continue;
    if (typeof change.set.firing === 'boolean') firing = change.set.firing;
  }
  return firing;
}

const HOUR_MS = 3_600_000;
/** The truth of a creative the scenario says nothing about: an average one. */
const AVERAGE_CREATIVE: CreativeTruth = {
  name: 'average creative',
  duration_s: 15,
  thumbstop: 0.3,
  hold: 0.4,
  ctr: 0.01,
  cvr: 0.03,
  fatigue: 0.08,
};

/**
 * The truth of an ad as it stands in the catalog. An ad built or edited in the Campaign tab after the
 * scenario was seeded waits 1-6 hours in review (chosen by the seed, the ad and when it was submitted) and
 * is then approved; it performs as the creative it uses does in the scenario's other ads, or as an
 * average creative. Deterministic, so nothing needs storing.
 */
export function adoptAd(run: SandboxRun, ad: Ad, ads: Ad[]): AdTruth {
  const known = run.adTruth[ad.ad_id];
  const submitted = Date.parse(ad.review_submitted_at ?? ad.create_time);
  if (known && (known.decidedAt === null || known.decidedAt >= submitted)) return known;
  const creative =
    known?.creative ??
    ads
      .map((other) => (other.creative_id === ad.creative_id ? run.adTruth[other.ad_id]?.creative : undefined))
      .find(Boolean) ??
    AVERAGE_CREATIVE;
  const decidedAt = submitted + (1 + (hash32(`${run.scenario.seed}:${ad.ad_id}:${submitted}`) % 6)) * HOUR_MS;
  const truth: AdTruth = { creative, approvedAt: decidedAt, decidedAt, rejected: null };
  run.adTruth[ad.ad_id] = truth;
  return truth;
}
