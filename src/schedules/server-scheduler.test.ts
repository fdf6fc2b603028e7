// The scheduler as the server runs it: a schedule whose sends were missed while the server was stopped is
// sent once when it starts again (the first tick is the catch-up), and the server stops cleanly.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { type SmtpSink, startSmtpSink } from '../../test/helpers/smtp-sink.ts';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { openAppContext } from '../app-context.ts';
import { listAdvertisers } from '../catalog/advertisers.ts';
import { listReportTemplates } from '../catalog/report-templates.ts';
import { readConfig } from '../core/config.ts';
import { startServer } from '../server/start.ts';
import { listDeliveries } from './deliveries.ts';
import { createSchedule } from './schedules.ts';

let sink: SmtpSink;
const dataDir = tempDir('adcockpit-scheduler-');

beforeAll(async () => {
  sink = await startSmtpSink();
});

afterAll(async () => {
  await sink?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a server that was down at send time sends the missed report once when it starts', async () => {
  // Ticks far apart: only the start-up tick can send within this test.
  const config = { ...readConfig({}), smtpUrl: sink.url, schedulerTickMs: 600_000 };
  const first = await startServer({ port: 0, host: '127.0.0.1', dataDir, seedDays: 2, config });
  const [advertiser] = await listAdvertisers(first.ctx.catalog);
  const [template] = await listReportTemplates(first.ctx.catalog, advertiser!.advertiser_id);
  const schedule = await createSchedule(
    first.ctx.catalog,
    advertiser!.advertiser_id,
    {
      template_id: template!.template_id,
      recurrence: { every: 'daily' },
      range: 'yesterday',
      recipients: { emails: ['team@example.com'] },
    },
    SYSTEM_ACTOR,
  );
  await first.close();
  expect(sink.messages).toHaveLength(0);

  // While it was down, three days of sends came and went.
  const ctx = await openAppContext({ ...config, dataDir });
  await ctx.catalog.query(
    `update report_schedules set next_send_at = now() - interval '3 days' where schedule_id = $1`,
    [schedule.schedule_id],
  );
  await ctx.close();

  const again = await startServer({ port: 0, host: '127.0.0.1', dataDir, config });
  try {
    await sink.waitFor(1, 120_000);
  } finally {
    // Stopping waits for the running tick: the delivery's outcome is recorded by then.
    await again.close();
  }
  const after = await openAppContext({ ...config, dataDir });
  try {
    const deliveries = await listDeliveries(after.catalog, advertiser!.advertiser_id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'sent', kind: 'schedule', attempts: 1 });
  } finally {
    await after.close();
  }
  expect(sink.messages.map((m) => m.to[0])).toEqual(['team@example.com']);
}, 300_000);
