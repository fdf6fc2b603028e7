// The Dashboard's questions: totals with their change against the previous period, a trend per day,
// and the top campaigns or ads. Each is a report query run through the same planner as everything else.
import type { Queryable } from '../catalog/db.ts';
import { listAdGroups, listAds, listCampaigns } from '../catalog/structure.ts';
import { type DateRange, eachDate, previousPeriod } from '../core/dates.ts';
import type { SummaryResponse, TopLevel, TopResponse, TrendResponse } from '../shared/api.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { runReport } from './run-report.ts';

export const DEFAULT_KPIS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'cpm',
  'conversion',
  'conversion_rate',
  'cost_per_conversion',
  'complete_payment_roas',
];

export async function getSummary(
  facts: FactStore,
  catalog: Queryable,
  advertiser: { advertiser_id: string; currency: string },
  range: DateRange,
  metrics: string[],
  compare: boolean,
): Promise<SummaryResponse> {
  const query = { advertiserId: advertiser.advertiser_id, dimensions: [], metrics };
  const compareRange = compare ? previousPeriod(range) : null;
  const [current, previous] = await Promise.all([
    runReport(facts, catalog, { ...query, ...range }),
    compareRange ? runReport(facts, catalog, { ...query, ...compareRange }) : null,
  ]);
  const out: SummaryResponse['metrics'] = {};
  for (const id of metrics) {
    const value = current.totals[id] ?? null;
    const before = previous?.totals[id] ?? null;
    out[id] = { value, previous: before, change: relativeChange(value, before) };
  }
  return { range, compare_range: compareRange, currency: advertiser.currency, metrics: out };
}

/** (now − before) ÷ before; null when either is missing or there is nothing to compare with. */
export function relativeChange(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return (now - before) / Math.abs(before);
}

export async function getTrend(
  facts: FactStore,
  catalog: Queryable,
  advertiserId: string,
  range: DateRange,
  metrics: string[],
): Promise<TrendResponse> {
  const report = await runReport(
    facts,
    catalog,
    { advertiserId, ...range, dimensions: ['day'], metrics },
    { totals: false },
  );
  const byDay = new Map(report.rows.map((row) => [String(row.day), row]));
  // Days without delivery are real zeros for counters and undefined (null) for ratios.
  const points = eachDate(range.from, range.to).map((day) => {
    const row = byDay.get(day);
    const values: Record<string, number | null> = {};
    for (const id of metrics) values[id] = row ? ((row[id] as number | null) ?? null) : valueOfNothing(id);
    return { ...values, period: day } as TrendResponse['points'][number];
  });
  return { grain: 'day', range, metrics, points };
}

/** A day with no delivery: counters are 0; ratios and custom columns of nothing are undefined. */
function valueOfNothing(id: string): number | null {
  const kind = findMetric(id)?.kind;
  return kind === 'base' || kind === 'distinct' ? 0 : null;
}

export async function getTop(
  facts: FactStore,
  catalog: Queryable,
  advertiserId: string,
  range: DateRange,
  level: TopLevel,
  metrics: string[],
  sort: { by: string; direction: 'asc' | 'desc' },
  limit: number,
): Promise<TopResponse> {
  const wanted = metrics.includes(sort.by) ? metrics : [...metrics, sort.by];
  // The top table shows rows only; its totals would be a query nobody reads.
  const report = await runReport(
    facts,
    catalog,
    { advertiserId, ...range, dimensions: [level], metrics: wanted, sort, limit },
    { totals: false },
  );
  const entities = await entityInfo(catalog, advertiserId, level);
  const rows = report.rows.map((row) => {
    const id = String(row[level]);
    const info = entities.get(id);
    const out: TopResponse['rows'][number] = {
      id,
      name: info?.name ?? id,
      status: info?.status ?? 'UNKNOWN',
    };
    if (info?.campaign_name) out.campaign_name = info.campaign_name;
    if (info?.adgroup_name) out.adgroup_name = info.adgroup_name;
    for (const m of metrics) out[m] = (row[m] as number | null) ?? null;
    return out;
  });
  return { level, sort: sort.by, metrics, rows };
}

interface EntityInfo {
  name: string;
  status: string;
  campaign_name?: string;
  adgroup_name?: string;
}

async function entityInfo(
  catalog: Queryable,
  advertiserId: string,
  level: TopLevel,
): Promise<Map<string, EntityInfo>> {
  const campaigns = await listCampaigns(catalog, advertiserId);
  const campaignName = new Map(campaigns.map((c) => [c.campaign_id, c.campaign_name]));
  const out = new Map<string, EntityInfo>();
  if (level === 'campaign') {
    for (const c of campaigns) out.set(c.campaign_id, { name: c.campaign_name, status: c.operation_status });
    return out;
  }
  const groups = await listAdGroups(catalog, advertiserId);
  const groupName = new Map(groups.map((g) => [g.adgroup_id, g.adgroup_name]));
  if (level === 'adgroup') {
    for (const g of groups) {
      out.set(g.adgroup_id, {
        name: g.adgroup_name,
        status: g.operation_status,
        campaign_name: campaignName.get(g.campaign_id) ?? '',
      });
    }
    return out;
  }
  for (const a of await listAds(catalog, advertiserId)) {
    out.set(a.ad_id, {
      name: a.ad_name,
      status: a.operation_status,
      campaign_name: campaignName.get(a.campaign_id) ?? '',
      adgroup_name: groupName.get(a.adgroup_id) ?? '',
    });
  }
  return out;
}
