// The library as the screen shows it: every creative of the advertiser with its file's properties, the ads
// using it, and its results across those ads over a date range. Results come from the semantic layer (the
// report query broken down by creative), like any report, so they match the Reporting tab to the cent.
import type { AppContext } from '../app-context.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { addDays } from '../core/dates.ts';
import { notFound } from '../core/errors.ts';
import { localToday } from '../core/timezone.ts';
import { queryReport } from '../reports/query-report.ts';
import {
  type CreativeAsset,
  type CreativeLibrary,
  type CreativeResults,
  RESULT_METRICS,
} from '../shared/creatives-api.ts';
import { type CreativeRow, creativeUses, getCreativeRow, listCreativeRows } from './creative-records.ts';
import { aspectRatio } from './limits.ts';
import { ensureSandboxMedia } from './sandbox-media.ts';

const EMPTY_RESULTS = Object.fromEntries(RESULT_METRICS.map((m) => [m, null])) as CreativeResults;

export function creativeUrls(
  row: CreativeRow,
): Pick<CreativeAsset, 'file_url' | 'poster_url' | 'thumbnail_url'> {
  const base = `/api/v1/advertisers/${row.advertiser_id}/creatives/${row.creative_id}`;
  const version = row.media ? `?v=${row.media.sha256.slice(0, 12)}` : '';
  return {
    file_url: row.media ? `${base}/file${version}` : null,
    poster_url: row.media?.has_poster ? `${base}/poster${version}` : null,
    thumbnail_url: row.media?.has_thumbnail ? `${base}/thumbnail${version}` : null,
  };
}

export function toAsset(
  row: CreativeRow,
  uses: CreativeAsset['used_in'],
  results: CreativeResults = EMPTY_RESULTS,
): CreativeAsset {
  return {
    ...row,
    aspect_ratio: aspectRatio(row.width, row.height),
    ...creativeUrls(row),
    used_in: uses,
    results,
  };
}

export async function creativeLibrary(
  ctx: AppContext,
  advertiserId: string,
  range: { from?: string; to?: string },
): Promise<CreativeLibrary> {
  const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  // The sandbox's creatives get their generated files the first time the library is opened.
  if (advertiser.source === 'sandbox') await ensureSandboxMedia(ctx, advertiserId);
  const to = range.to ?? localToday(advertiser.timezone);
  const from = range.from ?? addDays(to, -29);
  const [rows, uses, report] = await Promise.all([
    listCreativeRows(ctx.catalog, advertiserId),
    creativeUses(ctx.catalog, advertiserId),
    queryReport(ctx, {
      advertiser_id: advertiserId,
      from,
      to,
      dimensions: ['creative_name'],
      metrics: [...RESULT_METRICS],
      filters: [],
    }),
  ]);
  const byName = new Map(report.rows.map((r) => [String(r.creative_name), r]));
  const creatives = rows.map((row) => {
    const found = byName.get(row.file_name);
    const results = found
      ? (Object.fromEntries(
          RESULT_METRICS.map((m) => [m, (found[m] as number | null) ?? null]),
        ) as CreativeResults)
      : EMPTY_RESULTS;
    return toAsset(row, uses.get(row.creative_id) ?? [], results);
  });
  return { range: report.range, currency: report.currency, creatives };
}

export async function creativeAsset(
  ctx: AppContext,
  advertiserId: string,
  creativeId: string,
): Promise<CreativeAsset> {
  let row = await getCreativeRow(ctx.catalog, advertiserId, creativeId);
  // A sandbox creative asked for before the library was ever opened gets its file now.
  if (!row.media && !row.uploaded && (await getAdvertiser(ctx.catalog, advertiserId))?.source === 'sandbox') {
    await ensureSandboxMedia(ctx, advertiserId);
    row = await getCreativeRow(ctx.catalog, advertiserId, creativeId);
  }
  const uses = await creativeUses(ctx.catalog, advertiserId);
  return toAsset(row, uses.get(creativeId) ?? []);
}
