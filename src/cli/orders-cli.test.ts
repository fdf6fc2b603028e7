// `adcockpit orders import` run as a user runs it: a real Shopify export into a data directory, the same
// file again (replaced, not doubled), and a broken one refused with its lines while nothing is stored.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempDir } from '../../test/helpers/seeded-context.ts';
import { openAppContext } from '../app-context.ts';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { readConfig } from '../core/config.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/adcockpit.js');
const dataDir = tempDir('adcockpit-orders-cli-');
const sample = path.resolve('test/fixtures/shopify/orders-export.csv');

async function adcockpit(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--data-dir', dataDir]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function storedOrders(): Promise<{ n: number; total: number }> {
  const db = await DuckDBInstance.create(path.join(dataDir, 'warehouse.duckdb'));
  const connection = await db.connect();
  const result = await connection.runAndReadAll(
    'SELECT COUNT(*) AS n, COALESCE(SUM(total_micros), 0) AS total FROM shop_orders',
  );
  const [row] = result.getRowObjectsJS();
  connection.closeSync();
  db.closeSync();
  return { n: Number(row!.n), total: Number(row!.total) };
}

beforeAll(async () => {
  const ctx = await openAppContext(readConfig({ ADCOCKPIT_DATA_DIR: dataDir }));
  await insertAdvertiser(ctx.catalog, {
    advertiser_id: '7300000000000000009',
    name: 'Snowboard Store',
    currency: 'EUR',
    timezone: 'America/New_York',
    source: 'import',
    product_value: null,
    margin: null,
  });
  await ctx.close();
}, 60_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('orders import: a Shopify export by advertiser name, again without doubling, a broken one refused whole', async () => {
  const first = await adcockpit('orders', 'import', '--advertiser', 'snowboard store', '--file', sample);
  expect(first.code).toBe(0);
  expect(first.stdout).toBe(
    'Imported 19 orders from 40 rows: 19 new, 0 replaced.\nRefunds: 0 (0.00).\nTotal EUR: 14089.04\n',
  );
  const again = await adcockpit('orders', 'import', '--advertiser', '7300000000000000009', '--file', sample);
  expect(again.stdout).toContain('Imported 19 orders from 40 rows: 0 new, 19 replaced.');
  expect(await storedOrders()).toEqual({ n: 19, total: 14_089_040_000 });

  const broken = path.join(dataDir, 'broken.csv');
  const lines = fs.readFileSync(sample, 'utf8').split('\n');
  lines[1] = lines[1]!.replace('1659.95,"",0.00', 'ten euros,"",0.00');
  lines.push('#2000,,paid,,,,,,,,,,,,,2025-05-20 10:00:00 -0400');
  fs.writeFileSync(broken, lines.join('\n'));
  fs.rmSync(path.join(dataDir, 'warehouse.duckdb'));
  const refused = await adcockpit('orders', 'import', '--advertiser', 'Snowboard Store', '--file', broken);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toContain(
    `error: ${broken}: The file was not imported (nothing was stored): 2 problems.`,
  );
  expect(refused.stderr).toContain(
    'line 2, Total: must be an amount like 1659.95, not "ten euros" (order #1001)',
  );
  expect(refused.stderr).toContain('line 43: has 16 fields where the header has 79');
  expect(await storedOrders()).toEqual({ n: 0, total: 0 });

  const nobody = await adcockpit('orders', 'import', '--advertiser', 'Nobody', '--file', sample);
  expect([nobody.code, nobody.stderr]).toEqual([
    1,
    expect.stringContaining('No advertiser has the id or name "Nobody"'),
  ]);
}, 120_000);
