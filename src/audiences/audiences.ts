// Audiences as the API and the command line use them: list, read, create (customer file, website rule,
// lookalike), rename, delete, and their sizes. Each function checks the advertiser and answers the API's
// shapes; the catalog work sits in audience-records.ts, the counting in the files per audience type.
import { type Actor, audit } from '../access/audit.ts';
import type { AppContext } from '../app-context.ts';
import { type AdvertiserRecord, getAdvertiser } from '../catalog/advertisers.ts';
import type { Queryable } from '../catalog/db.ts';
import { listPixels } from '../catalog/pixels.ts';
import { CALLING_CODES } from '../sources/events/hashing.ts';
import { AppError, notFound } from '../core/errors.ts';
import {
  type Audience,
  type AudienceList,
  type AudienceSize,
  type AudienceUpdate,
  type CustomerFileReport,
  CustomerFileUploadQuery,
  LookalikeAudienceCreate,
  type LookalikeSpec,
  MAX_AUDIENCES_PER_ADVERTISER,
  MIN_TARGETABLE_SIZE,
  WebsiteAudienceCreate,
  WebsiteRule,
  type WebsiteRulePreview,
} from '../shared/audiences-api.ts';
import {
  type AudienceRow,
  audienceUses,
  checkAudienceLimit,
  deleteAudienceRow,
  getAudienceRow,
  insertAudienceRow,
  listAudienceRows,
  type NewAudience,
  newAudienceId,
  saveAudienceSize,
  updateAudienceRow,
} from './audience-records.ts';
import { importCustomerFile } from './customer-file.ts';
import { countCustomerFileMatches } from './customer-file-match.ts';
import { checkLookalikeCountry, checkLookalikeSource, lookalikePercent, lookalikeSize } from './lookalike.ts';
import { WEBSITE_SIZE_TTL_MS, WebsiteSizeCache, type WebsiteScope } from './website.ts';

const websiteSizes = new WebsiteSizeCache();

async function advertiserOr404(ctx: AppContext, advertiserId: string): Promise<AdvertiserRecord> {
  const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  return advertiser;
}

async function websiteScope(ctx: AppContext, advertiserId: string, rule: WebsiteRule): Promise<WebsiteScope> {
  if (rule.pixel_id === null) return { advertiserId, pixelCodes: null };
  const pixel = (await listPixels(ctx.catalog, advertiserId)).find((p) => p.pixel_id === rule.pixel_id);
  if (!pixel) {
    throw new AppError(
      'validation_failed',
      `This advertiser has no pixel ${rule.pixel_id}: choose one of its pixels, or all.`,
      [{ field: 'rule.pixel_id', message: 'no such pixel' }],
    );
  }
  return { advertiserId, pixelCodes: [pixel.pixel_code] };
}

const fmt = (n: number) => n.toLocaleString('en-US');

interface Sized {
  matched_size: number | null;
  size_basis: string;
}

/** The audience's size: live for website audiences (a few seconds old at most), stored for the others. */
async function currentSize(ctx: AppContext, row: AudienceRow, fresh = false): Promise<Sized> {
  if (row.type !== 'website') return { matched_size: row.matched_size, size_basis: row.size_basis };
  const rule = WebsiteRule.parse(row.definition);
  try {
    const size = await websiteSizes.size(
      ctx.facts,
      await websiteScope(ctx, row.advertiser_id, rule),
      rule,
      row.retention_days,
      {
        fresh,
      },
    );
    return { matched_size: size, size_basis: websiteBasis(size) };
  } catch (error) {
    if (error instanceof AppError)
      return { matched_size: null, size_basis: `Cannot be counted: ${error.message}` };
    throw error;
  }
}

const websiteBasis = (size: number) =>
  `${fmt(size)} people (by _ttp cookie or hashed id) in the pixel events matching the rule, counted at most ${WEBSITE_SIZE_TTL_MS / 1000} s ago`;

