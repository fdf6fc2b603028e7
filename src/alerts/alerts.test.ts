// Alert rules end to end on a simulated advertiser (PGlite, DuckDB): episodes and the cool-down (a rule
// firing on three refreshes is one message; cleared and firing again within the cool-down is none, after
// it is a second), and the webhook — the real alert condition and Slack-shaped body — posted to a local
// HTTP receiver, retried when it answers 503.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type DeliveryStand, startDeliveryStand } from '../../test/helpers/delivery-stand.ts';
import type { SteerableContent } from '../../test/helpers/message-stand-ins.ts';
import type { SeededContext } from '../../test/helpers/seeded-context.ts';
import type { SmtpSink } from '../../test/helpers/smtp-sink.ts';
import { freePort } from '../../test/setup/free-port.ts';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { listInsights } from '../insights/states.ts';
import { messageContent } from '../schedules/content.ts';
import { getDelivery, listDeliveries } from '../schedules/deliveries.ts';
import { type EngineContext, sendReadyDeliveries } from '../schedules/engine.ts';
import { checkAlerts } from './check-alerts.ts';
import { createAlertRule, getAlertRule } from './rules.ts';

const NOW = Date.parse('2026-04-10T12:00:00Z');
let stand: DeliveryStand;
let s: SeededContext;
let sink: SmtpSink;
let engineCtx: EngineContext;
let content: SteerableContent;

beforeAll(async () => {
  stand = await startDeliveryStand({ days: 14, now: NOW });
  ({ seeded: s, sink, engineCtx, content } = stand);
}, 180_000);

afterAll(() => stand?.close());

beforeEach(() => stand.clear('alert_rules'));

const at = (hours: number) => new Date(NOW + hours * 3_600_000);

/** A data refresh at `when`: the alert check, then the sends it made ready. */
async function refresh(when: Date, using: typeof content | typeof messageContent = content) {
  const checked = await checkAlerts(s.ctx, using, when);
  expect(checked.problems).toEqual([]);
  const sent = await sendReadyDeliveries(engineCtx, { content: using, clock: () => when });
  return { opened: checked.opened.length, sent };
}

describe('an alert rule', () => {
  test('firing on three refreshes is one message; again within the cool-down none; after it, a second', async () => {
    const rule = await createAlertRule(
      s.ctx,
      content,
      s.advertiserId,
      {
        name: 'CPA runaway',
        watch: { kind: 'metric', condition: 'cost_per_conversion > 30 AND spend > 50', window_days: 3 },
        channels: { emails: ['ops@example.com'] },
        cooldown_hours: 6,
      },
      SYSTEM_ACTOR,
    );
    content.condition = { firing: true, values: { cost_per_conversion: 41.5, spend: 620 } };
    expect(await refresh(at(0))).toEqual({ opened: 1, sent: ['sent'] });
    expect(await refresh(at(0.1))).toEqual({ opened: 0, sent: [] });
    expect(await refresh(at(0.2))).toEqual({ opened: 0, sent: [] });
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.mail.subject).toContain('CPA runaway');
    expect((await getAlertRule(s.ctx.catalog, s.advertiserId, rule.alert_id)).state).toMatchObject({
      firing: true,
      firing_since: at(0).toISOString(),
      last_notified_at: at(0).toISOString(),
    });

    content.condition = { firing: false, values: { cost_per_conversion: 20, spend: 620 } };
    expect(await refresh(at(1))).toEqual({ opened: 0, sent: [] });
    expect((await getAlertRule(s.ctx.catalog, s.advertiserId, rule.alert_id)).state.firing).toBe(false);

    // Back within the 6-hour cool-down: still one message.
    content.condition = { firing: true, values: { cost_per_conversion: 45, spend: 700 } };
    expect(await refresh(at(2))).toEqual({ opened: 0, sent: [] });
    // Still firing when the cool-down has passed: the second problem is told.
    expect(await refresh(at(6.5))).toEqual({ opened: 1, sent: ['sent'] });
    expect(await refresh(at(7))).toEqual({ opened: 0, sent: [] });
    expect(sink.messages).toHaveLength(2);
    const deliveries = await listDeliveries(s.ctx.catalog, s.advertiserId, { alertId: rule.alert_id });
    expect(deliveries.map((d) => [d.kind, d.status])).toEqual([
      ['alert', 'sent'],
      ['alert', 'sent'],
    ]);
  });

  test('a paused rule is not checked', async () => {
    await createAlertRule(
      s.ctx,
      content,
      s.advertiserId,
      {
        name: 'Paused',
        watch: { kind: 'metric', condition: 'spend > 1' },
        channels: { emails: ['ops@example.com'] },
        paused: true,
      },
      SYSTEM_ACTOR,
    );
    content.condition = { firing: true, values: {} };
    expect(await refresh(at(0))).toEqual({ opened: 0, sent: [] });
  });
});

