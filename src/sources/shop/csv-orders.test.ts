// Shopify order exports read into orders: the two real exports (figures counted by hand from the files),
// and each kind of broken file refused whole with its line and reason.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCsv } from './csv.ts';
import { type CsvOrders, ordersFromShopifyCsv } from './csv-orders.ts';

const samples = path.resolve('test/fixtures/shopify');
const demoStore = fs.readFileSync(path.join(samples, 'orders-export.csv'), 'utf8');
const bogusGateway = fs.readFileSync(path.join(samples, 'orders-export.bogus-gateway.csv'), 'utf8');
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const ok = (result: CsvOrders) => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result;
};
const errors = (result: CsvOrders) => {
  if (result.ok) throw new Error('imported a broken file');
  return result.errors;
};

/** The sample with one cell of one line (1-based, as an editor shows it) changed; its lines hold no quoted commas. */
function withCell(text: string, line: number, column: string, value: string): string {
  const lines = text.split('\n');
  const header = lines[0]!.split(',');
  const cells = lines[line - 1]!.split(',');
  cells[header.indexOf(column)] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
}

describe('a Shopify orders export', () => {
  test('the demo store export: 40 line-item rows make 19 orders worth 14,089.04 EUR', () => {
    const { orders, refunds, rows } = ok(ordersFromShopifyCsv(demoStore, 'adv'));
    expect(rows).toBe(40);
    expect(orders).toHaveLength(19);
    expect(orders.reduce((sum, o) => sum + o.total_micros, 0)).toBe(14_089_040_000);
    expect(refunds).toEqual([]);
    const first = orders[0]!;
    expect(first).toMatchObject({
      advertiser_id: 'adv',
      order_id: '6634244374859',
      order_name: '#1001',
      created_at: new Date('2025-05-11T13:55:16Z'),
      updated_at: new Date('2025-05-11T13:55:16Z'),
      total_micros: 1_659_950_000,
      currency: 'EUR',
      financial_status: 'paid',
      cancelled_at: null,
      line_items: 4,
      landing_site: null,
      referring_site: null,
      source_name: 'shopify_draft_order',
      customer_key: null,
      source: 'shopify_csv',
    });
    // Line items per order, in file order: #1001 has 4 rows, #1002 2, #1003 1, …
    expect(orders.map((o) => o.line_items)).toEqual([
      4, 2, 1, 2, 2, 3, 1, 4, 4, 1, 4, 1, 2, 1, 1, 1, 1, 1, 4,
    ]);
    expect(orders.find((o) => o.order_name === '#1013')!.financial_status).toBe('pending');
    // Nine orders carry an e-mail, of three customers; the key is the hash of the lower-cased address.
    const keys = orders.map((o) => o.customer_key).filter(Boolean);
    expect(keys).toHaveLength(9);
    expect(new Set(keys).size).toBe(3);
    expect(orders.find((o) => o.order_name === '#1008')!.customer_key).toBe(
      sha('russel.winfield@example.com'),
    );
    expect(JSON.stringify(orders)).not.toContain('@example.com');
  });

  test('the bogus-gateway export: 2 INR orders, +0530 offsets, addresses with quoted commas', () => {
    const { orders } = ok(ordersFromShopifyCsv(bogusGateway, 'adv'));
    expect(
      orders.map((o) => [o.order_name, o.order_id, o.created_at.toISOString(), o.total_micros, o.currency]),
    ).toEqual([
      ['#1002', '6097582719028', '2026-04-10T05:41:26.000Z', 141_700_000, 'INR'],
      ['#1001', '6097580687412', '2026-04-10T05:38:54.000Z', 109_000_000, 'INR'],
    ]);
    expect(orders[1]!.customer_key).toBe(sha('testcust2@gmail.com'));
  });

  test('columns are found by name: an older, shorter header in another order reads the same', () => {
    const csv = [
      'Id,Name,Email,Currency,Total,Created at,Lineitem name,Refunded Amount,Cancelled at,Financial Status',
      '42,#7,A@B.example,usd,10.50,2024-05-13 10:45:38 -0400,Hat,10.50,2024-05-14 09:00:00 -0400,refunded',
      ',#7,,,,2024-05-13 10:45:38 -0400,Scarf,,,',
    ].join('\r\n');
    const { orders, refunds } = ok(ordersFromShopifyCsv(csv, 'adv'));
    expect(orders).toEqual([
      expect.objectContaining({
        order_id: '42',
        currency: 'USD',
        total_micros: 10_500_000,
        line_items: 2,
        cancelled_at: new Date('2024-05-14T13:00:00Z'),
        updated_at: new Date('2024-05-14T13:00:00Z'),
        financial_status: 'refunded',
        customer_key: sha('a@b.example'),
      }),
    ]);
    expect(refunds).toEqual([
      {
        advertiser_id: 'adv',
        order_id: '42',
        refund_id: 'total:42',
        refunded_at: new Date('2024-05-14T13:00:00Z'),
        amount_micros: 10_500_000,
        source: 'shopify_csv',
      },
    ]);
  });

  test('notes with line breaks: records are not lines, and errors name the line a record starts on', () => {
    const csv = [
      'Name,Id,Created at,Total,Currency,Notes',
      '#1,1,2024-05-13 10:45:38 -0400,5.00,EUR,"leave it',
      'at the door, ""please"""',
      '#2,2,2024-05-13 10:46:38 -0400,five,EUR,',
    ].join('\n');
    expect(parseCsv(csv)[1]!.fields[5]).toBe('leave it\nat the door, "please"');
    expect(errors(ordersFromShopifyCsv(csv, 'adv'))).toEqual([
      { line: 4, column: 'Total', message: 'must be an amount like 1659.95, not "five" (order #2)' },
    ]);
  });
});

