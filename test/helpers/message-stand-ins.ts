// The delivery engine's message content for engine tests: the real report e-mail, and plain stand-ins
// for the parts a test wants to steer (an alert condition that fires when told, a recorded unsubscribe
// list). The stand-ins keep the shapes of the real functions.
import { composeReportEmail } from '../../src/messages/report-email.ts';
import type { AlertNotice, MessageContent } from '../../src/schedules/message-content.ts';

export interface SteerableContent extends MessageContent {
  /** What the next alert checks answer. */
  condition: { firing: boolean; values: Record<string, number | null> };
  unsubscribed: Set<string>;
}

export function steerableContent(): SteerableContent {
  const content: SteerableContent = {
    condition: { firing: false, values: {} },
    unsubscribed: new Set(),
    composeReportEmail,
    unsubscribeUrl: async (_db, appUrl, scheduleId, email) =>
      `${appUrl}/unsubscribe?schedule=${scheduleId}&email=${encodeURIComponent(email)}`,
    unsubscribedAmong: async (_db, _scheduleId, emails) =>
      new Set(emails.filter((e) => content.unsubscribed.has(e))),
    alertEmail: (n: AlertNotice) => ({
      subject: `Alert: ${n.ruleName} (${n.scopeName})`,
      html: `<p>${n.summary}</p>`,
      text: n.summary,
    }),
    alertWebhookBody: (n: AlertNotice) => ({
      text: `${n.ruleName}: ${n.summary}`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${n.ruleName}* ${n.summary}` } }],
    }),
    checkAlertCondition: async (_ctx, _rule, asOf) => ({
      firing: content.condition.firing,
      values: content.condition.values,
      window: { start: asOf, end: asOf },
    }),
    alertConditionProblems: async (_ctx, _advertiserId, condition) =>
      condition.includes('nonsense')
        ? [{ field: '', message: 'unknown metric "nonsense"', position: 0, length: 8 }]
        : [],
  };
  return content;
}
