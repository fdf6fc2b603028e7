import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../../test/helpers/seeded-context.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/adcockpit.js');
const dataDir = tempDir('adcockpit-cli-');
const today = new Date().toISOString().slice(0, 10);
const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);

async function adcockpit(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, ADCOCKPIT_DATA_DIR: dataDir },
      maxBuffer: 50_000_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

let advertiserId = '';
beforeAll(async () => {
  const seeded = await adcockpit('sandbox', 'seed', '--days', '7', '--seed', '3');
  expect(seeded.code).toBe(0);
  advertiserId = seeded.stdout.trim();
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('adcockpit CLI', () => {
  test('advertiser list prints id, name, currency and time zone as JSON', async () => {
    const { stdout } = await adcockpit('advertiser', 'list', '--format', 'json');
    expect(JSON.parse(stdout)).toEqual([
      {
        advertiser_id: advertiserId,
        name: 'Northwind Outdoor (sandbox)',
        currency: 'USD',
        timezone: 'America/New_York',
      },
    ]);
  });

  test('report prints rows and computed totals as JSON with raw numbers', async () => {
    const { stdout, code } = await adcockpit(
      'report',
      '--advertiser',
      'northwind outdoor (sandbox)',
      '--from',
      from,
      '--to',
      today,
      '--dimensions',
      'day,campaign',
      '--metrics',
      'spend,impressions,ctr,reach',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.rows.length).toBeGreaterThan(4);
    const row = report.rows[0];
    expect(row).toMatchObject({
      day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      campaign: expect.any(String),
      campaign_name: expect.any(String),
    });
    expect(row.ctr).toBeCloseTo(0.01, 1);
    const spend = report.rows.reduce((sum: number, r: { spend: number }) => sum + r.spend, 0);
    expect(report.totals.spend).toBeCloseTo(spend, 6);
    expect(report.totals.reach).toBeLessThan(
      report.rows.reduce((sum: number, r: { reach: number }) => sum + r.reach, 0),
    );
  });

  test('report as CSV ends with a totals row', async () => {
    const { stdout } = await adcockpit(
      'report',
      '--advertiser',
      advertiserId,
      '--from',
      from,
      '--to',
      today,
      '--dimensions',
      'ad',
      '--metrics',
      'spend,cpc',
      '--format',
      'csv',
    );
    const lines = stdout.trim().split('\r\n');
    expect(lines[0]).toBe('Ad ID,Ad,Cost,CPC (destination)');
    expect(lines.at(-1)).toMatch(/^Total,,[\d.]+,[\d.]+$/);
  });

  test('templates: list, export to a file, import under another name; a report runs from one', async () => {
    const listed = await adcockpit('template', 'list', '--advertiser', advertiserId, '--format', 'json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((t: { name: string }) => t.name)).toEqual([
      'Creative Performance',
      'Funnel Analysis',
    ]);
    const file = path.join(dataDir, 'funnel.json');
    const exported = await adcockpit(
      'template',
      'export',
      '--advertiser',
      advertiserId,
      '--name',
      'funnel analysis',
      '--out',
      file,
    );
    expect(exported.stderr).toContain('Wrote "Funnel Analysis" with 3 custom columns');
    const content = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(content.format).toBe('adcockpit.report-template');

    const refused = await adcockpit('template', 'import', file, '--advertiser', advertiserId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('name (line 4): this advertiser already has a report template');

    const broken = path.join(dataDir, 'broken-template.json');
    const bad = structuredClone(content);
    bad.name = 'Funnel v2';
    bad.custom_columns[2].id = 'cc_purchase_step';
    bad.custom_columns[2].name = 'Purchase step';
    bad.custom_columns[2].formula = 'complete_payment / checkout';
    fs.writeFileSync(broken, JSON.stringify(bad, null, 2));
    const invalid = await adcockpit('template', 'import', broken, '--advertiser', advertiserId);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/custom_columns\[2\]\.formula \(line \d+\): "checkout" is not a metric/);
    expect(invalid.stderr).toContain('at character 20 of the formula');

    fs.writeFileSync(file, JSON.stringify({ ...content, name: 'Funnel (copy from file)' }, null, 2));
    const imported = await adcockpit('template', 'import', file, '--advertiser', advertiserId);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^rt_[0-9a-f]{16}\n$/);
    expect(imported.stderr).toContain('reused cc_landing_to_cart_rate');

    const csv = await adcockpit(
      'report',
      '--advertiser',
      advertiserId,
      '--template',
      'Funnel (copy from file)',
      '--from',
      from,
      '--to',
      today,
      '--format',
      'csv',
    );
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'Campaign ID,Campaign,Cost,Cost per landing page view,Cost per add to cart,ROAS,CVR,Add to Cart Rate,Checkout Rate,Purchase Rate',
    );
    expect(lines.at(-1)).toMatch(/^Total,,[\d.]+,/);

    const missing = await adcockpit('report', '--advertiser', advertiserId, '--template', 'Nope');
    expect(missing.stderr).toContain('no report template "Nope". It has: "Creative Performance"');
  }, 240_000);

  test('report --template --format xlsx writes a workbook with typed cells', async () => {
    const out = path.join(dataDir, 'creative.xlsx');
    const written = await adcockpit(
      'report',
      '--advertiser',
      advertiserId,
      '--template',
      'creative performance',
      '--from',
      from,
      '--to',
      today,
      '--format',
      'xlsx',
      '--out',
      out,
    );
    expect(written.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Creative Performance');
    expect(sheet.getCell('A1').value).toBe('Ad ID');
    expect(sheet.getCell('C2').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('C2').numFmt).toBe('"$"#,##0.00');
    expect(sheet.getCell(`A${sheet.rowCount}`).value).toBe('Total');
    const mixed = await adcockpit(
      'report',
      '--advertiser',
      advertiserId,
      '--template',
      'x',
      '--metrics',
      'spend',
    );
    expect(mixed.stderr).toContain('A template brings its own metrics and dimensions');
    const half = await adcockpit(
      'report',
      '--advertiser',
      advertiserId,
      '--metrics',
      'spend',
      '--from',
      from,
    );
    expect(half.stderr).toContain('Give both --from and --to');
  }, 120_000);

  test('export facts writes the daily counters per ad as CSV and Parquet', async () => {
    const csv = path.join(dataDir, 'facts.csv');
    const parquet = path.join(dataDir, 'facts.parquet');
    expect(
      (await adcockpit('export', 'facts', '--advertiser', advertiserId, '--format', 'csv', '--out', csv))
        .code,
    ).toBe(0);
    expect(
      (
        await adcockpit(
          'export',
          'facts',
          '--advertiser',
          advertiserId,
          '--format',
          'parquet',
          '--out',
          parquet,
        )
      ).code,
    ).toBe(0);
    const header = fs.readFileSync(csv, 'utf8').split('\n')[0]!;
    for (const column of [
      'date',
      'campaign_id',
      'campaign_name',
      'adgroup_id',
      'ad_id',
      'ad_name',
      'spend',
      'impressions',
      'clicks',
      'video_watched_2s',
      'conversion',
    ]) {
      expect(header.split(',')).toContain(column);
    }
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const result = await connection.runAndReadAll(
      `SELECT COUNT(*) AS n, SUM(impressions) AS imps FROM '${parquet}'`,
    );
    const [row] = result.getRowObjectsJS();
    expect(Number(row!.n)).toBe(fs.readFileSync(csv, 'utf8').trim().split('\n').length - 1);
    expect(Number(row!.imps)).toBeGreaterThan(1000);
    connection.closeSync();
    db.closeSync();
  });

  test('mistakes name the problem and exit non-zero', async () => {
    const badMetric = await adcockpit(
      'report',
      '--advertiser',
      advertiserId,
      '--from',
      from,
      '--to',
      today,
      '--metrics',
      'spend,cpx',
    );
    expect(badMetric.code).toBe(1);
    expect(badMetric.stderr).toContain('metrics[1]: "cpx" is not a metric');
    const badDate = await adcockpit(
      'report',
      '--advertiser',
      advertiserId,
      '--from',
      '2026-13-01',
      '--to',
      today,
      '--metrics',
      'spend',
    );
    expect(badDate.code).not.toBe(0);
    expect(badDate.stderr).toContain('expected a date as YYYY-MM-DD');
    const badAdvertiser = await adcockpit(
      'report',
      '--advertiser',
      'Nobody',
      '--from',
      from,
      '--to',
      today,
      '--metrics',
      'spend',
    );
    expect(badAdvertiser.stderr).toContain('No advertiser has the id or name "Nobody"');
  });

  test('members and tokens are managed on the machine; the token alone goes to stdout', async () => {
    const owner = await adcockpit(
      'user',
      'create',
      '--email',
      'ops@example.com',
      '--password',
      'a long enough secret',
      '--role',
      'owner',
    );
    expect(owner.code).toBe(0);
    const viewer = await adcockpit(
      'user',
      'create',
      '--email',
      'client@example.com',
      '--password',
      'a long enough secret',
      '--role',
      'viewer',
      '--advertisers',
      advertiserId,
    );
    expect(viewer.code).toBe(0);
    const weak = await adcockpit(
      'user',
      'create',
      '--email',
      'x@example.com',
      '--password',
      'short',
      '--role',
      'viewer',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('--password use at least 10 characters');
    const members = JSON.parse((await adcockpit('user', 'list', '--format', 'json')).stdout);
    expect(members.map((m: { email: string; role: string }) => `${m.email}:${m.role}`)).toEqual([
      'ops@example.com:owner',
      'client@example.com:viewer',
    ]);
    expect(JSON.stringify(members)).not.toContain('password');
    const token = await adcockpit('token', 'create', '--user', 'ops@example.com', '--name', 'nightly export');
    expect(token.stdout).toMatch(/^adc_[A-Za-z0-9_-]{40,}\n$/);
    expect((await adcockpit('user', 'disable', '--email', 'client@example.com')).code).toBe(0);
    expect(JSON.parse((await adcockpit('user', 'list', '--format', 'json')).stdout)[1].disabled).toBe(true);
  }, 120_000);

  test('while a server holds the data directory, data commands go through it with a token', async () => {
    const token = (await adcockpit('token', 'create', '--user', 'ops@example.com')).stdout.trim();
    const { startServer } = await import('../server/start.ts');
    const server = await startServer({ dataDir, port: 0, host: '127.0.0.1' });
    try {
      const local = await adcockpit('advertiser', 'list');
      expect(local.code).toBe(1);
      expect(local.stderr).toContain('--server URL');
      const remote = await adcockpit(
        'report',
        '--server',
        server.url,
        '--token',
        token,
        '--advertiser',
        advertiserId,
        '--from',
        from,
        '--to',
        today,
        '--metrics',
        'spend',
      );
      expect(remote.code).toBe(0);
      expect(JSON.parse(remote.stdout).totals.spend).toBeGreaterThan(0);
      const viaServer = ['--server', server.url, '--token', token, '--advertiser', advertiserId];
      const templates = await adcockpit('template', 'list', ...viaServer);
      expect(templates.stdout).toContain('Funnel Analysis\tbuilt in\tby campaign');
      const file = await adcockpit('template', 'export', ...viaServer, '--name', 'Creative Performance');
      expect(JSON.parse(file.stdout).custom_columns).toHaveLength(2);
      const xlsx = await adcockpit(
        'report',
        ...viaServer,
        '--template',
        'Creative Performance',
        '--from',
        from,
        '--to',
        today,
        '--format',
        'xlsx',
      );
      expect(xlsx.code).toBe(0);
      // A ZIP container: "PK" and a local file header.
      expect(xlsx.stdout.slice(0, 4)).toBe('PK\u0003\u0004');
      const server_ = ['--server', server.url, '--token', token];
      const pixels = JSON.parse((await adcockpit('pixel', 'list', ...server_, '--format', 'json')).stdout);
      expect(pixels).toEqual([expect.objectContaining({ advertiser_id: advertiserId, status: 'Active' })]);
      const code = pixels[0].pixel_code as string;
      const pixelToken = await adcockpit('pixel', 'token', 'create', ...server_, '--pixel', code);
      expect(pixelToken.stdout).toMatch(/^adcpx_\S+\n$/);
      const csv = path.join(dataDir, 'events-via-server.csv');
      const exported = await adcockpit(
        'events',
        'export',
        ...server_,
        '--pixel',
        code,
        '--format',
        'csv',
        '--out',
        csv,
      );
      const written = Number(/Wrote (\d+) events/.exec(exported.stderr)?.[1]);
      expect(written).toBeGreaterThan(0);
      expect(fs.readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(written + 1);
      const unknown = await adcockpit(
        'events',
        'export',
        ...server_,
        '--pixel',
        'NOPE',
        '--format',
        'csv',
        '--out',
        csv,
      );
      expect(unknown.stderr).toContain('No pixel has the code NOPE');
      const orders = await adcockpit(
        'orders',
        'import',
        ...server_,
        '--advertiser',
        advertiserId,
        '--file',
        'test/fixtures/shopify/orders-export.csv',
      );
      expect(orders.stdout).toContain('Imported 19 orders from 40 rows: 19 new, 0 replaced.');
      const anonymous = await adcockpit('advertiser', 'list', '--server', server.url);
      expect(anonymous.stderr).toContain('needs an API token');
      const wrong = await adcockpit('advertiser', 'list', '--server', server.url, '--token', 'adc_wrong');
      expect(wrong.stderr).toContain('unknown, revoked');
    } finally {
      await server.close();
    }
  }, 180_000);

  test('sandbox run creates a scenario from a file; a broken one is refused by path and creates nothing', async () => {
    const broken = path.join(dataDir, 'broken.json');
    const scenario = JSON.parse(fs.readFileSync('examples/budget-change.json', 'utf8'));
    scenario.campaigns[0].ad_groups[0].budget_mode = 'BUDGET_MODE_WEEK';
    fs.writeFileSync(broken, JSON.stringify(scenario));
    const refused = await adcockpit('sandbox', 'run', '--scenario', broken);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('campaigns[0].ad_groups[0].budget_mode');
    expect(refused.stderr).toContain('Nothing was created');
    const before = JSON.parse((await adcockpit('advertiser', 'list', '--format', 'json')).stdout);
    expect(before.map((a: { name: string }) => a.name)).not.toContain('Example: budget change');

    const ran = await adcockpit('sandbox', 'run', '--scenario', 'examples/budget-change.json');
    expect(ran.code).toBe(0);
    // 14 days in New York from March 1st: one of them (the 8th) is 23 hours long.
    expect(ran.stderr).toContain('Simulated 335 hours');
    const id = ran.stdout.trim();
    const advanced = await adcockpit('sandbox', 'advance', '--advertiser', advertiserId, '--hours', '2');
    expect(advanced.code).toBe(0);
    const report = JSON.parse(
      (
        await adcockpit(
          'report',
          '--advertiser',
          id,
          '--from',
          '2026-03-01',
          '--to',
          '2026-03-14',
          '--metrics',
          'spend',
        )
      ).stdout,
    );
    expect(report.totals.spend).toBeGreaterThan(7 * 36 + 7 * 100);
  }, 120_000);
});
