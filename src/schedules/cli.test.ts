// `adcockpit schedule create|list|run` as a user runs them (the real bin, a real data directory, a real
// SMTP server), and the same through a running server with --server; bad flags are named.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFreshServer, type FreshServer } from '../../test/helpers/fresh-server.ts';
import { memberWithToken } from '../../test/helpers/members.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { type SmtpSink, startSmtpSink } from '../../test/helpers/smtp-sink.ts';
import { readConfig } from '../core/config.ts';
import { parseCsv } from '../sources/shop/csv.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/adcockpit.js');
const dataDir = tempDir('adcockpit-schedule-cli-');
let sink: SmtpSink;

async function adcockpit(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, ADCOCKPIT_DATA_DIR: dataDir, SMTP_URL: sink.url },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(async () => {
  sink = await startSmtpSink();
  expect((await adcockpit('sandbox', 'seed', '--days', '4', '--seed', '3')).code).toBe(0);
}, 300_000);

afterAll(async () => {
  await sink?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  sink.messages.length = 0;
});

describe('adcockpit schedule on the data directory', () => {
  test('create prints the id, list shows it, run sends it with its attachments', async () => {
    const created = await adcockpit(
      'schedule',
      'create',
      '--advertiser',
      'northwind outdoor (sandbox)',
      '--template',
      'creative performance',
      '--every',
      'weekly',
      '--on',
      'mon,wed',
      '--at',
      '07:30',
      '--range',
      'last_week',
      '--to',
      'a@example.com, b@example.org',
      '--attach',
      'csv,xlsx',
    );
    expect(created.stderr).toContain('the first send is at');
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^sch_[a-z0-9]+$/);

    const listed = JSON.parse((await adcockpit('schedule', 'list', '--format', 'json')).stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      schedule_id: id,
      template_name: 'Creative Performance',
      recurrence: { every: 'weekly', weekdays: [1, 3] },
      at: '07:30',
      range: 'last_week',
      attach: ['csv', 'xlsx'],
      recipients: { emails: ['a@example.com', 'b@example.org'] },
    });
    expect((await adcockpit('schedule', 'list')).stdout).toContain(
      `${id}\tCreative Performance\tweekly on mon,wed at 07:30`,
    );

    const ran = await adcockpit('schedule', 'run', '--id', id);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^Sent ".+" to 2 recipients\. Delivery dl_/);
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['a@example.com', 'b@example.org']);
    const mail = sink.messages[0]!.mail;
    const csv = mail.attachments.find((a) => a.contentType.startsWith('text/csv'))!;
    expect(parseCsv(csv.content.toString('utf8'))[0]).toBeDefined();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(mail.attachments.find((a) => a.filename?.endsWith('.xlsx'))!.content as never);
    expect(book.worksheets.length).toBeGreaterThan(0);
    // Each command opens the data directory afresh, which takes a while on a busy machine.
  }, 300_000);

  test('bad flags are refused, naming the flag', async () => {
    const base = [
      'schedule',
      'create',
      '--advertiser',
      'northwind outdoor (sandbox)',
      '--template',
      'creative performance',
    ];
    const hourly = await adcockpit(...base, '--every', 'hourly', '--to', 'a@example.com');
    expect(hourly.code).toBe(1);
    expect(hourly.stderr).toContain('--every is "hourly"; write daily, weekly or monthly');
    const day = await adcockpit(...base, '--every', 'weekly', '--day', '3', '--to', 'a@example.com');
    expect(day.stderr).toContain('--day goes with --every monthly');
    const address = await adcockpit(...base, '--every', 'daily', '--to', 'a@example.com,nobody');
    expect(address.code).toBe(1);
    expect(address.stderr).toContain('body.recipients.emails[1]');
    const template = await adcockpit(
      'schedule',
      'create',
      '--advertiser',
      'northwind outdoor (sandbox)',
      '--template',
      'nope',
      '--every',
      'daily',
      '--to',
      'a@example.com',
    );
    expect(template.stderr).toContain('has no report template "nope"');
    const unknown = await adcockpit('schedule', 'run', '--id', 'sch_doesnotexist');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Schedule "sch_doesnotexist" does not exist');
  }, 300_000);
});

describe('adcockpit schedule --server', () => {
  let fresh: FreshServer;
  let token: string;

  beforeAll(async () => {
    fresh = await startFreshServer('schedule-cli', {
      seedDays: 3,
      config: { ...readConfig({}), smtpUrl: sink.url, schedulerTickMs: 60_000 },
    });
    const [advertiser] = await fresh.server.ctx.catalog.query<{ advertiser_id: string }>(
      'select advertiser_id from advertisers',
    );
    token = (await memberWithToken(fresh.server.ctx.catalog, 'analyst', [advertiser!.advertiser_id])).token;
  }, 120_000);

  afterAll(async () => {
    await fresh?.close();
  });

  test('create, list and run go through the API', async () => {
    const remote = ['--server', fresh.server.url, '--token', token];
    const created = await adcockpit(
      'schedule',
      'create',
      ...remote,
      '--advertiser',
      'northwind outdoor (sandbox)',
      '--template',
      'funnel analysis',
      '--every',
      'monthly',
      '--day',
      'last',
      '--to',
      'client@example.com',
    );
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    const listed = JSON.parse((await adcockpit('schedule', 'list', ...remote, '--format', 'json')).stdout);
    expect(listed.map((s: { schedule_id: string }) => s.schedule_id)).toEqual([id]);
    expect(listed[0].recurrence).toEqual({ every: 'monthly', day: 'last' });
    const ran = await adcockpit('schedule', 'run', ...remote, '--id', id, '--format', 'json');
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ status: 'sent', kind: 'send_now', transport: 'smtp' });
    expect(sink.messages.map((m) => m.to[0])).toEqual(['client@example.com']);
  }, 300_000);
});
