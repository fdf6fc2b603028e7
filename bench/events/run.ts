// Events API bench: events per second accepted durably (answered code 0 after the journal's fsync) by the
// real server, for single-event requests and for 1,000-event batches, against a trivial Fastify handler on
// the same machine (the ceiling). Both servers run as child processes; this process sends. Afterwards the
// real server is stopped and the warehouse is checked to hold every acknowledged event once.
// Run: npm run bench:events [-- --seconds 10]
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { openAppContext } from '../../src/app-context.ts';
import { insertAdvertiser } from '../../src/catalog/advertisers.ts';
import { createPixelToken } from '../../src/catalog/pixel-tokens.ts';
import { insertPixel } from '../../src/catalog/pixels.ts';
import { readConfig } from '../../src/core/config.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const PIXEL = 'CBENCH00000000000000';
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 10;

interface Case {
  name: string;
  eventsPerRequest: number;
  concurrency: number;
}
const CASES: Case[] = [
  { name: 'single-event requests', eventsPerRequest: 1, concurrency: 32 },
  { name: '1,000-event batches', eventsPerRequest: 1000, concurrency: 4 },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const clean = { ...process.env };
  delete clean.NODE_ENV;
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...clean, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(`${url}/open_api/v1.3/event/track/`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      return { child, url };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('server did not start');
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A body of `n` Purchase events with ids unique to this request, shaped as Segment sends them. */
function body(n: number, requestNo: string): string {
  const now = Math.floor(Date.now() / 1000);
  const data = Array.from({ length: n }, (_, i) => ({
    event: 'Purchase',
    event_id: `${requestNo}-${i}`,
    event_time: now,
    user: {
      email: ['eb9869a32b532840dd6aa714f7a872d21d6f650fc5aa933d9feefc64708969c7'],
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15',
      ttp: 'gtst54a8ivb8',
    },
    page: { url: 'https://shop.example/thanks?order=1' },
    properties: {
      currency: 'EUR',
      value: 42.5,
      contents: [{ content_id: 'SKU1', quantity: 1, price: 42.5 }],
    },
  }));
  return JSON.stringify({ event_source: 'web', event_source_id: PIXEL, data });
}

interface Measured {
  events_per_second: number;
  requests: number;
  acknowledged_events: number;
  refused_429: number;
  latency_ms_p50: number;
  latency_ms_p99: number;
}

async function load(url: string, token: string, c: Case, label: string): Promise<Measured & { ids: number }> {
  const deadline = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let acknowledged = 0;
  let refused = 0;
  let requests = 0;
  const started = Date.now();
  const worker = async (w: number): Promise<void> => {
    for (let n = 0; Date.now() < deadline; n++) {
      const payload = body(c.eventsPerRequest, `${label}-${w}-${n}`);
      const t0 = performance.now();
      const response = await fetch(`${url}/open_api/v1.3/event/track/`, {
        method: 'POST',
        headers: { 'Access-Token': token, 'Content-Type': 'application/json' },
        body: payload,
      });
      const answer = (await response.json()) as { code: number };
      latencies.push(performance.now() - t0);
      requests++;
      if (answer.code === 0) acknowledged += c.eventsPerRequest;
      else if (response.status === 429) {
        refused++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } else throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
    }
  };
  await Promise.all(Array.from({ length: c.concurrency }, (_, w) => worker(w)));
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => Math.round(latencies[Math.floor((latencies.length - 1) * p)]! * 10) / 10;
  return {
    events_per_second: Math.round(acknowledged / seconds),
    requests,
    acknowledged_events: acknowledged,
    refused_429: refused,
    latency_ms_p50: pct(0.5),
    latency_ms_p99: pct(0.99),
    ids: acknowledged,
  };
}

async function prepareDataDir(): Promise<{ dataDir: string; token: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-events-'));
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await insertAdvertiser(ctx.catalog, {
    advertiser_id: 'adv-bench',
    name: 'Bench shop',
    currency: 'EUR',
    timezone: 'UTC',
    source: 'import',
    product_value: null,
    margin: null,
  });
  await insertPixel(ctx.catalog, {
    pixel_id: 'px-bench',
    advertiser_id: 'adv-bench',
    pixel_code: PIXEL,
    pixel_name: 'Bench',
  });
  const { secret } = await createPixelToken(ctx.catalog, 'px-bench', 'bench', 'bench');
  await ctx.close();
  return { dataDir, token: secret };
}

async function main(): Promise<void> {
  const results: Record<string, unknown>[] = [];
  const baseline = await spawnServer(['bench/events/trivial-server.ts'], {});
  const ceiling: Measured[] = [];
  for (const c of CASES) ceiling.push(await load(baseline.url, 'unused', c, 'baseline'));
  await stopServer(baseline.child);

  const { dataDir, token } = await prepareDataDir();
  const ours = await spawnServer(['src/cli/main.ts', 'serve'], { ADCOCKPIT_DATA_DIR: dataDir });
  let expected = 0;
  for (const [i, c] of CASES.entries()) {
    const measured = await load(ours.url, token, c, `case${i}`);
    expected += measured.acknowledged_events;
    const { ids: _ids, ...adcockpit } = measured;
    const { ids: _ceilingIds, ...trivial } = ceiling[i] as Measured & { ids: number };
    results.push({
      case: c.name,
      events_per_request: c.eventsPerRequest,
      concurrency: c.concurrency,
      adcockpit,
      trivial_fastify: trivial,
      ratio: Math.round((adcockpit.events_per_second / trivial.events_per_second) * 1000) / 1000,
    });
    console.log(
      `${c.name}: ${adcockpit.events_per_second} events/s durably vs ${trivial.events_per_second} events/s trivial handler (ratio ${results.at(-1)!.ratio}); p50 ${adcockpit.latency_ms_p50} ms, p99 ${adcockpit.latency_ms_p99} ms; 429s: ${adcockpit.refused_429}`,
    );
  }
  await stopServer(ours.child);
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  const [row] = await ctx.facts.query({
    text: `SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids FROM pixel_events WHERE pixel_code = '${PIXEL}'`,
    values: [],
  });
  await ctx.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const stored = { acknowledged: expected, stored: Number(row!.n), distinct_ids: Number(row!.ids) };
  console.log(
    `stored ${stored.stored} of ${stored.acknowledged} acknowledged events (${stored.distinct_ids} distinct ids)`,
  );
  const output = {
    measured_at: new Date().toISOString(),
    seconds_per_case: SECONDS,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      load_average: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    node: process.version,
    cases: results,
    check: stored,
  };
  // Written as the formatter would write it, so a fresh result passes the format check.
  const file = path.join(here, 'results.json');
  fs.writeFileSync(
    file,
    await format(JSON.stringify(output), { ...(await resolveConfig(file)), filepath: file }),
  );
  if (stored.stored !== expected || stored.distinct_ids !== expected) process.exitCode = 1;
}

await main();
