// Assets → Audiences: custom audiences from customer files (the file itself as the body, streamed through
// the import: only hashes are kept), website audiences (rules over pixel events, with a preview of their
// size), lookalikes; reading, renaming, deleting (refused while an ad group targets the audience) and
// recounting sizes.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import {
  createCustomerFileAudience,
  createLookalikeAudience,
  createWebsiteAudience,
  deleteAudience,
  getAudience,
  listAudiences,
  previewWebsiteRule,
  refreshAudienceSize,
  updateAudience,
} from '../../audiences/audiences.ts';
import { LOOKALIKE_COUNTRIES, countryPopulation } from '../../audiences/lookalike.ts';
import {
  Audience,
  AudienceDeleted,
  AudienceList,
  AudienceSize,
  AudienceUpdate,
  CustomerFileUploadQuery,
  LookalikeAudienceCreate,
  LookalikeCountries,
  WebsiteAudienceCreate,
  WebsiteRule,
  WebsiteRulePreview,
} from '../../shared/audiences-api.ts';
import { actorFor } from '../principal.ts';
import { type RouteDef, defineRoute, registerRoutes } from '../route.ts';

const base = '/api/v1/advertisers/:advertiserId/audiences';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const AudienceParams = AdvertiserParams.extend({ audienceId: z.string().min(1) });

const listRoute = defineRoute({
  method: 'GET',
  url: base,
  access: { advertiser: 'view' },
  summary:
    "The advertiser's audiences (at most 400): customer files, website audiences and lookalikes, each with its matched size, whether it can be targeted (≥ 1,000 matched) and the ad groups including or excluding it.",
  tag: 'audiences',
  params: AdvertiserParams,
  response: AudienceList,
  handler: async ({ params }, ctx) => listAudiences(ctx, params.advertiserId),
});

const countriesRoute = defineRoute({
  method: 'GET',
  url: `${base}/lookalike-countries`,
  access: { advertiser: 'view' },
  summary: 'The countries a lookalike can be built in, with their TikTok users in the population model.',
  tag: 'audiences',
  params: AdvertiserParams,
  response: LookalikeCountries,
  handler: async () => ({
    countries: LOOKALIKE_COUNTRIES.map((country) => ({ country, population: countryPopulation(country) })),
  }),
});

export const customerFileRoute = defineRoute({
  method: 'POST',
  url: `${base}/customer-file`,
  access: { advertiser: 'edit' },
  summary:
    "Creates a custom audience from a customer file (CSV or TXT, ≤ 250 MB): send the file itself as the body (text/csv, text/plain or application/octet-stream) and name, file_name, id_type and default_country in the query. Columns email, phone, email_sha256, phone_sha256 (any case) are read; a file of bare values is sniffed per value. Emails are trimmed and lower-cased, phones written in E.164, each hashed with SHA-256; only the hashes are kept. The answer's customer_file reports rows read, valid, invalid (reasons with line numbers), duplicates. A file that fails (not UTF-8, say) imports nothing.",
  tag: 'audiences',
  params: AdvertiserParams,
  query: CustomerFileUploadQuery,
  response: Audience,
  handler: async ({ params, query, principal, request }, ctx) =>
    createCustomerFileAudience(
      ctx,
      actorFor(principal!.user, request),
      params.advertiserId,
      query,
      request.body as AsyncIterable<Uint8Array>,
    ),
});

const websiteRoute = defineRoute({
  method: 'POST',
  url: `${base}/website`,
  access: { advertiser: 'edit' },
  summary:
    'Creates a website audience: people whose pixel events match any include condition (events, URL contains/equals, within the last N days) and no exclude condition, kept retention_days (1–365).',
  tag: 'audiences',
  params: AdvertiserParams,
  body: WebsiteAudienceCreate,
  response: Audience,
  handler: async ({ params, body, principal, request }, ctx) =>
    createWebsiteAudience(ctx, actorFor(principal!.user, request), params.advertiserId, body),
});

const websitePreviewRoute = defineRoute({
  method: 'POST',
  url: `${base}/website/preview`,
  access: { advertiser: 'view' },
  summary: 'How many people a website rule matches now, before it is saved.',
  tag: 'audiences',
  params: AdvertiserParams,
  body: WebsiteRule,
  response: WebsiteRulePreview,
  handler: async ({ params, body }, ctx) => previewWebsiteRule(ctx, params.advertiserId, body),
});

const lookalikeRoute = defineRoute({
  method: 'POST',
  url: `${base}/lookalike`,
  access: { advertiser: 'edit' },
  summary:
    "Creates a lookalike of a customer-file or website audience (≥ 100 matched) in one country: narrow (1 %), balanced (5 %), broad (10 %) or 1–10 % of the country's TikTok users.",
  tag: 'audiences',
  params: AdvertiserParams,
  body: LookalikeAudienceCreate,
  response: Audience,
  handler: async ({ params, body, principal, request }, ctx) =>
    createLookalikeAudience(ctx, actorFor(principal!.user, request), params.advertiserId, body),
});

const getRoute = defineRoute({
  method: 'GET',
  url: `${base}/:audienceId`,
  access: { advertiser: 'view' },
  summary: 'One audience with its definition (import report, rule or lookalike), size and uses.',
  tag: 'audiences',
  params: AudienceParams,
  response: Audience,
  handler: async ({ params }, ctx) => getAudience(ctx, params.advertiserId, params.audienceId),
});

const sizeRoute = defineRoute({
  method: 'GET',
  url: `${base}/:audienceId/size`,
  access: { advertiser: 'view' },
  summary:
    "Recounts an audience's matched size: a customer file against the pixel identities seen since (and the sandbox population), a website rule over the latest events.",
  tag: 'audiences',
  params: AudienceParams,
  response: AudienceSize,
  handler: async ({ params }, ctx) => refreshAudienceSize(ctx, params.advertiserId, params.audienceId),
});

const updateRoute = defineRoute({
  method: 'PATCH',
  url: `${base}/:audienceId`,
  access: { advertiser: 'edit' },
  summary: 'Renames an audience or changes its retention days.',
  tag: 'audiences',
  params: AudienceParams,
  body: AudienceUpdate,
  response: Audience,
  handler: async ({ params, body, principal, request }, ctx) =>
    updateAudience(ctx, actorFor(principal!.user, request), params.advertiserId, params.audienceId, body),
});

const deleteRoute = defineRoute({
  method: 'DELETE',
  url: `${base}/:audienceId`,
  access: { advertiser: 'edit' },
  summary:
    'Deletes an audience and its hashed members; refused (409) while an ad group includes or excludes it, naming those ad groups.',
  tag: 'audiences',
  params: AudienceParams,
  response: AudienceDeleted,
  handler: async ({ params, principal, request }, ctx) => {
    await deleteAudience(ctx, actorFor(principal!.user, request), params.advertiserId, params.audienceId);
    return { audience_id: params.audienceId, deleted: true as const };
  },
});

export const audienceRoutes: RouteDef[] = [
  listRoute,
  countriesRoute,
  websiteRoute,
  websitePreviewRoute,
  lookalikeRoute,
  getRoute,
  sizeRoute,
  updateRoute,
  deleteRoute,
];

/** For the OpenAPI document; registered by registerAudienceUploads, not with the JSON API's routes. */
export const audienceScopedRoutes: RouteDef[] = [customerFileRoute];

/** A customer file is the raw body, streamed through the import rather than buffered: a scope of its own. */
export function registerAudienceUploads(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    registerRoutes(scope, ctx, [customerFileRoute]);
  });
}
