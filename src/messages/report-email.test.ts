// The report e-mail composed over a simulated advertiser (real PGlite catalog, real DuckDB facts): its
// figures checked against the warehouse summed directly, its attachments opened with independent readers.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SeededContext, seededContext } from '../../test/helpers/seeded-context.ts';
import { getAdvertiser } from '../catalog/advertisers.ts';
import { insertReportTemplate } from '../catalog/report-templates.ts';
import { listInsights } from '../insights/states.ts';
import { queryReport } from '../reports/query-report.ts';
import { reportPeriod, type ReportPeriod } from '../schedules/recurrence.ts';
import { ReportDefinition } from '../shared/reports-api.ts';
import { parseCsv } from '../sources/shop/csv.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';
import { CHART_HEIGHT, CHART_WIDTH } from './chart-image.ts';
import { formatValue } from './format.ts';
import { CHART_CID, type ReportEmail, TABLE_ROWS, composeReportEmail, toneOf } from './report-email.ts';

// Today: the insights listed are those open on the advertiser's today, so the facts must reach it.
const NOW = Date.now();
let s: SeededContext;
let period: ReportPeriod;
let email: ReportEmail;
let currency: string;
let templateId: string;
const APP = 'https://ads.example.com/';

/** Spend, impressions and clicks summed straight from the hourly facts, without the semantic layer. */
async function warehouseSums(
  from: string,
  to: string,
): Promise<{ spend: number; impressions: number; clicks: number }> {
  const [row] = await s.ctx.facts.query({
    text: `SELECT SUM(spend_micros) AS spend, SUM(impressions) AS impressions, SUM(clicks) AS clicks
      FROM ${FACT_TABLES.hourly} WHERE advertiser_id = $1 AND stat_date BETWEEN CAST($2 AS DATE) AND CAST($3 AS DATE)`,
    values: [s.advertiserId, from, to],
  });
  return {
    spend: Number(row!.spend) / 1e6,
    impressions: Number(row!.impressions),
    clicks: Number(row!.clicks),
  };
}

beforeAll(async () => {
  // The app's default demo history (60 days): the storm-test ad's broken page, 12 days before the end, is
  // then judged against its own weeks before — the critical insight the e-mail must list.
  s = await seededContext({ days: 60, now: NOW });
  const advertiser = (await getAdvertiser(s.ctx.catalog, s.advertiserId))!;
  currency = advertiser.currency;
  const template = await insertReportTemplate(
    s.ctx.catalog,
    s.advertiserId,
    {
      name: 'Weekly by ad',
      definition: ReportDefinition.parse({
        dimensions: ['ad'],
        metrics: ['spend', 'impressions', 'clicks', 'ctr', 'conversion', 'cost_per_conversion'],
        sort: { by: 'spend', direction: 'desc' },
        chart: { type: 'line', metric: 'spend' },
        compare: 'previous_period',
      }),
    },
    'test',
  );
  templateId = template.template_id;
  period = reportPeriod('last_7_days', new Date(NOW), advertiser.timezone);
  email = await composeReportEmail(s.ctx, {
    advertiserId: s.advertiserId,
    templateId,
    period,
    attach: ['csv', 'xlsx'],
    appUrl: APP,
  });
}, 120_000);

afterAll(async () => {
  await s?.dispose();
});

