// The delivery engine against a real SMTP server (smtp-server, messages parsed with mailparser), a real
// catalog (PGlite) and real facts (DuckDB): a due schedule sends one e-mail whose attachments open, due
// times follow the advertiser's clock across DST, a server that was down catches up once, SMTP 4xx
// answers are retried with back-off and a 5xx fails at once with the server's answer in the log.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type DeliveryStand, startDeliveryStand } from '../../test/helpers/delivery-stand.ts';
import type { SeededContext } from '../../test/helpers/seeded-context.ts';
import type { SteerableContent } from '../../test/helpers/message-stand-ins.ts';
import type { SmtpSink } from '../../test/helpers/smtp-sink.ts';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { listReportTemplates } from '../catalog/report-templates.ts';
import { parseCsv } from '../sources/shop/csv.ts';
import { getDelivery, listDeliveries } from './deliveries.ts';
import { scanDueSchedules } from './due-scan.ts';
import { type EngineContext, sendReadyDeliveries, sendScheduleNow } from './engine.ts';
import { createSchedule, getSchedule, updateSchedule } from './schedules.ts';

const NOW = Date.parse('2026-04-10T12:00:00Z');
let stand: DeliveryStand;
let s: SeededContext;
let sink: SmtpSink;
let engineCtx: EngineContext;
let content: SteerableContent;
let templateId: string;

beforeAll(async () => {
  stand = await startDeliveryStand({ days: 21, now: NOW });
  ({ seeded: s, sink, engineCtx, content } = stand);
  const templates = await listReportTemplates(s.ctx.catalog, s.advertiserId);
  templateId = templates.find((t) => t.name === 'Creative Performance')!.template_id;
}, 180_000);

afterAll(() => stand?.close());

beforeEach(async () => {
  await stand.clear('report_schedules');
  await s.ctx.catalog.query(`update advertisers set timezone = 'America/New_York'`);
});

/** One scheduler tick at the instant `at`: the due-scan, then every send that is ready. */
async function tickAt(at: Date) {
  const scan = await scanDueSchedules(s.ctx.catalog, at);
  const sent = await sendReadyDeliveries(engineCtx, { content, clock: () => at });
  return { created: scan.created, sent };
}

const daily = (at = '08:00') => ({
  template_id: templateId,
  recurrence: { every: 'daily' as const },
  at,
  range: 'last_7_days' as const,
  recipients: { emails: ['client@example.com'] },
  attach: ['csv' as const, 'xlsx' as const],
});

/** A daily 08:00 schedule with no attachments, created by default the afternoon before its first send. */
const plainDaily = (created = new Date('2026-04-09T15:00:00Z')) =>
  createSchedule(s.ctx.catalog, s.advertiserId, { ...daily(), attach: [] }, SYSTEM_ACTOR, created);

describe('a due schedule', () => {
  test('sends one e-mail with attachments that open, once', async () => {
    const created = new Date('2026-04-09T15:00:00Z');
    const schedule = await createSchedule(s.ctx.catalog, s.advertiserId, daily(), SYSTEM_ACTOR, created);
    // 08:00 in New York (EDT, UTC-4) on the 10th.
    expect(schedule.next_send_at).toBe('2026-04-10T12:00:00.000Z');

    expect((await tickAt(new Date('2026-04-10T11:59:59Z'))).created).toEqual([]);
    const first = await tickAt(new Date('2026-04-10T12:00:30Z'));
    expect(first.created).toHaveLength(1);
    expect(first.sent).toEqual(['sent']);
    // Later ticks the same day send nothing more.
    expect(await tickAt(new Date('2026-04-10T12:01:00Z'))).toEqual({ created: [], sent: [] });
    expect(await tickAt(new Date('2026-04-10T18:00:00Z'))).toEqual({ created: [], sent: [] });
    expect(sink.messages).toHaveLength(1);

    const { mail, to } = sink.messages[0]!;
    expect(to).toEqual(['client@example.com']);
    expect(mail.subject).toContain('Creative Performance');
    expect(mail.messageId).toBe(`<${first.created[0]}-0@adcockpit>`);
    expect(sink.messages[0]!.raw.toString('utf8')).toMatch(
      /^List-Unsubscribe:\s+<http[^>]*unsubscribe[^>]*>/m,
    );
    const csv = mail.attachments.find((a) => a.filename?.endsWith('.csv'))!;
    const xlsx = mail.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
    const rows = parseCsv(csv.content.toString('utf8'));
    expect(rows.length).toBeGreaterThan(1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.content as never);
    const sheet = book.worksheets[0]!;
    // Somewhere below the header, the figures are numbers, not text.
    const numeric = [] as unknown[];
    sheet.eachRow((row, n) => {
      if (n > 1) row.eachCell((cell) => typeof cell.value === 'number' && numeric.push(cell.value));
    });
    expect(numeric.length).toBeGreaterThan(0);

    const delivery = await getDelivery(s.ctx.catalog, first.created[0]!);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, transport: 'smtp', kind: 'schedule' });
    expect(delivery.recipients[0]).toMatchObject({ address: 'client@example.com', status: 'sent' });
    expect(delivery.recipients[0]!.response).toContain('Queued as test');
    expect((await getSchedule(s.ctx.catalog, s.advertiserId, schedule.schedule_id)).next_send_at).toBe(
      '2026-04-11T12:00:00.000Z',
    );
  });

  test('a member gets no unsubscribe link; an unsubscribed address gets nothing', async () => {
    const [owner] = await s.ctx.catalog.query<{ user_id: string }>('select user_id from users limit 1');
    const schedule = await createSchedule(
      s.ctx.catalog,
      s.advertiserId,
      {
        ...daily(),
        attach: [],
        recipients: {
          members: owner ? [owner.user_id] : [],
          emails: ['gone@example.com', 'stays@example.com'],
        },
      },
      SYSTEM_ACTOR,
      new Date('2026-04-09T15:00:00Z'),
    );
    content.unsubscribed.add('gone@example.com');
    try {
      const { created } = await tickAt(new Date('2026-04-10T12:00:00Z'));
      const delivery = await getDelivery(s.ctx.catalog, created[0]!);
      expect(delivery.status).toBe('sent');
      expect(delivery.recipients.find((r) => r.address === 'gone@example.com')?.status).toBe('unsubscribed');
      expect(sink.messages.map((m) => m.to[0])).toContain('stays@example.com');
      expect(sink.messages.map((m) => m.to[0])).not.toContain('gone@example.com');
      expect(schedule.schedule_id).toMatch(/^sch_/);
    } finally {
      content.unsubscribed.clear();
    }
  });
});

