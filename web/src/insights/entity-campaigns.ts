// Which campaign each ad group and ad belongs to, for the Insights tab's campaign filter: the insights name
// their entity only, so the structure is read once from the Campaign tab's lists (ids and names, one
// cheap metric) rather than per insight.
import { useQuery } from '@tanstack/react-query';
import { EntityListResponse } from '../../../src/shared/campaigns-api.ts';
import type { Insight } from '../../../src/shared/insights-api.ts';
import { apiPath, getJson } from '../api/client.ts';

export interface CampaignRef {
  id: string;
  name: string;
}

/** Where an entity sits: its campaign, and its direct parent's name (an ad's ad group's). */
export interface EntityPlace {
  campaign: CampaignRef;
  /** The ad group's name for an ad, the campaign's for an ad group, null for a campaign. */
  parent: string | null;
}

function fetchLevel(
  advertiserId: string,
  level: 'campaigns' | 'adgroups' | 'ads',
  range: { from: string; to: string },
  signal: AbortSignal,
) {
  return getJson(
    apiPath(`/advertisers/${encodeURIComponent(advertiserId)}/${level}`, {
      from: range.from,
      to: range.to,
      metrics: ['spend'],
      limit: 10_000,
    }),
    EntityListResponse,
    signal,
  );
}

/** Entity id → its place, for every campaign, ad group and ad of the advertiser. */
export function useEntityPlaces(advertiserId: string, range: { from: string; to: string } | undefined) {
  return useQuery({
    queryKey: ['insight-entity-places', advertiserId, range?.from, range?.to],
    queryFn: async ({ signal }) => {
      const [campaigns, adgroups, ads] = await Promise.all(
        (['campaigns', 'adgroups', 'ads'] as const).map((level) =>
          fetchLevel(advertiserId, level, range!, signal),
        ),
      );
      const byEntity = new Map<string, EntityPlace>();
      for (const row of campaigns!.rows) {
        byEntity.set(row.id, { campaign: { id: row.id, name: row.name }, parent: null });
      }
      const names = new Map(campaigns!.rows.map((row) => [row.id, row.name]));
      for (const row of [...adgroups!.rows, ...ads!.rows]) {
        const id = 'campaign_id' in row.entity ? row.entity.campaign_id : '';
        const campaign = { id, name: names.get(id) ?? row.campaign_name ?? id };
        byEntity.set(row.id, { campaign, parent: row.adgroup_name ?? campaign.name });
      }
      return byEntity;
    },
    enabled: !!range,
    staleTime: 60_000,
  });
}

/** The campaigns the insights are in, by name, for the filter's options. */
export function campaignsOf(
  insights: readonly Insight[],
  byEntity: ReadonlyMap<string, EntityPlace> | undefined,
): CampaignRef[] {
  if (!byEntity) return [];
  const seen = new Map<string, CampaignRef>();
  for (const insight of insights) {
    const campaign = byEntity.get(insight.entity_id)?.campaign;
    if (campaign) seen.set(campaign.id, campaign);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}
