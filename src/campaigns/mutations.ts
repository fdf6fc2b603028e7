// Building and changing campaigns, ad groups and ads from the Campaign tab and the API: create (checked
// against TikTok's rules), edit, switch on and off or delete in bulk, duplicate with children, and undo
// the last change. Every write is audited with the request's change id; the sandbox picks changes up from
// the next simulated hour.
import { randomInt } from 'node:crypto';
import { type Actor, audit } from '../access/audit.ts';
import type { CatalogDb, Queryable } from '../catalog/db.ts';
import { listPixels } from '../catalog/pixels.ts';
import {
  type UpdatableValue,
  insertAd,
  insertAdGroup,
  insertCampaign,
  listCreatives,
  updateEntity,
} from '../catalog/structure.ts';
import type { Ad, AdGroup, Advertiser, Campaign } from '../core/entities.ts';
import { AppError, notFound } from '../core/errors.ts';
import { toMicros } from '../core/money.ts';
import type {
  AdCreate,
  AdGroupCreate,
  AdGroupUpdate,
  AdUpdate,
  BulkStatusResponse,
  CampaignCreate,
  CampaignUpdate,
  Level,
} from '../shared/campaigns-api.ts';
import { loadStructure } from './list-entities.ts';
import { checkAd, checkAdGroup, checkCampaign } from './validate.ts';

type Kind = 'campaign' | 'adgroup' | 'ad';
export const KIND: Record<Level, Kind> = { campaigns: 'campaign', adgroups: 'adgroup', ads: 'ad' };

/** A new id in TikTok's shape: 19 digits. */
const newId = (): string =>
  `17${String(randomInt(10 ** 8, 10 ** 9 - 1))}${String(randomInt(10 ** 8, 10 ** 9 - 1))}`;
const micros = (amount: number | null | undefined): bigint | null =>
  amount === null || amount === undefined ? null : toMicros(amount);

export async function createCampaign(
  db: CatalogDb,
  advertiser: Advertiser,
  input: CampaignCreate,
  actor: Actor,
) {
  checkCampaign(input, advertiser.currency);
  const campaign_id = newId();
  await db.transaction(async (tx) => {
    await insertCampaign(tx, {
      campaign_id,
      advertiser_id: advertiser.advertiser_id,
      campaign_name: input.campaign_name,
      objective_type: input.objective_type,
      budget_mode: input.budget_mode,
      budget_micros: micros(input.budget),
      operation_status: input.operation_status,
    });
    await auditCreate(tx, actor, 'campaign', campaign_id, advertiser.advertiser_id, input);
  });
  return campaign_id;
}

export async function createAdGroup(
  db: CatalogDb,
  advertiser: Advertiser,
  input: AdGroupCreate,
  actor: Actor,
  now: number = Date.now(),
) {
  const structure = await loadStructure(db, advertiser.advertiser_id);
  const campaign = structure.campaigns.get(input.campaign_id);
  if (!campaign) throw fieldError('campaign_id', `no campaign ${input.campaign_id} in this advertiser`);
  const start = input.schedule_start_time ?? new Date(Math.floor(now / 60_000) * 60_000).toISOString();
  const pixels = await listPixels(db, advertiser.advertiser_id);
  checkAdGroup({ ...input, schedule_start_time: start }, campaign, {
    currency: advertiser.currency,
    pixelIds: pixels.map((p) => p.pixel_id),
    now,
    creating: true,
  });
  const adgroup_id = newId();
  await db.transaction(async (tx) => {
    await insertAdGroup(tx, {
      adgroup_id,
      campaign_id: campaign.campaign_id,
      advertiser_id: advertiser.advertiser_id,
      adgroup_name: input.adgroup_name,
      budget_mode: input.budget_mode,
      budget_micros: micros(input.budget),
      targeting: {
        locations: input.locations,
        age_groups: input.age_groups,
        gender: input.gender,
        languages: input.languages,
        interests: input.interests,
        audience_ids: input.audience_ids,
        excluded_audience_ids: input.excluded_audience_ids,
      },
      placements: input.placements,
      optimization_goal: input.optimization_goal,
      billing_event: input.billing_event,
      bid_type: input.bid_type,
      bid_price_micros: micros(input.bid_price),
      conversion_bid_price_micros: micros(input.conversion_bid_price),
      pacing: input.pacing,
      schedule_start_time: new Date(start).toISOString(),
      schedule_end_time: input.schedule_end_time ? new Date(input.schedule_end_time).toISOString() : null,
      dayparting: input.dayparting || null,
      pixel_id: input.pixel_id ?? null,
      click_attribution_window: input.click_attribution_window,
      view_attribution_window: input.view_attribution_window,
      operation_status: input.operation_status,
    });
    await auditCreate(tx, actor, 'adgroup', adgroup_id, advertiser.advertiser_id, input);
  });
  return adgroup_id;
}

