// Who is calling: a signed-in browser (session cookie) or a script (Authorization: Bearer <API token>).
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { userForToken } from '../access/api-tokens.ts';
import type { Actor } from '../access/audit.ts';
import { type Session, findSession } from '../access/sessions.ts';
import type { User } from '../access/users.ts';
import type { Queryable } from '../catalog/db.ts';
import { AppError } from '../core/errors.ts';

export const SESSION_COOKIE = 'adcockpit_session';

export interface Principal {
  user: User;
  via: 'session' | 'token';
  /** Present when signed in through the browser. */
  session: Session | null;
  actor: Actor;
}

export function readCookie(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** HttpOnly and SameSite=Lax always; Secure whenever the request came over HTTPS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  value: string,
  maxAgeSeconds: number,
): void {
  const attributes = [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (request.protocol === 'https') attributes.push('Secure');
  reply.header('set-cookie', attributes.join('; '));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  setSessionCookie(request, reply, '', 0);
}

export function actorFor(user: Pick<User, 'email' | 'user_id'>, request: FastifyRequest): Actor {
  return { label: user.email, userId: user.user_id, ip: request.ip, changeId: randomUUID() };
}

/** The principal, or null when the request carries no credentials. A bad bearer token is an error. */
export async function authenticate(db: Queryable, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, secret] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !secret) {
      throw new AppError('unauthorized', 'Send API tokens as "Authorization: Bearer <token>".');
    }
    const user = await userForToken(db, secret.trim());
    if (!user || user.disabled)
      throw new AppError(
        'unauthorized',
        'This API token is unknown, revoked, or belongs to a disabled member.',
      );
    return { user, via: 'token', session: null, actor: actorFor(user, request) };
  }
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie) return null;
  const found = await findSession(db, cookie);
  if (!found || found.user.disabled) return null;
  return { user: found.user, via: 'session', session: found.session, actor: actorFor(found.user, request) };
}
