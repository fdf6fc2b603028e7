// The schedules, alerts, deliveries, outbox and mail-settings API through the real app (Fastify, PGlite,
// DuckDB): access by role, errors naming their field, send now into the outbox and the message opened
// from it, the preview as HTML, the SMTP password never answered back, and every route in the OpenAPI
// document.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { type SeededContext, seededContext } from '../../test/helpers/seeded-context.ts';
import { listReportTemplates } from '../catalog/report-templates.ts';
import { buildApp } from '../server/app.ts';

const NOW = Date.parse('2026-04-10T12:00:00Z');
let s: SeededContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let admin: Awaited<ReturnType<typeof memberWithToken>>;
let analyst: Awaited<ReturnType<typeof memberWithToken>>;
let viewer: Awaited<ReturnType<typeof memberWithToken>>;
let templateId: string;
let base: string;

beforeAll(async () => {
  s = await seededContext({ days: 14, now: NOW });
  app = await buildApp(s.ctx);
  admin = await memberWithToken(s.ctx.catalog, 'admin', [], 'admin@example.com');
  analyst = await memberWithToken(s.ctx.catalog, 'analyst', [s.advertiserId], 'ana@example.com');
  viewer = await memberWithToken(s.ctx.catalog, 'viewer', [s.advertiserId], 'vic@example.com');
  templateId = (await listReportTemplates(s.ctx.catalog, s.advertiserId))[0]!.template_id;
  base = `/api/v1/advertisers/${s.advertiserId}`;
}, 180_000);

afterAll(async () => {
  await app?.close();
  await s?.dispose();
});

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  who: { headers: object },
  payload?: object,
) => app.inject({ method, url, headers: who.headers as Record<string, string>, payload });

