// A small XLSX writer (ECMA-376 SpreadsheetML in a ZIP container) for one sheet of typed cells: a bold,
// frozen header row, numbers stored as numbers with a number format, text as inline strings, dates as
// date serials, an optional bold totals row, and column widths. Written here rather than taken from a
// library because a report needs only this much of the format.
import { zip } from './zip.ts';

export type NumberStyle =
  'general' | 'money' | 'percent' | 'count' | 'decimal' | 'seconds' | 'date' | 'month' | 'datetime';

export type XlsxCell =
  { kind: 'text'; value: string } | { kind: 'number'; value: number; style: NumberStyle } | null;

export interface XlsxSheet {
  name: string;
  header: string[];
  rows: XlsxCell[][];
  /** Shown bold under a rule, after the rows. */
  totals?: XlsxCell[];
  /** ISO 4217 code the money format shows. */
  currency: string;
  /** Document title (file properties). */
  title?: string;
}

const STYLES: NumberStyle[] = [
  'general',
  'money',
  'percent',
  'count',
  'decimal',
  'seconds',
  'date',
  'month',
  'datetime',
];
const ROW_KINDS = ['body', 'header', 'totals'] as const;
type RowKind = (typeof ROW_KINDS)[number];

/** Built-in format ids where one exists (Excel localises those), custom ones from 164 on. */
function numberFormats(currency: string): Record<NumberStyle, { id: number; code?: string }> {
  return {
    general: { id: 0 },
    percent: { id: 10 },
    count: { id: 3 },
    decimal: { id: 4 },
    money: { id: 164, code: moneyFormat(currency) },
    seconds: { id: 165, code: '#,##0.0' },
    date: { id: 166, code: 'yyyy-mm-dd' },
    month: { id: 167, code: 'mmm yyyy' },
    datetime: { id: 168, code: 'yyyy-mm-dd hh:mm' },
  };
}

