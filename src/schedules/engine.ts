// The delivery engine as the server, the API and the CLI use it: sends the deliveries that are ready,
// makes "send now" deliveries and sends them at once, and previews a schedule's message. Everything it
// needs comes from the app context and the catalog (mail settings included), so any process sharing the
// catalog can do the work; the leases in the deliveries table decide which one does.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Actor } from '../access/audit.ts';
import { audit } from '../access/audit.ts';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../core/errors.ts';
import { withImagesInline } from '../mail/inline-images.ts';
import { effectiveMailConfig } from '../mail/settings.ts';
import { openMailTransport } from '../mail/transport.ts';
import type { Delivery } from '../shared/schedules-api.ts';
import { claimDelivery, getDelivery, insertDelivery } from './deliveries.ts';
import type { MessageContent } from './message-content.ts';
import { lastSendAtOrBefore, reportPeriod } from './recurrence.ts';
import { resolveAddresses } from './recipients.ts';
import { getScheduleRow, timingOf } from './schedules.ts';
import { type SendEnv, type SendResult, sendClaimed } from './send.ts';

/** Names this process in the leases it takes, so the log can tell processes apart. */
export const PROCESS_OWNER = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** How long a process may hold a delivery before another may take it over; renewed after each recipient. */
export const DEFAULT_LEASE_MS = 5 * 60_000;

export type EngineContext = Pick<AppContext, 'catalog' | 'facts' | 'config'>;

export interface EngineOptions {
  content: MessageContent;
  clock?: () => Date;
  leaseMs?: number;
  owner?: string;
  /** The app's address for links when neither ADCOCKPIT_PUBLIC_URL nor the settings give one. */
  fallbackAppUrl?: string;
}

const fallbackUrl = (ctx: EngineContext, options: EngineOptions): string =>
  options.fallbackAppUrl ?? `http://localhost:${ctx.config.port}`;

async function withSendEnv<T>(
  ctx: EngineContext,
  options: EngineOptions,
  fn: (env: SendEnv) => Promise<T>,
): Promise<T> {
  const mail = await effectiveMailConfig(ctx.catalog, ctx.config, fallbackUrl(ctx, options));
  const transport = openMailTransport(mail.smtpUrl, ctx.config.dataDir);
  try {
    return await fn({
      db: ctx.catalog,
      content: options.content,
      contentContext: { catalog: ctx.catalog, facts: ctx.facts },
      mail: { transport, from: mail.from, appUrl: mail.appUrl },
      owner: options.owner ?? PROCESS_OWNER,
      clock: options.clock ?? (() => new Date()),
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    });
  } finally {
    transport.close();
  }
}

/** Sends deliveries that are ready, one after another, until none is left (or `max` were tried). */
export async function sendReadyDeliveries(
  ctx: EngineContext,
  options: EngineOptions,
  max = 100,
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  await withSendEnv(ctx, options, async (env) => {
    while (results.length < max) {
      const claimed = await claimDelivery(env.db, env.owner, env.clock(), env.leaseMs);
      if (!claimed) break;
      results.push(await sendClaimed(claimed, env));
    }
  });
  return results;
}

/** Sends one delivery now if it is ready and nobody else holds it; answers it as it then stands. */
export async function sendDeliveryNow(
  ctx: EngineContext,
  deliveryId: string,
  options: EngineOptions,
): Promise<Delivery> {
  await withSendEnv(ctx, options, async (env) => {
    const claimed = await claimDelivery(env.db, env.owner, env.clock(), env.leaseMs, deliveryId);
    if (claimed) await sendClaimed(claimed, env);
  });
  return getDelivery(ctx.catalog, deliveryId);
}

/**
 * "Send now": a delivery of its own (its key is unique to the request, so it never stands in for the
 * scheduled one) over the period the schedule's last send covered, sent at once. A failed first attempt
 * is retried by the scheduler like any other.
 */
export async function sendScheduleNow(
  ctx: EngineContext,
  advertiserId: string,
  scheduleId: string,
  actor: Actor,
  options: EngineOptions,
): Promise<Delivery> {
  const now = options.clock?.() ?? new Date();
  const deliveryId = await ctx.catalog.transaction(async (tx) => {
    const row = await getScheduleRow(tx, advertiserId, scheduleId);
    const [advertiser] = await tx.query<{ timezone: string }>(
      'select timezone from advertisers where advertiser_id = $1',
      [advertiserId],
    );
    const addresses = await resolveAddresses(tx, advertiserId, {
      members: row.member_ids,
      emails: row.emails,
    });
    if (addresses.length === 0) {
      throw new AppError(
        'validation_failed',
        'This schedule has no recipient who may receive it; add one first.',
        [{ field: 'recipients', message: 'no recipient left' }],
      );
    }
    const id = await insertDelivery(tx, {
      advertiserId,
      kind: 'send_now',
      scheduleId,
      dedupeKey: `now:${scheduleId}:${randomBytes(8).toString('hex')}`,
      scheduledFor: now,
      payload: {
        type: 'report',
        schedule_id: scheduleId,
        template_id: row.template_id,
        period: reportPeriod(row.relative_range, now, advertiser!.timezone),
        attach: row.attach,
        team: addresses.filter((a) => a.team).map((a) => a.address),
      },
      recipients: addresses.map((a) => ({ address: a.address, channel: 'email' as const })),
      now,
    });
    await audit(tx, actor, {
      action: 'schedule.send_now',
      targetType: 'schedule',
      targetId: scheduleId,
      advertiserId,
    });
    return id!;
  });
  return sendDeliveryNow(ctx, deliveryId, options);
}

/** The schedule's e-mail as an outside recipient would see it, over the period of its last send (HTML). */
export async function previewSchedule(
  ctx: EngineContext,
  advertiserId: string,
  scheduleId: string,
  options: EngineOptions,
): Promise<{ subject: string; html: string; text: string }> {
  const row = await getScheduleRow(ctx.catalog, advertiserId, scheduleId);
  const [advertiser] = await ctx.catalog.query<{ timezone: string }>(
    'select timezone from advertisers where advertiser_id = $1',
    [advertiserId],
  );
  const now = options.clock?.() ?? new Date();
  const sendAt = lastSendAtOrBefore(timingOf(row, advertiser!.timezone), now) ?? now;
  const mail = await effectiveMailConfig(ctx.catalog, ctx.config, fallbackUrl(ctx, options));
  const email = await options.content.composeReportEmail(
    { catalog: ctx.catalog, facts: ctx.facts },
    {
      advertiserId,
      templateId: row.template_id,
      period: reportPeriod(row.relative_range, sendAt, advertiser!.timezone),
      attach: row.attach,
      appUrl: mail.appUrl,
    },
  );
  const rendered = email.render({ unsubscribeUrl: null });
  return {
    subject: email.subject,
    html: withImagesInline(rendered.html, email.attachments),
    text: rendered.text,
  };
}
