// The Campaign tab's API: each level's table with its numbers, and building, editing, switching,
// duplicating and undoing campaigns, ad groups and ads (field names as in TikTok Marketing API v1.3).
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { listPixels } from '../../catalog/pixels.ts';
import { listCreatives } from '../../catalog/structure.ts';
import {
  deleteColumnSet,
  readColumnSets,
  saveColumnSet,
  setColumnPreferences,
} from '../../campaigns/column-sets.ts';
import { adFields, adGroupFields, campaignFields } from '../../campaigns/fields.ts';
import { listEntities, loadStructure } from '../../campaigns/list-entities.ts';
import {
  createAd,
  createAdGroup,
  createCampaign,
  duplicate,
  setStatuses,
  undoLastChange,
  updateAd,
  updateAdGroup,
  updateCampaign,
} from '../../campaigns/mutations.ts';
import { budgetRules } from '../../campaigns/validate.ts';
import { AppError, notFound } from '../../core/errors.ts';
import {
  AdCreate,
  AdFields,
  AdGroupCreate,
  AdGroupFields,
  AdGroupUpdate,
  AdUpdate,
  AudienceEstimate,
  AudienceEstimateRequest,
  BudgetRules,
  BulkStatusRequest,
  BulkStatusResponse,
  CampaignCreate,
  CampaignFields,
  CampaignUpdate,
  ColumnPreferences,
  ColumnSetSave,
  ColumnSets,
  CreativeList,
  DuplicateRequest,
  DuplicateResponse,
  EntityListQuery,
  EntityListResponse,
  type Level,
  PixelList,
  UndoResponse,
} from '../../shared/campaigns-api.ts';
import { audienceLabel, audienceSize, segmentsFor } from '../../sources/sandbox/population.ts';
import { checkTargetedAudiences, estimateWithAudiences } from '../../audiences/targeting.ts';
import { advertiserOr404, checkRange } from './advertiser-guards.ts';
import { type RouteDef, defineRoute } from '../route.ts';
import type { Principal } from '../principal.ts';

const base = '/api/v1/advertisers/:advertiserId';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const EntityParams = AdvertiserParams.extend({ id: z.string().min(1) });
const LEVELS: Level[] = ['campaigns', 'adgroups', 'ads'];
const NOUN: Record<Level, string> = { campaigns: 'campaigns', adgroups: 'ad groups', ads: 'ads' };

const actorOf = (principal: Principal | null) => principal!.actor;

async function fieldsOf(ctx: AppContext, advertiserId: string, level: Level, id: string) {
  const s = await loadStructure(ctx.catalog, advertiserId);
  if (level === 'campaigns') {
    const c = s.campaigns.get(id);
    if (!c) throw notFound('Campaign', id);
    return campaignFields(c);
  }
  if (level === 'adgroups') {
    const g = s.groups.get(id);
    if (!g) throw notFound('Ad group', id);
    return adGroupFields(g);
  }
  const a = s.ads.find((x) => x.ad_id === id);
  if (!a) throw notFound('Ad', id);
  return adFields(a);
}

const listRoutes = LEVELS.map((level) =>
  defineRoute({
    method: 'GET',
    url: `${base}/${level}`,
    access: { advertiser: 'view' },
    summary: `The ${NOUN[level]} table: fields, status with its reason and metrics for a date range (with comparison), filtered, sorted and paged, with totals over every filtered row.`,
    tag: 'campaigns',
    params: AdvertiserParams,
    query: EntityListQuery,
    response: EntityListResponse,
    handler: async ({ params, query }, ctx) => {
      checkRange(query);
      const advertiser = await advertiserOr404(ctx, params.advertiserId);
      return listEntities(ctx.catalog, ctx.facts, advertiser, level, query);
    },
  }),
);

