// A million-row customer file through the real import (DuckDB warehouse): it streams — the heap kept after
// the import does not grow with the file — and every row lands. The time is printed, not asserted: it
// depends on the machine (see docs/decisions.md for the numbers measured).
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type PixelContext, pixelContext } from '../../test/helpers/pixel-context.ts';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { createCustomerFileAudience } from './audiences.ts';

const ROWS = 1_000_000;
const ADV = 'adv-million';
let p: PixelContext;

beforeAll(async () => {
  p = await pixelContext({
    prefix: 'audiences-million-',
    advertiser: { advertiser_id: ADV, name: 'Million' },
    pixels: [],
  });
}, 60_000);
afterAll(async () => p?.close());

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

test('a million-row file imports in one streaming pass with memory that does not follow the file', async () => {
  let bytes = 0;
  async function* generate() {
    // Generated as it is read: the test itself holds no copy of the file.
    for (let start = 0; start < ROWS; start += 10_000) {
      let chunk = start === 0 ? 'email\n' : '';
      for (let i = start; i < start + 10_000; i++) chunk += `buyer.${i}@example-shop.com\n`;
      bytes += chunk.length;
      yield Buffer.from(chunk);
    }
  }
  gc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 20);
  const started = Date.now();
  const audience = await createCustomerFileAudience(
    p.ctx,
    SYSTEM_ACTOR,
    ADV,
    { name: 'A million', file_name: 'million.csv' },
    Readable.from(generate()),
  );
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  gc();
  const after = process.memoryUsage();
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  console.log(
    `${ROWS.toLocaleString('en-US')} rows (${mb(bytes)}) in ${seconds.toFixed(1)} s; JS heap kept ${mb(after.heapUsed - before.heapUsed)}, ` +
      `JS heap peak +${mb(peakHeap - before.heapUsed)} (garbage included), process RSS ${mb(before.rss)} before, ${mb(peakRss)} at peak (DuckDB's memory included)`,
  );
  expect(audience.customer_file).toMatchObject({
    rows_read: ROWS,
    valid: ROWS,
    members: ROWS,
    duplicates: 0,
  });
  // Holding the file, or a Set of its hashes, would keep tens of MB; the import keeps one batch at most.
  expect(after.heapUsed - before.heapUsed).toBeLessThan(bytes / 20);
  expect(peakHeap - before.heapUsed).toBeLessThan(bytes);
}, 600_000);
