// The outbox: where messages go when no SMTP server is configured, as .eml files in the data directory.
// The app lists an advertiser's messages (those of its deliveries) and shows one's HTML or whole file.
import fs from 'node:fs';
import path from 'node:path';
import { notFound } from '../core/errors.ts';
import type { OutboxMessage } from '../shared/schedules-api.ts';

const FILE_RE = /^(dl_[a-z0-9]+)-(\d+)\.eml$/;

function headerOf(eml: string, name: string): string {
  const head = eml.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match ? match[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

/** MIME encoded-words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) back to text, for the subject. */
function decodeWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g,
    (_, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
  );
}

/** The outbox messages of these deliveries, newest first. */
export function listOutbox(dir: string, deliveryIds: ReadonlySet<string>): OutboxMessage[] {
  if (!fs.existsSync(dir)) return [];
  const messages: OutboxMessage[] = [];
  for (const file of fs.readdirSync(dir)) {
    const match = FILE_RE.exec(file);
    if (!match || !deliveryIds.has(match[1]!)) continue;
    const full = path.join(dir, file);
    const stat = fs.statSync(full);
    const eml = fs.readFileSync(full, 'utf8');
    messages.push({
      file,
      delivery_id: match[1]!,
      to: headerOf(eml, 'To'),
      subject: decodeWords(headerOf(eml, 'Subject')),
      written_at: stat.mtime.toISOString(),
      bytes: stat.size,
    });
  }
  return messages.sort((a, b) => b.written_at.localeCompare(a.written_at) || a.file.localeCompare(b.file));
}

/** One message of these deliveries: the whole .eml, or the HTML it shows. */
export function readOutboxMessage(
  dir: string,
  deliveryIds: ReadonlySet<string>,
  file: string,
  as: 'eml' | 'html',
): Buffer {
  const match = FILE_RE.exec(file);
  if (!match || !deliveryIds.has(match[1]!)) throw notFound('Outbox message', file);
  const full = path.join(dir, as === 'eml' ? file : file.replace(/\.eml$/, '.html'));
  if (!fs.existsSync(full)) throw notFound('Outbox message', file);
  return fs.readFileSync(full);
}
