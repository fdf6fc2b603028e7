// Sends one claimed delivery: composes its message, sends it to each recipient not yet done (recording
// each outcome as soon as it is known, so a retry or a process taking over never sends a recipient twice
// except in the moment between the server's acceptance and that record), and ends the attempt as sent,
// retrying (with back-off) or failed — with the server's answer in the log either way.
import { AppError } from '../core/errors.ts';
import { postWebhook } from '../mail/webhook.ts';
import { DeliveryError, type MailTransport } from '../mail/transport.ts';
import type { RecipientOutcome } from '../shared/schedules-api.ts';
import {
  BACKOFF_MINUTES,
  type ClaimedDelivery,
  MAX_ATTEMPTS,
  describeAttempt,
  endAttempt,
  recordRecipient,
} from './deliveries.ts';
import type { ContentContext, MessageContent } from './message-content.ts';
import type { CatalogDb } from '../catalog/db.ts';

export interface SendEnv {
  db: CatalogDb;
  content: MessageContent;
  contentContext: ContentContext;
  /** The mail transport of this attempt (SMTP or outbox) and the From and app addresses. */
  mail: { transport: MailTransport; from: string; appUrl: string };
  owner: string;
  clock: () => Date;
  leaseMs: number;
}

interface Message {
  subject: string;
  /** The e-mail for a recipient; webhook recipients take `webhookBody`. */
  email(address: string): Promise<{ html: string; text: string; headers?: Record<string, string> }>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  webhookBody: unknown;
  /** Addresses that asked not to get this schedule any more. */
  unsubscribed: Set<string>;
}

