// What the sandbox remembers between runs, rebuilt from the warehouse itself so that a resumed simulation
// continues exactly where the stored facts end: who saw which ad how often, and what was spent.
import { ParamAllocator } from '../../warehouse/dialect.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';

export interface AdState {
  /** Impressions per person (numeric person id) so far. */
  exposures: Map<number, number>;
  impressions: number;
}

export interface RunState {
  ads: Map<string, AdState>;
  lifetimeSpendMicros: Map<string, number>; // by adgroup_id and campaign_id
}

export function adState(state: RunState, adId: string): AdState {
  let s = state.ads.get(adId);
  if (!s) {
    s = { exposures: new Map(), impressions: 0 };
    state.ads.set(adId, s);
  }
  return s;
}

export async function loadRunState(facts: FactStore, advertiserId: string): Promise<RunState> {
  const state: RunState = { ads: new Map(), lifetimeSpendMicros: new Map() };
  const p = new ParamAllocator(facts.dialect);
  const adv = p.add(advertiserId);
  const exposures = await facts.query({
    text: `SELECT k.ad_id, r.person_id, SUM(r.impressions) AS n FROM ${FACT_TABLES.reach} r JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key
           WHERE k.advertiser_id = ${adv} GROUP BY k.ad_id, r.person_id`,
    values: p.values,
  });
  for (const row of exposures) {
    const s = adState(state, String(row.ad_id));
    const person = Number(row.person_id);
    const n = Number(row.n);
    s.exposures.set(person, n);
    s.impressions += n;
  }
  const spend = await facts.query({
    text: `SELECT adgroup_id, campaign_id, SUM(spend_micros) AS spend FROM ${FACT_TABLES.hourly} WHERE advertiser_id = ${adv} GROUP BY adgroup_id, campaign_id`,
    values: p.values,
  });
  for (const row of spend) {
    const amount = Number(row.spend);
    for (const key of [String(row.adgroup_id), String(row.campaign_id)]) {
      state.lifetimeSpendMicros.set(key, (state.lifetimeSpendMicros.get(key) ?? 0) + amount);
    }
  }
  return state;
}
