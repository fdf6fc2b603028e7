// Export renderers over a hand-made report answer: the CSV read as text, the XLSX opened with an
// independent reader (exceljs) to check what a spreadsheet sees — types, values, formats, bold, frozen rows.
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import type { ReportQueryResponse } from '../shared/reports-api.ts';
import { reportCsv } from './csv-report.ts';
import { reportXlsx } from './xlsx-report.ts';
import { columnLetter, dateSerial, moneyFormat, sheetName } from './xlsx.ts';
import { crc32, zip } from './zip.ts';

const report: ReportQueryResponse = {
  range: { from: '2026-04-01', to: '2026-04-02' },
  currency: 'EUR',
  columns: [
    { id: 'day', kind: 'dimension', label: 'Day', format: 'date' },
    { id: 'campaign', kind: 'dimension', label: 'Campaign ID', format: 'text' },
    { id: 'campaign_name', kind: 'dimension', label: 'Campaign', format: 'text' },
    { id: 'spend', kind: 'metric', label: 'Cost', format: 'money' },
    { id: 'impressions', kind: 'metric', label: 'Impressions', format: 'count' },
    { id: 'ctr', kind: 'metric', label: 'CTR (destination)', format: 'percent' },
    { id: 'complete_payment_roas', kind: 'metric', label: 'ROAS', format: 'decimal' },
    { id: 'cc_x', kind: 'metric', label: 'Mine', format: 'number' },
  ],
  rows: [
    {
      day: '2026-04-01',
      campaign: '1800000000000000001',
      campaign_name: 'Spring, "big" sale',
      spend: 0.1 + 0.2,
      impressions: 12345,
      ctr: 0.0123,
      complete_payment_roas: 2.5,
      cc_x: 7,
    },
    {
      day: '2026-04-02',
      campaign: '1800000000000000002',
      campaign_name: ' <Ünïcode> & 🎉',
      spend: 1234.5,
      impressions: 0,
      ctr: null,
      complete_payment_roas: null,
      cc_x: -1.25,
    },
  ],
  totals: { spend: 1234.8, impressions: 12345, ctr: 0.0111, complete_payment_roas: 2.1, cc_x: 5.75 },
  truncated: false,
};

describe('CSV', () => {
  test('header of labels, rows, a Totals row; numbers plain, quotes doubled, nulls empty', () => {
    expect(reportCsv(report).split('\r\n')).toEqual([
      'Day,Campaign ID,Campaign,Cost,Impressions,CTR (destination),ROAS,Mine',
      '2026-04-01,1800000000000000001,"Spring, ""big"" sale",0.3,12345,0.0123,2.5,7',
      '2026-04-02,1800000000000000002, <Ünïcode> & 🎉,1234.5,0,,,-1.25',
      'Total,,,1234.8,12345,0.0111,2.1,5.75',
      '',
    ]);
  });

  test('a comparison adds each metric’s value in the other range after it', () => {
    const compared: ReportQueryResponse = {
      ...report,
      columns: report.columns.slice(0, 4),
      compare: {
        range: { from: '2026-03-30', to: '2026-03-31' },
        rows: [{ spend: 10 }, null],
        totals: { spend: 10 },
      },
    };
    expect(
      reportCsv(compared)
        .split('\r\n')
        .map((line) => line.split(',').slice(-2)),
    ).toEqual([
      ['Cost', 'Cost (2026-03-30 – 2026-03-31)'],
      ['0.3', '10'],
      ['1234.5', ''],
      ['1234.8', '10'],
      [''],
    ]);
  });

  test('without dimensions the one row is the total: no second Totals row', () => {
    const single: ReportQueryResponse = {
      ...report,
      columns: [report.columns[3]!],
      rows: [{ spend: 5 }],
      totals: { spend: 5 },
    };
    expect(reportCsv(single)).toBe('Cost\r\n5\r\n');
  });
});

