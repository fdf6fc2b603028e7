// The report e-mail as HTML that mail clients render alike (Gmail, Outlook, Apple Mail): nested tables
// for layout, every style inline, system fonts, no scripts, no external images (the chart is a CID
// attachment), at most 640 px wide.
import type { ReportColumn } from '../shared/reports-api.ts';
import { NO_CHANGE, formatChange, formatValue } from './format.ts';
import { periodLabel } from '../schedules/recurrence.ts';
import { escapeHtml as e } from './html.ts';
import type { Kpi, ReportEmailContent } from './report-email-content.ts';

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK = '#101828';
const MUTED = '#475467';
const LINE = '#eaecf0';
const LINK = '#1f6feb';
const TONE = { good: '#067647', bad: '#b42318', neutral: MUTED } as const;

/** The columns worth reading in mail: a campaign's name rather than its id when both are there. */
export function readableColumns(columns: ReportColumn[]): ReportColumn[] {
  const ids = new Set(columns.map((c) => c.id));
  return columns.filter((c) => !(c.kind === 'dimension' && ids.has(`${c.id}_name`)));
}

export function kpiChangeText(kpi: Kpi, currency: string): string {
  if (kpi.change === null)
    return kpi.previous === null
      ? 'no previous value'
      : `was ${formatValue(kpi.previous, kpi.format, currency)}`;
  const arrow = Math.abs(kpi.change) < NO_CHANGE ? '■' : kpi.change > 0 ? '▲' : '▼';
  return `${arrow} ${formatChange(kpi.change)} vs ${formatValue(kpi.previous, kpi.format, currency)}`;
}

function kpiCell(kpi: Kpi, currency: string): string {
  return `<td width="33%" valign="top" style="padding:10px 12px;border:1px solid ${LINE};${FONT}">
<div style="font-size:12px;color:${MUTED}">${e(kpi.label)}</div>
<div style="font-size:20px;font-weight:600;color:${INK};padding:2px 0">${e(formatValue(kpi.value, kpi.format, currency))}</div>
<div style="font-size:12px;color:${TONE[kpi.tone]}">${e(kpiChangeText(kpi, currency))}</div>
</td>`;
}

