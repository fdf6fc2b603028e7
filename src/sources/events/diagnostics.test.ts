// Diagnostics on a real warehouse (DuckDB) and catalog (PGlite): one pixel's events are built to trigger
// each rule, another pixel's to trigger none, and events outside the period are left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../app-context.ts';
import { pixelContext, type PixelContext } from '../../../test/helpers/pixel-context.ts';
import type { Diagnostic } from '../../shared/pixels-api.ts';
import { type DuplicatePixelEvent, type PixelEvent, emptyBatch } from '../../warehouse/schema.ts';
import { EMPTY_SHA256, closestStandardEvent, pixelDiagnostics } from './diagnostics.ts';
import { recordRefusal, refusalReason } from './refusal-log.ts';

const NOW = Date.UTC(2026, 10, 22, 12);
const HOUR = 3600_000;
const BAD = { pixel_id: 'px-bad', pixel_code: 'CBADPIXEL0000000000A', advertiser_id: 'adv-diag' };
const GOOD = { pixel_id: 'px-good', pixel_code: 'CGOODPIXEL000000000B', advertiser_id: 'adv-diag' };
const HASH = 'ab'.repeat(32);

let fixture: PixelContext;
let ctx: AppContext;

function ev(pixel: typeof BAD, event: string, extra: Partial<PixelEvent> = {}): PixelEvent {
  const at = new Date(NOW - 2 * HOUR);
  return {
    advertiser_id: pixel.advertiser_id,
    pixel_code: pixel.pixel_code,
    event_id: `${event}-${Math.random().toString(36).slice(2)}`,
    event,
    event_time: at,
    received_at: at,
    source: 'browser',
    ttclid: 'E.C.P.click',
    ttp: null,
    page_url: 'https://shop.example/p',
    value_micros: 10_000_000,
    currency: 'EUR',
    order_id: null,
    event_source: 'web',
    user_data: JSON.stringify({ email: [HASH] }),
    properties: null,
    ...extra,
  };
}

function dup(counted: PixelEvent, source: 'browser' | 'server'): DuplicatePixelEvent {
  return {
    advertiser_id: counted.advertiser_id,
    pixel_code: counted.pixel_code,
    event_id: counted.event_id,
    event: counted.event,
    source,
    received_at: new Date(counted.received_at.getTime() + 60_000),
    first_received_at: counted.received_at,
  };
}

beforeAll(async () => {
  fixture = await pixelContext({
    prefix: 'diagnostics-',
    advertiser: { advertiser_id: 'adv-diag', name: 'Diagnostics shop' },
    pixels: [
      { pixel_id: BAD.pixel_id, pixel_code: BAD.pixel_code, pixel_name: 'Bad' },
      { pixel_id: GOOD.pixel_id, pixel_code: GOOD.pixel_code, pixel_name: 'Good' },
    ],
  });
  ({ ctx } = fixture);

  const viewed = ev(BAD, 'ViewContent', { event_id: 'vc-1' });
  const checkout = ev(BAD, 'InitiateCheckout', { event_id: 'ic-1' });
  const bad: PixelEvent[] = [
    // Purchases: two without value nor currency, one with a value but no currency, one in "RMB"; no
    // click id in their sessions at all.
    ev(BAD, 'Purchase', { value_micros: null, currency: null, ttclid: null, ttp: 'visitor-1' }),
    ev(BAD, 'Purchase', { value_micros: null, currency: null, ttclid: null, source: 'server' }),
    ev(BAD, 'Purchase', { currency: null, ttclid: null, source: 'server' }),
    ev(BAD, 'Purchase', { currency: 'RMB', ttclid: null }),
    ev(BAD, 'Purchse'),
    ev(BAD, 'add_to_cart'),
    ev(BAD, 'NewsletterOptIn'),
    ev(BAD, 'AddToCart', { user_data: JSON.stringify({ email: [EMPTY_SHA256] }) }),
    viewed,
    checkout,
    ev(BAD, 'Lead', { event_id: '', source: 'browser' }),
    ev(BAD, 'Lead', { event_id: '', source: 'server' }),
    // Outside the 7 days: an invalid currency that must not be flagged.
    ev(BAD, 'Subscribe', { currency: 'XXY', received_at: new Date(NOW - 8 * 24 * HOUR) }),
  ];
  const landing = ev(GOOD, 'ViewContent', { ttp: 'visitor-9', ttclid: 'E.C.P.ok' });
  const good: PixelEvent[] = [
    landing,
    // Same visitor, later page without the click id in the URL: its session has one, so no flag.
    ev(GOOD, 'Purchase', { ttp: 'visitor-9', ttclid: null, event_id: 'order-1' }),
    ev(GOOD, 'AddToCart', { ttclid: 'E.C.P.ok2' }),
  ];
  const batch = emptyBatch();
  batch.pixelEvents = [...bad, ...good];
  batch.duplicateEvents = [dup(viewed, 'browser'), dup(checkout, 'server')];
  await ctx.facts.append(batch);

  await recordRefusal(
    ctx.catalog,
    BAD.pixel_id,
    40062,
    'data.3.user.email: PII must be hashed with SHA-256 (64 hexadecimal characters) before it is sent; normalise, then hash.',
    new Date(NOW - HOUR),
  );
  await recordRefusal(
    ctx.catalog,
    BAD.pixel_id,
    40062,
    'data.17.user.email: PII must be hashed with SHA-256 (64 hexadecimal characters) before it is sent; normalise, then hash.',
    new Date(NOW - HOUR / 2),
  );
}, 60_000);

