// A CSV reader for shop exports (RFC 4180): quoted fields may hold commas, doubled quotes and line breaks
// (Shopify's Notes and addresses do), so records are not lines. Each record keeps the file line it starts
// on, which is what error messages point at.

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Splits a whole file into records; a byte-order mark is dropped, CRLF and LF both end records. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) {
            throw new CsvSyntaxError(
              opened,
              'a quoted field opened on this line is never closed (a " is missing); nothing after it can be read',
            );
          }
          const part = text.slice(i, close);
          for (let nl = part.indexOf('\n'); nl >= 0; nl = part.indexOf('\n', nl + 1)) line++;
          field += part;
          if (text[close + 1] === '"') {
            field += '"';
            i = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(
            line,
            `text after a closing quote (${JSON.stringify(next)}): quote the whole field`,
          );
        }
      } else {
        const from = i;
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        field = text.slice(from, i);
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    // A blank line (often the last one) is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}
