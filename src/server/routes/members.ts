import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../access/api-tokens.ts';
import { audit, listAudit } from '../../access/audit.ts';
import { canManageMember } from '../../access/authorize.ts';
import { getUser, createUser, listUsers, publicUser, updateUser } from '../../access/users.ts';
import type { AppContext } from '../../app-context.ts';
import { AppError, notFound } from '../../core/errors.ts';
import {
  ApiTokenCreateRequest,
  ApiTokenCreated,
  ApiTokenList,
  AuditList,
  UserCreateRequest,
  UserInfo,
  UserList,
  UserUpdateRequest,
} from '../../shared/api.ts';
import type { Principal } from '../principal.ts';
import { defineRoute } from '../route.ts';

const Ok = z.object({ ok: z.literal(true) });
const UserParams = z.object({ userId: z.string().min(1) });
const TokenParams = z.object({ tokenId: z.string().min(1) });

/** The member an admin wants to act on; nobody but the owner may act on the owner. */
async function manageableMember(ctx: AppContext, principal: Principal, userId: string) {
  const target = await getUser(ctx.catalog, userId);
  if (!target) throw notFound('Member', userId);
  if (!canManageMember(principal.user, target))
    throw new AppError('forbidden', 'Only the owner can change the owner’s account.');
  return target;
}

export const listUsersRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/users',
  access: 'manage-users',
  summary: 'Every member with role, advertisers and status.',
  tag: 'members',
  response: UserList,
  handler: async (_input, ctx) => ({ users: (await listUsers(ctx.catalog)).map(publicUser) }),
});

export const createUserRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/users',
  access: 'manage-users',
  summary: 'Adds a member with an initial password, a role and the advertisers they may see.',
  tag: 'members',
  body: UserCreateRequest,
  response: UserInfo,
  handler: async ({ body, principal }, ctx) =>
    ctx.catalog.transaction(async (tx) => {
      const user = await createUser(tx, body);
      await audit(tx, principal!.actor, {
        action: 'user.create',
        targetType: 'user',
        targetId: user.user_id,
        after: { email: user.email, name: user.name, role: user.role, advertiser_ids: user.advertiser_ids },
      });
      return publicUser(user);
    }),
});

export const updateUserRoute = defineRoute({
  method: 'PATCH',
  url: '/api/v1/users/:userId',
  access: 'manage-users',
  summary: 'Changes a member’s name, role, advertisers, or disables them (which signs them out everywhere).',
  tag: 'members',
  params: UserParams,
  body: UserUpdateRequest,
  response: UserInfo,
  handler: async ({ params, body, principal }, ctx) => {
    const target = await manageableMember(ctx, principal!, params.userId);
    if (target.role === 'owner' && (body.role !== undefined || body.disabled)) {
      throw new AppError('forbidden', 'The owner keeps the owner role and cannot be disabled.', [
        { field: 'body.role', message: 'owner' },
      ]);
    }
    return ctx.catalog.transaction(async (tx) => {
      const updated = await updateUser(tx, params.userId, body);
      const fields = Object.keys(body) as (keyof typeof body)[];
      await audit(tx, principal!.actor, {
        action: 'user.update',
        targetType: 'user',
        targetId: updated.user_id,
        before: Object.fromEntries(fields.map((f) => [f, target[f]])),
        after: Object.fromEntries(fields.map((f) => [f, updated[f]])),
      });
      return publicUser(updated);
    });
  },
});

export const memberTokensRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/users/:userId/tokens',
  access: 'manage-users',
  summary: 'A member’s API tokens.',
  tag: 'members',
  params: UserParams,
  response: ApiTokenList,
  handler: async ({ params, principal }, ctx) => {
    await manageableMember(ctx, principal!, params.userId);
    return { tokens: await listApiTokens(ctx.catalog, params.userId) };
  },
});

export const revokeMemberTokenRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/users/:userId/tokens/:tokenId/revoke',
  access: 'manage-users',
  summary: 'Revokes one of a member’s API tokens.',
  tag: 'members',
  params: UserParams.extend(TokenParams.shape),
  response: Ok,
  handler: async ({ params, principal }, ctx) => {
    await manageableMember(ctx, principal!, params.userId);
    const token = await revokeApiToken(ctx.catalog, params.userId, params.tokenId);
    await audit(ctx.catalog, principal!.actor, {
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: token.token_id,
      before: { name: token.name, owner: params.userId },
    });
    return { ok: true as const };
  },
});

export const myTokensRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/me/tokens',
  access: 'signed-in',
  summary: 'Your API tokens (their secrets are never shown again).',
  tag: 'tokens',
  response: ApiTokenList,
  handler: async ({ principal }, ctx) => ({
    tokens: await listApiTokens(ctx.catalog, principal!.user.user_id),
  }),
});

export const createTokenRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/me/tokens',
  access: 'signed-in',
  summary: 'Creates an API token for scripts and the CLI. The secret is in this answer only.',
  tag: 'tokens',
  body: ApiTokenCreateRequest,
  response: ApiTokenCreated,
  handler: async ({ body, principal }, ctx) => {
    const created = await createApiToken(ctx.catalog, principal!.user.user_id, body.name);
    await audit(ctx.catalog, principal!.actor, {
      action: 'token.create',
      targetType: 'api_token',
      targetId: created.token.token_id,
      after: { name: body.name },
    });
    return created;
  },
});

export const revokeTokenRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/me/tokens/:tokenId/revoke',
  access: 'signed-in',
  summary: 'Revokes one of your API tokens; it stops working at once.',
  tag: 'tokens',
  params: TokenParams,
  response: Ok,
  handler: async ({ params, principal }, ctx) => {
    const token = await revokeApiToken(ctx.catalog, principal!.user.user_id, params.tokenId);
    await audit(ctx.catalog, principal!.actor, {
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: token.token_id,
      before: { name: token.name },
    });
    return { ok: true as const };
  },
});

export const auditRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/audit',
  access: 'manage-users',
  summary:
    'The audit log, newest first: sign-ins, member and token changes, every campaign, ad group and ad change.',
  tag: 'members',
  query: z.object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.string().regex(/^\d+$/).optional(),
  }),
  response: AuditList,
  handler: async ({ query }, ctx) => ({ entries: await listAudit(ctx.catalog, query) }),
});
