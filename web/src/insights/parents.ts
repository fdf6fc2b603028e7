// The parent of each entity the Dashboard's warnings name (an ad's ad group, an ad group's campaign), so
// two ads of the same name in different ad groups can be told apart. One small report query per level,
// for those entities only, rather than the whole account's structure.
import type { Insight } from '../../../src/shared/insights-api.ts';
import { useReportQuery } from '../api/reports.ts';

const PARENT = { ad: 'adgroup', adgroup: 'campaign' } as const;

function useParentsAt(
  advertiserId: string,
  range: { from: string; to: string },
  level: 'ad' | 'adgroup',
  ids: readonly string[],
) {
  const parent = PARENT[level];
  const report = useReportQuery(
    ids.length
      ? {
          advertiser_id: advertiserId,
          from: range.from,
          to: range.to,
          dimensions: [parent, level],
          metrics: ['impressions'],
          filters: [{ dimension: level, operator: 'in', values: [...ids] }],
        }
      : undefined,
  );
  const out = new Map<string, string>();
  for (const row of report.data?.rows ?? []) {
    const id = row[level];
    const name = row[`${parent}_name`];
    if (typeof id === 'string' && typeof name === 'string') out.set(id, name);
  }
  return out;
}

/** Entity id → its parent's name, for the insights' ads and ad groups (campaigns have none). */
export function useParents(
  advertiserId: string,
  range: { from: string; to: string },
  insights: readonly Insight[],
): ReadonlyMap<string, string> {
  const idsAt = (level: 'ad' | 'adgroup') =>
    [...new Set(insights.filter((i) => i.level === level).map((i) => i.entity_id))].sort();
  const ads = useParentsAt(advertiserId, range, 'ad', idsAt('ad'));
  const groups = useParentsAt(advertiserId, range, 'adgroup', idsAt('adgroup'));
  return new Map([...ads, ...groups]);
}