function kpiGrid(content: ReportEmailContent): string {
  const rows: string[] = [];
  for (let i = 0; i < content.kpis.length; i += 3) {
    const cells = content.kpis.slice(i, i + 3).map((k) => kpiCell(k, content.currency));
    while (cells.length < 3) cells.push('<td width="33%"></td>');
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">${rows.join('')}</table>`;
}

function reportTable(content: ReportEmailContent): string {
  const { table, currency } = content;
  const columns = readableColumns(table.columns);
  const align = (c: ReportColumn) => (c.kind === 'metric' ? 'right' : 'left');
  const cell = (c: ReportColumn, value: string | number | null | undefined, bold = false) =>
    `<td align="${align(c)}" style="padding:6px 8px;border-bottom:1px solid ${LINE};font-size:12px;color:${INK};${bold ? 'font-weight:600;' : ''}white-space:nowrap">${e(formatValue(value, c.format, currency))}</td>`;
  const head = columns
    .map(
      (c) =>
        `<th align="${align(c)}" style="padding:6px 8px;border-bottom:2px solid #d0d5dd;font-size:12px;color:${MUTED};font-weight:600;white-space:nowrap">${e(c.label)}</th>`,
    )
    .join('');
  const body = table.rows
    .map((row) => `<tr>${columns.map((c) => cell(c, row[c.id])).join('')}</tr>`)
    .join('\n');
  const totals = table.totals
    ? `<tr>${columns
        .map((c, i) =>
          i === 0
            ? cell(c, 'Total', true)
            : c.kind === 'metric'
              ? cell(c, table.totals![c.id], true)
              : cell(c, '', true),
        )
        .join('')}</tr>`
    : '';
  const empty =
    table.rows.length === 0
      ? `<tr><td colspan="${columns.length}" style="padding:10px 8px;font-size:12px;color:${MUTED}">No rows for this period.</td></tr>`
      : '';
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;${FONT}">
<tr>${head}</tr>
${body}${empty}
${totals}
</table>`;
}

function insightList(content: ReportEmailContent): string {
  if (content.insights.length === 0) {
    return `<p style="margin:0;font-size:13px;color:${MUTED}">No open critical insights.</p>`;
  }
  const items = content.insights
    .map(
      (i) => `<tr><td style="padding:8px 10px;border-left:3px solid ${TONE.bad};background:#fef3f2;${FONT}">
<div style="font-size:13px;color:${INK}"><strong>${e(i.entity_name)}</strong> <span style="color:${MUTED}">(${e(i.level === 'adgroup' ? 'ad group' : i.level)}, since ${e(i.since)})</span></div>
<div style="font-size:13px;color:${INK};padding-top:2px">${e(i.summary)}</div>
<div style="font-size:12px;color:${MUTED};padding-top:2px">${e(i.recommendation)}</div>
</td></tr><tr><td style="height:6px;line-height:6px;font-size:0">&nbsp;</td></tr>`,
    )
    .join('\n');
  const more =
    content.moreInsights > 0
      ? `<p style="margin:4px 0 0;font-size:12px"><a href="${e(content.insightsUrl)}" style="color:${LINK}">${content.moreInsights} more in Adcockpit</a></p>`
      : '';
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">${items}</table>${more}`;
}

const heading = (text: string): string =>
  `<h2 style="margin:24px 0 8px;font-size:15px;font-weight:600;color:${INK};${FONT}">${e(text)}</h2>`;

export function reportEmailHtml(content: ReportEmailContent, unsubscribeUrl: string | null): string {
  const { period, table } = content;
  const previous = periodLabel(period.previous.start, period.previous.end);
  const rowsNote = table.total > table.shown ? `The first ${table.shown} of ${table.total} rows. ` : '';
  const attached =
    content.attachmentNames.length > 0
      ? `<p style="margin:16px 0 0;font-size:12px;color:${MUTED}">Attached: ${content.attachmentNames.map(e).join(', ')}</p>`
      : '';
  const unsubscribe = unsubscribeUrl
    ? ` <a href="${e(unsubscribeUrl)}" style="color:${MUTED}">Unsubscribe from this report</a>.`
    : '';
  const chart = content.chart
    ? `${heading('By day')}<img src="cid:${e(content.chart.cid)}" width="${content.chart.width}" height="${content.chart.height}" alt="${e(content.chart.alt)}" style="display:block;width:100%;max-width:${content.chart.width}px;height:auto;border:0">`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(`${content.templateName}, ${period.label}`)}</title></head>
<body style="margin:0;padding:0;background:#f2f4f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f4f7"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid ${LINE};border-radius:6px">
<tr><td style="padding:20px 20px 24px;${FONT};color:${INK}">
<div style="font-size:12px;color:${MUTED}">${e(content.advertiserName)}</div>
<h1 style="margin:2px 0 4px;font-size:20px;font-weight:600;color:${INK}">${e(content.templateName)}</h1>
<p style="margin:0 0 16px;font-size:13px;color:${MUTED}">${e(period.label)}, compared with ${e(previous)}.</p>
${kpiGrid(content)}
${chart}
${heading('Report')}
${reportTable(content)}
<p style="margin:8px 0 0;font-size:12px;color:${MUTED}">${rowsNote}<a href="${e(content.reportUrl)}" style="color:${LINK}">Open the full report in Adcockpit</a></p>
${heading('Needs attention')}
${insightList(content)}
${attached}
</td></tr></table>
<p style="margin:12px 0 0;font-size:11px;color:#98a2b3;${FONT}">Sent by Adcockpit on a schedule for ${e(content.advertiserName)}.${unsubscribe}</p>
</td></tr></table>
</body></html>
`;
}