describe('the webhook', () => {
  test('gets the Slack-compatible JSON of the real condition check, retried after a 503', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];
    let failures = 1;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failures-- > 0) {
          res.writeHead(503).end('busy');
          return;
        }
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const rule = await createAlertRule(
        s.ctx,
        messageContent,
        s.advertiserId,
        {
          name: 'Spending',
          watch: { kind: 'metric', condition: 'spend > 1', window_days: 3 },
          channels: { webhook_url: `http://127.0.0.1:${port}/hook` },
        },
        SYSTEM_ACTOR,
      );
      expect(await refresh(at(0), messageContent)).toEqual({ opened: 1, sent: ['retrying'] });
      const [first] = await listDeliveries(s.ctx.catalog, s.advertiserId, { alertId: rule.alert_id });
      expect(first).toMatchObject({ status: 'retrying', transport: 'webhook' });
      expect(first!.last_error).toContain('HTTP 503 busy');

      expect(await refresh(at(1 / 60), messageContent)).toEqual({ opened: 0, sent: ['sent'] });
      expect(received).toHaveLength(1);
      const { headers, body } = received[0]!;
      expect(headers['content-type']).toBe('application/json');
      expect(body).toMatchObject({ text: expect.stringContaining('Spending'), blocks: expect.any(Array) });
      const delivery = await getDelivery(s.ctx.catalog, first!.delivery_id);
      expect(delivery.recipients[0]).toMatchObject({
        channel: 'webhook',
        status: 'sent',
        response: 'HTTP 200 ok',
      });
      expect(delivery.attempt_log.map((a) => a.outcome)).toEqual(['retry', 'sent']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('an insight rule', () => {
  test('fires on the open insights of its scope, as the insights list has them', async () => {
    const asOf = '2026-04-10';
    const { insights } = await listInsights(s.ctx, s.advertiserId, { asOf, nowMs: NOW });
    // The simulated advertiser has open insights that day: the rule has something to fire on.
    expect(insights.length).toBeGreaterThan(0);
    const all = await createAlertRule(
      s.ctx,
      messageContent,
      s.advertiserId,
      {
        name: 'Any insight',
        watch: { kind: 'insight', codes: [], min_severity: 'info' },
        channels: { emails: ['ops@example.com'] },
      },
      SYSTEM_ACTOR,
    );
    // One campaign's: its own insights and those of its ad groups and ads, found here through the catalog.
    const [campaign] = await s.ctx.catalog.query<{ campaign_id: string }>(
      'select campaign_id from campaigns where advertiser_id = $1 order by campaign_id limit 1',
      [s.advertiserId],
    );
    const owned = new Set(
      (
        await s.ctx.catalog.query<{ id: string }>(
          `select campaign_id as id from campaigns where campaign_id = $1
           union select adgroup_id from adgroups where campaign_id = $1
           union select ad_id from ads where campaign_id = $1`,
          [campaign!.campaign_id],
        )
      ).map((r) => r.id),
    );
    const scoped = await createAlertRule(
      s.ctx,
      messageContent,
      s.advertiserId,
      {
        name: 'Campaign insights',
        scope: { level: 'campaign', id: campaign!.campaign_id },
        watch: { kind: 'insight', codes: [], min_severity: 'info' },
        channels: { emails: ['ops@example.com'] },
      },
      SYSTEM_ACTOR,
    );
    await checkAlerts(s.ctx, messageContent, new Date(NOW));
    const fired = async (alertId: string) =>
      (await getAlertRule(s.ctx.catalog, s.advertiserId, alertId)).state.firing;
    expect(await fired(all.alert_id)).toBe(insights.length > 0);
    expect(await fired(scoped.alert_id)).toBe(insights.some((i) => owned.has(i.entity_id)));
    const [delivery] = await listDeliveries(s.ctx.catalog, s.advertiserId, { alertId: all.alert_id });
    const [row] = await s.ctx.catalog.query<{ payload: { notice: { values: { insights: number } } } }>(
      'select payload from deliveries where delivery_id = $1',
      [delivery!.delivery_id],
    );
    expect(row!.payload.notice.values.insights).toBe(insights.length);
  });
});
