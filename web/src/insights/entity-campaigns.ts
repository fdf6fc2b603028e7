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

/** Entity id → its campaign, for every campaign, ad group and ad of the advertiser. */
export function useEntityCampaigns(advertiserId: string, range: { from: string; to: string } | undefined) {
  return useQuery({
    queryKey: ['insight-entity-campaigns', advertiserId, range?.from, range?.to],
    queryFn: async ({ signal }) => {
      const [campaigns, adgroups, ads] = await Promise.all(
        (['campaigns', 'adgroups', 'ads'] as const).map((level) =>
          fetchLevel(advertiserId, level, range!, signal),
        ),
      );
      const names = new Map(campaigns!.rows.map((row) => [row.id, row.name]));
      const byEntity = new Map<string, CampaignRef>();
      for (const row of campaigns!.rows) byEntity.set(row.id, { id: row.id, name: row.name });
      for (const row of [...adgroups!.rows, ...ads!.rows]) {
        const campaignId = 'campaign_id' in row.entity ? row.entity.campaign_id : '';
        byEntity.set(row.id, {
          id: campaignId,
          name: names.get(campaignId) ?? row.campaign_name ?? campaignId,
        });
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
  byEntity: ReadonlyMap<string, CampaignRef> | undefined,
): CampaignRef[] {
  if (!byEntity) return [];
  const seen = new Map<string, CampaignRef>();
  for (const insight of insights) {
    const campaign = byEntity.get(insight.entity_id);
    if (campaign) seen.set(campaign.id, campaign);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}
