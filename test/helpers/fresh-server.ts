// A real server on a data directory of its own, removed again at close, so a test starts from a fresh
// install (the sandbox seeds the demo advertiser; an owner is created when asked).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../src/server/start.ts';

export interface FreshServer {
  server: RunningServer;
  dataDir: string;
  /** Stops the server and removes its data directory. */
  close(): Promise<void>;
}

/** `name` marks the data directory (adcockpit-<name>-e2e-…) so a leftover one says whose it was. */
export async function startFreshServer(
  name: string,
  options: Omit<StartOptions, 'port' | 'host' | 'dataDir'>,
): Promise<FreshServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `adcockpit-${name}-e2e-`));
  try {
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, ...options });
    return {
      server,
      dataDir,
      async close() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
