// The sandbox's pixel through the events ingestion: the last 48 hours' browser events (before the wall
// clock) go through the journal as received events, a catch-up's too; the older history is written with
// the day's facts. Either way the stored events are exactly those of a run without the ingestion, and a
// process that dies after a day's events were taken but before its facts were written loses nothing and
// doubles nothing when it starts again (the same event ids are sent again and deduplicated); a re-seeded
// demo's events are stored again rather than taken for copies of the replaced run's.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/seeded-context.ts';
import { type AppContext, openAppContext } from '../../app-context.ts';
import { listAdvertisers } from '../../catalog/advertisers.ts';
import { listPixels } from '../../catalog/pixels.ts';
import { readConfig } from '../../core/config.ts';
import { overriddenStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES } from '../../warehouse/schema.ts';
import { catchUpSandboxes, seedDemo } from './bootstrap.ts';
import { simulateUntil } from './simulate.ts';

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
const RECENT = NOW - 48 * HOUR;
const DAYS = 4;
const SEED = 11;

const dirs: string[] = [];
const open: AppContext[] = [];
afterAll(async () => {
  for (const ctx of open) await ctx.close().catch(() => undefined);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function context(dir = tempDir()): Promise<{ ctx: AppContext; dir: string }> {
  if (!dirs.includes(dir)) dirs.push(dir);
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dir }));
  open.push(ctx);
  return { ctx, dir };
}