async function composeMessage(delivery: ClaimedDelivery, env: SendEnv): Promise<Message> {
  const payload = delivery.payload;
  if (payload.type === 'report') {
    const report = await env.content.composeReportEmail(env.contentContext, {
      advertiserId: delivery.advertiser_id,
      templateId: payload.template_id,
      period: payload.period,
      attach: payload.attach,
      appUrl: env.mail.appUrl,
    });
    const outsiders = delivery.recipients.map((r) => r.address).filter((a) => !payload.team.includes(a));
    const unsubscribed = outsiders.length
      ? await env.content.unsubscribedAmong(env.db, payload.schedule_id, outsiders)
      : new Set<string>();
    return {
      subject: report.subject,
      attachments: report.attachments,
      webhookBody: null,
      unsubscribed,
      async email(address) {
        if (payload.team.includes(address)) return report.render({ unsubscribeUrl: null });
        const url = await env.content.unsubscribeUrl(env.db, env.mail.appUrl, payload.schedule_id, address);
        return {
          ...report.render({ unsubscribeUrl: url }),
          headers: {
            'List-Unsubscribe': `<${url}>`,
            // RFC 8058: mail programs may unsubscribe with one POST, without opening a page.
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        };
      },
    };
  }
  const notice = { ...payload.notice, appUrl: env.mail.appUrl };
  const mail = env.content.alertEmail(notice);
  return {
    subject: mail.subject,
    attachments: [],
    webhookBody: env.content.alertWebhookBody(notice),
    unsubscribed: new Set(),
    email: async () => ({ html: mail.html, text: mail.text }),
  };
}

async function sendOne(
  delivery: ClaimedDelivery,
  index: number,
  recipient: RecipientOutcome,
  message: Message,
  env: SendEnv,
): Promise<string> {
  const key = `${delivery.delivery_id}-${index}`;
  if (recipient.channel === 'webhook')
    return (await postWebhook(recipient.address, message.webhookBody, key)).response;
  const body = await message.email(recipient.address);
  const sent = await env.mail.transport.send({
    key,
    from: env.mail.from,
    to: recipient.address,
    subject: message.subject,
    html: body.html,
    text: body.text,
    attachments: message.attachments,
    headers: body.headers,
  });
  return sent.response;
}

export type SendResult = 'sent' | 'retrying' | 'failed' | 'lease_lost';

/** Sends a delivery this process holds the lease on. Never throws for a failed send: it is logged. */
export async function sendClaimed(delivery: ClaimedDelivery, env: SendEnv): Promise<SendResult> {
  const attempt = delivery.attempts;
  const log: { attempt: number; at: string; outcome: 'sent' | 'retry' | 'failed'; message: string }[] = [];
  if (delivery.previous_status === 'sending') {
    // The last attempt's process stopped (or lost its lease) before it could say how it went.
    log.push({
      attempt: attempt - 1,
      at: env.clock().toISOString(),
      outcome: 'retry',
      message:
        'Interrupted: the sending process stopped before finishing; resumed with the recipients not yet done.',
    });
  }
  const end = async (
    status: 'sent' | 'retrying' | 'failed',
    message: string,
    extra: { lastError?: string | null; nextAttemptAt?: Date | null; failPending?: string } = {},
  ): Promise<SendResult> => {
    const now = env.clock();
    log.push({ attempt, at: now.toISOString(), outcome: status === 'retrying' ? 'retry' : status, message });
    const ours = await endAttempt(env.db, delivery.delivery_id, env.owner, {
      status,
      log,
      lastError: extra.lastError ?? null,
      nextAttemptAt: extra.nextAttemptAt ?? null,
      sentAt: status === 'sent' ? now : null,
      failPending: extra.failPending,
    });
    return ours ? status : 'lease_lost';
  };
  const retryOrFail = (error: string): Promise<SendResult> => {
    if (attempt >= MAX_ATTEMPTS) {
      return end('failed', `Gave up after ${attempt} attempts: ${error}`, {
        lastError: error,
        failPending: error,
      });
    }
    const minutes = BACKOFF_MINUTES[attempt - 1]!;
    return end('retrying', `${error} — trying again in ${minutes} min.`, {
      lastError: error,
      nextAttemptAt: new Date(env.clock().getTime() + minutes * 60_000),
    });
  };

  let message: Message;
  try {
    message = await composeMessage(delivery, env);
  } catch (error) {
    // A message that cannot be built (its template deleted, say) will not build on a retry either.
    if (error instanceof AppError) {
      const text = `The message could not be composed: ${error.message}`;
      return end('failed', text, { lastError: text, failPending: text });
    }
    return retryOrFail(`The message could not be composed: ${(error as Error).message}`);
  }
  const usesMail = delivery.recipients.some((r) => r.channel === 'email');
  await describeAttempt(
    env.db,
    delivery.delivery_id,
    env.owner,
    message.subject,
    usesMail ? env.mail.transport.kind : 'webhook',
  );

  let transient: string | null = null;
  const outcomes = [...delivery.recipients];
  for (const [index, recipient] of delivery.recipients.entries()) {
    if (recipient.status !== 'pending') continue;
    let outcome: RecipientOutcome;
    if (message.unsubscribed.has(recipient.address)) {
      outcome = {
        ...recipient,
        status: 'unsubscribed',
        response: 'unsubscribed from this schedule',
        at: env.clock().toISOString(),
      };
    } else {
      try {
        const response = await sendOne(delivery, index, recipient, message, env);
        outcome = { ...recipient, status: 'sent', response, at: env.clock().toISOString() };
      } catch (error) {
        const failure =
          error instanceof DeliveryError
            ? error
            : new DeliveryError((error as Error).message ?? String(error), false);
        const text = `${recipient.address}: ${failure.response}`;
        if (failure.permanent) {
          outcome = {
            ...recipient,
            status: 'failed',
            response: failure.response,
            at: env.clock().toISOString(),
          };
        } else {
          transient ??= text;
          // Stays pending for the next attempt; the answer is kept to show why.
          outcome = { ...recipient, response: failure.response, at: env.clock().toISOString() };
        }
      }
    }
    outcomes[index] = outcome;
    const leaseUntil = new Date(env.clock().getTime() + env.leaseMs);
    if (!(await recordRecipient(env.db, delivery.delivery_id, env.owner, index, outcome, leaseUntil))) {
      return 'lease_lost';
    }
  }
  if (transient) return retryOrFail(transient);
  if (outcomes.length === 0) {
    const text =
      'No recipient left: the team members named no longer see this advertiser and no other address is set.';
    return end('failed', text, { lastError: text });
  }
  // Every recipient is done; one refused for good (an SMTP 5xx, say) makes the delivery failed, with the
  // server's answer, while the others keep their "sent".
  const refused = outcomes.filter((r) => r.status === 'failed');
  if (refused.length > 0) {
    const text = refused.map((r) => `${r.address}: ${r.response}`).join('; ');
    return end('failed', `Refused for ${refused.length} of ${outcomes.length} recipients — ${text}`, {
      lastError: text,
    });
  }
  const sent = outcomes.filter((r) => r.status === 'sent').length;
  const skipped = outcomes.length - sent;
  return end(
    'sent',
    `Delivered to ${sent} recipient${sent === 1 ? '' : 's'}${skipped ? ` (${skipped} unsubscribed)` : ''}.`,
  );
}
