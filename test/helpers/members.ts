// Members and credentials for API tests, made through the real repositories.
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../src/access/api-tokens.ts';
import { createUser } from '../../src/access/users.ts';
import type { Queryable } from '../../src/catalog/db.ts';
import type { Role } from '../../src/shared/api.ts';

export const PASSWORD = 'correct horse battery';

export async function memberWithToken(
  db: Queryable,
  role: Role,
  advertiserIds: string[] = [],
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
) {
  const user = await createUser(db, {
    email,
    name: role,
    password: PASSWORD,
    role,
    advertiser_ids: advertiserIds,
  });
  const { secret } = await createApiToken(db, user.user_id, 'tests');
  return { user, token: secret, headers: { authorization: `Bearer ${secret}` } };
}

/** Signs in through the API like a browser; returns the cookie and the CSRF token. */
export async function signInSession(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
  remoteAddress = '127.0.0.1',
) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress,
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return { cookie, csrf: response.json().csrf_token as string, response };
}
