import { z } from 'zod';
import { audit } from '../../access/audit.ts';
import { SESSION_MAX_MS, createSession, deleteSession } from '../../access/sessions.ts';
import { changePassword, setUpOwner, signIn } from '../../access/sign-in.ts';
import { type User, countUsers, publicUser } from '../../access/users.ts';
import type { AppContext } from '../../app-context.ts';
import { AuthState, LoginRequest, PasswordChangeRequest, SetupRequest } from '../../shared/api.ts';
import { actorFor, clearSessionCookie, setSessionCookie } from '../principal.ts';
import { type RouteInput, defineRoute } from '../route.ts';

const Ok = z.object({ ok: z.literal(true) });

async function startSession(
  ctx: AppContext,
  user: User,
  input: RouteInput<unknown, unknown, unknown>,
): Promise<AuthState> {
  const { cookieValue, csrfToken } = await createSession(ctx.catalog, user.user_id);
  setSessionCookie(input.request, input.reply, cookieValue, SESSION_MAX_MS / 1000);
  return { setup_required: false, user: publicUser(user), csrf_token: csrfToken };
}

export const authStateRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/auth/state',
  access: 'public',
  summary: 'Whether setup is needed, who is signed in, and the CSRF token for their writes.',
  tag: 'auth',
  response: AuthState,
  handler: async ({ principal }, ctx) => ({
    setup_required: (await countUsers(ctx.catalog)) === 0,
    user: principal ? publicUser(principal.user) : null,
    csrf_token: principal?.session?.csrfToken ?? null,
  }),
});

export const setupRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/auth/setup',
  access: 'public',
  summary: 'Creates the owner on a fresh installation and signs them in. Refused once anyone exists.',
  tag: 'auth',
  body: SetupRequest,
  response: AuthState,
  handler: async (input, ctx) => {
    const owner = await setUpOwner(ctx.catalog, input.body, {
      label: input.body.email,
      userId: null,
      ip: input.request.ip,
    });
    return startSession(ctx, owner, input);
  },
});

export const loginRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/auth/login',
  access: 'public',
  summary:
    'Signs in with e-mail and password; sets the session cookie. Repeated failures lock the account for a while.',
  tag: 'auth',
  body: LoginRequest,
  response: AuthState,
  handler: async (input, ctx) => {
    const user = await signIn(ctx.catalog, input.body.email, input.body.password, input.request.ip);
    return startSession(ctx, user, input);
  },
});

export const logoutRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/auth/logout',
  access: 'signed-in',
  summary: 'Ends this browser session.',
  tag: 'auth',
  response: Ok,
  handler: async ({ principal, request, reply }, ctx) => {
    if (principal!.session) await deleteSession(ctx.catalog, principal!.session.hash);
    await audit(ctx.catalog, principal!.actor, {
      action: 'auth.logout',
      targetType: 'user',
      targetId: principal!.user.user_id,
    });
    clearSessionCookie(request, reply);
    return { ok: true as const };
  },
});

export const passwordRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/auth/password',
  access: 'signed-in',
  summary: 'Changes your password; signs you out of every other session.',
  tag: 'auth',
  body: PasswordChangeRequest,
  response: Ok,
  handler: async ({ principal, body, request }, ctx) => {
    const user = principal!.user;
    await changePassword(
      ctx.catalog,
      user.user_id,
      body.current_password,
      body.new_password,
      principal!.session?.hash ?? null,
      actorFor(user, request),
    );
    return { ok: true as const };
  },
});
