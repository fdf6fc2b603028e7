// Advertisers as the API lists them: with their own "today" and how fresh their data is.
import { type AdvertiserRecord, listAdvertisers } from '../catalog/advertisers.ts';
import type { Queryable } from '../catalog/db.ts';
import { localToday } from '../core/timezone.ts';
import type { AdvertiserInfo } from '../shared/api.ts';
import { ParamAllocator } from '../warehouse/dialect.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';

async function dataRange(
  facts: FactStore,
  advertiserId: string,
): Promise<{ from: string | null; to: string | null }> {
  const p = new ParamAllocator(facts.dialect);
  const [row] = await facts.query({
    text: `SELECT MIN(stat_date) AS first_day, MAX(stat_date) AS last_day FROM ${FACT_TABLES.hourly} WHERE advertiser_id = ${p.add(advertiserId)}`,
    values: p.values,
  });
  const day = (v: unknown): string | null =>
    v instanceof Date ? v.toISOString().slice(0, 10) : v ? String(v).slice(0, 10) : null;
  return { from: day(row?.first_day), to: day(row?.last_day) };
}

export async function describeAdvertiser(
  facts: FactStore,
  advertiser: AdvertiserRecord,
): Promise<AdvertiserInfo> {
  const range = await dataRange(facts, advertiser.advertiser_id);
  return {
    advertiser_id: advertiser.advertiser_id,
    name: advertiser.name,
    currency: advertiser.currency,
    timezone: advertiser.timezone,
    source: advertiser.source,
    today: localToday(advertiser.timezone),
    data_from: range.from,
    data_to: range.to,
    data_updated_at: advertiser.data_updated_at,
  };
}

export async function listAdvertiserInfos(catalog: Queryable, facts: FactStore): Promise<AdvertiserInfo[]> {
  const advertisers = await listAdvertisers(catalog);
  return Promise.all(advertisers.map((a) => describeAdvertiser(facts, a)));
}