export async function createAd(db: CatalogDb, advertiser: Advertiser, input: AdCreate, actor: Actor) {
  const structure = await loadStructure(db, advertiser.advertiser_id);
  const group = structure.groups.get(input.adgroup_id);
  if (!group) throw fieldError('adgroup_id', `no ad group ${input.adgroup_id} in this advertiser`);
  const creative = (await listCreatives(db, advertiser.advertiser_id)).find(
    (c) => c.creative_id === input.creative_id,
  );
  checkAd(input, group, creative ?? null);
  const ad_id = newId();
  await db.transaction(async (tx) => {
    await insertAd(tx, {
      ad_id,
      adgroup_id: group.adgroup_id,
      campaign_id: group.campaign_id,
      advertiser_id: advertiser.advertiser_id,
      ad_name: input.ad_name,
      ad_format: input.ad_format,
      ad_text: input.ad_text,
      call_to_action: input.call_to_action,
      landing_page_url: input.landing_page_url,
      creative_id: input.creative_id,
      operation_status: input.operation_status,
      // Every new ad waits for review, as on TikTok.
      review_status: 'REVIEWING',
      review_submitted_at: new Date().toISOString(),
    });
    await auditCreate(tx, actor, 'ad', ad_id, advertiser.advertiser_id, input);
  });
  return ad_id;
}

export async function updateCampaign(
  db: CatalogDb,
  advertiser: Advertiser,
  id: string,
  input: CampaignUpdate,
  actor: Actor,
) {
  const { campaigns } = await loadStructure(db, advertiser.advertiser_id);
  const campaign = campaigns.get(id);
  if (!campaign) throw notFound('Campaign', id);
  if (input.budget !== undefined) {
    checkCampaign({ budget_mode: campaign.budget_mode, budget: input.budget }, advertiser.currency);
  }
  const patch: Record<string, UpdatableValue> = {};
  if (input.campaign_name !== undefined) patch.campaign_name = input.campaign_name;
  if (input.budget !== undefined) patch.budget_micros = toMicros(input.budget);
  if (input.operation_status !== undefined)
    patch.operation_status = statusChange(campaign, input.operation_status);
  await db.transaction((tx) => updateEntity(tx, 'campaign', id, patch, actor));
}