describe('due times on the advertiser clock', () => {
  beforeEach(async () => {
    await s.ctx.catalog.query(`update advertisers set timezone = 'Europe/Amsterdam'`);
  });

  test('across the March change: a 02:30 that does not exist goes at 03:30 CEST, once', async () => {
    const schedule = await createSchedule(
      s.ctx.catalog,
      s.advertiserId,
      daily('02:30'),
      SYSTEM_ACTOR,
      new Date('2026-03-28T12:00:00Z'),
    );
    // 29 March 2026: clocks jump from 02:00 to 03:00; 03:30 CEST is 01:30 UTC.
    expect(schedule.next_send_at).toBe('2026-03-29T01:30:00.000Z');
    expect((await scanDueSchedules(s.ctx.catalog, new Date('2026-03-29T01:29:59Z'))).created).toEqual([]);
    expect((await scanDueSchedules(s.ctx.catalog, new Date('2026-03-29T01:30:00Z'))).created).toHaveLength(1);
    // The next day is summer time: 02:30 CEST = 00:30 UTC.
    expect((await getSchedule(s.ctx.catalog, s.advertiserId, schedule.schedule_id)).next_send_at).toBe(
      '2026-03-30T00:30:00.000Z',
    );
    const [delivery] = await listDeliveries(s.ctx.catalog, s.advertiserId);
    expect(delivery!.scheduled_for).toBe('2026-03-29T01:30:00.000Z');
  });

  test('across the October change: a 02:30 that happens twice is sent at the first, once', async () => {
    const schedule = await createSchedule(
      s.ctx.catalog,
      s.advertiserId,
      daily('02:30'),
      SYSTEM_ACTOR,
      new Date('2026-10-24T12:00:00Z'),
    );
    // 25 October 2026: 02:30 CEST (00:30 UTC), then 02:30 CET again an hour later.
    expect(schedule.next_send_at).toBe('2026-10-25T00:30:00.000Z');
    expect((await scanDueSchedules(s.ctx.catalog, new Date('2026-10-25T00:30:00Z'))).created).toHaveLength(1);
    expect((await scanDueSchedules(s.ctx.catalog, new Date('2026-10-25T01:30:00Z'))).created).toEqual([]);
    // Winter time from then on: 02:30 CET = 01:30 UTC.
    expect((await getSchedule(s.ctx.catalog, s.advertiserId, schedule.schedule_id)).next_send_at).toBe(
      '2026-10-26T01:30:00.000Z',
    );
    const deliveries = await listDeliveries(s.ctx.catalog, s.advertiserId);
    expect(deliveries).toHaveLength(1);
  });

  test('a weekly Monday 08:00 is 07:00 UTC before the March change and 06:00 UTC after', async () => {
    const weekly = { ...daily(), recurrence: { every: 'weekly' as const, weekdays: [1] } };
    const schedule = await createSchedule(
      s.ctx.catalog,
      s.advertiserId,
      weekly,
      SYSTEM_ACTOR,
      new Date('2026-03-20T00:00:00Z'),
    );
    expect(schedule.next_send_at).toBe('2026-03-23T07:00:00.000Z');
    await scanDueSchedules(s.ctx.catalog, new Date('2026-03-23T07:00:00Z'));
    expect((await getSchedule(s.ctx.catalog, s.advertiserId, schedule.schedule_id)).next_send_at).toBe(
      '2026-03-30T06:00:00.000Z',
    );
  });
});

