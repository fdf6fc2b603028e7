// How the bench calls the API: through Fastify's inject (no socket) or real HTTP on loopback, signed in the
// way the web app is (a session cookie), so every measured request pays for the same checks as a real one.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

export interface Reply {
  status: number;
  setCookie: string[];
  body: string;
}

export type Send = (
  method: 'GET' | 'POST',
  url: string,
  headers?: Record<string, string>,
  body?: unknown,
) => Promise<Reply>;

export function injectSender(app: FastifyInstance): Send {
  return async (method, url, headers = {}, body) => {
    const res = await app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const cookies = res.headers['set-cookie'];
    return {
      status: res.statusCode,
      setCookie: cookies === undefined ? [] : [cookies].flat().map(String),
      body: res.payload,
    };
  };
}

export async function httpSender(app: FastifyInstance): Promise<Send> {
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return async (method, url, headers = {}, body) => {
    const res = await fetch(base + url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, setCookie: res.headers.getSetCookie(), body: await res.text() };
  };
}

interface Credentials {
  email: string;
  password: string;
}

/**
 * Headers that sign a request in: creates the bench's owner on first use (its password, random, is kept
 * in the data directory) and signs in with a session. None when the server has no sign-in at all.
 */
export async function signInHeaders(send: Send, dataDir: string): Promise<Record<string, string>> {
  const state = await send('GET', '/api/v1/auth/state');
  if (state.status === 404) return {};
  if (state.status !== 200)
    throw new Error(`GET /api/v1/auth/state answered ${state.status}: ${state.body.slice(0, 300)}`);
  const file = path.join(dataDir, 'bench-credentials.json');
  let reply: Reply;
  if ((JSON.parse(state.body) as { setup_required: boolean }).setup_required) {
    const credentials: Credentials = {
      email: 'bench@bench.example',
      password: randomBytes(18).toString('base64url'),
    };
    fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
    reply = await send('POST', '/api/v1/auth/setup', {}, { ...credentials, name: 'Bench' });
  } else {
    if (!fs.existsSync(file))
      throw new Error('The bench data directory has members but no bench credentials; run with --rebuild.');
    reply = await send(
      'POST',
      '/api/v1/auth/login',
      {},
      JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials,
    );
  }
  if (reply.status !== 200)
    throw new Error(`Signing in answered ${reply.status}: ${reply.body.slice(0, 300)}`);
  const cookie = reply.setCookie.map((c) => c.split(';')[0]!).join('; ');
  if (!cookie) throw new Error('Signing in set no session cookie.');
  return { cookie };
}
