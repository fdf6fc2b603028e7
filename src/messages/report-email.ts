// A scheduled report as an e-mail: the saved template run over the schedule's period through the semantic
// layer (the same queryReport the Reporting tab and the exports use), with its KPIs against the previous
// period, the main metric by day as a PNG, the table's top rows, the advertiser's open critical insights
// and the full report attached as CSV and/or XLSX (the exports' own renderer). Composed once per delivery;
// `render` adds what differs per recipient (the unsubscribe link of an outside address).
import { getAdvertiser } from '../catalog/advertisers.ts';
import type { Queryable } from '../catalog/db.ts';
import { getReportTemplate } from '../catalog/report-templates.ts';
import { eachDate } from '../core/dates.ts';
import { notFound } from '../core/errors.ts';
import { renderExport } from '../delivery/export-report.ts';
import { listInsights } from '../insights/states.ts';
import { findMetric } from '../metrics/catalog.ts';
import { queryReport } from '../reports/query-report.ts';
import { templateQuery } from '../reports/templates.ts';
import type { ReportPeriod } from '../schedules/recurrence.ts';
import type { ReportDefinition, ReportFilter, ReportQueryResponse } from '../shared/reports-api.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
import { CHART_HEIGHT, CHART_WIDTH, chartPng } from './chart-image.ts';
import { NO_CHANGE, relativeChange } from './format.ts';
import { reportEmailHtml } from './report-email-html.ts';
import { reportEmailText } from './report-email-text.ts';
import type { Kpi, ReportEmailContent } from './report-email-content.ts';

export interface ComposedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Set on an image the HTML shows inline (`<img src="cid:…">`); the transport sends it as related. */
  cid?: string;
}

export interface ReportEmail {
  subject: string;
  attachments: ComposedAttachment[];
  render(recipient: { unsubscribeUrl: string | null }): { html: string; text: string };
}

export interface ComposeContext {
  catalog: Queryable;
  facts: FactStore;
}

export interface ComposeInput {
  advertiserId: string;
  templateId: string;
  period: ReportPeriod;
  attach: ('csv' | 'xlsx')[];
  appUrl: string;
}

/** The KPIs shown when a template has fewer metrics than this: the account's usual health figures. */
const MIN_TEMPLATE_KPIS = 3;
const MAX_KPIS = 6;
export const DEFAULT_KPIS = ['spend', 'impressions', 'clicks', 'ctr', 'conversion', 'cost_per_conversion'];
/** The body shows this many of the report's rows; the attachments and the app have them all. */
export const TABLE_ROWS = 20;
const MAX_INSIGHTS = 5;
export const CHART_CID = 'chart@adcockpit';

export function kpiMetrics(templateMetrics: readonly string[]): string[] {
  return templateMetrics.length >= MIN_TEMPLATE_KPIS ? templateMetrics.slice(0, MAX_KPIS) : DEFAULT_KPIS;
}