describe('catch-up after downtime', () => {
  test('a schedule missed for three days is sent once, for the latest missed period', async () => {
    const schedule = await createSchedule(
      s.ctx.catalog,
      s.advertiserId,
      { ...daily(), range: 'yesterday' },
      SYSTEM_ACTOR,
      new Date('2026-04-06T15:00:00Z'),
    );
    expect(schedule.next_send_at).toBe('2026-04-07T12:00:00.000Z');
    // The server comes back on the 10th at 14:00 UTC, after the 7th, 8th, 9th and 10th sends.
    const back = new Date('2026-04-10T14:00:00Z');
    const { created, sent } = await tickAt(back);
    expect(created).toHaveLength(1);
    expect(sent).toEqual(['sent']);
    expect(sink.messages).toHaveLength(1);
    const delivery = await getDelivery(s.ctx.catalog, created[0]!);
    expect(delivery.scheduled_for).toBe('2026-04-10T12:00:00.000Z');
    const [row] = await s.ctx.catalog.query<{ payload: { period: { start: string; end: string } } }>(
      'select payload from deliveries where delivery_id = $1',
      [created[0]!],
    );
    expect(row!.payload.period).toMatchObject({ start: '2026-04-09', end: '2026-04-09' });
    expect((await tickAt(new Date('2026-04-10T14:00:30Z'))).created).toEqual([]);
    expect((await getSchedule(s.ctx.catalog, s.advertiserId, schedule.schedule_id)).next_send_at).toBe(
      '2026-04-11T12:00:00.000Z',
    );
  });

  test('a paused schedule sends nothing, and resumed does not send what it missed', async () => {
    const schedule = await createSchedule(
      s.ctx.catalog,
      s.advertiserId,
      { ...daily(), paused: true },
      SYSTEM_ACTOR,
      new Date('2026-04-06T15:00:00Z'),
    );
    expect(schedule.next_send_at).toBeNull();
    expect((await tickAt(new Date('2026-04-09T13:00:00Z'))).created).toEqual([]);
    const resumed = await updateSchedule(
      s.ctx.catalog,
      s.advertiserId,
      schedule.schedule_id,
      { paused: false },
      SYSTEM_ACTOR,
      new Date('2026-04-09T13:00:00Z'),
    );
    expect(resumed.next_send_at).toBe('2026-04-10T12:00:00.000Z');
    expect((await tickAt(new Date('2026-04-09T13:00:01Z'))).created).toEqual([]);
  });
});

describe('a broken schedule', () => {
  test('is reported and skipped; the others due with it still send', async () => {
    const created = new Date('2026-04-09T15:00:00Z');
    const good = await plainDaily(created);
    const bad = await plainDaily(created);
    // A row no form could save: a weekly recurrence without weekdays.
    await s.ctx.catalog.query(
      `update report_schedules set recurrence = '{"every":"weekly","weekdays":[]}' where schedule_id = $1`,
      [bad.schedule_id],
    );
    const scan = await scanDueSchedules(s.ctx.catalog, new Date('2026-04-10T12:00:00Z'));
    expect(scan.created).toHaveLength(1);
    expect(scan.problems).toEqual([
      { scheduleId: bad.schedule_id, message: expect.stringContaining('weekday') },
    ]);
    const [delivery] = await listDeliveries(s.ctx.catalog, s.advertiserId);
    expect(delivery!.schedule_id).toBe(good.schedule_id);
  });
});

