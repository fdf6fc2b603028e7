import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken, PASSWORD, signInSession } from '../../test/helpers/members.ts';
import { seededContext, type SeededContext } from '../../test/helpers/seeded-context.ts';
import { buildApp } from './app.ts';
import { routes } from './routes/index.ts';

type Member = Awaited<ReturnType<typeof memberWithToken>>;
let s: SeededContext;
let app: FastifyInstance;
let owner: Member, admin: Member, analyst: Member, viewer: Member, outsider: Member;

beforeAll(async () => {
  s = await seededContext({ days: 2, now: Date.parse('2026-04-10T12:00:00Z') });
  app = await buildApp(s.ctx);
  owner = await memberWithToken(s.ctx.catalog, 'owner', [], 'owner@example.com');
  admin = await memberWithToken(s.ctx.catalog, 'admin');
  analyst = await memberWithToken(s.ctx.catalog, 'analyst', [s.advertiserId]);
  viewer = await memberWithToken(s.ctx.catalog, 'viewer', [s.advertiserId]);
  outsider = await memberWithToken(s.ctx.catalog, 'viewer', []);
}, 120_000);
afterAll(async () => {
  await app.close();
  await s.dispose();
});

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  payload?: Record<string, unknown>,
) => app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

const PUBLIC = [
  'GET /api/health',
  'GET /api/v1/auth/state',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/login',
];