async function toAudience(
  ctx: AppContext,
  row: AudienceRow,
  uses: Map<string, Audience['used_by']>,
): Promise<Audience> {
  const size = await currentSize(ctx, row);
  let lookalike: LookalikeSpec | null = null;
  if (row.type === 'lookalike') {
    const d = row.definition as Omit<LookalikeSpec, 'source_audience_name'>;
    const [source] = await ctx.catalog.query<{ name: string }>(
      'select name from audiences where audience_id = $1',
      [d.source_audience_id],
    );
    lookalike = { ...d, source_audience_name: source?.name ?? null };
  }
  const targetable = isTargetable(size.matched_size);
  return {
    audience_id: row.audience_id,
    advertiser_id: row.advertiser_id,
    name: row.name,
    type: row.type,
    status: targetable ? 'ready' : 'too_small',
    matched_size: size.matched_size,
    targetable,
    size_basis: size.size_basis,
    retention_days: row.retention_days,
    created_at: row.created_at,
    updated_at: row.updated_at,
    customer_file: row.type === 'customer_file' ? (row.definition as CustomerFileReport) : null,
    website: row.type === 'website' ? WebsiteRule.parse(row.definition) : null,
    lookalike,
    used_by: uses.get(row.audience_id) ?? [],
  };
}

/** TikTok targets an audience only once it has this many matched people. */
const isTargetable = (size: number | null): boolean => size !== null && size >= MIN_TARGETABLE_SIZE;

export async function listAudiences(ctx: AppContext, advertiserId: string): Promise<AudienceList> {
  await advertiserOr404(ctx, advertiserId);
  const [rows, uses] = await Promise.all([
    listAudienceRows(ctx.catalog, advertiserId),
    audienceUses(ctx.catalog, advertiserId),
  ]);
  const audiences: Audience[] = [];
  for (const row of rows) audiences.push(await toAudience(ctx, row, uses));
  return { audiences, limit: MAX_AUDIENCES_PER_ADVERTISER };
}

export async function getAudience(
  ctx: AppContext,
  advertiserId: string,
  audienceId: string,
): Promise<Audience> {
  await advertiserOr404(ctx, advertiserId);
  const row = await getAudienceRow(ctx.catalog, advertiserId, audienceId);
  return toAudience(ctx, row, await audienceUses(ctx.catalog, advertiserId));
}

/** The sizes of several audiences of the advertiser, for targeting; unknown ids are left out. */
export async function audienceSizes(
  ctx: AppContext,
  advertiserId: string,
  ids: string[],
): Promise<Map<string, { row: AudienceRow; size: Sized }>> {
  const out = new Map<string, { row: AudienceRow; size: Sized }>();
  if (ids.length === 0) return out;
  const rows = await listAudienceRows(ctx.catalog, advertiserId);
  for (const row of rows)
    if (ids.includes(row.audience_id)) out.set(row.audience_id, { row, size: await currentSize(ctx, row) });
  return out;
}

/** Recounts: customer files against pixel identities seen since, website rules over the latest events. */
export async function refreshAudienceSize(
  ctx: AppContext,
  advertiserId: string,
  audienceId: string,
): Promise<AudienceSize> {
  const advertiser = await advertiserOr404(ctx, advertiserId);
  const row = await getAudienceRow(ctx.catalog, advertiserId, audienceId);
  let size: Sized;
  if (row.type === 'customer_file') {
    size = await countCustomerFileMatches(ctx.facts, audienceId, advertiser);
    await saveAudienceSize(ctx.catalog, audienceId, size);
  } else {
    size = await currentSize(ctx, row, true);
    // Stored too: the sandbox delivers to the sizes the catalog holds, as of the last count.
    if (row.type === 'website' && size.matched_size !== null)
      await saveAudienceSize(ctx.catalog, audienceId, size);
  }
  return {
    audience_id: audienceId,
    matched_size: size.matched_size,
    targetable: isTargetable(size.matched_size),
    size_basis: size.size_basis,
    computed_at: new Date().toISOString(),
  };
}