describe('SMTP failures', () => {
  test('4xx answers are retried with back-off (1 then 5 minutes), then the message is sent', async () => {
    await plainDaily();
    sink.failNext(2, 451, '4.3.0 Mailbox busy, try again later');
    const t0 = new Date('2026-04-10T12:00:00Z');
    const { created, sent } = await tickAt(t0);
    expect(sent).toEqual(['retrying']);
    let delivery = await getDelivery(s.ctx.catalog, created[0]!);
    expect(delivery.status).toBe('retrying');
    expect(delivery.next_attempt_at).toBe('2026-04-10T12:01:00.000Z');
    expect(delivery.last_error).toContain('451 4.3.0 Mailbox busy');

    // Not before its time.
    expect((await tickAt(new Date('2026-04-10T12:00:59Z'))).sent).toEqual([]);
    expect((await tickAt(new Date('2026-04-10T12:01:00Z'))).sent).toEqual(['retrying']);
    delivery = await getDelivery(s.ctx.catalog, created[0]!);
    expect(delivery.next_attempt_at).toBe('2026-04-10T12:06:00.000Z');
    expect((await tickAt(new Date('2026-04-10T12:05:00Z'))).sent).toEqual([]);
    expect((await tickAt(new Date('2026-04-10T12:06:00Z'))).sent).toEqual(['sent']);

    delivery = await getDelivery(s.ctx.catalog, created[0]!);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(delivery.attempt_log.map((a) => a.outcome)).toEqual(['retry', 'retry', 'sent']);
    expect(delivery.attempt_log[0]!.message).toContain('451');
    expect(sink.messages).toHaveLength(1);
  });

  test('a 5xx answer fails at once, with the server answer in the log', async () => {
    await plainDaily();
    sink.failNext(1, 550, '5.1.1 No such mailbox here');
    const { created, sent } = await tickAt(new Date('2026-04-10T12:00:00Z'));
    expect(sent).toEqual(['failed']);
    const delivery = await getDelivery(s.ctx.catalog, created[0]!);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(delivery.last_error).toContain('550 5.1.1 No such mailbox here');
    expect(delivery.recipients[0]).toMatchObject({ status: 'failed' });
    expect(delivery.attempt_log).toHaveLength(1);
    expect((await tickAt(new Date('2026-04-10T13:00:00Z'))).sent).toEqual([]);
    expect(sink.messages).toHaveLength(0);
  });

  test('an unreachable SMTP server is retried, then given up after five attempts', async () => {
    await plainDaily();
    const dead: EngineContext = { ...s.ctx, config: { ...s.ctx.config, smtpUrl: 'smtp://127.0.0.1:9' } };
    let at = Date.parse('2026-04-10T12:00:00Z');
    await scanDueSchedules(s.ctx.catalog, new Date(at));
    const outcomes = [];
    for (const wait of [0, 1, 5, 15, 60]) {
      at += wait * 60_000;
      outcomes.push(...(await sendReadyDeliveries(dead, { content, clock: () => new Date(at) })));
    }
    expect(outcomes).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'failed']);
    const [delivery] = await listDeliveries(s.ctx.catalog, s.advertiserId);
    expect(delivery!.status).toBe('failed');
    expect(delivery!.last_error).toContain('not reached');
    expect(delivery!.attempt_log.at(-1)!.message).toContain('Gave up after 5 attempts');
  });
});

describe('send now and the outbox', () => {
  test('send now is a delivery of its own; without SMTP it lands in the outbox', async () => {
    const schedule = await createSchedule(
      s.ctx.catalog,
      s.advertiserId,
      daily(),
      SYSTEM_ACTOR,
      new Date('2026-04-09T15:00:00Z'),
    );
    const outboxCtx: EngineContext = { ...s.ctx, config: { ...s.ctx.config, smtpUrl: null } };
    const delivery = await sendScheduleNow(outboxCtx, s.advertiserId, schedule.schedule_id, SYSTEM_ACTOR, {
      content,
      clock: () => new Date('2026-04-10T09:00:00Z'),
    });
    expect(delivery).toMatchObject({ status: 'sent', kind: 'send_now', transport: 'outbox' });
    expect(delivery.recipients[0]!.response).toBe(`written to the outbox as ${delivery.delivery_id}-0.eml`);
    // The scheduled send of the day is still made.
    expect((await tickAt(new Date('2026-04-10T12:00:00Z'))).created).toHaveLength(1);
  });
});

describe('saving a schedule', () => {
  test('names each bad field', async () => {
    await expect(
      createSchedule(
        s.ctx.catalog,
        s.advertiserId,
        {
          ...daily(),
          template_id: 'rt_nothere',
          recurrence: { every: 'weekly', weekdays: [] },
          recipients: { members: ['u_nobody'], emails: ['ok@example.com', 'not-an-address'] },
        },
        SYSTEM_ACTOR,
      ),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: expect.arrayContaining([
        expect.objectContaining({ field: 'body.template_id' }),
        expect.objectContaining({ field: 'body.recurrence.weekdays' }),
        expect.objectContaining({ field: 'body.recipients.members[0]' }),
        expect.objectContaining({ field: 'body.recipients.emails[1]' }),
      ]),
    });
  });

  test('takes any number of recipients', async () => {
    const emails = Array.from({ length: 250 }, (_, i) => `person${i}@example.com`);
    const schedule = await createSchedule(
      s.ctx.catalog,
      s.advertiserId,
      { ...daily(), recipients: { emails } },
      SYSTEM_ACTOR,
    );
    expect(schedule.recipients.emails).toHaveLength(250);
  });
});