/** What a run determines about each stored browser event (not when it was received). */
async function storedEvents(ctx: AppContext): Promise<string[]> {
  await ctx.events.drained();
  const rows = await ctx.facts.query({
    text: `SELECT event, event_id, epoch_ms(event_time) AS t, ttclid, ttp, page_url, value_micros, currency, order_id
           FROM ${FACT_TABLES.pixelEvents} ORDER BY ALL`,
    values: [],
  });
  return rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

let reference: string[] | null = null;
/** The same demo simulated to now with every event written with the day's facts. */
async function referenceEvents(): Promise<string[]> {
  if (reference) return reference;
  const { ctx } = await context();
  await seedDemo(ctx.catalog, ctx.facts, { seed: SEED, historyDays: DAYS, now: NOW });
  return (reference = await storedEvents(ctx));
}

describe('sandbox browser events through the ingestion', () => {
  it('sends the last 48 hours’ events (a catch-up’s too) through the journal, and stores what a direct run does', async () => {
    const { ctx } = await context();
    const sixHoursAgo = NOW - 6 * HOUR;
    await seedDemo(ctx.catalog, ctx.facts, {
      seed: SEED,
      historyDays: DAYS,
      now: NOW,
      until: sixHoursAgo,
      events: ctx.events,
    });
    const [advertiser] = await listAdvertisers(ctx.catalog);
    const [pixel] = await listPixels(ctx.catalog, advertiser!.advertiser_id);
    const afterSeed = ctx.events.lastAccepted(pixel!.pixel_code)!.getTime();
    expect(afterSeed).toBeGreaterThan(sixHoursAgo - 2 * HOUR);
    expect(afterSeed).toBeLessThanOrEqual(sixHoursAgo);

    // The server's catch-up: the six hours since are simulated and their events received.
    await catchUpSandboxes(ctx.catalog, ctx.facts, { now: NOW, events: ctx.events });
    const afterCatchUp = ctx.events.lastAccepted(pixel!.pixel_code)!.getTime();
    expect(afterCatchUp).toBeGreaterThan(sixHoursAgo);
    expect(ctx.events.stats().storedPosition).not.toBeNull();

    await ctx.events.drained();
    const timing = await ctx.facts.query({
      text: `SELECT epoch_ms(event_time) >= ${RECENT} AS recent, COUNT(*) AS n,
               SUM(CASE WHEN received_at = event_time THEN 1 ELSE 0 END) AS at_event_time,
               MAX(epoch_ms(received_at) - epoch_ms(event_time)) AS max_delay_ms,
               MIN(epoch_ms(received_at) - epoch_ms(event_time)) AS min_delay_ms
             FROM ${FACT_TABLES.pixelEvents} GROUP BY ALL ORDER BY recent`,
      values: [],
    });
    const [old, recent] = timing.map((r) => ({
      n: Number(r.n),
      atEventTime: Number(r.at_event_time),
      maxDelay: Number(r.max_delay_ms),
      minDelay: Number(r.min_delay_ms),
    }));
    // History: written with the day's facts, received when it happened.
    expect(old!.n).toBeGreaterThan(0);
    expect(old!.atEventTime).toBe(old!.n);
    // Recent: received through the journal, in requests per pixel and hour, never before it happened.
    expect(recent!.n).toBeGreaterThan(0);
    expect(recent!.minDelay).toBeGreaterThanOrEqual(0);
    expect(recent!.maxDelay).toBeLessThan(HOUR);
    expect(recent!.atEventTime).toBeLessThan(recent!.n);

    const duplicates = await ctx.facts.query({
      text: `SELECT COUNT(*) AS n FROM ${FACT_TABLES.duplicateEvents}`,
      values: [],
    });
    expect(Number(duplicates[0]!.n)).toBe(0);
    expect(await storedEvents(ctx)).toEqual(await referenceEvents());
  });

  it('re-seeding the same demo within 48 hours stores its recent events again, not as duplicates', async () => {
    const { ctx } = await context();
    const seed = () =>
      seedDemo(ctx.catalog, ctx.facts, { seed: SEED, historyDays: DAYS, now: NOW, events: ctx.events });
    await seed();
    // The same advertiser, pixel codes and event ids: the ingestion still remembers the first run's ids.
    await seed();
    expect(await storedEvents(ctx)).toEqual(await referenceEvents());
    const duplicates = await ctx.facts.query({
      text: `SELECT COUNT(*) AS n FROM ${FACT_TABLES.duplicateEvents}`,
      values: [],
    });
    expect(Number(duplicates[0]!.n)).toBe(0);
  });

  it('loses and doubles nothing when the process dies after a day’s events were taken but before its facts', async () => {
    const first = await context();
    await seedDemo(first.ctx.catalog, first.ctx.facts, {
      seed: SEED,
      historyDays: DAYS,
      now: NOW,
      until: NOW - 30 * HOUR,
      events: first.ctx.events,
    });
    const [advertiser] = await listAdvertisers(first.ctx.catalog);
    const facts = first.ctx.facts;
    // The day's write fails as if the process had died in it: its events are in the journal already.
    const dying = overriddenStore(facts, { append: () => Promise.reject(new Error('killed')) });
    await expect(
      simulateUntil(first.ctx.catalog, dying, advertiser!.advertiser_id, NOW, {
        events: first.ctx.events,
        now: NOW,
      }),
    ).rejects.toThrow('killed');
    const sentBeforeDeath = first.ctx.events.lastAccepted(
      (await listPixels(first.ctx.catalog, advertiser!.advertiser_id))[0]!.pixel_code,
    );
    expect(sentBeforeDeath!.getTime()).toBeGreaterThan(NOW - 30 * HOUR);
    await first.ctx.close();
    open.splice(open.indexOf(first.ctx), 1);

    // Started again on the same data directory: the day is simulated again and its events sent again.
    const again = await context(first.dir);
    await simulateUntil(again.ctx.catalog, again.ctx.facts, advertiser!.advertiser_id, NOW, {
      events: again.ctx.events,
      now: NOW,
    });
    expect(await storedEvents(again.ctx)).toEqual(await referenceEvents());
    const duplicates = await again.ctx.facts.query({
      text: `SELECT COUNT(*) AS n FROM ${FACT_TABLES.duplicateEvents}`,
      values: [],
    });
    // The copies sent again were recognised as such, not counted.
    expect(Number(duplicates[0]!.n)).toBeGreaterThan(0);
  });
});