const getRoutes = LEVELS.map((level) =>
  defineRoute({
    method: 'GET',
    url: `${base}/${level}/:id`,
    access: { advertiser: 'view' },
    summary: `One of the advertiser's ${NOUN[level]}, with TikTok's field names.`,
    tag: 'campaigns',
    params: EntityParams,
    response: { campaigns: CampaignFields, adgroups: AdGroupFields, ads: AdFields }[level] as z.ZodType,
    handler: async ({ params }, ctx) => {
      await advertiserOr404(ctx, params.advertiserId);
      return fieldsOf(ctx, params.advertiserId, level, params.id);
    },
  }),
);

export const createCampaignRoute = defineRoute({
  method: 'POST',
  url: `${base}/campaigns`,
  access: { advertiser: 'edit' },
  summary: 'Creates a campaign (budget minimums per currency as on TikTok).',
  tag: 'campaigns',
  params: AdvertiserParams,
  body: CampaignCreate,
  response: CampaignFields,
  handler: async ({ params, body, principal, reply }, ctx) => {
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    const id = await createCampaign(ctx.catalog, advertiser, body, actorOf(principal));
    reply.code(201);
    return fieldsOf(ctx, advertiser.advertiser_id, 'campaigns', id);
  },
});

export const createAdGroupRoute = defineRoute({
  method: 'POST',
  url: `${base}/adgroups`,
  access: { advertiser: 'edit' },
  summary:
    'Creates an ad group in a campaign: schedule, targeting, optimisation, bid, pacing and attribution.',
  tag: 'campaigns',
  params: AdvertiserParams,
  body: AdGroupCreate,
  response: AdGroupFields,
  handler: async ({ params, body, principal, reply }, ctx) => {
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    await checkTargetedAudiences(
      ctx,
      advertiser.advertiser_id,
      body.audience_ids,
      body.excluded_audience_ids,
    );
    const id = await createAdGroup(ctx.catalog, advertiser, body, actorOf(principal));
    reply.code(201);
    return fieldsOf(ctx, advertiser.advertiser_id, 'adgroups', id);
  },
});

export const createAdRoute = defineRoute({
  method: 'POST',
  url: `${base}/ads`,
  access: { advertiser: 'edit' },
  summary: 'Creates an ad in an ad group from a creative of the library; it starts in review.',
  tag: 'campaigns',
  params: AdvertiserParams,
  body: AdCreate,
  response: AdFields,
  handler: async ({ params, body, principal, reply }, ctx) => {
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    const id = await createAd(ctx.catalog, advertiser, body, actorOf(principal));
    reply.code(201);
    return fieldsOf(ctx, advertiser.advertiser_id, 'ads', id);
  },
});

export const updateCampaignRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/campaigns/:id`,
  access: { advertiser: 'edit' },
  summary: "Changes a campaign's name, budget or switch.",
  tag: 'campaigns',
  params: EntityParams,
  body: CampaignUpdate,
  response: CampaignFields,
  handler: async ({ params, body, principal }, ctx) => {
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    await updateCampaign(ctx.catalog, advertiser, params.id, body, actorOf(principal));
    return fieldsOf(ctx, advertiser.advertiser_id, 'campaigns', params.id);
  },
});

export const updateAdGroupRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/adgroups/:id`,
  access: { advertiser: 'edit' },
  summary:
    "Changes an ad group's name, budget, schedule end, dayparting, targeting, bid, pacing or switch (attribution windows, placements, optimisation and billing are create-only).",
  tag: 'campaigns',
  params: EntityParams,
  body: AdGroupUpdate,
  response: AdGroupFields,
  handler: async ({ params, body, principal }, ctx) => {
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    await checkTargetedAudiences(
      ctx,
      advertiser.advertiser_id,
      body.audience_ids,
      body.excluded_audience_ids,
    );
    await updateAdGroup(ctx.catalog, advertiser, params.id, body, actorOf(principal));
    return fieldsOf(ctx, advertiser.advertiser_id, 'adgroups', params.id);
  },
});

