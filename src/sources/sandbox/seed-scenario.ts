// Creates a scenario's advertiser and structure in the catalog, in one transaction, together with the
// sandbox's hidden truth. Simulation then fills the warehouse (simulate.ts).
import { deleteAdvertiser, insertAdvertiser } from '../../catalog/advertisers.ts';
import { customColumnsOf, restoreCustomColumns } from '../../catalog/custom-columns.ts';
import { reportTemplatesOf, restoreReportTemplates } from '../../catalog/report-templates.ts';
import type { CatalogDb, Queryable } from '../../catalog/db.ts';
import { insertPixel, pixelCodeFrom } from '../../catalog/pixels.ts';
import { insertAd, insertAdGroup, insertCampaign, insertCreative } from '../../catalog/structure.ts';
import { toMicros } from '../../core/money.ts';
import { ensureBuiltinTemplates } from '../../reports/templates-file.ts';
import { startOfLocalDay } from '../../core/timezone.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { sandboxId } from './ids.ts';
import { hash32, rng } from './random.ts';
import type { AdTruth, SandboxRun, SandboxTruth } from './sandbox-run.ts';
import { saveSandboxRun } from './sandbox-run.ts';
import { type Scenario, type ScenarioAd, scenarioPixels, utcTimeToMs } from './scenario.ts';

const HOUR_MS = 3_600_000;
const money = (amount: number | undefined): bigint | null => (amount === undefined ? null : toMicros(amount));

/** Replaces any advertiser of the same name: its catalog rows and its facts. */
export async function seedScenario(
  catalog: CatalogDb,
  facts: FactStore,
  scenario: Scenario,
): Promise<string> {
  const advertiserId = sandboxId(scenario.seed, `advertiser:${scenario.advertiser.name}`);
  const existing = await catalog.query<{ advertiser_id: string }>(
    'select advertiser_id from advertisers where lower(name) = lower($1) or advertiser_id = $2',
    [scenario.advertiser.name, advertiserId],
  );
  for (const row of existing) await facts.deleteFacts(row.advertiser_id);
  await catalog.transaction(async (tx) => {
    // Members keep their access to the advertiser a scenario replaces.
    const members = await tx.query<{ user_id: string }>(
      'select distinct user_id from user_advertisers where advertiser_id = any($1)',
      [existing.map((row) => row.advertiser_id)],
    );
    // So do the team's custom columns: formulas over metrics, not over the structure replaced.
    const columns = await customColumnsOf(
      tx,
      existing.map((row) => row.advertiser_id),
    );
    // And its report templates, which are built on those columns.
    const templates = await reportTemplatesOf(
      tx,
      existing.map((row) => row.advertiser_id),
    );
    for (const row of existing) await deleteAdvertiser(tx, row.advertiser_id);
    await createStructure(tx, advertiserId, scenario);
    for (const { user_id } of members) {
      await tx.query('insert into user_advertisers (user_id, advertiser_id) values ($1, $2)', [
        user_id,
        advertiserId,
      ]);
    }
    await restoreCustomColumns(tx, advertiserId, columns);
    await restoreReportTemplates(tx, advertiserId, templates);
    await ensureBuiltinTemplates(tx, advertiserId);
  });
  return advertiserId;
}

async function createStructure(tx: Queryable, advertiserId: string, s: Scenario): Promise<void> {
  const start = startOfLocalDay(s.start_date, s.advertiser.timezone);
  const id = (path: string): string => sandboxId(s.seed, `${advertiserId}:${path}`);
  const truth: SandboxTruth = { ads: {}, names: { campaign: {}, adgroup: {}, ad: {}, pixel: {} } };
  const creatives = new Map<string, string>();
  const reviewRng = rng(s.seed, `review:${advertiserId}`);

  await insertAdvertiser(tx, {
    advertiser_id: advertiserId,
    name: s.advertiser.name,
    currency: s.advertiser.currency,
    timezone: s.advertiser.timezone,
    source: 'sandbox',
    product_value: s.advertiser.product_value ?? null,
    margin: s.advertiser.margin ?? null,
  });
  truth.names.pixel = await createPixels(tx, advertiserId, s);
  const defaultPixel = Object.values(truth.names.pixel)[0] ?? null;
  for (const [ci, c] of s.campaigns.entries()) {
    const campaignId = id(`c${ci}`);
    truth.names.campaign[c.campaign_name] = campaignId;
    await insertCampaign(tx, {
      campaign_id: campaignId,
      advertiser_id: advertiserId,
      campaign_name: c.campaign_name,
      objective_type: c.objective_type,
      budget_mode: c.budget_mode,
      budget_micros: money(c.budget),
      operation_status: c.operation_status,
    });
    for (const [gi, g] of c.ad_groups.entries()) {
      const adgroupId = id(`c${ci}g${gi}`);
      truth.names.adgroup[g.adgroup_name] = adgroupId;
      await insertAdGroup(tx, {
        adgroup_id: adgroupId,
        campaign_id: campaignId,
        advertiser_id: advertiserId,
        adgroup_name: g.adgroup_name,
        budget_mode: g.budget_mode,
        budget_micros: money(g.budget),
        targeting: {
          locations: g.locations,
          age_groups: g.age_groups ?? [],
          gender: g.gender,
          languages: [],
          interests: g.interests,
        },
        placements: g.placements,
        optimization_goal: g.optimization_goal,
        billing_event: g.billing_event,
        bid_type: g.bid_type,
        bid_price_micros: money(g.bid_price),
        conversion_bid_price_micros: money(g.conversion_bid_price),
        pacing: g.pacing,
        schedule_start_time: new Date(
          g.schedule_start_time ? utcTimeToMs(g.schedule_start_time) : start,
        ).toISOString(),
        schedule_end_time: g.schedule_end_time
          ? new Date(utcTimeToMs(g.schedule_end_time)).toISOString()
          : null,
        dayparting: g.dayparting ?? null,
        pixel_id: g.pixel ? truth.names.pixel[g.pixel]! : defaultPixel,
        click_attribution_window: g.click_attribution_window,
        view_attribution_window: g.view_attribution_window,
        operation_status: g.operation_status,
      });
      for (const [ai, a] of g.ads.entries()) {
        const adId = id(`c${ci}g${gi}a${ai}`);
        const creativeId = await creativeFor(tx, creatives, advertiserId, a, id);
        (truth.names.ad[a.ad_name] ??= []).push(adId);
        truth.ads[adId] = { creative: a.creative, ...review(a, start, reviewRng.next()) };
        await insertAd(tx, {
          ad_id: adId,
          adgroup_id: adgroupId,
          campaign_id: campaignId,
          advertiser_id: advertiserId,
          ad_name: a.ad_name,
          ad_format: a.ad_format,
          ad_text: a.ad_text,
          call_to_action: a.call_to_action,
          landing_page_url: a.landing_page_url,
          creative_id: creativeId,
          operation_status: a.operation_status,
          review_status: 'REVIEWING',
          review_submitted_at: new Date(start).toISOString(),
        });
      }
    }
  }
  await saveSandboxRun(tx, advertiserId, s, truth, new Date(start));
}

