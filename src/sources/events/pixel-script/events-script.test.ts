// The pixel script on a fake page: the snippet's queue replayed in order, identify() normalised and hashed
// as TikTok asks (checked against Node's SHA-256), the ttclid and _ttp cookies, batching into one beacon,
// the fetch fallback, and a page that calls ttq with garbage getting no exception.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openFakePage } from './fake-page.ts';

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

type Event = {
  event: string;
  event_id?: string;
  event_time: number;
  user: Record<string, unknown>;
  page: { url: string; referrer?: string };
  properties?: Record<string, unknown>;
};

describe('pixel script', () => {
  it('replays the calls queued before it loaded, with identify hashed after TikTok’s normalisation', async () => {
    const page = await openFakePage({
      before: `
        ttq.identify({ email: ' ALICE_abc@gmail.com ', phone_number: '+1 (650) 555-1234', external_id: ' user-42 ' });
        ttq.track('CompletePayment', { value: '12.50', currency: 'EUR', contents: [{ content_id: 'sku-1' }] }, { event_id: 'order-1' });`,
    });
    await page.settle();
    expect(page.sent).toHaveLength(1);
    const [beacon] = page.sent;
    expect(beacon!.via).toBe('beacon');
    expect(beacon!.url).toBe('https://ads.example.com/pixel/collect');
    expect(beacon!.body.event_source).toBe('web');
    expect(beacon!.body.event_source_id).toBe('CPIXEL00000000000001');
    const events = beacon!.body.data as Event[];
    // The snippet's ttq.page() came first, then the page's own calls, in the order made.
    expect(events.map((e) => e.event)).toEqual(['Pageview', 'CompletePayment']);
    const purchase = events[1]!;
    expect(purchase.event_id).toBe('order-1');
    expect(purchase.properties).toEqual({
      value: '12.50',
      currency: 'EUR',
      contents: [{ content_id: 'sku-1' }],
    });
    // TikTok's documented example: " ALICE_abc@gmail.com " → alice_abc@gmail.com → 848a7714…bb4f.
    expect(purchase.user.email).toBe(sha('alice_abc@gmail.com'));
    expect(String(purchase.user.email)).toMatch(/^848a7714.*bb4f$/);
    expect(purchase.user.phone).toBe(sha('+16505551234'));
    expect(purchase.user.external_id).toBe(sha('user-42'));
    expect(purchase.user.ttclid).toBe('E.C.P.click-1');
    expect(purchase.user.ttp).toMatch(/^[A-Za-z0-9]{27}$/);
    expect(purchase.user.locale).toBe('nl-NL');
    expect(purchase.page.url).toBe('https://shop.example.com/product/1?ttclid=E.C.P.click-1');
    // identify() applies to the events recorded after it; the snippet's page() was queued before it.
    expect(events[0]!.user.email).toBeUndefined();
    expect(page.state().errors).toBe(0);
  });

  it('keeps _ttp and the ttclid in first-party cookies on the shop’s domain for the next page', async () => {
    const first = await openFakePage();
    await first.settle();
    const ttp = first.cookies.get('_ttp');
    expect(ttp).toMatch(/^[A-Za-z0-9]{27}$/);
    expect(first.cookies.get('ttclid')).toBe('E.C.P.click-1');

    const second = await openFakePage({ url: 'https://shop.example.com/cart', cookies: first.cookies });
    second.run(`ttq.track('AddToCart', { value: 5, currency: 'USD' })`);
    await second.settle();
    const events = second.sent.flatMap((s) => s.body.data as Event[]);
    expect(events.map((e) => e.event)).toEqual(['Pageview', 'AddToCart']);
    for (const e of events) {
      expect(e.user.ttp).toBe(ttp);
      expect(e.user.ttclid).toBe('E.C.P.click-1');
    }
  });

  it('hashes with its own SHA-256 where crypto.subtle is missing (http pages), matching Node’s', async () => {
    const page = await openFakePage({ insecure: true, url: 'http://shop.example.com/' });
    const samples = [
      '',
      'a',
      'alice_abc@gmail.com',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
      'é漢字🙂 mixed',
      'y'.repeat(1000),
    ];
    for (const text of samples) {
      expect(page.run(`ttq._adcockpit.sha256Sync(${JSON.stringify(text)})`)).toBe(sha(text));
    }
    page.run(`ttq.identify({ email: 'Bob@Example.COM' }); ttq.track('Lead')`);
    await page.settle();
    const lead = page.sent.flatMap((s) => s.body.data as Event[]).find((e) => e.event === 'Lead')!;
    expect(lead.user.email).toBe(sha('bob@example.com'));
  });

  it('normalises phone numbers to E.164 and keeps values that are already SHA-256', async () => {
    const page = await openFakePage();
    const phone = (text: string) => page.run(`ttq._adcockpit.normalise.phone(${JSON.stringify(text)})`);
    expect(phone('+31 (0)6 1234-5678')).toBe('+31612345678');
    expect(phone('0031 6 12345678')).toBe('+31612345678');
    expect(phone(' +44 20 7946 0958 ')).toBe('+442079460958');
    expect(phone('no digits')).toBe('');
    const hashed = sha('carol@example.com');
    page.run(`ttq.identify({ email: '${hashed.toUpperCase()}', phone_number: '' }); ttq.track('Subscribe')`);
    await page.settle();
    const event = page.sent.flatMap((s) => s.body.data as Event[]).find((e) => e.event === 'Subscribe')!;
    expect(event.user.email).toBe(hashed);
    expect(event.user.phone).toBeUndefined();
  });

  it('never throws into the page on garbage calls, counts them, and still sends the good events', async () => {
    const page = await openFakePage();
    const calls = [
      'ttq.track()',
      'ttq.track(42)',
      "ttq.track('ViewContent', 'not an object')",
      "var cyclic = {}; cyclic.self = cyclic; ttq.track('ViewContent', cyclic)",
      'ttq.identify(null)',
      "ttq.identify({ email: Symbol('x') })",
      'ttq.load()',
      "ttq.instance('CNOPE').track('Purchase')",
      "ttq.debug(); ttq.on('x'); ttq.off(); ttq.once(); ttq.alias(); ttq.group(); ttq.ready(42)",
    ];
    for (const call of calls) expect(() => page.run(call)).not.toThrow();
    page.run(`ttq.track('AddToCart', { value: 3, currency: 'EUR' })`);
    await page.settle();
    expect(page.state().errors).toBeGreaterThanOrEqual(6);
    const events = page.sent.flatMap((s) => s.body.data as Event[]).map((e) => e.event);
    expect(events).toEqual(['Pageview', 'AddToCart']);
  });

  it('sends with fetch keepalive as text/plain when sendBeacon refuses', async () => {
    const page = await openFakePage({ beaconAccepts: false });
    await page.settle();
    expect(page.sent).toHaveLength(1);
    expect(page.sent[0]!.via).toBe('fetch');
    expect(page.sent[0]!.init).toMatchObject({ method: 'POST', keepalive: true, mode: 'no-cors' });
    expect((page.sent[0]!.init!.headers as Record<string, string>)['Content-Type']).toMatch(/^text\/plain/);
  });

  it('batches at most 20 events per beacon', async () => {
    const page = await openFakePage();
    page.run(`for (var i = 0; i < 45; i++) ttq.track('ViewContent', { content_id: 'p' + i })`);
    await page.settle();
    expect(page.sent.map((s) => (s.body.data as Event[]).length)).toEqual([20, 20, 6]);
  });

  it('splits a batch that would pass 60 KB of UTF-8, and drops (and counts) a single event that large', async () => {
    const page = await openFakePage();
    // 12,000 three-byte characters: 36 KB of UTF-8 in 12,000 string characters.
    page.run(`var big = new Array(12001).join('漢');
      ttq.track('ViewContent', { description: big }); ttq.track('ViewContent', { description: big });
      ttq.track('Search', { search_string: new Array(25001).join('漢') })`);
    await page.settle();
    const sizes = page.sent.map((s) => Buffer.byteLength(JSON.stringify(s.body)));
    expect(sizes.every((n) => n <= 60_000)).toBe(true);
    const events = page.sent.flatMap((s) => s.body.data as Event[]).map((e) => e.event);
    expect(events).toEqual(['Pageview', 'ViewContent', 'ViewContent']);
    expect(page.state().dropped).toBe(1);
    expect(page.state().lastError).toContain('larger than 60 KB');
  });

  it('serves two pixels on one page: ttq calls go to both, ttq.instance(code) calls to one, the second copy of the script is inert', async () => {
    const page = await openFakePage({
      before: `ttq.load('CSECOND0000000000002'); ttq.instance('CSECOND0000000000002').track('Lead');`,
    });
    // The snippet inserted the script twice (once per load); the second copy must change nothing.
    page.run(page.script);
    page.run(`ttq.track('Contact')`);
    await page.settle();
    const byPixel = new Map<string, string[]>();
    for (const beacon of page.sent) {
      const code = String(beacon.body.event_source_id);
      byPixel.set(code, [...(byPixel.get(code) ?? []), ...(beacon.body.data as Event[]).map((e) => e.event)]);
    }
    expect(byPixel.get('CPIXEL00000000000001')).toEqual(['Pageview', 'Contact']);
    expect(byPixel.get('CSECOND0000000000002')).toEqual(['Pageview', 'Lead', 'Contact']);
    expect(page.run('ttq.instances()')).toEqual(['CPIXEL00000000000001', 'CSECOND0000000000002']);
    expect(page.state().errors).toBe(0);
  });

  it('holds events until consent is granted, and drops them once it is revoked', async () => {
    const page = await openFakePage({ before: 'ttq.holdConsent()' });
    await page.settle();
    expect(page.sent).toHaveLength(0);
    page.run('ttq.grantConsent()');
    await page.settle();
    expect(page.sent).toHaveLength(1);
    page.run(`ttq.revokeConsent(); ttq.track('Purchase', { value: 1, currency: 'EUR' })`);
    await page.settle();
    expect(page.sent).toHaveLength(1);
  });
});