describe('a composed report e-mail', () => {
  test('the subject names the advertiser, the template and the period', async () => {
    const advertiser = (await getAdvertiser(s.ctx.catalog, s.advertiserId))!;
    expect(email.subject).toBe(`${advertiser.name}: Weekly by ad, ${period.label}`);
    expect(period.label).toMatch(/^\d+(–\d+)? \w+/);
  });

  test('the KPIs equal the warehouse summed directly for the period and the previous one', async () => {
    const [now, before] = await Promise.all([
      warehouseSums(period.start, period.end),
      warehouseSums(period.previous.start, period.previous.end),
    ]);
    expect(now.spend).toBeGreaterThan(0);
    const { text } = email.render({ unsubscribeUrl: null });
    const line = (label: string) => text.split('\n').find((l) => l.trimStart().startsWith(label))!;
    expect(line('Cost')).toContain(formatValue(now.spend, 'money', currency));
    expect(line('Cost')).toContain(`vs ${formatValue(before.spend, 'money', currency)}`);
    expect(line('Impressions')).toContain(formatValue(now.impressions, 'count', currency));
    expect(line('Clicks')).toContain(formatValue(now.clicks, 'count', currency));
    const change = (now.clicks - before.clicks) / before.clicks;
    const [arrow, sign] = Math.abs(change) < 0.0005 ? ['■', '±'] : change > 0 ? ['▲', '+'] : ['▼', '−'];
    expect(line('Clicks')).toContain(`${arrow} ${sign}${Math.abs(change * 100).toFixed(1)}%`);
  });

  test('the HTML has the same figures, the chart by CID, the table’s top rows and no script', async () => {
    const { html } = email.render({ unsubscribeUrl: null });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`src="cid:${CHART_CID}"`);
    const report = await queryReport(s.ctx, {
      advertiser_id: s.advertiserId,
      dimensions: ['ad'],
      metrics: ['spend'],
      filters: [],
      sort: { by: 'spend', direction: 'desc' },
      from: period.start,
      to: period.end,
    });
    // body rows and the totals line start with the ad's name, left aligned
    const rows = html.match(/<tr><td align="left"/g) ?? [];
    expect(rows.length).toBe(Math.min(TABLE_ROWS, report.rows.length) + 1);
    const top = report.rows[0]!;
    expect(html).toContain(formatValue(top.spend as number, 'money', currency));
    expect(html).toContain(String(top.ad_name).replace(/&/g, '&amp;'));
    expect(html).toContain(formatValue(report.totals.spend ?? null, 'money', currency));
    // the link opens the template's own report over the period in the Reporting tab
    const href = /href="([^"]*\/reporting\?[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const link = new URL(href);
    expect(`${link.origin}${link.pathname}`).toBe('https://ads.example.com/reporting');
    expect(Object.fromEntries(link.searchParams)).toEqual({
      advertiser: s.advertiserId,
      from: period.start,
      to: period.end,
      dims: 'ad',
      metrics: 'spend,impressions,clicks,ctr,conversion,cost_per_conversion',
      sort: 'spend:desc',
      chart_metric: 'spend',
      template: templateId,
    });
    expect(html).not.toContain('Unsubscribe');
  });

  test('the open critical insights are listed, in both parts', async () => {
    const { insights } = await listInsights(s.ctx, s.advertiserId);
    const critical = insights.filter((i) => i.severity === 'critical').slice(0, 5);
    const { html, text } = email.render({ unsubscribeUrl: null });
    expect(critical.length).toBeGreaterThan(0); // the demo's storm-test ad loses its clicks on its landing page
    expect(html).not.toContain('No open critical insights.');
    for (const insight of critical) {
      expect(text).toContain(`- ${insight.entity_name} (`);
      expect(text).toContain(insight.recommendation);
    }
    expect(insights.filter((i) => i.severity !== 'critical').every((i) => !text.includes(i.summary))).toBe(
      true,
    );
  });

  test('an outside recipient gets the unsubscribe link in both parts', () => {
    const url = 'https://ads.example.com/unsubscribe?token=abc';
    const { html, text } = email.render({ unsubscribeUrl: url });
    expect(html).toContain(`href="${url}"`);
    expect(text).toContain(`Unsubscribe from this report: ${url}`);
  });

  test('the chart is a PNG of the announced size', () => {
    const chart = email.attachments.find((a) => a.cid === CHART_CID)!;
    expect(chart.contentType).toBe('image/png');
    expect([...chart.content.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height are the first two big-endian words of the first chunk's data.
    expect(chart.content.readUInt32BE(16)).toBe(CHART_WIDTH * 2);
    expect(chart.content.readUInt32BE(20)).toBe(CHART_HEIGHT * 2);
  });

  test('the CSV parses to the report’s rows, with the previous period beside each metric', async () => {
    const csv = email.attachments.find((a) => a.filename.endsWith('.csv'))!;
    expect(csv.contentType).toMatch(/^text\/csv/);
    const records = parseCsv(csv.content.toString('utf8')).map((r) => r.fields);
    const report = await queryReport(s.ctx, {
      advertiser_id: s.advertiserId,
      dimensions: ['ad'],
      metrics: ['spend', 'impressions', 'clicks', 'ctr', 'conversion', 'cost_per_conversion'],
      filters: [],
      sort: { by: 'spend', direction: 'desc' },
      from: period.start,
      to: period.end,
      compare: { from: period.previous.start, to: period.previous.end },
    });
    const header = records[0]!;
    expect(header.slice(0, 4)).toEqual([
      'Ad ID',
      'Ad',
      'Cost',
      `Cost (${period.previous.start} – ${period.previous.end})`,
    ]);
    expect(records.length).toBe(1 + report.rows.length + 1);
    expect(records[1]![0]).toBe(report.rows[0]!.ad);
    expect(Number(records[1]![2])).toBeCloseTo(report.rows[0]!.spend as number, 6);
    expect(records.at(-1)![0]).toBe('Total');
    expect(Number(records.at(-1)![2])).toBeCloseTo(report.totals.spend!, 6);
  });

  test('the XLSX opens with typed numeric cells', async () => {
    const xlsx = email.attachments.find((a) => a.filename.endsWith('.xlsx'))!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.content as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    let costColumn = 0;
    let headerRow = 0;
    sheet.eachRow((row, n) => {
      row.eachCell((cell, col) => {
        if (cell.value === 'Cost' && !costColumn) {
          costColumn = col;
          headerRow = n;
        }
      });
    });
    expect(costColumn).toBeGreaterThan(0);
    const firstValue = sheet.getRow(headerRow + 1).getCell(costColumn).value;
    expect(typeof firstValue).toBe('number');
    expect(firstValue as number).toBeGreaterThan(0);
  });

  test('a change is good or bad by the metric’s direction', () => {
    expect(toneOf('ctr', 0.1)).toBe('good');
    expect(toneOf('cost_per_conversion', 0.1)).toBe('bad');
    expect(toneOf('cost_per_conversion', -0.1)).toBe('good');
    expect(toneOf('spend', 0.5)).toBe('neutral');
    expect(toneOf('ctr', null)).toBe('neutral');
  });
});
