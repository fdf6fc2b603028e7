// The raw daily counters per ad, for the user's own analysis: every base metric beside date, ids and names.
import type { Queryable } from '../catalog/db.ts';
import { listAdGroups, listAds, listCampaigns } from '../catalog/structure.ts';
import { baseMetrics } from '../metrics/catalog.ts';
import { type CompiledSql, ParamAllocator } from '../warehouse/dialect.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { inDisplayUnits } from '../warehouse/plan-report.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';

/** Names are joined in from the catalog as a small inline table of values. */
async function namesTable(catalog: Queryable, advertiserId: string, p: ParamAllocator): Promise<string> {
  const [campaigns, groups, ads] = await Promise.all([
    listCampaigns(catalog, advertiserId),
    listAdGroups(catalog, advertiserId),
    listAds(catalog, advertiserId),
  ]);
  const campaignName = new Map(campaigns.map((c) => [c.campaign_id, c.campaign_name]));
  const groupName = new Map(groups.map((g) => [g.adgroup_id, g.adgroup_name]));
  if (ads.length === 0)
    return `(SELECT CAST(NULL AS VARCHAR) AS ad_id, CAST(NULL AS VARCHAR) AS campaign_name, CAST(NULL AS VARCHAR) AS adgroup_name, CAST(NULL AS VARCHAR) AS ad_name WHERE 1 = 0)`;
  const rows = ads.map(
    (a) =>
      `(${p.add(a.ad_id)}, ${p.add(campaignName.get(a.campaign_id) ?? '')}, ${p.add(groupName.get(a.adgroup_id) ?? '')}, ${p.add(a.ad_name)})`,
  );
  return `(SELECT * FROM (VALUES ${rows.join(', ')}) AS v(ad_id, campaign_name, adgroup_name, ad_name))`;
}

export async function dailyFactsQuery(
  facts: FactStore,
  catalog: Queryable,
  advertiserId: string,
): Promise<CompiledSql> {
  const p = new ParamAllocator(facts.dialect);
  const names = await namesTable(catalog, advertiserId, p);
  const q = (name: string): string => facts.dialect.quoteIdent(name);
  // Counts stay whole numbers; money and durations are converted to currency units and seconds.
  const counters = baseMetrics.map((m) => {
    const sum = `COALESCE(SUM(f.${m.column}), 0)`;
    return `${m.unit === 'count' ? sum : inDisplayUnits(facts.dialect, sum, m)} AS ${q(m.id)}`;
  });
  const text = `SELECT f.stat_date AS ${q('date')}, f.campaign_id, n.campaign_name, f.adgroup_id, n.adgroup_name, f.ad_id, n.ad_name, ${counters.join(', ')}
    FROM ${FACT_TABLES.hourly} f LEFT JOIN ${names} n ON n.ad_id = f.ad_id
    WHERE f.advertiser_id = ${p.add(advertiserId)}
    GROUP BY f.stat_date, f.campaign_id, n.campaign_name, f.adgroup_id, n.adgroup_name, f.ad_id, n.ad_name
    ORDER BY f.stat_date, f.campaign_id, f.adgroup_id, f.ad_id`;
  return { text, values: p.values };
}
