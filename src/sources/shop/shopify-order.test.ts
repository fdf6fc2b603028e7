// Shopify's values and resources read strictly: exact money, times only with an offset, ids beyond 2^53
// kept digit for digit, and payloads whose lists are not lists read without failing.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { normaliseOrder, normaliseRefund } from './shopify-order.ts';
import { moneyMicros, parseJsonKeepingIds, shopifyTime } from './shopify-values.ts';

describe('Shopify values', () => {
  test('money is exact to the micro-unit; anything but a plain decimal is refused', () => {
    expect(moneyMicros('1659.95')).toBe(1_659_950_000);
    expect(moneyMicros('0.1')).toBe(100_000);
    expect(moneyMicros(' 12 ')).toBe(12_000_000);
    expect(moneyMicros(45.85)).toBe(45_850_000);
    expect(moneyMicros('-3.50')).toBe(-3_500_000);
    for (const bad of ['1,659.95', '1.635,55', '€5', '', '1e3', '0.1234567', null, undefined])
      expect(moneyMicros(bad)).toBeNull();
  });

  test('times need their offset and real calendar fields', () => {
    expect(shopifyTime('2025-05-11 09:55:16 -0400')).toEqual(new Date('2025-05-11T13:55:16Z'));
    expect(shopifyTime('2026-04-10 11:11:26 +0530')).toEqual(new Date('2026-04-10T05:41:26Z'));
    expect(shopifyTime('2024-06-26T12:33:21-04:00')).toEqual(new Date('2024-06-26T16:33:21Z'));
    expect(shopifyTime('2024-06-26T12:33:21Z')).toEqual(new Date('2024-06-26T12:33:21Z'));
    for (const bad of [
      '2025-05-11 09:55:16',
      '2025-02-30 10:00:00 -0400',
      '2025-05-11 24:00:00 +0000',
      'yesterday',
    ])
      expect(shopifyTime(bad)).toBeNull();
  });

  test('ids beyond 2^53 are read digit for digit; numbers inside strings are left alone', () => {
    const parsed = parseJsonKeepingIds(
      '{"id":820982911946154508,"note":"ref 123456789012345678","line_items":[{"id":141249953214522974,"price":"1.5"}],"n":12}',
    ) as Record<string, unknown>;
    expect(parsed).toEqual({
      id: '820982911946154508',
      note: 'ref 123456789012345678',
      line_items: [{ id: '141249953214522974', price: '1.5' }],
      n: 12,
    });
  });
});

describe('payloads that are not what they claim', () => {
  test('lists that are not lists, or hold no objects, are read as empty instead of failing', () => {
    const refund = normaliseRefund(
      {
        id: 1,
        order_id: 2,
        created_at: '2026-03-01T10:00:00Z',
        transactions: 'none' as unknown as [],
        refund_line_items: [null, 7] as unknown as [],
      },
      'adv',
      'shopify_webhook',
    );
    expect(refund.ok && refund.value.amount_micros).toBe(0);
    const order = normaliseOrder(
      {
        id: 3,
        name: '#3',
        created_at: '2026-03-01T10:00:00Z',
        total_price: '1.00',
        currency: 'EUR',
        refunds: { id: 1 } as unknown as [],
      },
      'adv',
      'shopify_webhook',
    );
    expect(order.ok && order.value.refunds).toEqual([]);
  });
});

describe('an order resource', () => {
  test('orders/updated bodies bring their refunds; an empty e-mail falls back to the contact e-mail', () => {
    const read = normaliseOrder(
      {
        id: 450789469,
        name: '#1001',
        email: '',
        contact_email: ' Bob@Example.com ',
        created_at: '2026-03-01T10:00:00-05:00',
        updated_at: '2026-03-03T08:00:00-05:00',
        total_price: '199.00',
        currency: 'usd',
        financial_status: 'PARTIALLY_REFUNDED',
        line_items: [{}, {}],
        refunds: [
          {
            id: 509562969,
            order_id: 450789469,
            created_at: '2026-03-02T09:00:00-05:00',
            transactions: [{ amount: '41.94', kind: 'refund', status: 'success' }],
          },
        ],
      },
      'adv',
      'shopify_webhook',
    );
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.value.order).toMatchObject({
      currency: 'USD',
      financial_status: 'partially_refunded',
      updated_at: new Date('2026-03-03T13:00:00Z'),
      line_items: 2,
      customer_key: createHash('sha256').update('bob@example.com').digest('hex'),
    });
    expect(read.value.refunds).toEqual([
      {
        advertiser_id: 'adv',
        order_id: '450789469',
        refund_id: '509562969',
        refunded_at: new Date('2026-03-02T14:00:00Z'),
        amount_micros: 41_940_000,
        source: 'shopify_webhook',
      },
    ]);
  });
});
