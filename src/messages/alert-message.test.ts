import { describe, expect, test } from 'vitest';
import type { Insight } from '../shared/insights-api.ts';
import { type AlertNotice, alertEmail, alertWebhookBody } from './alert-message.ts';

const notice: AlertNotice = {
  advertiserName: 'Northwind <Outdoor> & Co',
  ruleName: 'CPA too high',
  scopeName: 'Trail Shoe Launch',
  summary: 'CPA €34.20 with €61.00 spent over the last 3 days.',
  values: { cost_per_conversion: 34.2, spend: 61, cc_margin: null },
  window: { start: '2026-03-01', end: '2026-03-03' },
  insights: [],
  appUrl: 'https://ads.example.com/',
  condition: 'cost_per_conversion > 30 AND spend > 50',
  currency: 'EUR',
  advertiserId: '7499',
  columns: { cc_margin: { label: 'Margin', format: 'percent' } },
};

describe('the alert e-mail', () => {
  test('says what and where in the subject, the values against the condition, the days and a link', () => {
    const mail = alertEmail(notice);
    expect(mail.subject).toBe('Alert: CPA too high — Trail Shoe Launch (Northwind <Outdoor> & Co)');
    expect(mail.text).toContain('Condition: cost_per_conversion > 30 AND spend > 50');
    expect(mail.text).toMatch(/CPA \(cost_per_conversion\)\s+€34\.20/);
    expect(mail.text).toMatch(/Cost \(spend\)\s+€61\.00/);
    expect(mail.text).toMatch(/Margin \(cc_margin\)\s+—/);
    expect(mail.text).toContain('Days: 1–3 March 2026');
    expect(mail.text).toContain('Open Adcockpit: https://ads.example.com/?advertiser=7499');
    expect(mail.html).toContain('Northwind &lt;Outdoor&gt; &amp; Co');
    expect(mail.html).toContain('€34.20');
    expect(mail.html).not.toMatch(/<script/i);
  });
});

describe('the webhook body', () => {
  test('is Slack-shaped: a text fallback and blocks with the values as fields and a button', () => {
    const body = alertWebhookBody(notice) as {
      text: string;
      blocks: { type: string; [k: string]: unknown }[];
    };
    expect(body.text).toBe(
      'Alert: CPA too high — Trail Shoe Launch (Northwind <Outdoor> & Co): CPA €34.20 with €61.00 spent over the last 3 days.',
    );
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    expect(JSON.stringify(body.blocks[1])).toContain('Northwind &lt;Outdoor&gt; &amp; Co');
    const fields = (body.blocks[2] as unknown as { fields: { text: string }[] }).fields.map((f) => f.text);
    expect(fields).toEqual(['*CPA*\n€34.20', '*Cost*\n€61.00', '*Margin*\n—']);
    expect(body.blocks[4]).toMatchObject({
      elements: [{ type: 'button', url: 'https://ads.example.com/?advertiser=7499' }],
    });
  });

  test('an insight rule lists its insights instead of values', () => {
    const insight = {
      code: 'creative_fatigue',
      level: 'ad',
      entity_id: 'ad1',
      entity_name: 'Hook A',
      severity: 'critical',
      since: '2026-03-02',
      summary: 'CTR fell 30 %.',
    } as Insight;
    const body = alertWebhookBody({ ...notice, values: {}, condition: undefined, insights: [insight] }) as {
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    expect(body.blocks[2]!.text!.text).toBe('• *Hook A* (critical, since 2026-03-02): CTR fell 30 %.');
    expect(alertEmail({ ...notice, values: {}, insights: [insight] }).text).toContain(
      '- Hook A (critical, since 2026-03-02): CTR fell 30 %.',
    );
  });
});
