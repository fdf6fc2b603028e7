// `adcockpit audience import` and `audience list` run as a user runs them: on the data directory, then
// through a running server with a token; a file with bytes that are not UTF-8 is refused naming the line.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { openAppContext } from '../app-context.ts';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { readConfig } from '../core/config.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/adcockpit.js');
const dataDir = tempDir('adcockpit-audience-cli-');
const ADVERTISER = '7300000000000000077';
let token: string;

async function adcockpit(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

function writeFile(name: string, content: string | Buffer): string {
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, content);
  return file;
}

beforeAll(async () => {
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await insertAdvertiser(ctx.catalog, {
    advertiser_id: ADVERTISER,
    name: 'Tea Shop',
    currency: 'EUR',
    timezone: 'Europe/Amsterdam',
    source: 'sandbox',
    product_value: null,
    margin: null,
  });
  token = (await memberWithToken(ctx.catalog, 'owner')).token;
  await ctx.close();
}, 60_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('audience import prints the report; audience list shows it; locally and through a server', async () => {
  const emails = Array.from({ length: 2500 }, (_, i) => `tea.lover.${i}@example.nl`);
  const file = writeFile(
    'customers.csv',
    ['Email;Phone', ...emails.map((e, i) => (i === 0 ? `${e};06 1234 5678` : `${e};`)), 'nobody;'].join('\n'),
  );
  const local = await adcockpit(
    'audience',
    'import',
    '--file',
    file,
    '--name',
    'Tea lovers',
    '--default-country',
    'NL',
    '--data-dir',
    dataDir,
  );
  expect(local.stderr).toBe('');
  expect(local.code).toBe(0);
  expect(local.stdout).toMatch(/^Created audience "Tea lovers" \(\d+\) from customers\.csv\.\n/);
  expect(local.stdout).toContain('  rows read   2,501\n');
  expect(local.stdout).toContain('  valid       2,501 (emails 2,500, phones 1, already hashed 0)\n');
  expect(local.stdout).toContain('  invalid: 1 × not a valid email address (lines 2502)\n');
  expect(local.stdout).toMatch(/ {2}matched {5}1,\d{3}\n/);
  expect(local.stdout).toContain('ready: can be targeted');

  const broken = writeFile(
    'broken.txt',
    Buffer.concat([Buffer.from('a@b.nl\nc@d.nl\n'), Buffer.from([0xc3, 0x28, 0x0a])]),
  );
  const refused = await adcockpit(
    'audience',
    'import',
    '--file',
    broken,
    '--name',
    'Broken',
    '--data-dir',
    dataDir,
  );
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`error: ${broken}: Line 3 is not UTF-8 text`);

  const listed = await adcockpit('audience', 'list', '--data-dir', dataDir);
  expect(listed.stdout.trim().split('\n')).toEqual([
    expect.stringMatching(/^\d+\tcustomer_file\tready\t1,\d{3}\tTea lovers$/),
  ]);

  const { startServer } = await import('../server/start.ts');
  const server = await startServer({ dataDir, port: 0, host: '127.0.0.1' });
  try {
    const viaServer = ['--server', server.url, '--token', token, '--advertiser', 'tea shop'];
    const phones = writeFile(
      'phones.txt',
      Array.from({ length: 1200 }, (_, i) => `+3161${String(i).padStart(7, '0')}`).join('\n'),
    );
    const remote = await adcockpit(
      'audience',
      'import',
      ...viaServer,
      '--file',
      phones,
      '--name',
      'Callers',
      '--format',
      'json',
    );
    expect(remote.stderr).toBe('');
    const created = JSON.parse(remote.stdout);
    expect(created.customer_file).toMatchObject({ rows_read: 1200, valid: 1200, id_types: { phone: 1200 } });
    const names = JSON.parse(
      (await adcockpit('audience', 'list', ...viaServer, '--format', 'json')).stdout,
    ).map((a: { name: string }) => a.name);
    expect(names.sort()).toEqual(['Callers', 'Tea lovers']);
  } finally {
    await server.close();
  }
}, 180_000);