describe('a broken export is refused whole, each fault with its line', () => {
  test('an impossible date and a malformed amount', () => {
    let csv = withCell(demoStore, 8, 'Created at', '2025-05-32 10:01:25 -0400');
    csv = withCell(csv, 13, 'Total', '"1.635,55"');
    const found = errors(ordersFromShopifyCsv(csv, 'adv'));
    expect(found.map((e) => [e.line, e.column])).toEqual([
      [8, 'Created at'],
      [13, 'Total'],
    ]);
    expect(found[0]!.message).toContain('not "2025-05-32 10:01:25 -0400"');
    expect(found[1]!.message).toBe('must be an amount like 1659.95, not "1.635,55" (order #1006)');
  });

  test('a date without its offset is not guessed', () => {
    const found = errors(
      ordersFromShopifyCsv(withCell(demoStore, 8, 'Created at', '2025-05-11 10:01:25'), 'adv'),
    );
    expect(found.map((e) => [e.line, e.column])).toEqual([[8, 'Created at']]);
  });

  test('rows of one order that disagree', () => {
    const found = errors(ordersFromShopifyCsv(withCell(demoStore, 3, 'Total', '99.00'), 'adv'));
    expect(found).toEqual([
      {
        line: 3,
        column: 'Total',
        message: 'says "99.00" where line 2, the first row of order #1001, says "1659.95"',
      },
    ]);
  });

  test('a missing required column, and a first row without its order id', () => {
    const noCurrency = demoStore.replace(',Currency,', ',Devise,');
    expect(errors(ordersFromShopifyCsv(noCurrency, 'adv'))).toEqual([
      {
        line: 1,
        column: 'Currency',
        message:
          'the header has no "Currency" column: export the orders from Shopify (Orders → Export) with all columns',
      },
    ]);
    const noId = errors(ordersFromShopifyCsv(withCell(demoStore, 6, 'Id', ''), 'adv'));
    expect(noId.map((e) => [e.line, e.column])).toEqual([[6, 'Id']]);
  });

  test('a quoted field never closed, and a row with a field too many', () => {
    const lines = demoStore.split('\n');
    lines[8] = lines[8]!.replace('#1004,', '#1004,"');
    const unclosed = errors(ordersFromShopifyCsv(lines.join('\n'), 'adv'));
    expect(unclosed).toEqual([{ line: 9, column: null, message: expect.stringContaining('never closed') }]);
    const extra = demoStore.split('\n');
    extra[4] = `${extra[4]},surplus`;
    expect(errors(ordersFromShopifyCsv(extra.join('\n'), 'adv'))).toEqual([
      { line: 5, column: null, message: expect.stringContaining('has 80 fields where the header has 79') },
    ]);
  });

  test('a file a spreadsheet program saved with semicolons is named as such', () => {
    const csv = 'Name;Id;Created at;Total;Currency\n#1;1;2024-05-13 10:45:38 -0400;5,00;EUR\n';
    expect(errors(ordersFromShopifyCsv(csv, 'adv'))).toEqual([
      { line: 1, column: null, message: expect.stringContaining('separated by ";"') },
    ]);
  });

  test('an empty file and a header alone', () => {
    expect(errors(ordersFromShopifyCsv('', 'adv'))).toEqual([
      { line: 1, column: null, message: 'the file is empty' },
    ]);
    expect(errors(ordersFromShopifyCsv(demoStore.split('\n')[0]!, 'adv'))[0]!.message).toBe(
      'the file has a header but no orders',
    );
  });
});
