// The unsubscribe link end to end through the HTTP server: the page asks and changes nothing, the
// button or a mail client's RFC 8058 one-click POST records it, and a bad token gets a readable page.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { readConfig } from '../core/config.ts';
import { unsubscribeToken, unsubscribedAmong } from '../messages/unsubscribe.ts';
import { buildApp } from './app.ts';

let dataDir: string;
let ctx: AppContext;
let app: FastifyInstance;

beforeAll(async () => {
  dataDir = tempDir();
  ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  app = await buildApp(ctx);
}, 60_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('GET and POST /unsubscribe', () => {
  test('the page asks to confirm and records nothing', async () => {
    const token = await unsubscribeToken(ctx.catalog, 'sch_page', 'client@example.com');
    const page = await app.inject({ method: 'GET', url: `/unsubscribe?token=${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('client@example.com');
    expect(page.body).toContain(`action="/unsubscribe?token=${token}"`);
    expect((await unsubscribedAmong(ctx.catalog, 'sch_page', ['client@example.com'])).size).toBe(0);
  });

  test('a one-click POST as a mail client sends it records the unsubscribe', async () => {
    const token = await unsubscribeToken(ctx.catalog, 'sch_click', 'Client@Example.com');
    const response = await app.inject({
      method: 'POST',
      url: `/unsubscribe?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('You are unsubscribed');
    expect([...(await unsubscribedAmong(ctx.catalog, 'sch_click', ['client@example.com']))]).toEqual([
      'client@example.com',
    ]);
  });

  test('a tampered or missing token gets a page saying so, and nothing is recorded', async () => {
    const token = await unsubscribeToken(ctx.catalog, 'sch_bad', 'client@example.com');
    const forged = token.replace(/\.[^.]+\./, `.${Buffer.from('boss@example.com').toString('base64url')}.`);
    for (const url of [`/unsubscribe?token=${forged}`, '/unsubscribe', '/unsubscribe?token=%3Cscript%3E']) {
      const get = await app.inject({ method: 'GET', url });
      expect(get.statusCode).toBe(400);
      expect(get.headers['content-type']).toMatch(/^text\/html/);
      expect(get.body).toContain('This unsubscribe link is not valid');
      expect(get.body).not.toContain('<script>');
    }
    const post = await app.inject({
      method: 'POST',
      url: `/unsubscribe?token=${forged}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode).toBe(400);
    expect(
      (await unsubscribedAmong(ctx.catalog, 'sch_bad', ['boss@example.com', 'client@example.com'])).size,
    ).toBe(0);
  });

  test('both are in the OpenAPI document, public, answering HTML', async () => {
    const admin = await memberWithToken(ctx.catalog, 'admin');
    const doc = (
      await app.inject({ method: 'GET', url: '/api/openapi.json', headers: admin.headers })
    ).json();
    const path = doc.paths['/unsubscribe'];
    expect(Object.keys(path).sort()).toEqual(['get', 'post']);
    expect(path.post.security).toEqual([]);
    expect(Object.keys(path.get.responses['200'].content)).toEqual(['text/html']);
  });
});
