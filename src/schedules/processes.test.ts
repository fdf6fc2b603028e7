// Several server processes sharing one real PostgreSQL catalog, each with its own data directory, their
// schedulers run as child processes against a real SMTP server: racing for the same due schedules they
// send each once; one killed (SIGKILL) while the SMTP server holds its message leaves a lease that runs
// out, and a restarted process sends that message — exactly once, nothing lost.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { type SmtpSink, startSmtpSink } from '../../test/helpers/smtp-sink.ts';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { type AppContext, openAppContext } from '../app-context.ts';
import { listAdvertisers } from '../catalog/advertisers.ts';
import { listReportTemplates } from '../catalog/report-templates.ts';
import { readConfig } from '../core/config.ts';
import { seedDemo } from '../sources/sandbox/bootstrap.ts';
import { listDeliveries } from './deliveries.ts';
import { createSchedule } from './schedules.ts';

const SCRIPT = path.resolve('test/helpers/scheduler-process.ts');
let databaseUrl: string;
let ctx: AppContext;
let sink: SmtpSink;
let advertiserId: string;
let templateId: string;
const dirs: string[] = [];
const children: SchedulerProcess[] = [];

/** A scheduler process and the ticks it reported. */
class SchedulerProcess {
  readonly child: ChildProcess;
  ticks = 0;
  stderr = '';
  private waiters: (() => void)[] = [];

  constructor(leaseMs: number) {
    const dataDir = tempDir('adcockpit-proc-');
    dirs.push(dataDir);
    this.child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '150', String(leaseMs)], {
      env: { ...process.env, DATABASE_URL: databaseUrl, ADCOCKPIT_DATA_DIR: dataDir, SMTP_URL: sink.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('{')) this.ticks = JSON.parse(line).tick;
      this.waiters.splice(0).forEach((w) => w());
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    children.push(this);
  }

  /** Resolves once the process has finished `more` further ticks. */
  ticksMore(more: number, timeoutMs = 30_000): Promise<void> {
    const target = this.ticks + more;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`process made ${this.ticks} ticks, not ${target}; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      const check = () => {
        if (this.ticks >= target) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  exited(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
  }
}

beforeAll(async () => {
  const schema = `sched_${process.pid}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(inject('postgresUrl'));
  url.searchParams.set('options', `-c search_path=${schema}`);
  databaseUrl = url.toString();
  const dataDir = tempDir();
  dirs.push(dataDir);
  ctx = await openAppContext({ ...readConfig({ ADCOCKPIT_DATA_DIR: dataDir }), databaseUrl });
  await seedDemo(ctx.catalog, ctx.facts, { seed: 3, historyDays: 2 });
  advertiserId = (await listAdvertisers(ctx.catalog))[0]!.advertiser_id;
  templateId = (await listReportTemplates(ctx.catalog, advertiserId))[0]!.template_id;
  sink = await startSmtpSink();
}, 180_000);

afterAll(async () => {
  await sink?.close();
  await ctx?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await ctx.catalog.query('delete from deliveries');
  await ctx.catalog.query('delete from report_schedules');
  sink.messages.length = 0;
});

afterEach(async () => {
  for (const p of children.splice(0)) {
    p.child.kill('SIGTERM');
    await p.exited();
  }
});

/** Schedules due a minute ago, as if the send time had just passed. */
async function dueSchedules(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const schedule = await createSchedule(
      ctx.catalog,
      advertiserId,
      {
        template_id: templateId,
        recurrence: { every: 'daily' },
        range: 'yesterday',
        recipients: { emails: [`client${i}@example.com`] },
      },
      SYSTEM_ACTOR,
    );
    ids.push(schedule.schedule_id);
  }
  await ctx.catalog.query(`update report_schedules set next_send_at = now() - interval '1 minute'`);
  return ids;
}

describe('two server processes on one PostgreSQL catalog', () => {
  test('racing for the same due schedules, they send each one once', async () => {
    const ids = await dueSchedules(4);
    const a = new SchedulerProcess(60_000);
    const b = new SchedulerProcess(60_000);
    await sink.waitFor(ids.length, 60_000);
    // Both go on ticking well past the sends: nothing more may come.
    await Promise.all([a.ticksMore(3), b.ticksMore(3)]);
    expect(sink.messages).toHaveLength(ids.length);
    expect(new Set(sink.messages.map((m) => m.to[0])).size).toBe(ids.length);
    const deliveries = await listDeliveries(ctx.catalog, advertiserId);
    expect(deliveries).toHaveLength(ids.length);
    expect(deliveries.every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
  }, 120_000);

  test('a process killed while the SMTP server holds its message: after a restart, exactly one mail', async () => {
    await dueSchedules(1);
    const held = sink.holdNext();
    const first = new SchedulerProcess(1_500);
    await held.arrived;
    first.child.kill('SIGKILL');
    await held.senderGone;
    held.release();
    await first.exited();
    expect(sink.messages).toHaveLength(0);
    const [stuck] = await listDeliveries(ctx.catalog, advertiserId);
    expect(stuck).toMatchObject({ status: 'sending', attempts: 1 });

    const restarted = new SchedulerProcess(1_500);
    const [mail] = await sink.waitFor(1, 60_000);
    await restarted.ticksMore(3);
    expect(sink.messages).toHaveLength(1);
    const [delivery] = await listDeliveries(ctx.catalog, advertiserId);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2 });
    expect(delivery!.attempt_log.map((a) => a.outcome)).toEqual(['retry', 'sent']);
    expect(delivery!.attempt_log[0]!.message).toMatch(/^Interrupted/);
    // The same message as the one cut off: same Message-ID, so a mail system that saw both can tell.
    expect(mail!.mail.messageId).toBe(`<${delivery!.delivery_id}-0@adcockpit>`);
  }, 120_000);
});
