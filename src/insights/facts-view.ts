// What the detectors read: each ad's daily counters from the warehouse (one semantic-layer report, ad ×
// day, over the look-back window) and the catalog's settings for ads, ad groups and creatives. Loaded
// once per run; detectors are pure functions of it. Nothing here reads the sandbox's hidden truth.
import type { AppContext } from '../app-context.ts';
import { estimateWithAudiences } from '../audiences/targeting.ts';
import type { Queryable } from '../catalog/db.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { listPixels } from '../catalog/pixels.ts';
import { listAdGroups, listAds, listCampaigns, listCreatives } from '../catalog/structure.ts';
import { addDays } from '../core/dates.ts';
import { notFound } from '../core/errors.ts';
import { startOfLocalDay, toLocal } from '../core/timezone.ts';
import type { Ad, AdGroup, Advertiser, Campaign, Creative, Pixel } from '../core/entities.ts';
import { runReport } from '../reports/run-report.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';

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
  campaigns: Campaign[];
  /** Each ad group's daily counters (its ads summed; reach is the ad group's own, exact per day). */
  groupDays: Map<string, DayCounts[]>;
  /** Each ad group's people reached over whole weeks: the last 7 days and the 7 before (exact, not summed). */
  groupWeeks: Map<string, { recent: WeekReach; previous: WeekReach }>;
  /**
   * The audience estimate of each ad group that targets custom audiences (the ad group form's, with its
   * included and excluded audiences); the others' estimate follows from their targeting alone.
   */
  audienceEstimates: Map<string, number>;
  pixels: Pixel[];
  /** Each pixel's events per day on the advertiser's clock (every event the site sent), by pixel id. */
  pixelDays: Map<string, { date: string; events: number }[]>;
}