export async function updateAdGroup(
  db: CatalogDb,
  advertiser: Advertiser,
  id: string,
  input: AdGroupUpdate,
  actor: Actor,
  now: number = Date.now(),
) {
  const structure = await loadStructure(db, advertiser.advertiser_id);
  const group = structure.groups.get(id);
  if (!group) throw notFound('Ad group', id);
  const merged = {
    ...fromMicrosDraft(group),
    ...input,
    locations: input.locations ?? group.targeting.locations,
    languages: input.languages ?? group.targeting.languages,
  };
  if (merged.bid_type === 'BID_TYPE_NO_BID') {
    merged.bid_price = input.bid_price ?? null;
    merged.conversion_bid_price = input.conversion_bid_price ?? null;
  }
  const pixels = await listPixels(db, advertiser.advertiser_id);
  checkAdGroup(merged, structure.campaigns.get(group.campaign_id)!, {
    currency: advertiser.currency,
    pixelIds: pixels.map((p) => p.pixel_id),
    now,
    creating: false,
  });
  const patch: Record<string, UpdatableValue> = {};
  if (input.adgroup_name !== undefined) patch.adgroup_name = input.adgroup_name;
  if (input.budget !== undefined) patch.budget_micros = toMicros(input.budget);
  if (input.schedule_end_time !== undefined)
    patch.schedule_end_time = new Date(input.schedule_end_time).toISOString();
  if (input.dayparting !== undefined) patch.dayparting = input.dayparting || null;
  if (input.bid_type !== undefined) patch.bid_type = input.bid_type;
  if (input.bid_price !== undefined) patch.bid_price_micros = toMicros(input.bid_price);
  if (input.conversion_bid_price !== undefined)
    patch.conversion_bid_price_micros = toMicros(input.conversion_bid_price);
  if (input.bid_type === 'BID_TYPE_NO_BID')
    Object.assign(patch, { bid_price_micros: null, conversion_bid_price_micros: null });
  if (input.pacing !== undefined) patch.pacing = input.pacing;
  if (input.operation_status !== undefined)
    patch.operation_status = statusChange(group, input.operation_status);
  const targetingFields = [
    'locations',
    'age_groups',
    'gender',
    'languages',
    'interests',
    'audience_ids',
    'excluded_audience_ids',
  ] as const;
  if (targetingFields.some((f) => input[f] !== undefined)) {
    patch.targeting = {
      ...group.targeting,
      ...Object.fromEntries(targetingFields.filter((f) => input[f] !== undefined).map((f) => [f, input[f]])),
    };
  }
  await db.transaction((tx) => updateEntity(tx, 'adgroup', id, patch, actor));
}

export async function updateAd(
  db: CatalogDb,
  advertiser: Advertiser,
  id: string,
  input: AdUpdate,
  actor: Actor,
) {
  const structure = await loadStructure(db, advertiser.advertiser_id);
  const ad = structure.ads.find((a) => a.ad_id === id);
  if (!ad) throw notFound('Ad', id);
  const creatives = await listCreatives(db, advertiser.advertiser_id);
  const creativeId = input.creative_id ?? ad.creative_id;
  const creative = creatives.find((c) => c.creative_id === creativeId) ?? null;
  const format = creative?.kind === 'image' ? 'SINGLE_IMAGE' : 'SINGLE_VIDEO';
  checkAd(
    {
      ad_name: input.ad_name,
      ad_format: format,
      landing_page_url: input.landing_page_url ?? ad.landing_page_url,
      creative_id: creativeId,
    },
    structure.groups.get(ad.adgroup_id)!,
    creative,
  );
  const patch: Record<string, UpdatableValue> = {};
  for (const field of ['ad_name', 'ad_text', 'call_to_action', 'landing_page_url', 'creative_id'] as const) {
    if (input[field] !== undefined) patch[field] = input[field];
  }
  if (input.creative_id !== undefined) patch.ad_format = format;
  // What people see changed: back to review, as on TikTok.
  const seen = ['ad_text', 'call_to_action', 'landing_page_url', 'creative_id'] as const;
  if (seen.some((f) => input[f] !== undefined && input[f] !== ad[f])) {
    Object.assign(patch, {
      review_status: 'REVIEWING',
      review_submitted_at: new Date().toISOString(),
      reviewed_at: null,
      reject_reason: null,
    });
  }
  if (input.operation_status !== undefined) patch.operation_status = statusChange(ad, input.operation_status);
  await db.transaction((tx) => updateEntity(tx, 'ad', id, patch, actor));
}

