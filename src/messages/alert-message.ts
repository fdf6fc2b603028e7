// What an alert says, by e-mail and by webhook: which rule fired where, the values it read against the
// condition's thresholds (or the insights it found), the days it looked at, and a link into the app. The
// webhook body is Slack's incoming-webhook JSON (`text` for notifications, `blocks` for the message),
// which Mattermost, Discord's Slack endpoint and most chat tools also accept.
import { periodLabel } from '../schedules/recurrence.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { Insight } from '../shared/insights-api.ts';
import type { ColumnFormat } from '../shared/reports-api.ts';
import { formatValue } from './format.ts';
import { escapeHtml as e } from './html.ts';

export interface AlertNotice {
  advertiserName: string;
  ruleName: string;
  /** "Whole account", or the campaign or ad group's name. */
  scopeName: string;
  /** One sentence on what happened, e.g. "CPA 34.20 and spend 61.00 over the last 3 days". */
  summary: string;
  /** Every metric the condition names, over the window; empty for an insight rule. */
  values: Record<string, number | null>;
  window: { start: string; end: string };
  /** For insight-watching rules: the insights that triggered it. */
  insights: Insight[];
  appUrl: string;
  /** The condition as written, shown beside the values so the reader sees the thresholds. */
  condition?: string;
  /** For money values; without it they are written as plain numbers. */
  currency?: string;
  /** Where the link leads: the advertiser's dashboard when known, the app's start page otherwise. */
  advertiserId?: string;
  /** Labels and formats of custom columns the condition names (catalog metrics are looked up). */
  columns?: Record<string, { label: string; format: ColumnFormat }>;
}

interface ValueLine {
  label: string;
  id: string;
  text: string;
}

function valueLines(notice: AlertNotice): ValueLine[] {
  return Object.entries(notice.values).map(([id, value]) => {
    const metric = findMetric(id);
    const custom = notice.columns?.[id];
    const label = custom?.label ?? metric?.label ?? id;
    const format: ColumnFormat = custom?.format ?? metric?.format ?? 'number';
    const money = format === 'money' && !notice.currency ? 'number' : format;
    return { id, label, text: formatValue(value, money, notice.currency ?? '') };
  });
}

function link(notice: AlertNotice): string {
  const base = notice.appUrl.replace(/\/+$/, '');
  return notice.advertiserId ? `${base}/?advertiser=${encodeURIComponent(notice.advertiserId)}` : `${base}/`;
}

const windowText = (notice: AlertNotice): string => periodLabel(notice.window.start, notice.window.end);

export function alertSubject(notice: AlertNotice): string {
  return `Alert: ${notice.ruleName} — ${notice.scopeName} (${notice.advertiserName})`;
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export function alertEmail(notice: AlertNotice): { subject: string; html: string; text: string } {
  const values = valueLines(notice);
  const url = link(notice);
  const text: string[] = [alertSubject(notice), '', notice.summary, `Days: ${windowText(notice)}`];
  if (notice.condition) text.push(`Condition: ${notice.condition}`);
  if (values.length > 0) {
    const width = Math.max(...values.map((v) => `${v.label} (${v.id})`.length));
    text.push('', 'VALUES', ...values.map((v) => `  ${`${v.label} (${v.id})`.padEnd(width)}  ${v.text}`));
  }
  if (notice.insights.length > 0) {
    text.push('', 'INSIGHTS');
    for (const i of notice.insights)
      text.push(`- ${i.entity_name} (${i.severity}, since ${i.since}): ${i.summary}`);
  }
  text.push('', `Open Adcockpit: ${url}`);

  const cell = 'padding:6px 8px;border-bottom:1px solid #eaecf0;font-size:13px';
  const valueRows = values
    .map(
      (v) =>
        `<tr><td style="${cell};color:#475467">${e(v.label)} <span style="color:#98a2b3">(${e(v.id)})</span></td><td align="right" style="${cell};font-weight:600;color:#101828">${e(v.text)}</td></tr>`,
    )
    .join('');
  const insightRows = notice.insights
    .map(
      (i) =>
        `<tr><td style="padding:8px 10px;border-left:3px solid ${i.severity === 'critical' ? '#b42318' : '#dc6803'};background:#fef3f2;font-size:13px;color:#101828"><strong>${e(i.entity_name)}</strong> <span style="color:#475467">(${e(i.severity)}, since ${e(i.since)})</span><br>${e(i.summary)}</td></tr>`,
    )
    .join('<tr><td style="height:6px;font-size:0;line-height:6px">&nbsp;</td></tr>');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${e(alertSubject(notice))}</title></head>
<body style="margin:0;padding:0;background:#f2f4f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f4f7"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="width:100%;max-width:560px;background:#ffffff;border:1px solid #eaecf0;border-top:3px solid #b42318;border-radius:6px">
<tr><td style="padding:20px;${FONT};color:#101828">
<div style="font-size:12px;color:#475467">${e(notice.advertiserName)} · ${e(notice.scopeName)}</div>
<h1 style="margin:2px 0 8px;font-size:18px;font-weight:600">${e(notice.ruleName)}</h1>
<p style="margin:0 0 4px;font-size:14px">${e(notice.summary)}</p>
<p style="margin:0 0 12px;font-size:12px;color:#475467">${e(windowText(notice))}${notice.condition ? ` · Condition: <code style="font-family:Menlo,Consolas,monospace">${e(notice.condition)}</code>` : ''}</p>
${values.length > 0 ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;${FONT}">${valueRows}</table>` : ''}
${notice.insights.length > 0 ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;${FONT}">${insightRows}</table>` : ''}
<p style="margin:16px 0 0"><a href="${e(url)}" style="display:inline-block;padding:8px 14px;background:#1f6feb;color:#ffffff;text-decoration:none;border-radius:6px;font-size:13px;font-weight:600">Open Adcockpit</a></p>
</td></tr></table>
</td></tr></table>
</body></html>
`;
  return { subject: alertSubject(notice), html, text: `${text.join('\n')}\n` };
}

/** Slack's mrkdwn treats these three as control characters. */
const mrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack's limits: a section's fields hold at most 10 entries, a text block 3000 characters. */
const MAX_FIELDS = 10;
const clip = (text: string, max = 3000): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function alertWebhookBody(notice: AlertNotice): unknown {
  const values = valueLines(notice);
  const url = link(notice);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`🔔 ${notice.ruleName}`, 150), emoji: true } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `*${mrkdwn(notice.advertiserName)}* · ${mrkdwn(notice.scopeName)}\n${mrkdwn(notice.summary)}`,
        ),
      },
    },
  ];
  if (values.length > 0) {
    blocks.push({
      type: 'section',
      fields: values
        .slice(0, MAX_FIELDS)
        .map((v) => ({ type: 'mrkdwn', text: clip(`*${mrkdwn(v.label)}*\n${mrkdwn(v.text)}`, 2000) })),
    });
  }
  if (notice.insights.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          notice.insights
            .map(
              (i) => `• *${mrkdwn(i.entity_name)}* (${i.severity}, since ${i.since}): ${mrkdwn(i.summary)}`,
            )
            .join('\n'),
        ),
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: clip(
          `${windowText(notice)}${notice.condition ? ` · Condition: \`${mrkdwn(notice.condition)}\`` : ''}`,
        ),
      },
    ],
  });
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open Adcockpit' }, url }],
  });
  return { text: clip(`${alertSubject(notice)}: ${notice.summary}`), blocks };
}
