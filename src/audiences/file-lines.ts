// The lines of an uploaded text file, read as its bytes arrive: only the current line is held, so a file
// of any length streams through in bounded memory. Each line is decoded on its own, which lets a byte
// sequence that is not UTF-8 be named by its line number.
import { AppError } from '../core/errors.ts';

/** TikTok's limit for one audience file. */
export const MAX_FILE_BYTES = 250 * 1024 * 1024;
/** No identifier is this long; a longer line means the file is not a list of identifiers. */
const MAX_LINE_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export interface FileLine {
  /** 1-based. */
  number: number;
  text: string;
}

function decodeLine(bytes: Uint8Array, number: number, decoder: TextDecoder): string {
  try {
    const text = decoder.decode(bytes);
    const withoutBom = number === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return withoutBom.endsWith('\r') ? withoutBom.slice(0, -1) : withoutBom;
  } catch {
    throw new AppError(
      'validation_failed',
      `Line ${number} is not UTF-8 text: save the file as UTF-8 (CSV UTF-8) and upload it again. Nothing was imported.`,
      [{ field: `line ${number}`, message: 'not UTF-8' }],
    );
  }
}

function tooLong(number: number): AppError {
  return new AppError(
    'validation_failed',
    `Line ${number} is longer than ${MAX_LINE_BYTES.toLocaleString('en-US')} bytes: a customer file holds one identifier (or one row of email and phone columns) per line. Nothing was imported.`,
    [{ field: `line ${number}`, message: 'too long' }],
  );
}

export async function* fileLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<FileLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  let number = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > MAX_FILE_BYTES) {
      throw new AppError(
        'validation_failed',
        'The file is larger than 250 MB, TikTok’s limit for one audience file: split it and import the parts into separate audiences. Nothing was imported.',
      );
    }
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, at);
      const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      number++;
      if (bytes.byteLength > MAX_LINE_BYTES) throw tooLong(number);
      yield { number, text: decodeLine(bytes, number, decoder) };
      start = at + 1;
    }
    if (start < chunk.byteLength) {
      // Copied: the stream may reuse the chunk's memory for the next one.
      pending.push(Uint8Array.prototype.slice.call(chunk, start));
      pendingBytes += chunk.byteLength - start;
      if (pendingBytes > MAX_LINE_BYTES) throw tooLong(number + 1);
    }
  }
  if (pendingBytes > 0) {
    number++;
    yield { number, text: decodeLine(Buffer.concat(pending), number, decoder) };
  }
}
