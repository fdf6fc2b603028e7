// Vitest global setup: a throw-away PostgreSQL server for the catalog tests, so that they run against the
// real thing on any machine. Tests read its URL with `inject('postgresUrl')`.
//
// With ADCOCKPIT_TEST_DATABASE_URL set, that database is used instead and nothing is started.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { installDebianPackage, isRoot } from './debian.ts';
import { freePort } from './free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of an empty PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5433/adcockpit_test */
    postgresUrl: string;
  }
}

const DATABASE = 'adcockpit_test';
const POSTGRES_ROOT = '/usr/lib/postgresql';

function findBinDir(): string | null {
  if (!existsSync(POSTGRES_ROOT)) return null;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((v) => existsSync(path.join(POSTGRES_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(POSTGRES_ROOT, versions[0], 'bin') : null;
}

function ensureBinDir(): string {
  const found = findBinDir();
  if (found) return found;
  installDebianPackage('postgresql', 'The catalog tests need a PostgreSQL server, which');
  const installed = findBinDir();
  if (!installed)
    throw new Error(`The postgresql package is installed but no initdb is under ${POSTGRES_ROOT}/*/bin.`);
  return installed;
}

/** PostgreSQL refuses to run as root: then the server belongs to the postgres system user. */
function postgresOwner(): { uid: number; gid: number } | null {
  if (!isRoot) return null;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'Running the tests as root needs the "postgres" system user (the postgresql package creates it).',
    );
  }
}

class Cluster {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'adcockpit-pg-'));
  readonly dataDir = path.join(this.dir, 'data');
  readonly logFile = path.join(this.dir, 'server.log');
  private running = false;

  constructor(
    private readonly binDir: string,
    private readonly owner: { uid: number; gid: number } | null,
  ) {
    if (owner) chownSync(this.dir, owner.uid, owner.gid);
  }

  run(tool: string, args: string[]): void {
    const command = path.join(this.binDir, tool);
    const [file, argv] = this.owner
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args];
    try {
      execFileSync(file, argv, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`${tool} failed:\n${stdout ?? ''}${stderr ?? ''}${this.serverLog()}`, { cause: error });
    }
  }

  serverLog(): string {
    return existsSync(this.logFile) ? `\n--- PostgreSQL log ---\n${readFileSync(this.logFile, 'utf8')}` : '';
  }

  async start(): Promise<string> {
    this.run('initdb', [
      '-D',
      this.dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    // The port is free when chosen but may be taken before the server binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = [
        `-p ${port}`,
        `-k '${this.dir}'`,
        "-c listen_addresses='127.0.0.1'",
        // Durability is pointless for a database that is deleted after the run.
        '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      ].join(' ');
      try {
        this.run('pg_ctl', [
          '-D',
          this.dataDir,
          '-l',
          this.logFile,
          '-o',
          options,
          '-w',
          '-t',
          '60',
          'start',
        ]);
      } catch (error) {
        if (attempt < 3) continue;
        throw error;
      }
      this.running = true;
      this.run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', DATABASE]);
      return `postgres://postgres@127.0.0.1:${port}/${DATABASE}`;
    }
  }

  /** Synchronous, so that it can also run from a process 'exit' handler. */
  stop(): void {
    try {
      if (this.running) this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
      this.running = false;
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.ADCOCKPIT_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return undefined;
  }
  const cluster = new Cluster(ensureBinDir(), postgresOwner());
  // Should vitest end without running the teardown, the server must not outlive it.
  const onExit = () => cluster.stop();
  process.once('exit', onExit);
  try {
    project.provide('postgresUrl', await cluster.start());
  } catch (error) {
    process.off('exit', onExit);
    cluster.stop();
    throw error;
  }
  return () => {
    process.off('exit', onExit);
    cluster.stop();
  };
}