/** A new audience's row and its audit entry, in the caller's transaction; `after` is what the log keeps. */
async function insertNewAudience(
  tx: Queryable,
  actor: Actor,
  row: NewAudience,
  after: unknown,
): Promise<void> {
  await insertAudienceRow(tx, row);
  await audit(tx, actor, {
    action: 'audience.create',
    targetType: 'audience',
    targetId: row.audience_id,
    advertiserId: row.advertiser_id,
    after,
  });
}

export async function createCustomerFileAudience(
  ctx: AppContext,
  actor: Actor,
  advertiserId: string,
  query: CustomerFileUploadQuery,
  body: AsyncIterable<Uint8Array>,
): Promise<Audience> {
  const q = CustomerFileUploadQuery.parse(query);
  if (q.default_country && !CALLING_CODES[q.default_country]) {
    // Refused before reading the file: otherwise every phone without a country code would come back invalid.
    throw new AppError(
      'validation_failed',
      `No calling code is known for the default country ${q.default_country}; use one of ${Object.keys(CALLING_CODES).join(', ')}, or write the numbers with their country code.`,
      [{ field: 'default_country', message: 'unknown country' }],
    );
  }
  const advertiser = await advertiserOr404(ctx, advertiserId);
  // Checked before the file is read (a refusal should not wait for it), and again when the row is written.
  await checkAudienceLimit(ctx.catalog, advertiserId);
  const audienceId = newAudienceId();
  // The file is read into the warehouse first, with no catalog transaction held open while it streams;
  // the audience exists once its row is written, and anything read for a file that fails is dropped.
  try {
    const report = await importCustomerFile(ctx.facts, { advertiserId, audienceId }, body, {
      fileName: q.file_name,
      idType: q.id_type,
      defaultCountry: q.default_country,
    });
    const size = await countCustomerFileMatches(ctx.facts, audienceId, advertiser);
    await ctx.catalog.transaction(async (tx) => {
      await checkAudienceLimit(tx, advertiserId);
      await insertNewAudience(
        tx,
        actor,
        {
          audience_id: audienceId,
          advertiser_id: advertiserId,
          name: q.name,
          type: 'customer_file',
          retention_days: q.retention_days,
          definition: report,
          matched_size: size.matched_size,
          size_basis: size.size_basis,
        },
        // The counts only: the file's identifiers never leave the import.
        { name: q.name, type: 'customer_file', rows_read: report.rows_read, members: report.members },
      );
    });
  } catch (error) {
    await ctx.facts.dropAudienceMembers(audienceId);
    throw error;
  }
  return getAudience(ctx, advertiserId, audienceId);
}

export async function createWebsiteAudience(
  ctx: AppContext,
  actor: Actor,
  advertiserId: string,
  input: WebsiteAudienceCreate,
): Promise<Audience> {
  const body = WebsiteAudienceCreate.parse(input);
  await advertiserOr404(ctx, advertiserId);
  await checkAudienceLimit(ctx.catalog, advertiserId);
  const scope = await websiteScope(ctx, advertiserId, body.rule);
  const size = await websiteSizes.size(ctx.facts, scope, body.rule, body.retention_days);
  const audienceId = newAudienceId();
  await ctx.catalog.transaction((tx) =>
    insertNewAudience(
      tx,
      actor,
      {
        audience_id: audienceId,
        advertiser_id: advertiserId,
        name: body.name,
        type: 'website',
        retention_days: body.retention_days,
        definition: body.rule,
        matched_size: size,
        size_basis: websiteBasis(size),
      },
      { name: body.name, type: 'website', rule: body.rule, retention_days: body.retention_days },
    ),
  );
  return getAudience(ctx, advertiserId, audienceId);
}

export async function previewWebsiteRule(
  ctx: AppContext,
  advertiserId: string,
  input: unknown,
): Promise<WebsiteRulePreview> {
  const rule = WebsiteRule.parse(input);
  await advertiserOr404(ctx, advertiserId);
  const size = await websiteSizes.size(ctx.facts, await websiteScope(ctx, advertiserId, rule), rule, 365);
  return { matched_size: size, targetable: isTargetable(size), size_basis: websiteBasis(size) };
}

