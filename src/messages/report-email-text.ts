// The plain-text alternative of the report e-mail: the same facts as the HTML (KPIs with their change,
// the table's top rows in aligned columns, the insights, the link), for clients and readers without HTML.
import { periodLabel } from '../schedules/recurrence.ts';
import { formatValue } from './format.ts';
import { kpiChangeText, readableColumns } from './report-email-html.ts';
import type { ReportEmailContent } from './report-email-content.ts';

/** Cells wider than this are cut with an ellipsis, so a long campaign name does not wrap every line. */
const MAX_CELL = 32;

const clip = (text: string): string => (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text);

function textTable(content: ReportEmailContent): string[] {
  const { table, currency } = content;
  const columns = readableColumns(table.columns);
  const lines: string[][] = [columns.map((c) => clip(c.label))];
  for (const row of table.rows)
    lines.push(columns.map((c) => clip(formatValue(row[c.id], c.format, currency))));
  if (table.totals) {
    lines.push(
      columns.map((c, i) =>
        i === 0 ? 'Total' : c.kind === 'metric' ? formatValue(table.totals![c.id], c.format, currency) : '',
      ),
    );
  }
  const widths = columns.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => (columns[i]!.kind === 'metric' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [render(lines[0]!), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const line of lines.slice(1)) out.push(render(line));
  if (table.rows.length === 0) out.push('No rows for this period.');
  return out;
}

export function reportEmailText(content: ReportEmailContent, unsubscribeUrl: string | null): string {
  const { period, table, currency } = content;
  const out: string[] = [
    `${content.advertiserName}: ${content.templateName}`,
    `${period.label}, compared with ${periodLabel(period.previous.start, period.previous.end)}.`,
    '',
    'KEY FIGURES',
  ];
  const values = content.kpis.map((k) => formatValue(k.value, k.format, currency));
  const labelWidth = Math.max(...content.kpis.map((k) => k.label.length), 0);
  const valueWidth = Math.max(...values.map((v) => v.length), 0);
  content.kpis.forEach((kpi, i) => {
    out.push(
      `  ${kpi.label.padEnd(labelWidth)}  ${values[i]!.padStart(valueWidth)}  ${kpiChangeText(kpi, currency)}`,
    );
  });
  out.push('', 'REPORT');
  if (table.total > table.shown) out.push(`The first ${table.shown} of ${table.total} rows.`);
  out.push(...textTable(content), '', `Full report: ${content.reportUrl}`, '', 'NEEDS ATTENTION');
  if (content.insights.length === 0) out.push('No open critical insights.');
  for (const insight of content.insights) {
    out.push(
      `- ${insight.entity_name} (${insight.level === 'adgroup' ? 'ad group' : insight.level}, since ${insight.since}): ${insight.summary}`,
    );
    out.push(`  ${insight.recommendation}`);
  }
  if (content.moreInsights > 0) out.push(`${content.moreInsights} more: ${content.insightsUrl}`);
  if (content.attachmentNames.length > 0) out.push('', `Attached: ${content.attachmentNames.join(', ')}`);
  out.push('', '--', `Sent by Adcockpit on a schedule for ${content.advertiserName}.`);
  if (unsubscribeUrl) out.push(`Unsubscribe from this report: ${unsubscribeUrl}`);
  return `${out.join('\n')}\n`;
}