/** Switches many entities of one level; each id succeeds or says why not, and the others still apply. */
export async function setStatuses(
  db: CatalogDb,
  advertiser: Advertiser,
  level: Level,
  ids: string[],
  status: 'ENABLE' | 'DISABLE' | 'DELETE',
  actor: Actor,
): Promise<BulkStatusResponse> {
  const structure = await loadStructure(db, advertiser.advertiser_id);
  const lookup = (id: string): { operation_status: string } | undefined =>
    level === 'campaigns'
      ? structure.campaigns.get(id)
      : level === 'adgroups'
        ? structure.groups.get(id)
        : structure.ads.find((a) => a.ad_id === id);
  const results: BulkStatusResponse['results'] = [];
  for (const id of [...new Set(ids)]) {
    const entity = lookup(id);
    try {
      if (!entity)
        throw notFound(KIND[level] === 'adgroup' ? 'Ad group' : KIND[level] === 'ad' ? 'Ad' : 'Campaign', id);
      const value = statusChange(entity, status);
      await db.transaction((tx) => updateEntity(tx, KIND[level], id, { operation_status: value }, actor));
      results.push({ id, ok: true, error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return { results };
}

function statusChange(entity: { operation_status: string }, to: 'ENABLE' | 'DISABLE' | 'DELETE'): string {
  if (entity.operation_status === 'DELETE' && to !== 'DELETE') {
    throw new AppError(
      'conflict',
      'It is deleted; a deleted campaign, ad group or ad cannot be switched on or off again.',
      [{ field: 'body.operation_status', message: 'the entity is deleted' }],
    );
  }
  return to;
}

/**
 * Copies a campaign (with its ad groups and ads), an ad group (with its ads, into its own or another
 * campaign) or an ad. Copies of ads go to review, as new ads do.
 */
export async function duplicate(
  db: CatalogDb,
  advertiser: Advertiser,
  level: Level,
  id: string,
  options: { name?: string; campaign_id?: string },
  actor: Actor,
): Promise<{ id: string; copied: { adgroups: number; ads: number } }> {
  const s = await loadStructure(db, advertiser.advertiser_id);
  const copied = { adgroups: 0, ads: 0 };
  const submitted = new Date().toISOString();
  const copyAd = async (tx: Queryable, ad: Ad, group: AdGroup, name?: string) => {
    const ad_id = newId();
    await insertAd(tx, {
      ...ad,
      ad_id,
      adgroup_id: group.adgroup_id,
      campaign_id: group.campaign_id,
      ad_name: name ?? ad.ad_name,
      review_status: 'REVIEWING',
      review_submitted_at: submitted,
    });
    copied.ads++;
    return ad_id;
  };
  const copyGroup = async (tx: Queryable, group: AdGroup, campaign: Campaign, name?: string) => {
    const copy = {
      ...group,
      adgroup_id: newId(),
      campaign_id: campaign.campaign_id,
      adgroup_name: name ?? group.adgroup_name,
    };
    await insertAdGroup(tx, copy);
    copied.adgroups++;
    for (const ad of s.adsByGroup.get(group.adgroup_id) ?? []) {
      if (ad.operation_status !== 'DELETE') await copyAd(tx, ad, copy);
    }
    return copy.adgroup_id;
  };
  const copyName = (name: string) => options.name ?? `${name} (copy)`;
  return db.transaction(async (tx) => {
    let newIdValue: string;
    if (level === 'campaigns') {
      const campaign = s.campaigns.get(id);
      if (!campaign) throw notFound('Campaign', id);
      const copy = { ...campaign, campaign_id: newId(), campaign_name: copyName(campaign.campaign_name) };
      await insertCampaign(tx, copy);
      for (const group of s.groupsByCampaign.get(id) ?? []) {
        if (group.operation_status !== 'DELETE') await copyGroup(tx, group, copy);
      }
      newIdValue = copy.campaign_id;
    } else if (level === 'adgroups') {
      const group = s.groups.get(id);
      if (!group) throw notFound('Ad group', id);
      const campaign = s.campaigns.get(options.campaign_id ?? group.campaign_id);
      if (!campaign) throw fieldError('campaign_id', `no campaign ${options.campaign_id} in this advertiser`);
      newIdValue = await copyGroup(tx, group, campaign, copyName(group.adgroup_name));
    } else {
      const ad = s.ads.find((a) => a.ad_id === id);
      if (!ad) throw notFound('Ad', id);
      newIdValue = await copyAd(tx, ad, s.groups.get(ad.adgroup_id)!, copyName(ad.ad_name));
    }
    await audit(tx, actor, {
      action: `${KIND[level]}.create`,
      targetType: KIND[level],
      targetId: newIdValue,
      advertiserId: advertiser.advertiser_id,
      after: { duplicate_of: id, ...copied },
    });
    return { id: newIdValue, copied };
  });
}

interface AuditRow {
  audit_id: string;
  change_id: string;
  action: string;
  target_type: Kind;
  target_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * Takes back this user's last change to this advertiser (every entity one request changed): edits get
 * their previous values, creations are deleted. Returns what was undone, in words.
 */
export async function undoLastChange(db: CatalogDb, advertiser: Advertiser, actor: Actor): Promise<string> {
  return db.transaction(async (tx) => {
    const [last] = await tx.query<{ change_id: string }>(
      `select change_id from audit_log
       where actor_user_id = $1 and advertiser_id = $2 and change_id is not null
         and action in ('campaign.update', 'adgroup.update', 'ad.update', 'campaign.create', 'adgroup.create', 'ad.create')
         and change_id not in (select undoes_change from audit_log where undoes_change is not null and actor_user_id = $1)
       order by audit_id desc limit 1`,
      [actor.userId, advertiser.advertiser_id],
    );
    if (!last) throw new AppError('not_found', 'There is no change of yours to undo on this advertiser.');
    const rows = await tx.query<AuditRow>(
      'select * from audit_log where change_id = $1 and advertiser_id = $2 order by audit_id desc',
      [last.change_id, advertiser.advertiser_id],
    );
    const undone: string[] = [];
    const nameOf = async (kind: Kind, id: string) => {
      const [table, key] = {
        campaign: ['campaigns', 'campaign_id'],
        adgroup: ['adgroups', 'adgroup_id'],
        ad: ['ads', 'ad_id'],
      }[kind];
      const [row] = await tx.query<{ name: string }>(
        `select ${kind}_name as name from ${table} where ${key} = $1`,
        [id],
      );
      return `${NOUN[kind]} "${row?.name ?? id}"`;
    };
    for (const row of rows) {
      const options = { action: `${row.target_type}.undo`, undoesChange: last.change_id };
      if (row.action.endsWith('.create')) {
        await updateEntity(
          tx,
          row.target_type,
          row.target_id,
          { operation_status: 'DELETE' },
          actor,
          options,
        );
        undone.push(`${row.target_type} ${row.target_id} created → deleted`);
      } else {
        const before = Object.fromEntries(
          Object.entries(row.before ?? {}).map(([k, v]) => [k, restored(k, v)]),
        );
        await updateEntity(tx, row.target_type, row.target_id, before, actor, options);
        const what = Object.keys(before).map((field) => FIELD_WORDS[field] ?? field.replaceAll('_', ' '));
        undone.push(`${await nameOf(row.target_type, row.target_id)}: ${what.join(', ')} restored`);
      }
    }
    return undone.join('; ');
  });
}

const NOUN: Record<Kind, string> = { campaign: 'Campaign', adgroup: 'Ad group', ad: 'Ad' };
const FIELD_WORDS: Record<string, string> = {
  budget_micros: 'budget',
  bid_price_micros: 'bid',
  conversion_bid_price_micros: 'target cost',
  operation_status: 'on/off',
  targeting: 'targeting',
};

/** Audit JSON carries money as strings and times as ISO text; the catalog wants them typed again. */
function restored(field: string, value: unknown): UpdatableValue {
  if (value === null || value === undefined) return null;
  if (field.endsWith('_micros')) return BigInt(String(value));
  if (typeof value === 'object') return value as Record<string, unknown>;
  return String(value);
}

function fromMicrosDraft(group: AdGroup) {
  const units = (m: bigint | null) => (m === null ? null : Number(m) / 1_000_000);
  return {
    adgroup_name: group.adgroup_name,
    budget_mode: group.budget_mode,
    budget: units(group.budget_micros),
    schedule_start_time: group.schedule_start_time,
    schedule_end_time: group.schedule_end_time,
    dayparting: group.dayparting,
    optimization_goal: group.optimization_goal,
    billing_event: group.billing_event,
    bid_type: group.bid_type,
    bid_price: units(group.bid_price_micros),
    conversion_bid_price: units(group.conversion_bid_price_micros),
    pixel_id: group.pixel_id,
  };
}

async function auditCreate(
  tx: Queryable,
  actor: Actor,
  kind: Kind,
  id: string,
  advertiserId: string,
  input: unknown,
) {
  await audit(tx, actor, {
    action: `${kind}.create`,
    targetType: kind,
    targetId: id,
    advertiserId,
    after: input,
  });
}

function fieldError(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, [{ field: `body.${field}`, message }]);
}