export async function createLookalikeAudience(
  ctx: AppContext,
  actor: Actor,
  advertiserId: string,
  input: LookalikeAudienceCreate,
): Promise<Audience> {
  const body = LookalikeAudienceCreate.parse(input);
  await advertiserOr404(ctx, advertiserId);
  await checkAudienceLimit(ctx.catalog, advertiserId);
  checkLookalikeCountry(body.country);
  let source: AudienceRow;
  try {
    source = await getAudienceRow(ctx.catalog, advertiserId, body.source_audience_id);
  } catch {
    throw new AppError(
      'validation_failed',
      `This advertiser has no audience ${body.source_audience_id} to build a lookalike from.`,
      [{ field: 'source_audience_id', message: 'no such audience' }],
    );
  }
  checkLookalikeSource({ name: source.name, type: source.type, ...(await currentSize(ctx, source)) });
  const percent = lookalikePercent(body.size);
  const size = lookalikeSize(body.country, body.size);
  const audienceId = newAudienceId();
  await ctx.catalog.transaction((tx) =>
    insertNewAudience(
      tx,
      actor,
      {
        audience_id: audienceId,
        advertiser_id: advertiserId,
        name: body.name,
        type: 'lookalike',
        retention_days: body.retention_days,
        definition: {
          source_audience_id: source.audience_id,
          country: body.country,
          size: body.size,
          percent,
        },
        matched_size: size,
        size_basis: `${percent} % of ${body.country}'s ${fmt(Math.round((size * 100) / percent))} TikTok users in the population model`,
      },
      {
        name: body.name,
        type: 'lookalike',
        source_audience_id: source.audience_id,
        country: body.country,
        percent,
      },
    ),
  );
  return getAudience(ctx, advertiserId, audienceId);
}

export async function updateAudience(
  ctx: AppContext,
  actor: Actor,
  advertiserId: string,
  audienceId: string,
  patch: AudienceUpdate,
): Promise<Audience> {
  await advertiserOr404(ctx, advertiserId);
  const before = await getAudienceRow(ctx.catalog, advertiserId, audienceId);
  await ctx.catalog.transaction(async (tx) => {
    await updateAudienceRow(tx, audienceId, patch);
    await audit(tx, actor, {
      action: 'audience.update',
      targetType: 'audience',
      targetId: audienceId,
      advertiserId,
      before: { name: before.name, retention_days: before.retention_days },
      after: patch,
    });
  });
  return getAudience(ctx, advertiserId, audienceId);
}

export async function deleteAudience(
  ctx: AppContext,
  actor: Actor,
  advertiserId: string,
  audienceId: string,
): Promise<void> {
  await advertiserOr404(ctx, advertiserId);
  const row = await getAudienceRow(ctx.catalog, advertiserId, audienceId);
  const uses = (await audienceUses(ctx.catalog, advertiserId)).get(audienceId) ?? [];
  if (uses.length > 0) {
    const names = uses.map((u) => `"${u.adgroup_name}" (${u.mode === 'include' ? 'included' : 'excluded'})`);
    throw new AppError(
      'conflict',
      `"${row.name}" is in the targeting of ${uses.length === 1 ? 'an ad group' : `${uses.length} ad groups`}: ${names.join(', ')}. Take it out of their targeting first.`,
      uses.map((u) => ({ field: u.adgroup_id, message: `${u.adgroup_name} (${u.campaign_name})` })),
    );
  }
  await ctx.catalog.transaction(async (tx) => {
    await deleteAudienceRow(tx, audienceId);
    // Inside the transaction: should forgetting the members fail, the audience stays, whole.
    await ctx.facts.dropAudienceMembers(audienceId);
    await audit(tx, actor, {
      action: 'audience.delete',
      targetType: 'audience',
      targetId: audienceId,
      advertiserId,
      before: { name: row.name, type: row.type },
    });
  });
}