export const updateAdRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/ads/:id`,
  access: { advertiser: 'edit' },
  summary:
    "Changes an ad's name, text, call to action, landing page, creative or switch; what people see goes back to review.",
  tag: 'campaigns',
  params: EntityParams,
  body: AdUpdate,
  response: AdFields,
  handler: async ({ params, body, principal }, ctx) => {
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    await updateAd(ctx.catalog, advertiser, params.id, body, actorOf(principal));
    return fieldsOf(ctx, advertiser.advertiser_id, 'ads', params.id);
  },
});

const statusRoutes = LEVELS.map((level) =>
  defineRoute({
    method: 'POST',
    url: `${base}/${level}/status`,
    access: { advertiser: 'edit' },
    summary: `Switches ${NOUN[level]} on or off, or deletes them, in bulk; each id succeeds or says why not.`,
    tag: 'campaigns',
    params: AdvertiserParams,
    body: BulkStatusRequest,
    response: BulkStatusResponse,
    handler: async ({ params, body, principal }, ctx) => {
      const advertiser = await advertiserOr404(ctx, params.advertiserId);
      return setStatuses(ctx.catalog, advertiser, level, body.ids, body.operation_status, actorOf(principal));
    },
  }),
);

const deleteRoutes = LEVELS.map((level) =>
  defineRoute({
    method: 'DELETE',
    url: `${base}/${level}/:id`,
    access: { advertiser: 'edit' },
    summary: `Deletes one of the ${NOUN[level]} (its history stays in reports).`,
    tag: 'campaigns',
    params: EntityParams,
    response: BulkStatusResponse,
    handler: async ({ params, principal }, ctx) => {
      const advertiser = await advertiserOr404(ctx, params.advertiserId);
      const result = await setStatuses(
        ctx.catalog,
        advertiser,
        level,
        [params.id],
        'DELETE',
        actorOf(principal),
      );
      const error = result.results[0]?.error;
      if (error) throw new AppError(error.code === 'not_found' ? 'not_found' : 'conflict', error.message);
      return result;
    },
  }),
);

const duplicateRoutes = LEVELS.map((level) =>
  defineRoute({
    method: 'POST',
    url: `${base}/${level}/:id/duplicate`,
    access: { advertiser: 'edit' },
    summary: `Copies one of the ${NOUN[level]} with everything under it; copied ads go to review.`,
    tag: 'campaigns',
    params: EntityParams,
    body: DuplicateRequest,
    response: DuplicateResponse,
    handler: async ({ params, body, principal }, ctx) => {
      const advertiser = await advertiserOr404(ctx, params.advertiserId);
      return duplicate(ctx.catalog, advertiser, level, params.id, body, actorOf(principal));
    },
  }),
);

export const undoRoute = defineRoute({
  method: 'POST',
  url: `${base}/changes/undo`,
  access: { advertiser: 'edit' },
  summary: "Takes back your last change to this advertiser's campaigns, ad groups or ads.",
  tag: 'campaigns',
  params: AdvertiserParams,
  response: UndoResponse,
  handler: async ({ params, principal }, ctx) => {
    const advertiser = await advertiserOr404(ctx, params.advertiserId);
    return { undone: await undoLastChange(ctx.catalog, advertiser, actorOf(principal)) };
  },
});

export const audienceEstimateRoute = defineRoute({
  method: 'POST',
  url: `${base}/audience-estimate`,
  access: { advertiser: 'view' },
  summary:
    'How many people a targeting can reach, and its label (Narrow, Fairly Broad, Balanced, Broad); included audiences narrow it to their people inside the targeting, excluded ones subtract theirs.',
  tag: 'campaigns',
  params: AdvertiserParams,
  body: AudienceEstimateRequest,
  response: AudienceEstimate,
  handler: async ({ params, body }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    if (body.audience_ids.length > 0 || body.excluded_audience_ids.length > 0) {
      const { size, breakdown } = await estimateWithAudiences(ctx, params.advertiserId, body);
      return { size, label: audienceLabel(size), audiences: breakdown };
    }
    const size = audienceSize(segmentsFor(body.locations, body.age_groups, body.gender), body.interests);
    return { size, label: audienceLabel(size), audiences: null };
  },
});

export const budgetRulesRoute = defineRoute({
  method: 'GET',
  url: `${base}/budget-rules`,
  access: { advertiser: 'view' },
  summary: "TikTok's budget minimums in the advertiser's currency.",
  tag: 'campaigns',
  params: AdvertiserParams,
  response: BudgetRules,
  handler: async ({ params }, ctx) => budgetRules((await advertiserOr404(ctx, params.advertiserId)).currency),
});

export const creativesRoute = defineRoute({
  method: 'GET',
  url: `${base}/creatives`,
  access: { advertiser: 'view' },
  summary: "The advertiser's creative library (videos and images ads can use).",
  tag: 'campaigns',
  params: AdvertiserParams,
  response: CreativeList,
  handler: async ({ params }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return { creatives: await listCreatives(ctx.catalog, params.advertiserId) };
  },
});

export const pixelsRoute = defineRoute({
  method: 'GET',
  url: `${base}/pixels`,
  access: { advertiser: 'view' },
  summary: "The advertiser's pixels, which ad groups report web conversions through.",
  tag: 'campaigns',
  params: AdvertiserParams,
  response: PixelList,
  handler: async ({ params }, ctx) => {
    await advertiserOr404(ctx, params.advertiserId);
    return { pixels: await listPixels(ctx.catalog, params.advertiserId) };
  },
});

export const columnSetsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/me/column-sets',
  access: 'signed-in',
  summary:
    'Your column sets for the Campaign tab (built-in and saved), the one you chose, and column widths.',
  tag: 'campaigns',
  response: ColumnSets,
  handler: async ({ principal }, ctx) => readColumnSets(ctx.catalog, principal!.user.user_id),
});

export const saveColumnSetRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/me/column-sets',
  access: 'signed-in',
  summary: 'Saves a named column set (replacing yours of that name) and chooses it.',
  tag: 'campaigns',
  body: ColumnSetSave,
  response: ColumnSets,
  handler: async ({ principal, body }, ctx) => saveColumnSet(ctx.catalog, principal!.user.user_id, body),
});

export const deleteColumnSetRoute = defineRoute({
  method: 'DELETE',
  url: '/api/v1/me/column-sets/:name',
  access: 'signed-in',
  summary: 'Deletes one of your saved column sets.',
  tag: 'campaigns',
  params: z.object({ name: z.string().min(1) }),
  response: ColumnSets,
  handler: async ({ principal, params }, ctx) =>
    deleteColumnSet(ctx.catalog, principal!.user.user_id, params.name),
});

export const columnPreferencesRoute = defineRoute({
  method: 'PUT',
  url: '/api/v1/me/column-preferences',
  access: 'signed-in',
  summary: 'Remembers the column set you chose and the widths you gave columns.',
  tag: 'campaigns',
  body: ColumnPreferences,
  response: ColumnSets,
  handler: async ({ principal, body }, ctx) =>
    setColumnPreferences(ctx.catalog, principal!.user.user_id, body),
});

export const campaignRoutes: RouteDef[] = [
  ...listRoutes,
  ...statusRoutes,
  ...getRoutes,
  createCampaignRoute,
  createAdGroupRoute,
  createAdRoute,
  updateCampaignRoute,
  updateAdGroupRoute,
  updateAdRoute,
  ...deleteRoutes,
  ...duplicateRoutes,
  undoRoute,
  audienceEstimateRoute,
  budgetRulesRoute,
  creativesRoute,
  pixelsRoute,
  columnSetsRoute,
  saveColumnSetRoute,
  deleteColumnSetRoute,
  columnPreferencesRoute,
];