describe('schedules', () => {
  let scheduleId: string;

  test('an analyst creates one for team members and outside addresses; a viewer reads but may not write', async () => {
    const body = {
      template_id: templateId,
      recurrence: { every: 'weekly', weekdays: [1, 3] },
      at: '07:30',
      range: 'last_week',
      recipients: { members: [analyst.user.user_id, viewer.user.user_id], emails: ['Client@Example.com'] },
      attach: ['csv'],
    };
    const created = await call('POST', `${base}/schedules`, analyst, body);
    expect(created.statusCode).toBe(200);
    const schedule = created.json();
    scheduleId = schedule.schedule_id;
    expect(schedule).toMatchObject({
      recurrence: { every: 'weekly', weekdays: [1, 3] },
      at: '07:30',
      time_zone: 'America/New_York',
      recipients: { emails: ['client@example.com'] },
      paused: false,
    });
    expect(schedule.recipients.members.map((m: { email: string }) => m.email)).toEqual([
      'ana@example.com',
      'vic@example.com',
    ]);
    expect(new Date(schedule.next_send_at).getTime()).toBeGreaterThan(Date.now());

    expect((await call('POST', `${base}/schedules`, viewer, body)).statusCode).toBe(403);
    const list = await call('GET', `${base}/schedules`, viewer);
    expect(list.json().schedules.map((x: { schedule_id: string }) => x.schedule_id)).toEqual([scheduleId]);
  });

  test('bad input is refused naming each field', async () => {
    const response = await call('POST', `${base}/schedules`, analyst, {
      template_id: 'rt_missing',
      recurrence: { every: 'monthly', day: 'last' },
      at: '25:00',
      recipients: { emails: ['nope'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain('body.at');
    const second = await call('POST', `${base}/schedules`, analyst, {
      template_id: 'rt_missing',
      recurrence: { every: 'monthly', day: 'last' },
      recipients: { emails: ['nope'] },
    });
    expect(second.statusCode).toBe(400);
    expect(second.json().error.details.map((d: { field: string }) => d.field)).toEqual([
      'body.template_id',
      'body.recipients.emails[0]',
    ]);
  });

  test('pause and resume', async () => {
    const paused = await call('PATCH', `${base}/schedules/${scheduleId}`, analyst, { paused: true });
    expect(paused.json()).toMatchObject({ paused: true, next_send_at: null });
    const resumed = await call('PATCH', `${base}/schedules/${scheduleId}`, analyst, { paused: false });
    expect(resumed.json().next_send_at).not.toBeNull();
  });

  test('the preview is the e-mail as HTML', async () => {
    const preview = await call('GET', `${base}/schedules/${scheduleId}/preview`, viewer);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toContain('text/html');
    expect(preview.body).toContain('<html');
    expect(preview.body).not.toContain('cid:');
  });

  test('send now goes to the outbox without SMTP, and the message opens from there', async () => {
    const sent = await call('POST', `${base}/schedules/${scheduleId}/send`, analyst);
    expect(sent.statusCode).toBe(200);
    const delivery = sent.json().delivery;
    expect(delivery).toMatchObject({ status: 'sent', kind: 'send_now', transport: 'outbox', attempts: 1 });
    expect(delivery.recipients).toHaveLength(3);

    const log = await call('GET', `${base}/deliveries?schedule_id=${scheduleId}`, viewer);
    expect(log.json().deliveries[0].delivery_id).toBe(delivery.delivery_id);

    const outbox = (await call('GET', `${base}/outbox`, viewer)).json();
    expect(outbox.active).toBe(true);
    expect(outbox.messages).toHaveLength(3);
    const message = outbox.messages.find((m: { to: string }) => m.to === 'client@example.com');
    expect(message.subject).toBe(delivery.subject);
    const html = await call('GET', `${base}/outbox/${message.file}`, viewer);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('unsubscribe');
    // The chart shows in a browser: inline as a data URL, not a cid: address only a mail program opens.
    expect(html.body).toContain('src="data:image/png;base64,');
    expect(html.body).not.toContain('cid:');
    const eml = await call('GET', `${base}/outbox/${message.file}?as=eml`, viewer);
    expect(eml.headers['content-type']).toBe('message/rfc822');
    expect(eml.body).toMatch(/^Message-ID: <dl_[a-z0-9]+-\d@adcockpit>/m);
    expect((await call('GET', `${base}/outbox/..%2F..%2Fcatalog`, viewer)).statusCode).toBe(404);
  });

  test('delete', async () => {
    expect((await call('DELETE', `${base}/schedules/${scheduleId}`, viewer)).statusCode).toBe(403);
    expect((await call('DELETE', `${base}/schedules/${scheduleId}`, analyst)).statusCode).toBe(200);
    expect((await call('GET', `${base}/schedules/${scheduleId}`, analyst)).statusCode).toBe(404);
  });
});

describe('alert rules', () => {
  test('a condition is checked with its position; a good rule is saved', async () => {
    const bad = await call('POST', `${base}/alerts`, analyst, {
      name: 'CPA runaway',
      watch: { kind: 'metric', condition: 'cost_per_conversion > 30 AND spendd > 50' },
      channels: { emails: ['ops@example.com'] },
    });
    expect(bad.statusCode).toBe(400);
    const detail = bad.json().error.details[0];
    expect(detail.field).toBe('body.watch.condition');
    expect(detail.position).toBe(29);

    const good = await call('POST', `${base}/alerts`, analyst, {
      name: 'CPA runaway',
      watch: { kind: 'metric', condition: 'cost_per_conversion > 30 AND spend > 50', window_days: 3 },
      channels: { emails: ['ops@example.com'], webhook_url: 'https://hooks.example.com/T1' },
      cooldown_hours: 12,
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({
      scope: { level: 'advertiser', id: null },
      watch: { kind: 'metric', window_days: 3 },
      cooldown_hours: 12,
      state: { firing: false },
    });
    const noChannel = await call('POST', `${base}/alerts`, analyst, {
      name: 'Nothing',
      scope: { level: 'campaign', id: 'nope' },
      watch: { kind: 'insight' },
      channels: { webhook_url: 'ftp://x' },
    });
    expect(noChannel.json().error.details.map((d: { field: string }) => d.field)).toEqual([
      'body.scope.id',
      'body.channels.webhook_url',
    ]);
    expect((await call('GET', `${base}/alerts`, viewer)).json().alerts).toHaveLength(1);
  });
});

describe('mail settings', () => {
  test('admins only; the password never comes back', async () => {
    expect((await call('GET', '/api/v1/settings/mail', analyst)).statusCode).toBe(403);
    const before = (await call('GET', '/api/v1/settings/mail', admin)).json();
    expect(before).toMatchObject({ transport: 'outbox', source: 'none', host: null });
    const bad = await call('PUT', '/api/v1/settings/mail', admin, { smtp_url: 'http://mail.example.com' });
    expect(bad.json().error.details[0].field).toBe('body.smtp_url');
    const put = await call('PUT', '/api/v1/settings/mail', admin, {
      smtp_url: 'smtp://mailer:s3cret-pass@mail.example.com:2525',
      from: 'Reports <reports@example.com>',
    });
    expect(put.json()).toMatchObject({
      transport: 'smtp',
      source: 'settings',
      host: 'mail.example.com',
      port: 2525,
      user: 'mailer',
      has_password: true,
      from: 'Reports <reports@example.com>',
    });
    expect(put.body).not.toContain('s3cret');
    expect((await call('GET', '/api/v1/settings/mail', admin)).body).not.toContain('s3cret');
    const cleared = await call('PUT', '/api/v1/settings/mail', admin, { smtp_url: null });
    expect(cleared.json()).toMatchObject({ transport: 'outbox', has_password: false });
  });
});

test('every schedule, alert, delivery and mail-settings route is in the OpenAPI document', async () => {
  const { paths } = (await call('GET', '/api/openapi.json', viewer)).json();
  for (const path of [
    '/api/v1/advertisers/{advertiserId}/schedules',
    '/api/v1/advertisers/{advertiserId}/schedules/{scheduleId}',
    '/api/v1/advertisers/{advertiserId}/schedules/{scheduleId}/send',
    '/api/v1/advertisers/{advertiserId}/schedules/{scheduleId}/preview',
    '/api/v1/advertisers/{advertiserId}/alerts',
    '/api/v1/advertisers/{advertiserId}/alerts/{alertId}',
    '/api/v1/advertisers/{advertiserId}/deliveries',
    '/api/v1/advertisers/{advertiserId}/deliveries/{deliveryId}',
    '/api/v1/advertisers/{advertiserId}/outbox',
    '/api/v1/advertisers/{advertiserId}/outbox/{file}',
    '/api/v1/settings/mail',
  ]) {
    expect(paths[path], path).toBeDefined();
  }
  expect(Object.keys(paths['/api/v1/advertisers/{advertiserId}/schedules'])).toEqual(['get', 'post']);
});
