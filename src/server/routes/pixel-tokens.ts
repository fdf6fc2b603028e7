// Events API access tokens under an advertiser's pixels (create: the token shown once; list; revoke), and
// the pixels' status from when their events last arrived.
import { z } from 'zod';
import { audit } from '../../access/audit.ts';
import type { AppContext } from '../../app-context.ts';
import { issuePixelToken, listPixelTokens, revokePixelToken } from '../../catalog/pixel-tokens.ts';
import { listPixels } from '../../catalog/pixels.ts';
import { notFound } from '../../core/errors.ts';
import { listPixelActivity } from '../../sources/events/pixel-activity-list.ts';
import { forgetAccessTokens } from '../../sources/events/token-cache.ts';
import {
  PixelActivityList,
  PixelTokenCreateRequest,
  PixelTokenCreated,
  PixelTokenInfo,
  PixelTokenList,
} from '../../shared/pixels-api.ts';
import { type RouteDef, defineRoute } from '../route.ts';

const base = '/api/v1/advertisers/:advertiserId/pixels';
const AdvertiserParams = z.object({ advertiserId: z.string().min(1) });
const PixelParams = AdvertiserParams.extend({ pixelId: z.string().min(1) });
const TokenParams = PixelParams.extend({ tokenId: z.string().min(1) });

/** The pixel, when it belongs to the advertiser in the path (404 otherwise, as for one that does not exist). */
export async function pixelOf(ctx: AppContext, advertiserId: string, pixelId: string) {
  const pixel = (await listPixels(ctx.catalog, advertiserId)).find((p) => p.pixel_id === pixelId);
  if (!pixel) throw notFound('Pixel', pixelId);
  return pixel;
}

const activityRoute = defineRoute({
  method: 'GET',
  url: `${base}/activity`,
  access: { advertiser: 'view' },
  summary:
    'Each pixel with its status (Active: an event in the last 24 hours; No recent activity; Never fired) and when its last event arrived.',
  tag: 'events',
  params: AdvertiserParams,
  response: PixelActivityList,
  handler: async ({ params }, ctx) => ({
    pixels: (await listPixelActivity(ctx, params.advertiserId)).map(
      ({ advertiser_id: _advertiser, ...rest }) => rest,
    ),
  }),
});

const listTokensRoute = defineRoute({
  method: 'GET',
  url: `${base}/:pixelId/tokens`,
  access: { advertiser: 'view' },
  summary: "The pixel's Events API access tokens (their prefixes, never the tokens), revoked ones included.",
  tag: 'events',
  params: PixelParams,
  response: PixelTokenList,
  handler: async ({ params }, ctx) => {
    await pixelOf(ctx, params.advertiserId, params.pixelId);
    return { tokens: await listPixelTokens(ctx.catalog, params.pixelId) };
  },
});

const createTokenRoute = defineRoute({
  method: 'POST',
  url: `${base}/:pixelId/tokens`,
  access: { advertiser: 'edit' },
  summary:
    'Creates an Events API access token for the pixel (send it as the Access-Token header). The token is in this answer only; it is stored hashed.',
  tag: 'events',
  params: PixelParams,
  body: PixelTokenCreateRequest,
  response: PixelTokenCreated,
  handler: async ({ params, body, principal }, ctx) => {
    const pixel = await pixelOf(ctx, params.advertiserId, params.pixelId);
    return issuePixelToken(ctx.catalog, principal!.actor, pixel, body.name);
  },
});

const revokeTokenRoute = defineRoute({
  method: 'DELETE',
  url: `${base}/:pixelId/tokens/:tokenId`,
  access: { advertiser: 'edit' },
  summary: 'Revokes a pixel token: requests sending it are refused (code 40105) from now on.',
  tag: 'events',
  params: TokenParams,
  response: PixelTokenInfo,
  handler: async ({ params, principal }, ctx) => {
    await pixelOf(ctx, params.advertiserId, params.pixelId);
    const actor = principal!.actor;
    const revoked = await ctx.catalog.transaction(async (tx) => {
      const token = await revokePixelToken(tx, params.pixelId, params.tokenId);
      await audit(tx, actor, {
        action: 'pixel_token.revoke',
        targetType: 'pixel_token',
        targetId: token.token_id,
        advertiserId: params.advertiserId,
        after: token,
      });
      return token;
    });
    forgetAccessTokens(ctx.catalog);
    return revoked;
  },
});

export const pixelTokenRoutes: RouteDef[] = [
  activityRoute,
  listTokensRoute,
  createTokenRoute,
  revokeTokenRoute,
];