describe('every route is guarded', () => {
  test('the public routes are exactly the documented ones', () => {
    expect(
      routes
        .filter((r) => r.access === 'public')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual([...PUBLIC].sort());
  });

  test.each(routes.filter((r) => r.access !== 'public').map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s refuses anonymous requests with 401',
    async (_name, route) => {
      const url = route.url.replace(':advertiserId', s.advertiserId).replace(/:\w+/g, 'x');
      const response = await call(
        route.method,
        url,
        {},
        route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      );
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    },
  );

  test('a made-up or malformed bearer token is refused', async () => {
    expect((await call('GET', '/api/v1/advertisers', { authorization: 'Bearer adc_nope' })).statusCode).toBe(
      401,
    );
    expect((await call('GET', '/api/v1/advertisers', { authorization: 'Basic abc' })).statusCode).toBe(401);
  });
});

describe('roles and advertisers', () => {
  const summary = () => `/api/v1/advertisers/${s.advertiserId}/summary?from=2026-04-09&to=2026-04-10`;

  test('each member lists only the advertisers they may see', async () => {
    const ids = async (m: Member) =>
      (await call('GET', '/api/v1/advertisers', m.headers))
        .json()
        .advertisers.map((a: { advertiser_id: string }) => a.advertiser_id);
    for (const m of [owner, admin, analyst, viewer]) expect(await ids(m)).toEqual([s.advertiserId]);
    expect(await ids(outsider)).toEqual([]);
  });

  test('an advertiser someone may not see answers 404, as if it did not exist', async () => {
    expect((await call('GET', summary(), viewer.headers)).statusCode).toBe(200);
    const hidden = await call('GET', summary(), outsider.headers);
    expect(hidden.statusCode).toBe(404);
    const missing = await call(
      'GET',
      '/api/v1/advertisers/9999/summary?from=2026-04-09&to=2026-04-10',
      outsider.headers,
    );
    expect(hidden.json().error.message.replace(s.advertiserId, 'ID')).toBe(
      missing.json().error.message.replace('9999', 'ID'),
    );
  });

  test('only owners and admins manage members and read the audit log', async () => {
    for (const m of [analyst, viewer]) {
      expect((await call('GET', '/api/v1/users', m.headers)).statusCode).toBe(403);
      expect((await call('GET', '/api/v1/audit', m.headers)).statusCode).toBe(403);
    }
    expect((await call('GET', '/api/v1/users', admin.headers)).json().users.length).toBe(5);
    expect((await call('GET', '/api/v1/audit', owner.headers)).statusCode).toBe(200);
  });

  test('admins manage members but not the owner; nobody takes the owner role', async () => {
    const created = await call('POST', '/api/v1/users', admin.headers, {
      email: 'new@example.com',
      name: 'New',
      password: PASSWORD,
      role: 'viewer',
      advertiser_ids: [s.advertiserId],
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      role: 'viewer',
      advertiser_ids: [s.advertiserId],
      disabled: false,
    });
    const promoted = await call('PATCH', `/api/v1/users/${created.json().user_id}`, admin.headers, {
      role: 'analyst',
    });
    expect(promoted.json().role).toBe('analyst');
    expect(
      (await call('PATCH', `/api/v1/users/${owner.user.user_id}`, admin.headers, { disabled: true }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/v1/users/${created.json().user_id}`, admin.headers, { role: 'owner' }))
        .statusCode,
    ).toBe(400);
    const unknownAdvertiser = await call('POST', '/api/v1/users', admin.headers, {
      email: 'x@example.com',
      name: 'X',
      password: PASSWORD,
      role: 'viewer',
      advertiser_ids: ['nope'],
    });
    expect(unknownAdvertiser.json().error.details[0].field).toBe('body.advertiser_ids[0]');
  });

  test('viewers and analysts cannot replace advertisers; admins can', async () => {
    for (const m of [viewer, analyst])
      expect((await call('POST', '/api/v1/sandbox/seed', m.headers, { days: 1 })).statusCode).toBe(403);
    const seeded = await call('POST', '/api/v1/sandbox/seed', admin.headers, { days: 1, seed: 7 });
    expect(seeded.statusCode).toBe(200);
    // Re-seeding keeps everyone's access to the advertiser it replaces.
    expect((await call('GET', summary(), viewer.headers)).statusCode).toBe(200);
  }, 60_000);

  test('a disabled member is refused at once, token and session alike', async () => {
    const member = await memberWithToken(s.ctx.catalog, 'viewer', [s.advertiserId]);
    const session = await signInSession(app, member.user.email);
    await call('PATCH', `/api/v1/users/${member.user.user_id}`, admin.headers, { disabled: true });
    expect((await call('GET', '/api/v1/advertisers', member.headers)).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/advertisers', { cookie: session.cookie })).statusCode).toBe(401);
    const login = await call(
      'POST',
      '/api/v1/auth/login',
      {},
      { email: member.user.email, password: PASSWORD },
    );
    expect(login.json().error.message).toContain('disabled');
  });
});

describe('sessions', () => {
  test('sign-in sets an HttpOnly, SameSite cookie; the session works until sign-out', async () => {
    const { cookie, csrf, response } = await signInSession(app, 'owner@example.com');
    expect(String(response.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax; Max-Age=\d+/);
    expect(String(response.headers['set-cookie'])).not.toContain('Secure');
    const state = (await call('GET', '/api/v1/auth/state', { cookie })).json();
    expect(state).toMatchObject({
      setup_required: false,
      user: { email: 'owner@example.com', role: 'owner' },
      csrf_token: csrf,
    });
    expect((await call('POST', '/api/v1/auth/logout', { cookie, 'x-csrf-token': csrf }, {})).statusCode).toBe(
      200,
    );
    expect((await call('GET', '/api/v1/advertisers', { cookie })).statusCode).toBe(401);
  });

  test('behind HTTPS the cookie is Secure', async () => {
    const secureApp = await buildApp({ ...s.ctx, config: { ...s.ctx.config, trustProxy: true } });
    const response = await secureApp.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: 'owner@example.com', password: PASSWORD },
    });
    expect(String(response.headers['set-cookie'])).toContain('; Secure');
    await secureApp.close();
  });

  test('cookie-authenticated writes need the CSRF token; token-authenticated ones do not', async () => {
    const { cookie, csrf } = await signInSession(app, 'owner@example.com');
    const without = await call('POST', '/api/v1/me/tokens', { cookie }, { name: 'x' });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    expect(
      (await call('POST', '/api/v1/me/tokens', { cookie, 'x-csrf-token': 'forged' }, { name: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('POST', '/api/v1/me/tokens', { cookie, 'x-csrf-token': csrf }, { name: 'x' })).statusCode,
    ).toBe(200);
    expect((await call('POST', '/api/v1/me/tokens', owner.headers, { name: 'y' })).statusCode).toBe(200);
  });

  test('a plain-text body, as a cross-site form would send, is not accepted', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'email=owner@example.com',
    });
    expect(response.statusCode).toBe(415);
  });

  test('a session unused for a day expires', async () => {
    const { cookie } = await signInSession(app, 'owner@example.com');
    expect((await call('GET', '/api/v1/advertisers', { cookie })).statusCode).toBe(200);
    await s.ctx.catalog.query("update sessions set last_seen_at = now() - interval '25 hours'");
    expect((await call('GET', '/api/v1/advertisers', { cookie })).statusCode).toBe(401);
  });

  test('changing the password needs the current one and signs out the other sessions', async () => {
    const member = await memberWithToken(s.ctx.catalog, 'analyst', [s.advertiserId]);
    const here = await signInSession(app, member.user.email);
    const elsewhere = await signInSession(app, member.user.email);
    const wrong = await call(
      'POST',
      '/api/v1/auth/password',
      { cookie: here.cookie, 'x-csrf-token': here.csrf },
      { current_password: 'nope', new_password: 'a brand new secret' },
    );
    expect(wrong.json().error.details[0].field).toBe('body.current_password');
    const ok = await call(
      'POST',
      '/api/v1/auth/password',
      { cookie: here.cookie, 'x-csrf-token': here.csrf },
      { current_password: PASSWORD, new_password: 'a brand new secret' },
    );
    expect(ok.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/advertisers', { cookie: here.cookie })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/advertisers', { cookie: elsewhere.cookie })).statusCode).toBe(401);
    await signInSession(app, member.user.email, 'a brand new secret');
  });

  test('setup is refused once a member exists', async () => {
    expect((await call('GET', '/api/v1/auth/state')).json()).toEqual({
      setup_required: false,
      user: null,
      csrf_token: null,
    });
    const response = await call(
      'POST',
      '/api/v1/auth/setup',
      {},
      { email: 'late@example.com', name: 'Late', password: PASSWORD },
    );
    expect(response.statusCode).toBe(409);
  });
});

describe('API tokens', () => {
  test('a token is shown once, stored hashed, records its last use and stops working when revoked', async () => {
    const created = (
      await call('POST', '/api/v1/me/tokens', analyst.headers, { name: 'report script' })
    ).json();
    expect(created.secret).toMatch(/^adc_/);
    const [stored] = await s.ctx.catalog.query<{ token_hash: string }>(
      'select token_hash from api_tokens where token_id = $1',
      [created.token.token_id],
    );
    expect(stored!.token_hash).not.toContain(created.secret);
    const auth = { authorization: `Bearer ${created.secret}` };
    expect((await call('GET', '/api/v1/advertisers', auth)).statusCode).toBe(200);
    const listed = (await call('GET', '/api/v1/me/tokens', analyst.headers))
      .json()
      .tokens.find((t: { token_id: string }) => t.token_id === created.token.token_id);
    expect(listed.last_used_at).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(
      (await call('POST', `/api/v1/me/tokens/${created.token.token_id}/revoke`, analyst.headers, {}))
        .statusCode,
    ).toBe(200);
    expect((await call('GET', '/api/v1/advertisers', auth)).statusCode).toBe(401);
  });

  test('a member cannot revoke someone else’s token; an admin can', async () => {
    const target = (await call('POST', '/api/v1/me/tokens', viewer.headers, { name: 'v' })).json();
    expect(
      (await call('POST', `/api/v1/me/tokens/${target.token.token_id}/revoke`, analyst.headers, {}))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await call(
          'POST',
          `/api/v1/users/${viewer.user.user_id}/tokens/${target.token.token_id}/revoke`,
          admin.headers,
          {},
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (await call('GET', '/api/v1/advertisers', { authorization: `Bearer ${target.secret}` })).statusCode,
    ).toBe(401);
  });
});

describe('sign-in throttling', () => {
  test('after five wrong passwords the account is locked for a while, even for the right one', async () => {
    const member = await memberWithToken(s.ctx.catalog, 'viewer', []);
    const attempt = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: member.user.email, password },
        remoteAddress: '10.9.8.7',
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).statusCode).toBe(401);
    const locked = await attempt('wrong password');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().error.code).toBe('too_many_attempts');
    expect((await attempt(PASSWORD)).statusCode).toBe(429);
  });
});

describe('the audit log', () => {
  test('records sign-ins, member and token changes and sandbox seeding, newest first, with before and after', async () => {
    const entries = (await call('GET', '/api/v1/audit?limit=500', owner.headers)).json().entries as {
      action: string;
      audit_id: string;
      before: unknown;
      after: unknown;
    }[];
    const actions = new Set(entries.map((e) => e.action));
    for (const action of [
      'auth.login',
      'auth.login_failed',
      'auth.logout',
      'auth.password_change',
      'user.create',
      'user.update',
      'token.create',
      'token.revoke',
      'sandbox.seed',
    ]) {
      expect(actions).toContain(action);
    }
    expect(Number(entries[0]!.audit_id)).toBeGreaterThan(Number(entries[1]!.audit_id));
    const promotion = entries.find(
      (e) => e.action === 'user.update' && JSON.stringify(e.after).includes('analyst'),
    );
    expect(promotion).toMatchObject({ before: { role: 'viewer' }, after: { role: 'analyst' } });
    const page = (
      await call('GET', `/api/v1/audit?limit=2&before=${entries[1]!.audit_id}`, owner.headers)
    ).json().entries;
    expect(page[0].audit_id).toBe(entries[2]!.audit_id);
  });
});

describe('throttling by network address', () => {
  test('a shared address gets more attempts than one account before it is locked', async () => {
    const attempt = (email: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'wrong' },
        remoteAddress: '10.20.30.40',
      });
    // Ten colleagues behind one office address each mistype twice: nobody is locked out.
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 2; j++) expect((await attempt(`colleague${i}@example.com`)).statusCode).toBe(401);
    }
    for (let i = 0; i < 5; i++) await attempt(`guess${i}@example.com`);
    expect((await attempt('one-more@example.com')).statusCode).toBe(429);
  }, 60_000);
});
