// A report answer as a downloadable file: the bytes in the asked format, its content type, and a file
// name that says whose report it is, which one and for which dates.
import type { ExportFormat, ReportQueryResponse } from '../shared/reports-api.ts';
import { reportCsv } from './csv-report.ts';
import { reportXlsx } from './xlsx-report.ts';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

/** Letters, digits and dashes only, so the name needs no quoting in any shell or file system. */
const slug = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'report';

/** "northwind-outdoor-funnel-analysis-2026-04-01_2026-04-07.xlsx" */
export function exportFileName(
  advertiser: string,
  report: string,
  range: { from: string; to: string },
  format: ExportFormat,
): string {
  return `${slug(advertiser)}-${slug(report)}-${range.from}_${range.to}.${format}`;
}

export function renderExport(
  report: ReportQueryResponse,
  format: ExportFormat,
  names: { advertiser: string; report: string },
): ExportFile {
  const body =
    format === 'csv'
      ? Buffer.from(reportCsv(report), 'utf8')
      : reportXlsx(report, { sheet: names.report, title: `${names.advertiser}: ${names.report}` });
  return {
    body,
    contentType: CONTENT_TYPES[format],
    filename: exportFileName(names.advertiser, names.report, report.range, format),
  };
}

/** The Content-Disposition of a download, with the name also in RFC 5987 form for non-ASCII clients. */
export const attachment = (filename: string): string =>
  `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