/** The scenario's pixels (or the default one), with ids and codes derived from the seed. */
async function createPixels(
  tx: Queryable,
  advertiserId: string,
  s: Scenario,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [pi, pixel] of scenarioPixels(s).entries()) {
    const pixelId = sandboxId(s.seed, `${advertiserId}:pixel${pi}`);
    ids[pixel.name] = pixelId;
    await insertPixel(tx, {
      pixel_id: pixelId,
      advertiser_id: advertiserId,
      pixel_code: pixelCodeFrom(Array.from({ length: 20 }, (_, i) => hash32(`${s.seed}:${pixelId}:${i}`))),
      pixel_name: pixel.name,
    });
  }
  return ids;
}

/**
 * A sandbox seeded before pixels existed gets them now, its ad groups reporting through the first one, so
 * its history goes on with conversions instead of being replaced.
 */
export async function ensurePixels(catalog: CatalogDb, run: SandboxRun): Promise<void> {
  if (run.names.pixel) return;
  await catalog.transaction(async (tx) => {
    const pixels = await createPixels(tx, run.advertiserId, run.scenario);
    await tx.query('update adgroups set pixel_id = $2 where advertiser_id = $1 and pixel_id is null', [
      run.advertiserId,
      Object.values(pixels)[0] ?? null,
    ]);
    await tx.query(
      `update sandbox_runs set truth = jsonb_set(truth, '{names,pixel}', $2::jsonb) where advertiser_id = $1`,
      [run.advertiserId, JSON.stringify(pixels)],
    );
    run.names.pixel = pixels;
  });
}

/**
 * Review's outcome: approved after the scenario's hours (default 1-6 h, chosen by the seed), rejected
 * after the same wait, or stuck (never decided).
 */
function review(
  ad: ScenarioAd,
  start: number,
  u: number,
): Pick<AdTruth, 'approvedAt' | 'decidedAt' | 'rejected'> {
  const r = ad.review;
  if (r && 'stuck' in r) return { approvedAt: null, decidedAt: null, rejected: null };
  const hours = r && 'hours' in r ? r.hours : 1 + Math.floor(u * 6);
  const decidedAt = start + hours * HOUR_MS;
  if (r && 'rejected' in r) return { approvedAt: null, decidedAt, rejected: r.rejected };
  return { approvedAt: decidedAt, decidedAt, rejected: null };
}

/** One creative per file name: ads that share a video share the creative. */
async function creativeFor(
  tx: Queryable,
  creatives: Map<string, string>,
  advertiserId: string,
  ad: ScenarioAd,
  id: (path: string) => string,
): Promise<string> {
  const known = creatives.get(ad.creative.name);
  if (known) return known;
  const creativeId = id(`creative:${ad.creative.name}`);
  const isVideo = ad.ad_format === 'SINGLE_VIDEO';
  await insertCreative(tx, {
    creative_id: creativeId,
    advertiser_id: advertiserId,
    file_name: ad.creative.name,
    kind: isVideo ? 'video' : 'image',
    duration_s: isVideo ? (ad.creative.duration_s ?? null) : null,
    width: 1080,
    height: isVideo ? 1920 : 1080,
  });
  creatives.set(ad.creative.name, creativeId);
  return creativeId;
}
