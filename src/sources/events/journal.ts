// An append-only journal in segment files: a record is durable (written and fsync'ed) before `append`
// resolves, and records arriving while a write is under way share the next write and its fsync (group
// commit). Each record is framed as [length u32][CRC-32 u32][payload]; on open, records after the given
// position are read back for replay, and a torn or corrupt tail — a write the process did not live to
// acknowledge — is cut off (kept aside in a `.torn` file) so new records never follow garbage.
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { JournalPosition } from '../../warehouse/schema.ts';

const HEADER_BYTES = 8;
/** A record larger than this is corruption, not data (requests are limited far below it). */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface ReplayedRecord {
  payload: Buffer;
  /** Where the record ends: the position to store once it is in the warehouse. */
  end: JournalPosition;
}

export interface JournalOpenResult<T> {
  journal: Journal<T>;
  /** Records after `from`, in order. */
  replay: ReplayedRecord[];
  /** Bytes of a torn tail that were cut off (0 when the journal ended cleanly). */
  tornBytes: number;
}

interface Pending<T> {
  frame: Buffer;
  tag: T;
  resolve: (end: JournalPosition) => void;
  reject: (error: unknown) => void;
}

export class Journal<T> {
  private pending: Pending<T>[] = [];
  private writing: Promise<void> | null = null;
  private broken: Error | null = null;

  private constructor(
    private readonly dir: string,
    readonly name: string,
    private segment: number,
    private handle: fs.promises.FileHandle,
    private size: number,
    /** Called once per durable record, in file order, before its `append` resolves. */
    private readonly onDurable: (tag: T, end: JournalPosition) => void,
  ) {}

  /**
   * Opens the journal `name` in `dir`, replaying what lies after `from` (the position the warehouse
   * holds; null = from the first segment). Segments wholly before `from` are deleted.
   */
  static async open<T>(
    dir: string,
    name: string,
    from: JournalPosition | null,
    onDurable: (tag: T, end: JournalPosition) => void,
  ): Promise<JournalOpenResult<T>> {
    fs.mkdirSync(dir, { recursive: true });
    const segments = listSegments(dir, name);
    const start = from ?? { journal: name, segment: segments[0] ?? 0, offset: 0 };
    for (const s of segments) if (s < start.segment) fs.rmSync(segmentPath(dir, name, s));
    const live = segments.filter((s) => s >= start.segment);
    const replay: ReplayedRecord[] = [];
    let tornBytes = 0;
    for (const s of live) {
      const file = segmentPath(dir, name, s);
      const bytes = fs.readFileSync(file);
      const { records, validEnd } = readRecords(bytes, s === start.segment ? start.offset : 0, name, s);
      replay.push(...records);
      if (validEnd < bytes.length) {
        tornBytes += bytes.length - validEnd;
        fs.writeFileSync(`${file}.torn-${validEnd}`, bytes.subarray(validEnd));
        fs.truncateSync(file, validEnd);
      }
    }
    const segment = live.at(-1) ?? start.segment;
    const file = segmentPath(dir, name, segment);
    const handle = await fs.promises.open(file, 'a');
    await handle.sync();
    syncDir(dir);
    const size = (await handle.stat()).size;
    return { journal: new Journal(dir, name, segment, handle, size, onDurable), replay, tornBytes };
  }

  /** Where the next record will start. */
  get end(): JournalPosition {
    return { journal: this.name, segment: this.segment, offset: this.size };
  }

  /** Appends a record; resolves with where it ends once it is on disk. */
  append(payload: Buffer, tag: T): Promise<JournalPosition> {
    if (this.broken) return Promise.reject(this.broken);
    const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
    frame.writeUInt32LE(payload.length, 0);
    frame.writeUInt32LE(crc32(payload), 4);
    payload.copy(frame, HEADER_BYTES);
    return new Promise((resolve, reject) => {
      this.pending.push({ frame, tag, resolve, reject });
      this.writing ??= this.writeGroups();
    });
  }

  private async writeGroups(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending.splice(0);
      const before = this.size;
      try {
        const data = group.length === 1 ? group[0]!.frame : Buffer.concat(group.map((p) => p.frame));
        let written = 0;
        while (written < data.length) {
          written += (await this.handle.write(data, written, data.length - written, before + written))
            .bytesWritten;
        }
      } catch (error) {
        await this.undo(before, error);
        for (const p of group) p.reject(error);
        continue;
      }
      try {
        await this.handle.datasync();
      } catch (error) {
        // After a failed fsync the kernel may have dropped the pages and cleared the error, so a later
        // fsync could "succeed" without the data: no record is acknowledged by this journal again.
        this.broken = new Error(`The events journal could not be synced: ${(error as Error).message}`);
        for (const p of [...group, ...this.pending.splice(0)]) p.reject(this.broken);
        continue;
      }
      let offset = before;
      for (const p of group) {
        offset += p.frame.length;
        const end = { journal: this.name, segment: this.segment, offset };
        this.size = offset;
        this.onDurable(p.tag, end);
        p.resolve(end);
      }
    }
    this.writing = null;
  }

  /** Takes a failed write back off the file, so later records are not read as part of it. */
  private async undo(size: number, error: unknown): Promise<void> {
    try {
      await this.handle.truncate(size);
      await this.handle.datasync();
    } catch {
      // The file may now end in garbage: refuse further records rather than write them after it.
      this.broken = new Error(`The events journal cannot be written: ${(error as Error).message}`);
      for (const p of this.pending.splice(0)) p.reject(this.broken);
    }
  }

  /**
   * Starts a new segment and deletes the old one, when everything written is also stored (`stored` is the
   * warehouse's position) and the segment has grown past `maxBytes`. Keeps the journal from growing
   * without end; a no-op otherwise.
   */
  async rotateIfStored(stored: JournalPosition, maxBytes: number): Promise<boolean> {
    if (this.writing || this.pending.length > 0 || this.size < maxBytes) return false;
    if (stored.segment !== this.segment || stored.offset !== this.size) return false;
    const old = this.segment;
    const next = await fs.promises.open(segmentPath(this.dir, this.name, old + 1), 'a');
    // Re-check: a record may have arrived while the file was being created.
    if (this.writing || this.pending.length > 0) {
      await next.close();
      fs.rmSync(segmentPath(this.dir, this.name, old + 1));
      return false;
    }
    syncDir(this.dir);
    const previous = this.handle;
    this.handle = next;
    this.segment = old + 1;
    this.size = 0;
    await previous.close();
    fs.rmSync(segmentPath(this.dir, this.name, old));
    return true;
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.handle.close();
  }
}

export const segmentPath = (dir: string, name: string, segment: number): string =>
  path.join(dir, `${name}-${String(segment).padStart(8, '0')}.log`);

function listSegments(dir: string, name: string): number[] {
  const pattern = new RegExp(`^${name}-(\\d{8})\\.log$`);
  return fs
    .readdirSync(dir)
    .map((f) => pattern.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

function readRecords(
  bytes: Buffer,
  from: number,
  journal: string,
  segment: number,
): { records: ReplayedRecord[]; validEnd: number } {
  const records: ReplayedRecord[] = [];
  let at = Math.min(from, bytes.length);
  while (at + HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(at);
    const end = at + HEADER_BYTES + length;
    if (length > MAX_RECORD_BYTES || end > bytes.length) break;
    const payload = bytes.subarray(at + HEADER_BYTES, end);
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) break;
    records.push({ payload: Buffer.from(payload), end: { journal, segment, offset: end } });
    at = end;
  }
  return { records, validEnd: at };
}

/** Makes a created or removed file's directory entry durable too. */
function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the file's own fsync is what they offer.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
