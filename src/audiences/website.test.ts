// Website audiences on a real warehouse (DuckDB): events are stored as the ingestion stores them, and each
// rule's size is checked against a count made here, independently, over the same events. A customer file's
// matches against the hashed identities in those events are checked the same way.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PixelContext, pixelContext } from '../../test/helpers/pixel-context.ts';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import type { WebsiteRuleInput } from '../shared/audiences-api.ts';
import { sha256Hex } from '../sources/events/hashing.ts';
import { WebsiteRule } from '../shared/audiences-api.ts';
import { emptyBatch, type PixelEvent } from '../warehouse/schema.ts';
import {
  createCustomerFileAudience,
  createWebsiteAudience,
  previewWebsiteRule,
  refreshAudienceSize,
} from './audiences.ts';

const ADV = 'adv-web';
const DAY = 86_400_000;
const NOW = Date.now();
const PIXELS = [
  { pixel_id: 'px-shop', pixel_code: 'CSHOP0000000000000001', pixel_name: 'Shop' },
  { pixel_id: 'px-blog', pixel_code: 'CBLOG0000000000000002', pixel_name: 'Blog' },
];
const EVENTS = ['Pageview', 'ViewContent', 'AddToCart', 'Purchase'];
const URLS = ['https://shop.example/', 'https://shop.example/product/jacket', 'https://shop.example/cart'];

let p: PixelContext;
const stored: PixelEvent[] = [];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

function makeEvents(count: number, seed: number, idPrefix: string): PixelEvent[] {
  const rnd = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const person = Math.floor(rnd() * 600);
    // A tenth of the people come with a hashed email and no cookie (server events).
    const byEmail = person % 10 === 0;
    // Whole days back plus 0.1–0.9 of a day: no event sits near a rule's "N days ago", which moves on by
    // the seconds the test takes.
    const at = new Date(NOW - Math.floor(rnd() * 60) * DAY - Math.floor((0.1 + 0.8 * rnd()) * DAY));
    return {
      advertiser_id: ADV,
      pixel_code: PIXELS[person % 7 === 0 ? 1 : 0]!.pixel_code,
      event_id: `${idPrefix}-${i}`,
      event: EVENTS[Math.floor(rnd() * EVENTS.length)]!,
      event_time: at,
      received_at: at,
      source: byEmail ? 'server' : 'browser',
      ttclid: null,
      ttp: byEmail ? null : `ttp-${person}`,
      page_url: URLS[Math.floor(rnd() * URLS.length)]!,
      value_micros: null,
      currency: null,
      order_id: null,
      user_data: byEmail ? JSON.stringify({ email: [sha256Hex(`p${person}@example.com`)] }) : '{}',
    } satisfies PixelEvent;
  });
}

async function store(events: PixelEvent[]) {
  await p.ctx.facts.append({ ...emptyBatch(), pixelEvents: events });
  stored.push(...events);
}

/** The rule counted here over the events in memory, with no SQL. */
function expectedSize(input: WebsiteRuleInput, retentionDays = 365): number {
  const rule = WebsiteRule.parse(input);
  const codes = rule.pixel_id ? [PIXELS.find((x) => x.pixel_id === rule.pixel_id)!.pixel_code] : null;
  const personOf = (e: PixelEvent) => e.ttp ?? `email:${JSON.parse(e.user_data!).email[0]}`;
  const matches = (e: PixelEvent, c: (typeof rule.include)[number], cap: number) =>
    e.event_time.getTime() >= NOW - Math.min(c.within_days, cap) * DAY &&
    (c.events.length === 0 || c.events.includes(e.event)) &&
    (!c.url || (c.url.match === 'contains' ? e.page_url!.includes(c.url.value) : e.page_url === c.url.value));
  const mine = stored.filter((e) => codes === null || codes.includes(e.pixel_code));
  const included = new Set(
    mine.filter((e) => rule.include.some((c) => matches(e, c, retentionDays))).map(personOf),
  );
  const excluded = new Set(mine.filter((e) => rule.exclude.some((c) => matches(e, c, 365))).map(personOf));
  return [...included].filter((x) => !excluded.has(x)).length;
}