describe('XLSX', () => {
  const open = async (buffer: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    return workbook;
  };

  test('typed cells with number formats, a bold frozen header, a bold Totals row and widths', async () => {
    const workbook = await open(reportXlsx(report, { sheet: 'Funnel: Q1/Q2 [draft]' }));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Funnel Q1 Q2 draft']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const header = sheet.getRow(1);
    expect(header.values).toEqual([
      undefined,
      'Day',
      'Campaign ID',
      'Campaign',
      'Cost',
      'Impressions',
      'CTR (destination)',
      'ROAS',
      'Mine',
    ]);
    expect(header.getCell(1).font?.bold).toBe(true);

    const day = sheet.getCell('A2');
    expect(day.type).toBe(ExcelJS.ValueType.Date);
    expect(day.value).toEqual(new Date('2026-04-01T00:00:00Z'));
    expect(day.numFmt).toBe('yyyy-mm-dd');

    const id = sheet.getCell('B2');
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(id.value).toBe('1800000000000000001');
    expect(sheet.getCell('C2').value).toBe('Spring, "big" sale');
    expect(sheet.getCell('C3').value).toBe(' <Ünïcode> & 🎉');

    const cost = sheet.getCell('D2');
    expect(cost.type).toBe(ExcelJS.ValueType.Number);
    expect(cost.value).toBeCloseTo(0.3, 12);
    expect(cost.numFmt).toBe('"€"#,##0.00');
    expect(sheet.getCell('E2')).toMatchObject({ value: 12345, numFmt: '#,##0' });
    expect(sheet.getCell('F2')).toMatchObject({ value: 0.0123, numFmt: '0.00%' });
    expect(sheet.getCell('G2')).toMatchObject({ value: 2.5, numFmt: '#,##0.00' });
    expect(sheet.getCell('H3')).toMatchObject({ value: -1.25, numFmt: '#,##0.00' });
    expect(sheet.getCell('F3').value).toBeNull();
    expect(sheet.getCell('F3').type).toBe(ExcelJS.ValueType.Null);

    const totals = sheet.getRow(4);
    expect(totals.getCell(1).value).toBe('Total');
    expect(totals.getCell(1).font?.bold).toBe(true);
    expect(totals.getCell(4)).toMatchObject({ value: 1234.8, numFmt: '"€"#,##0.00' });
    expect(totals.getCell(4).font?.bold).toBe(true);
    expect(totals.getCell(6)).toMatchObject({ value: 0.0111, numFmt: '0.00%' });

    const widths = sheet.columns.map((c) => c.width ?? 0);
    expect(widths[1]).toBeGreaterThanOrEqual('1800000000000000001'.length);
    expect(widths[5]).toBeGreaterThanOrEqual('CTR (destination)'.length);
    expect(Math.max(...widths)).toBeLessThanOrEqual(60);
  });

  test('months and hours are dates too; the money format follows the currency', async () => {
    const hourly: ReportQueryResponse = {
      ...report,
      currency: 'JPY',
      columns: [
        { id: 'month', kind: 'dimension', label: 'Month', format: 'text' },
        { id: 'hour', kind: 'dimension', label: 'Hour', format: 'text' },
        { id: 'spend', kind: 'metric', label: 'Cost', format: 'money' },
      ],
      rows: [{ month: '2026-04', hour: '2026-04-01 13:00', spend: 1500 }],
      totals: { spend: 1500 },
    };
    const sheet = (await open(reportXlsx(hourly))).worksheets[0]!;
    expect(sheet.name).toBe('Report');
    expect(sheet.getCell('A2')).toMatchObject({
      value: new Date('2026-04-01T00:00:00Z'),
      numFmt: 'mmm yyyy',
    });
    expect(sheet.getCell('B2')).toMatchObject({
      value: new Date('2026-04-01T13:00:00Z'),
      numFmt: 'yyyy-mm-dd hh:mm',
    });
    expect(sheet.getCell('C2')).toMatchObject({ value: 1500, numFmt: '"¥"#,##0' });
  });

  test('pieces: money formats, sheet names, column letters, date serials', () => {
    expect(moneyFormat('USD')).toBe('"$"#,##0.00');
    expect(moneyFormat('CHF')).toBe('"CHF "#,##0.00');
    expect(moneyFormat('XYZ')).toBe('"XYZ "#,##0.00');
    expect(sheetName("'Creative Performance — a very long template name'")).toBe(
      'Creative Performance — a very l',
    );
    expect(sheetName('???')).toBe('Report');
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
    expect(dateSerial('1900-03-01')).toBe(61);
    expect(dateSerial('2026-04-01', '12:00')).toBe(46113.5);
  });
});

describe('ZIP', () => {
  test('CRC-32 of the standard check string; entries come back out whole', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const archive = zip([
      { name: 'a.txt', data: 'hello '.repeat(100) },
      { name: 'dir/b.bin', data: Buffer.from([0, 1, 2, 255]) },
    ]);
    // Walk the local headers as a reader would.
    const found: Record<string, Buffer> = {};
    let at = 0;
    while (archive.readUInt32LE(at) === 0x04034b50) {
      const size = archive.readUInt32LE(at + 18);
      const nameLength = archive.readUInt16LE(at + 26);
      const name = archive.subarray(at + 30, at + 30 + nameLength).toString('utf8');
      const body = inflateRawSync(archive.subarray(at + 30 + nameLength, at + 30 + nameLength + size));
      expect(crc32(body)).toBe(archive.readUInt32LE(at + 14));
      found[name] = body;
      at += 30 + nameLength + size;
    }
    expect(found['a.txt']!.toString()).toBe('hello '.repeat(100));
    expect([...found['dir/b.bin']!]).toEqual([0, 1, 2, 255]);
    expect(archive.readUInt32LE(archive.length - 22)).toBe(0x06054b50);
    expect(archive.readUInt16LE(archive.length - 12)).toBe(2);
  });
});