/** Good news is green: a rise of a "higher is better" metric, a fall of a "lower is better" one. */
export function toneOf(metricId: string, change: number | null): Kpi['tone'] {
  const better = findMetric(metricId)?.better ?? 'neutral';
  if (change === null || Math.abs(change) < NO_CHANGE || better === 'neutral') return 'neutral';
  return change > 0 === (better === 'higher') ? 'good' : 'bad';
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/**
 * The Reporting tab showing this report over the period: the template's shape in the parameters the
 * report builder reads (dims, metrics, filters, sort, pivot, chart), the dates as a custom range, and the
 * comparison only when the template compares.
 */
export function reportLink(
  appUrl: string,
  advertiserId: string,
  template: { template_id: string; definition: ReportDefinition },
  period: ReportPeriod,
): string {
  const d = template.definition;
  const params = new URLSearchParams({ advertiser: advertiserId, from: period.start, to: period.end });
  if (d.compare !== 'previous_period') params.set('compare', 'none');
  params.set('dims', d.dimensions.join(','));
  params.set('metrics', d.metrics.join(','));
  if (d.filters.length > 0) params.set('filters', JSON.stringify(d.filters));
  if (d.sort) params.set('sort', `${d.sort.by}:${d.sort.direction}`);
  if (d.pivot) params.set('pivot', d.pivot);
  if (d.chart.type === 'none') params.set('chart', 'none');
  if (d.chart.metric) params.set('chart_metric', d.chart.metric);
  params.set('template', template.template_id);
  return `${trimSlash(appUrl)}/reporting?${params.toString().replace(/%2C/g, ',')}`;
}

async function kpiSummary(
  ctx: ComposeContext,
  advertiserId: string,
  metricIds: string[],
  filters: ReportFilter[],
  period: ReportPeriod,
): Promise<Kpi[]> {
  const totals = await queryReport(ctx, {
    advertiser_id: advertiserId,
    dimensions: [],
    metrics: metricIds,
    filters,
    from: period.start,
    to: period.end,
    compare: { from: period.previous.start, to: period.previous.end },
  });
  return totals.columns
    .filter((c) => c.kind === 'metric')
    .map((column) => {
      const value = totals.totals[column.id] ?? null;
      const previous = totals.compare?.totals[column.id] ?? null;
      const change = relativeChange(value, previous);
      return {
        id: column.id,
        label: column.label,
        format: column.format,
        value,
        previous,
        change,
        tone: toneOf(column.id, change),
      };
    });
}

/** The main metric day by day over the period and, position by position, over the previous one. */
async function dailySeries(
  ctx: ComposeContext,
  advertiserId: string,
  metricId: string,
  filters: ReportFilter[],
  period: ReportPeriod,
): Promise<{
  days: string[];
  values: (number | null)[];
  previous: (number | null)[];
  label: string;
  format: Kpi['format'];
}> {
  const byDay = await queryReport(ctx, {
    advertiser_id: advertiserId,
    dimensions: ['day'],
    metrics: [metricId],
    filters,
    from: period.start,
    to: period.end,
  });
  const column = byDay.columns.find((c) => c.id === metricId)!;
  // A day without facts spent nothing: additive counters are 0 there, ratios have no value.
  const missing = findMetric(metricId)?.kind === 'base' ? 0 : null;
  const days = eachDate(period.start, period.end);
  const rowOf = new Map(byDay.rows.map((row, i) => [String(row.day), i]));
  const values = days.map((day) => {
    const i = rowOf.get(day);
    const v = i === undefined ? undefined : byDay.rows[i]![metricId];
    return typeof v === 'number' ? v : missing;
  });
  const previousDays = eachDate(period.previous.start, period.previous.end);
  const previousRows = await queryReport(ctx, {
    advertiser_id: advertiserId,
    dimensions: ['day'],
    metrics: [metricId],
    filters,
    from: period.previous.start,
    to: period.previous.end,
  });
  const previousOf = new Map(previousRows.rows.map((row) => [String(row.day), row[metricId]]));
  const previous = days.map((_, i) => {
    const day = previousDays[i];
    if (day === undefined) return null;
    const v = previousOf.get(day);
    return typeof v === 'number' ? v : missing;
  });
  return { days, values, previous, label: column.label, format: column.format };
}

function reportRowsContent(report: ReportQueryResponse): ReportEmailContent['table'] {
  return {
    columns: report.columns,
    rows: report.rows.slice(0, TABLE_ROWS),
    shown: Math.min(TABLE_ROWS, report.rows.length),
    total: report.rows.length,
    totals: report.columns.some((c) => c.kind === 'dimension') ? report.totals : null,
  };
}

export async function composeReportEmail(ctx: ComposeContext, input: ComposeInput): Promise<ReportEmail> {
  const { advertiserId, period } = input;
  const advertiser = await getAdvertiser(ctx.catalog, advertiserId);
  if (!advertiser) throw notFound('Advertiser', advertiserId);
  const template = await getReportTemplate(ctx.catalog, advertiserId, input.templateId);
  if (!template) throw notFound('Report template', input.templateId);
  const definition = template.definition;

  // The template's own shape over the schedule's period; when it compares, with the schedule's previous
  // period (last month against the month before, whatever the template's own rule).
  const base = templateQuery(template, period.end, { from: period.start, to: period.end });
  const compare = base.compare ? { compare: { from: period.previous.start, to: period.previous.end } } : {};
  const mainMetric = definition.chart.metric ?? definition.metrics[0] ?? 'spend';
  const [report, kpis, series, insights] = await Promise.all([
    queryReport(ctx, { ...base, ...compare }),
    kpiSummary(ctx, advertiserId, kpiMetrics(definition.metrics), definition.filters, period),
    dailySeries(ctx, advertiserId, mainMetric, definition.filters, period),
    // open ones only: what the team dismissed or snoozed stays out of the mail too
    listInsights(ctx, advertiserId),
  ]);

  const chart = chartPng({
    label: `${series.label}, ${period.label}`,
    format: series.format,
    currency: advertiser.currency,
    days: series.days,
    values: series.values,
    previous: { label: 'Previous period', values: series.previous },
  });
  const critical = insights.insights.filter((i) => i.severity === 'critical');
  const names = { advertiser: advertiser.name, report: template.name };
  const attachments: ComposedAttachment[] = [
    { filename: 'chart.png', contentType: 'image/png', content: chart, cid: CHART_CID },
    ...[...new Set(input.attach)].map((format) => {
      const file = renderExport(report, format, names);
      return { filename: file.filename, contentType: file.contentType, content: file.body };
    }),
  ];
  const content: ReportEmailContent = {
    advertiserName: advertiser.name,
    templateName: template.name,
    currency: advertiser.currency,
    period,
    kpis,
    chart: {
      cid: CHART_CID,
      alt: `${series.label} by day, ${period.label}`,
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
    },
    table: reportRowsContent(report),
    insights: critical.slice(0, MAX_INSIGHTS),
    moreInsights: Math.max(0, critical.length - MAX_INSIGHTS),
    reportUrl: reportLink(input.appUrl, advertiserId, template, period),
    insightsUrl: `${trimSlash(input.appUrl)}/insights?advertiser=${encodeURIComponent(advertiserId)}`,
    attachmentNames: attachments.filter((a) => !a.cid).map((a) => a.filename),
  };
  return {
    subject: `${advertiser.name}: ${template.name}, ${period.label}`,
    attachments,
    render: ({ unsubscribeUrl }) => ({
      html: reportEmailHtml(content, unsubscribeUrl),
      text: reportEmailText(content, unsubscribeUrl),
    }),
  };
}