afterAll(async () => {
  await fixture?.close();
});

const find = (list: Diagnostic[], rule: string, event: string | null) =>
  list.filter((d) => d.rule === rule && d.event === event);

describe('pixel diagnostics', () => {
  it('flags each fault of the bad pixel with its severity and count', async () => {
    const { diagnostics, events } = await pixelDiagnostics(ctx.facts, ctx.catalog, BAD, { now: NOW });
    expect(events.find((e) => e.event === 'Purchase')?.count).toBe(4);
    expect(events.some((e) => e.event === 'Subscribe')).toBe(false);

    const missingValue = find(diagnostics, 'missing_value', 'Purchase');
    expect(missingValue).toHaveLength(1);
    expect(missingValue[0]).toMatchObject({ severity: 'error', count: 2, share: 0.5 });
    expect(missingValue[0]!.detail).toContain('2 of them no currency either');
    expect(find(diagnostics, 'missing_currency', 'Purchase')[0]).toMatchObject({
      severity: 'error',
      count: 1,
    });
    const currency = find(diagnostics, 'invalid_currency', 'Purchase')[0]!;
    expect(currency).toMatchObject({ severity: 'error', count: 1 });
    expect(currency.detail).toContain('RMB');
    expect(currency.fix).toContain('CNY');

    expect(find(diagnostics, 'misspelt_event', 'Purchse')[0]!.title).toContain('“Purchase”');
    expect(find(diagnostics, 'misspelt_event', 'add_to_cart')[0]!.title).toContain('“AddToCart”');
    expect(find(diagnostics, 'custom_event', 'NewsletterOptIn')[0]!.severity).toBe('info');
    expect(find(diagnostics, 'empty_hash', 'AddToCart')[0]).toMatchObject({ severity: 'warning', count: 1 });

    expect(find(diagnostics, 'duplicates_same_source', 'ViewContent')[0]).toMatchObject({
      severity: 'warning',
      count: 1,
      share: 0.5,
    });
    expect(find(diagnostics, 'duplicates_same_source', 'InitiateCheckout')).toEqual([]);
    expect(find(diagnostics, 'duplicates_cross_source', 'InitiateCheckout')[0]!.severity).toBe('info');
    expect(find(diagnostics, 'missing_event_id', 'Lead')[0]).toMatchObject({ severity: 'warning', count: 2 });

    const click = find(diagnostics, 'no_ttclid', 'Purchase')[0]!;
    expect(click).toMatchObject({ severity: 'warning', count: 4, share: 1 });

    const refused = find(diagnostics, 'refused_requests', null);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ severity: 'error', count: 2 });
    expect(refused[0]!.detail).toContain('data[].user.email');

    // Errors first, then warnings, then notes.
    const order = diagnostics.map((d) => ['error', 'warning', 'info'].indexOf(d.severity));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('finds nothing to say about a well-set-up pixel', async () => {
    const result = await pixelDiagnostics(ctx.facts, ctx.catalog, GOOD, { now: NOW });
    expect(result.events.map((e) => e.event).sort()).toEqual(['AddToCart', 'Purchase', 'ViewContent']);
    expect(result.diagnostics).toEqual([]);
    expect(result.refusals).toEqual([]);
  });

  it('looks only at the chosen period', async () => {
    const older = await pixelDiagnostics(ctx.facts, ctx.catalog, BAD, { now: NOW, days: 30 });
    expect(find(older.diagnostics, 'invalid_currency', 'Subscribe')).toHaveLength(1);
    const later = await pixelDiagnostics(ctx.facts, ctx.catalog, BAD, { now: NOW + 8 * 24 * HOUR });
    expect(later.diagnostics).toEqual([]);
  });
});

describe('event names and refusal reasons', () => {
  it('suggests the standard event a name was meant to be, and none for a real custom name', () => {
    expect(closestStandardEvent('purchase')).toBe('Purchase');
    expect(closestStandardEvent('Add To Cart')).toBe('AddToCart');
    expect(closestStandardEvent('ViewContnet')).toBe('ViewContent');
    expect(closestStandardEvent('CompleteRegistation')).toBe('CompleteRegistration');
    expect(closestStandardEvent('NewsletterOptIn')).toBeNull();
    expect(closestStandardEvent('Quiz')).toBeNull();
  });

  it('takes event indexes out of a refusal reason', () => {
    expect(refusalReason('data.3.user.email: PII must be hashed.')).toBe(
      'data[].user.email: PII must be hashed.',
    );
    expect(refusalReason('batch.12.event: Missing data for required field.')).toBe(
      'batch[].event: Missing data for required field.',
    );
    expect(refusalReason('data: more than 1,000 events (1001).')).toBe(
      'data: more than 1,000 events (1001).',
    );
  });
});
