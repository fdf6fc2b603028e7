// What the detectors read: each ad's daily counters from the warehouse (one semantic-layer report, ad ×
// day, over the look-back window) and the catalog's settings for ads, ad groups and creatives. Loaded
// once per run; detectors are pure functions of it. Nothing here reads the sandbox's hidden truth.
import type { Queryable } from '../catalog/db.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { listAdGroups, listAds, listCampaigns, listCreatives } from '../catalog/structure.ts';
import { addDays } from '../core/dates.ts';
import { notFound } from '../core/errors.ts';
import { startOfLocalDay } from '../core/timezone.ts';
import type { Ad, AdGroup, Advertiser, Creative } from '../core/entities.ts';
import { runReport } from '../reports/run-report.ts';
import type { FactStore } from '../warehouse/fact-store.ts';

/** How far back the detectors look. Long enough for an early baseline and a recent window. */
export const LOOKBACK_DAYS = 60;

export interface DayCounts {
  date: string;
  impressions: number;
  clicks: number;
  spend: number;
  reach: number;
  video_plays: number;
  video_watched_2s: number;
  video_watched_6s: number;
  conversions: number;
}

export interface AdFacts {
  ad: Ad;
  adGroup: AdGroup;
  creative: Creative | null;
  /** Days with delivery, oldest first (days without a fact row are absent). */
  days: DayCounts[];
}

export interface FactsView {
  advertiser: Advertiser;
  asOf: string;
  /** The moment the view is judged at: the end of the as-of day on the advertiser's clock, or now if sooner. */
  at: number;
  from: string;
  ads: AdFacts[];
  adGroups: AdGroup[];
  /** Each campaign's operation_status, by id. */
  campaignStatus: Map<string, string>;
}

export interface InsightsContext {
  facts: FactStore;
  catalog: Queryable;
}

const METRICS = [
  'impressions',
  'clicks',
  'spend',
  'reach',
  'video_play_actions',
  'video_watched_2s',
  'video_watched_6s',
  'conversion',
] as const;

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export async function loadFactsView(
  ctx: InsightsContext,
  advertiserId: string,
  asOf: string,
): Promise<FactsView> {
  const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  const from = addDays(asOf, -(LOOKBACK_DAYS - 1));
  const [report, ads, adGroups, creatives, campaigns] = await Promise.all([
    runReport(
      ctx.facts,
      ctx.catalog,
      { advertiserId, from, to: asOf, dimensions: ['ad', 'day'], metrics: [...METRICS] },
      { totals: false },
    ),
    listAds(ctx.catalog, advertiserId),
    listAdGroups(ctx.catalog, advertiserId),
    listCreatives(ctx.catalog, advertiserId),
    listCampaigns(ctx.catalog, advertiserId),
  ]);
  const daysByAd = new Map<string, DayCounts[]>();
  for (const row of report.rows) {
    const adId = String(row.ad);
    const list = daysByAd.get(adId) ?? [];
    list.push({
      date: String(row.day),
      impressions: num(row.impressions),
      clicks: num(row.clicks),
      spend: num(row.spend),
      reach: num(row.reach),
      video_plays: num(row.video_play_actions),
      video_watched_2s: num(row.video_watched_2s),
      video_watched_6s: num(row.video_watched_6s),
      conversions: num(row.conversion),
    });
    daysByAd.set(adId, list);
  }
  const groupById = new Map(adGroups.map((g) => [g.adgroup_id, g]));
  const creativeById = new Map(creatives.map((c) => [c.creative_id, c]));
  return {
    advertiser,
    asOf,
    at: Math.min(Date.now(), startOfLocalDay(addDays(asOf, 1), advertiser.timezone)),
    from,
    adGroups,
    campaignStatus: new Map(campaigns.map((c) => [c.campaign_id, c.operation_status])),
    ads: ads
      .filter((ad) => groupById.has(ad.adgroup_id))
      .map((ad) => ({
        ad,
        adGroup: groupById.get(ad.adgroup_id)!,
        creative: creativeById.get(ad.creative_id) ?? null,
        days: (daysByAd.get(ad.ad_id) ?? []).sort((a, b) => a.date.localeCompare(b.date)),
      })),
  };
}