beforeAll(async () => {
  p = await pixelContext({
    prefix: 'audiences-web-',
    advertiser: { advertiser_id: ADV, name: 'Web shop' },
    pixels: PIXELS,
  });
  await store(makeEvents(5000, 42, 'a'));
}, 60_000);
afterAll(async () => p?.close());

const RULES: Record<string, WebsiteRuleInput> = {
  'added to cart in 30 days and did not buy': {
    include: [{ events: ['AddToCart'], within_days: 30 }],
    exclude: [{ events: ['Purchase'], within_days: 30 }],
  },
  'visited a product page in 7 days': {
    include: [{ url: { match: 'contains', value: '/product' }, within_days: 7 }],
  },
  "the blog pixel's page views in 14 days": {
    pixel_id: 'px-blog',
    include: [{ events: ['Pageview'], within_days: 14 }],
  },
  'the cart page exactly, or a purchase (old name CompletePayment)': {
    include: [
      { url: { match: 'equals', value: 'https://shop.example/cart' }, within_days: 20 },
      { events: ['CompletePayment'], within_days: 20 },
    ],
  },
};

describe('website audience sizes', () => {
  for (const [name, rule] of Object.entries(RULES)) {
    test(name, async () => {
      const preview = await previewWebsiteRule(p.ctx, ADV, rule);
      const expected = expectedSize(
        name.includes('CompletePayment')
          ? { ...rule, include: [rule.include[0]!, { events: ['Purchase'], within_days: 20 }] }
          : rule,
      );
      expect(expected).toBeGreaterThan(5);
      expect(preview.matched_size).toBe(expected);
    });
  }

  test('retention days cap how far back the rule looks', async () => {
    const rule = RULES['added to cart in 30 days and did not buy']!;
    const audience = await createWebsiteAudience(p.ctx, SYSTEM_ACTOR, ADV, {
      name: 'Carts, kept 10 days',
      rule,
      retention_days: 10,
    });
    expect(audience.matched_size).toBe(expectedSize(rule, 10));
    expect(audience.matched_size).toBeLessThan(expectedSize(rule));
  });

  test('the size follows new events', async () => {
    const rule = RULES['visited a product page in 7 days']!;
    const audience = await createWebsiteAudience(p.ctx, SYSTEM_ACTOR, ADV, {
      name: 'Product visitors',
      rule,
    });
    const before = audience.matched_size!;
    const fresh = makeEvents(400, 7, 'b').map((e, i) => ({
      ...e,
      ttp: `new-visitor-${i % 150}`,
      user_data: '{}',
      page_url: 'https://shop.example/product/boots',
      event_time: new Date(NOW - 3600_000),
    }));
    await store(fresh);
    const after = await refreshAudienceSize(p.ctx, ADV, audience.audience_id);
    expect(after.matched_size).toBe(before + 150);
    expect(after.matched_size).toBe(expectedSize(rule));
    // Stored as well: the sandbox delivers to the sizes the catalog holds.
    const [row] = await p.ctx.catalog.query<{ matched_size: number }>(
      'select matched_size from audiences where audience_id = $1',
      [audience.audience_id],
    );
    expect(row!.matched_size).toBe(after.matched_size);
  });

  test("a customer file matches the hashed emails the advertiser's pixel events carry", async () => {
    const seen = new Set(
      stored.flatMap((e) => (JSON.parse(e.user_data!) as { email?: string[] }).email ?? []),
    );
    const emails = Array.from({ length: 600 }, (_, i) => `P${i}@Example.com `);
    const audience = await createCustomerFileAudience(
      p.ctx,
      SYSTEM_ACTOR,
      ADV,
      { name: 'Known customers', file_name: 'known.txt' },
      Readable.from([Buffer.from(emails.join('\n'))]),
    );
    const expected = emails.filter((e) => seen.has(sha256Hex(e.trim().toLowerCase()))).length;
    expect(expected).toBeGreaterThan(20);
    expect(audience.matched_size).toBe(expected);
    expect(audience.size_basis).toContain("seen in this advertiser's pixel events");
  });

  test('an unknown pixel is refused naming the field', async () => {
    await expect(
      previewWebsiteRule(p.ctx, ADV, { pixel_id: 'nope', include: [{ within_days: 3 }] }),
    ).rejects.toMatchObject({ details: [{ field: 'rule.pixel_id' }] });
  });
});