export interface WeekReach {
  from: string;
  to: string;
  impressions: number;
  reach: number;
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
  const weekFrom = addDays(asOf, -6);
  const previousFrom = addDays(asOf, -13);
  const groupReport = (range: { from: string; to: string }, dimensions: ('adgroup' | 'day')[]) =>
    runReport(
      ctx.facts,
      ctx.catalog,
      { advertiserId, ...range, dimensions, metrics: [...METRICS] },
      { totals: false },
    );
  const [report, groupDayReport, recentWeek, previousWeek, ads, adGroups, creatives, campaigns, pixels] =
    await Promise.all([
      runReport(
        ctx.facts,
        ctx.catalog,
        { advertiserId, from, to: asOf, dimensions: ['ad', 'day'], metrics: [...METRICS] },
        { totals: false },
      ),
      groupReport({ from, to: asOf }, ['adgroup', 'day']),
      groupReport({ from: weekFrom, to: asOf }, ['adgroup']),
      groupReport({ from: previousFrom, to: addDays(weekFrom, -1) }, ['adgroup']),
      listAds(ctx.catalog, advertiserId),
      listAdGroups(ctx.catalog, advertiserId),
      listCreatives(ctx.catalog, advertiserId),
      listCampaigns(ctx.catalog, advertiserId),
      listPixels(ctx.catalog, advertiserId),
    ]);
  const pixelDays = await loadPixelDays(ctx.facts, advertiser, pixels, from, asOf);
  const audienceEstimates = new Map<string, number>();
  for (const g of adGroups) {
    const t = g.targeting;
    if (!t.audience_ids?.length && !t.excluded_audience_ids?.length) continue;
    // The estimate reads only the catalog and the warehouse, which the insights context holds.
    const { size } = await estimateWithAudiences(ctx as AppContext, advertiserId, {
      ...t,
      audience_ids: t.audience_ids ?? [],
      excluded_audience_ids: t.excluded_audience_ids ?? [],
    });
    audienceEstimates.set(g.adgroup_id, size);
  }
  const daysByAd = byKey(report.rows, 'ad');
  const groupDays = byKey(groupDayReport.rows, 'adgroup');
  const weekOf = (rows: Record<string, unknown>[], range: { from: string; to: string }) =>
    new Map(
      rows.map((r) => [
        String(r.adgroup),
        { ...range, impressions: num(r.impressions), reach: num(r.reach) } satisfies WeekReach,
      ]),
    );
  const recent = weekOf(recentWeek.rows, { from: weekFrom, to: asOf });
  const previous = weekOf(previousWeek.rows, { from: previousFrom, to: addDays(weekFrom, -1) });
  const empty = (range: { from: string; to: string }): WeekReach => ({ ...range, impressions: 0, reach: 0 });
  const groupById = new Map(adGroups.map((g) => [g.adgroup_id, g]));
  const creativeById = new Map(creatives.map((c) => [c.creative_id, c]));
  return {
    advertiser,
    asOf,
    at: Math.min(Date.now(), startOfLocalDay(addDays(asOf, 1), advertiser.timezone)),
    from,
    adGroups,
    campaignStatus: new Map(campaigns.map((c) => [c.campaign_id, c.operation_status])),
    campaigns,
    groupDays,
    groupWeeks: new Map(
      adGroups.map((g) => [
        g.adgroup_id,
        {
          recent: recent.get(g.adgroup_id) ?? empty({ from: weekFrom, to: asOf }),
          previous: previous.get(g.adgroup_id) ?? empty({ from: previousFrom, to: addDays(weekFrom, -1) }),
        },
      ]),
    ),
    audienceEstimates,
    pixels,
    pixelDays,
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

function byKey(rows: Record<string, unknown>[], key: 'ad' | 'adgroup'): Map<string, DayCounts[]> {
  const out = new Map<string, DayCounts[]>();
  for (const row of rows) {
    const id = String(row[key]);
    const list = out.get(id) ?? [];
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
    out.set(id, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.date.localeCompare(b.date));
  return out;
}

/**
 * Each pixel's events per local day. Counted per UTC hour in the warehouse and put on the advertiser's
 * clock here (in a zone with a half-hour offset an hour's events go to the day its first minute is on).
 */
async function loadPixelDays(
  facts: FactStore,
  advertiser: Advertiser,
  pixels: Pixel[],
  from: string,
  to: string,
): Promise<Map<string, { date: string; events: number }[]>> {
  const out = new Map<string, { date: string; events: number }[]>(pixels.map((p) => [p.pixel_id, []]));
  if (pixels.length === 0) return out;
  const start = new Date(startOfLocalDay(from, advertiser.timezone))
    .toISOString()
    .replace('T', ' ')
    .slice(0, 19);
  const end = new Date(startOfLocalDay(addDays(to, 1), advertiser.timezone))
    .toISOString()
    .replace('T', ' ')
    .slice(0, 19);
  const d = facts.dialect;
  const rows = await facts.query({
    text: `SELECT pixel_code, epoch_ms(date_trunc('hour', event_time)) AS hour_ms, COUNT(*) AS events
      FROM ${FACT_TABLES.pixelEvents}
      WHERE advertiser_id = ${d.placeholder(1, advertiser.advertiser_id)}
        AND event_time >= CAST(${d.placeholder(2, start)} AS TIMESTAMP)
        AND event_time < CAST(${d.placeholder(3, end)} AS TIMESTAMP)
      GROUP BY 1, 2`,
    values: [advertiser.advertiser_id, start, end],
  });
  const idByCode = new Map(pixels.map((p) => [p.pixel_code, p.pixel_id]));
  const perDay = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const id = idByCode.get(String(row.pixel_code));
    if (!id) continue;
    const date = toLocal(Number(row.hour_ms), advertiser.timezone).date;
    const days = perDay.get(id) ?? new Map<string, number>();
    days.set(date, (days.get(date) ?? 0) + Number(row.events));
    perDay.set(id, days);
  }
  for (const [id, days] of perDay)
    out.set(
      id,
      [...days].map(([date, events]) => ({ date, events })).sort((a, b) => a.date.localeCompare(b.date)),
    );
  return out;
}