/** "$"#,##0.00 for USD, "¥"#,##0 for JPY: the currency's symbol and its minor-unit digits. */
export function moneyFormat(currency: string): string {
  let symbol = currency;
  let digits = 2;
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    symbol = format.formatToParts(1).find((p) => p.type === 'currency')?.value ?? currency;
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // Not a currency Intl knows: its code, two decimals.
  }
  const quoted = `"${symbol.replaceAll('"', '')}${/^[A-Z]{3}$/.test(symbol) ? ' ' : ''}"`;
  return `${quoted}#,##0${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
}

const styleIndex = (style: NumberStyle, row: RowKind): number =>
  ROW_KINDS.indexOf(row) * STYLES.length + STYLES.indexOf(style);

function stylesXml(currency: string): string {
  const formats = numberFormats(currency);
  const custom = STYLES.map((s) => formats[s]).filter((f) => f.code !== undefined);
  const xfs = ROW_KINDS.flatMap((row) =>
    STYLES.map((style) => {
      const font = row === 'body' ? 0 : 1;
      const border = row === 'header' ? 1 : row === 'totals' ? 2 : 0;
      return `<xf numFmtId="${formats[style].id}" fontId="${font}" fillId="0" borderId="${border}" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>`;
    }),
  );
  const rule = (side: 'top' | 'bottom') =>
    `<border><left/><right/>${side === 'top' ? '<top style="thin"><color auto="1"/></top><bottom/>' : '<top/><bottom style="thin"><color auto="1"/></bottom>'}<diagonal/></border>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<numFmts count="${custom.length}">${custom
      .map((f) => `<numFmt numFmtId="${f.id}" formatCode="${xmlEscape(f.code!)}"/>`)
      .join('')}</numFmts>` +
    `<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
    `<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
    `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
    `<borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border>${rule('bottom')}${rule('top')}</borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
    `</styleSheet>`
  );
}

// Characters XML 1.0 cannot carry at all (C0 controls but tab and line breaks, lone surrogates).
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

export function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cellXml(cell: XlsxCell, ref: string, row: RowKind): string {
  if (cell === null) return row === 'body' ? '' : `<c r="${ref}" s="${styleIndex('general', row)}"/>`;
  if (cell.kind === 'text') {
    const space = /^\s|\s$/.test(cell.value) ? ' xml:space="preserve"' : '';
    return `<c r="${ref}" s="${styleIndex('general', row)}" t="inlineStr"><is><t${space}>${xmlEscape(cell.value)}</t></is></c>`;
  }
  return `<c r="${ref}" s="${styleIndex(cell.style, row)}"><v>${cell.value}</v></c>`;
}

function rowXml(cells: XlsxCell[], index: number, kind: RowKind): string {
  const r = index + 1;
  return `<row r="${r}">${cells.map((cell, i) => cellXml(cell, `${columnLetter(i)}${r}`, kind)).join('')}</row>`;
}

/** Roughly how many characters a cell shows, for the column width. */
function shownLength(cell: XlsxCell): number {
  if (cell === null) return 0;
  if (cell.kind === 'text') return cell.value.length;
  switch (cell.style) {
    case 'percent':
      return (cell.value * 100).toFixed(2).length + 1;
    case 'date':
    case 'month':
      return 10;
    case 'datetime':
      return 16;
    default:
      return Math.round(cell.value).toLocaleString('en-US').length + 4;
  }
}

function widths(sheet: XlsxSheet): number[] {
  return sheet.header.map((label, i) => {
    let longest = label.length + 2;
    for (const row of [...sheet.rows, ...(sheet.totals ? [sheet.totals] : [])])
      longest = Math.max(longest, shownLength(row[i] ?? null));
    return Math.min(60, Math.max(8, longest + 2));
  });
}

function sheetXml(sheet: XlsxSheet): string {
  const lastColumn = columnLetter(Math.max(0, sheet.header.length - 1));
  const rowCount = 1 + sheet.rows.length + (sheet.totals ? 1 : 0);
  const header = sheet.header.map((label): XlsxCell => ({ kind: 'text', value: label }));
  const rows = [
    rowXml(header, 0, 'header'),
    ...sheet.rows.map((row, i) => rowXml(row, i + 1, 'body')),
    ...(sheet.totals ? [rowXml(sheet.totals, sheet.rows.length + 1, 'totals')] : []),
  ];
  const cols = widths(sheet)
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<dimension ref="A1:${lastColumn}${rowCount}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows.join('')}</sheetData>` +
    `</worksheet>`
  );
}

/** A sheet name Excel accepts: no []:*?/\, not quoted, at most 31 characters. */
export function sheetName(name: string): string {
  const clean = name
    .replace(NOT_XML, '')
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31)
    .trim();
  return clean || 'Report';
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);

/** The spreadsheet's day number (1900 date system) of a calendar date and, optionally, a time. */
export function dateSerial(date: string, time = '00:00'): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return (Date.UTC(y, m - 1, d) - EPOCH_1900) / DAY_MS + (hh * 60 + mm) / 1440;
}

export function writeXlsx(sheet: XlsxSheet, modified: Date = new Date()): Buffer {
  const name = sheetName(sheet.name);
  const title = xmlEscape(sheet.title ?? name);
  const stamp = modified.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return zip(
    [
      {
        name: '[Content_Types].xml',
        data:
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
          `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
          `<Default Extension="xml" ContentType="application/xml"/>` +
          `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
          `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
          `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
          `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
          `</Types>`,
      },
      {
        name: '_rels/.rels',
        data:
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
          `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
          `</Relationships>`,
      },
      {
        name: 'docProps/core.xml',
        data:
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
          `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
          `<dc:title>${title}</dc:title><dc:creator>Adcockpit</dc:creator>` +
          `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
          `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
          `</cp:coreProperties>`,
      },
      {
        name: 'xl/workbook.xml',
        data:
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
          `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
          `<sheets><sheet name="${xmlEscape(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data:
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
          `</Relationships>`,
      },
      { name: 'xl/styles.xml', data: stylesXml(sheet.currency) },
      { name: 'xl/worksheets/sheet1.xml', data: sheetXml(sheet) },
    ],
    modified,
  );
}
