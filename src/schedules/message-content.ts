// What the delivery engine asks of the message content: the composed report e-mail, the unsubscribe links
// and list, and the alert e-mail and webhook body. The engine takes them as one object so that it depends
// on what a message is, not on how it is drawn; `content.ts` gives the real ones.
import type { Queryable } from '../catalog/db.ts';
import type { ErrorDetail } from '../core/errors.ts';
import type { Insight } from '../shared/insights-api.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import type { ReportPeriod } from './recurrence.ts';

export interface ComposedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** An image the HTML shows inline (`<img src="cid:…">`). */
  cid?: string;
}

export interface ComposedReport {
  subject: string;
  attachments: ComposedAttachment[];
  render(recipient: { unsubscribeUrl: string | null }): { html: string; text: string };
}

export interface AlertNotice {
  advertiserName: string;
  ruleName: string;
  scopeName: string;
  summary: string;
  values: Record<string, number | null>;
  window: { start: string; end: string };
  insights: Insight[];
  appUrl: string;
}

export interface ContentContext {
  catalog: Queryable;
  facts: FactStore;
}

export interface AlertCheckRule {
  advertiserId: string;
  scope: { level: 'advertiser' | 'campaign' | 'adgroup'; id: string | null };
  condition: string;
  windowDays: number;
}

export interface AlertCheck {
  firing: boolean;
  values: Record<string, number | null>;
  window: { start: string; end: string };
}

export interface MessageContent {
  composeReportEmail(
    ctx: ContentContext,
    input: {
      advertiserId: string;
      templateId: string;
      period: ReportPeriod;
      attach: ('csv' | 'xlsx')[];
      appUrl: string;
    },
  ): Promise<ComposedReport>;
  unsubscribeUrl(db: Queryable, appUrl: string, scheduleId: string, email: string): Promise<string>;
  unsubscribedAmong(db: Queryable, scheduleId: string, emails: string[]): Promise<Set<string>>;
  alertEmail(notice: AlertNotice): { subject: string; html: string; text: string };
  alertWebhookBody(notice: AlertNotice): unknown;
  checkAlertCondition(ctx: ContentContext, rule: AlertCheckRule, asOf: string): Promise<AlertCheck>;
  alertConditionProblems(
    ctx: ContentContext,
    advertiserId: string,
    condition: string,
  ): Promise<ErrorDetail[]>;
}
