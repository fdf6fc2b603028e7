// The reconciliation as the API answers it: the facts of the range reconciled, with each ad group's
// attribution windows beside them.
import type { Queryable } from '../catalog/db.ts';
import { listAdGroups, listCampaigns } from '../catalog/structure.ts';
import type { ReconciliationResponse } from '../shared/reconciliation-api.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { type DateRange, loadReconciliationFacts } from './load-facts.ts';
import { reconcile } from './reconcile.ts';

export interface ReconciledAdvertiser {
  advertiser_id: string;
  timezone: string;
  currency: string;
  source: string;
}

export async function getReconciliation(
  facts: FactStore,
  catalog: Queryable,
  advertiser: ReconciledAdvertiser,
  range: DateRange,
): Promise<ReconciliationResponse> {
  const [loaded, groups, campaigns] = await Promise.all([
    loadReconciliationFacts(facts, catalog, advertiser, range),
    listAdGroups(catalog, advertiser.advertiser_id),
    listCampaigns(catalog, advertiser.advertiser_id),
  ]);
  const campaignName = new Map(campaigns.map((c) => [c.campaign_id, c.campaign_name]));
  return {
    advertiser_id: advertiser.advertiser_id,
    range,
    timezone: advertiser.timezone,
    currency: advertiser.currency,
    sandbox: advertiser.source === 'sandbox',
    ...reconcile(loaded),
    windows: groups.map((g) => ({
      adgroup_id: g.adgroup_id,
      adgroup_name: g.adgroup_name,
      campaign_name: campaignName.get(g.campaign_id) ?? g.campaign_id,
      click_attribution_window: g.click_attribution_window,
      view_attribution_window: g.view_attribution_window,
    })),
  };
}
