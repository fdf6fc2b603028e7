// The sandbox's Shopify bodies: times on the shop's clock with the zone's offset (DST included) that read
// back as the same instant, and rows equal to what a webhook with the same body stores.
import { describe, expect, test } from 'vitest';
import { sandboxOrderPayload, sandboxRefundPayload, shopifyTimeText } from './sandbox-payloads.ts';
import { normaliseOrder, normaliseRefund } from './shopify-order.ts';
import { shopifyTime } from './shopify-values.ts';

describe('the sandbox shop speaks Shopify', () => {
  test('times carry the advertiser zone’s offset, summer and winter, and read back to the instant', () => {
    const winter = Date.parse('2026-01-15T14:05:09.250Z');
    const summer = Date.parse('2026-07-15T14:05:09Z');
    expect(shopifyTimeText(winter, 'America/New_York')).toBe('2026-01-15T09:05:09.250-05:00');
    expect(shopifyTimeText(summer, 'America/New_York')).toBe('2026-07-15T10:05:09-04:00');
    expect(shopifyTimeText(summer, 'Asia/Kolkata')).toBe('2026-07-15T19:35:09+05:30');
    expect(shopifyTimeText(summer, 'UTC')).toBe('2026-07-15T14:05:09+00:00');
    // A simulated instant with a fraction of a millisecond is the instant a Date of it holds.
    expect(shopifyTimeText(winter + 0.75, 'UTC')).toBe('2026-01-15T14:05:09.250+00:00');
    for (const at of [winter, summer, Date.parse('2026-03-08T07:30:00Z')])
      for (const zone of ['America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'Pacific/Auckland'])
        expect(shopifyTime(shopifyTimeText(at, zone))!.getTime()).toBe(at);
  });

  test('an order and its refund become the rows a webhook with those bodies would store', () => {
    const at = Date.parse('2026-03-01T15:00:00Z');
    const order = normaliseOrder(
      sandboxOrderPayload({
        orderId: '5200000000001',
        number: 1001,
        at,
        timeZone: 'America/New_York',
        totalMicros: 42_500_000,
        currency: 'USD',
        landingSite: 'https://shop.example/p?ttclid=E.C.P.abc',
        customerEmail: 'visitor-1@customers.example',
      }),
      'adv',
      'sandbox',
    );
    expect(order.ok && order.value.order).toMatchObject({
      order_id: '5200000000001',
      order_name: '#1001',
      created_at: new Date(at),
      total_micros: 42_500_000,
      financial_status: 'paid',
      landing_site: 'https://shop.example/p?ttclid=E.C.P.abc',
      line_items: 1,
      source: 'sandbox',
    });
    const refund = normaliseRefund(
      sandboxRefundPayload({
        refundId: '15200000000001',
        orderId: '5200000000001',
        at: at + 86_400_000,
        timeZone: 'America/New_York',
        amountMicros: 42_500_000,
      }),
      'adv',
      'sandbox',
    );
    expect(refund).toEqual({
      ok: true,
      value: {
        advertiser_id: 'adv',
        order_id: '5200000000001',
        refund_id: '15200000000001',
        refunded_at: new Date(at + 86_400_000),
        amount_micros: 42_500_000,
        source: 'sandbox',
      },
    });
  });

  test('a refund also sends orders/updated: the order refunded (in full or in part), updated at the refund', () => {
    const at = Date.parse('2026-03-01T15:00:00Z');
    const created = {
      orderId: '5200000000002',
      number: 1002,
      at,
      timeZone: 'Europe/Berlin',
      totalMicros: 42_500_000,
      currency: 'EUR',
      landingSite: 'https://shop.example/p?ttclid=E.C.P.def',
      customerEmail: 'visitor-2@customers.example',
    };
    const refund = {
      refundId: '15200000000002',
      orderId: created.orderId,
      at: at + 3 * 86_400_000,
      timeZone: 'Europe/Berlin',
      amountMicros: 42_500_000,
    };
    const full = normaliseOrder(sandboxOrderPayload(created, refund), 'adv', 'sandbox');
    const asCreated = normaliseOrder(sandboxOrderPayload(created), 'adv', 'sandbox');
    if (!full.ok || !asCreated.ok) throw new Error('not normalised');
    expect(full.value.order).toEqual({
      ...asCreated.value.order,
      financial_status: 'refunded',
      updated_at: new Date(refund.at),
    });
    // The refund inside the order body is the refunds/create one, id for id.
    expect(full.value.refunds).toEqual([
      (normaliseRefund(sandboxRefundPayload(refund), 'adv', 'sandbox') as { value: unknown }).value,
    ]);
    const part = normaliseOrder(
      sandboxOrderPayload(created, { ...refund, amountMicros: 10_000_000 }),
      'adv',
      'sandbox',
    );
    expect(part.ok && part.value.order.financial_status).toBe('partially_refunded');
  });
});
