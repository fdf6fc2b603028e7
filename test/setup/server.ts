// Starts the real server the way `npm start` does (src/cli/main.ts serve, through tsx) on a free port with
// its own data directory, for the browser and HTTP tests. Each call is a separate server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv, ensureWebBuild, projectRoot } from '../../scripts/build-web.js';
import { freePort } from './free-port.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234, without a trailing slash */
  url: string;
  dataDir: string;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Extra environment, e.g. { ADCOCKPIT_SANDBOX_DAYS: '14' }. */
  env?: Record<string, string>;
  /** Use this data directory (kept afterwards) instead of a fresh one (deleted on stop). */
  dataDir?: string;
  /** How long to wait for GET /api/health to answer 200. */
  startTimeoutMs?: number;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  await ensureWebBuild();
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'adcockpit-data-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot, 'src', 'cli', 'main.ts'), 'serve'],
    {
      cwd: projectRoot,
      env: {
        ...cleanEnv(),
        HOST: '127.0.0.1',
        PORT: String(port),
        ADCOCKPIT_DATA_DIR: dataDir,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));

  const stop = async () => {
    await stopProcess(child);
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, options.startTimeoutMs ?? 120_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`, { cause: error });
  }
  return { url, dataDir, output: () => output, stop };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The server exited (${child.exitCode ?? child.signalCode}) before answering /api/health.`,
      );
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer GET /api/health with 200 within ${timeoutMs / 1000} s.`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killTimer);
}
