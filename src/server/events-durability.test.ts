// Kill-and-restart: the real server runs as a child process and takes Events API requests from several
// senders at once; it is killed with SIGKILL at a random moment, restarted, and killed again. In the end
// every event whose request was answered `code: 0` must be stored exactly once (read back through the
// real CLI's export), and no event is stored twice.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAppContext } from '../app-context.ts';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { insertPixel } from '../catalog/pixels.ts';
import { readConfig } from '../core/config.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PIXEL = 'CKILL000000000000000';
const ROUNDS = 4;
const SENDERS = 6;

let dataDir: string;
const env = (): NodeJS.ProcessEnv => {
  const clean = { ...process.env };
  for (const key of Object.keys(clean)) if (key.startsWith('VITEST')) delete clean[key];
  delete clean.NODE_ENV;
  return { ...clean, ADCOCKPIT_DATA_DIR: dataDir, HOST: '127.0.0.1' };
};

const cli = async (...args: string[]): Promise<string> =>
  (
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: env(),
    })
  ).stdout;

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

async function startServer(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: root,
    env: { ...env(), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, url, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-kill-'));
  // An advertiser of our own, so the server does not create the demo one on start.
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await insertAdvertiser(ctx.catalog, {
    advertiser_id: 'adv-kill',
    name: 'Kill test shop',
    currency: 'EUR',
    timezone: 'UTC',
    source: 'import',
    product_value: null,
    margin: null,
  });
  await insertPixel(ctx.catalog, {
    pixel_id: 'px-kill',
    advertiser_id: 'adv-kill',
    pixel_code: PIXEL,
    pixel_name: 'Kill',
  });
  await ctx.close();
}, 60_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('stores every acknowledged event exactly once across SIGKILLs at random moments', async () => {
  const token = (await cli('pixel', 'token', 'create', '--pixel', PIXEL)).trim();
  expect(token).toMatch(/^adcpx_/);
  const acknowledged = new Set<string>();
  // Requests each start found in the journal but not in the warehouse (the previous kill's leftovers).
  const replays: string[] = [];
  let sent = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const server = await startServer();
    let stop = false;
    const sender = async (s: number): Promise<void> => {
      for (let n = 0; !stop; n++) {
        const size = 1 + Math.floor(Math.random() * (n % 5 === 0 ? 400 : 20));
        const ids = Array.from({ length: size }, (_, i) => `r${round}-s${s}-n${n}-${i}`);
        const body = {
          event_source: 'web',
          event_source_id: PIXEL,
          data: ids.map((id) => ({
            event: 'Purchase',
            event_id: id,
            event_time: Math.floor(Date.now() / 1000),
          })),
        };
        sent += size;
        try {
          const response = await fetch(`${server.url}/open_api/v1.3/event/track/`, {
            method: 'POST',
            headers: { 'Access-Token': token, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          const answer = (await response.json()) as { code: number };
          if (answer.code === 0) for (const id of ids) acknowledged.add(id);
          else if (response.status === 429) await new Promise((resolve) => setTimeout(resolve, 100));
        } catch {
          // Killed mid-request: not acknowledged, so it may or may not be stored.
          return;
        }
      }
    };
    const senders = Array.from({ length: SENDERS }, (_, s) => sender(s));
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1500));
    replays.push(/Stored (\d+) Events API requests left/.exec(server.output())?.[1] ?? '0');
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    stop = true;
    await Promise.all(senders);
  }
  expect(acknowledged.size).toBeGreaterThan(100);
  console.log(
    `sent ${sent} events, ${acknowledged.size} acknowledged; replayed at start: ${replays.join(', ')}`,
  );

  const out = path.join(dataDir, 'events.csv');
  await cli('events', 'export', '--pixel', PIXEL, '--format', 'csv', '--out', out);
  const [header, ...lines] = fs.readFileSync(out, 'utf8').trim().split('\n');
  const idColumn = header!.split(',').indexOf('event_id');
  const counts = new Map<string, number>();
  for (const line of lines) {
    const id = line.split(',')[idColumn]!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const lost = [...acknowledged].filter((id) => !counts.has(id));
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  expect(lost).toEqual([]);
  expect(twice).toEqual([]);
  // Stored but unacknowledged events are those whose request the kill cut off after their write.
  expect(counts.size).toBeLessThanOrEqual(sent);
}, 300_000);
