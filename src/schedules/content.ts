// The message content the delivery engine sends: the composed report e-mail, the signed unsubscribe
// links, the alert e-mail and webhook body, and the alert condition check.
import { alertConditionProblems, checkAlertCondition } from '../alerts/condition.ts';
import { alertEmail, alertWebhookBody } from '../messages/alert-message.ts';
import { composeReportEmail } from '../messages/report-email.ts';
import { unsubscribeUrl, unsubscribedAmong } from '../messages/unsubscribe.ts';
import type { MessageContent } from './message-content.ts';

export const messageContent: MessageContent = {
  composeReportEmail,
  unsubscribeUrl,
  unsubscribedAmong,
  alertEmail,
  alertWebhookBody,
  checkAlertCondition,
  alertConditionProblems,
};
