import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, segmentPath } from './journal.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const text = (records: { payload: Buffer }[]): string[] => records.map((r) => r.payload.toString());

describe('Journal', () => {
  it('gives back, after a reopen, every record appended after the stored position, in order', async () => {
    const dir = tempDir();
    const durable: string[] = [];
    const { journal } = await Journal.open<string>(dir, 'j', null, (tag) => durable.push(tag));
    const ends = await Promise.all(['a', 'bb', 'ccc'].map((s) => journal.append(Buffer.from(s), s)));
    expect(durable).toEqual(['a', 'bb', 'ccc']);
    expect(ends.map((e) => e.offset)).toEqual([9, 19, 30]);
    await journal.close();

    const all = await Journal.open<string>(dir, 'j', null, () => {});
    expect(text(all.replay)).toEqual(['a', 'bb', 'ccc']);
    await all.journal.close();
    const after = await Journal.open<string>(dir, 'j', ends[0]!, () => {});
    expect(text(after.replay)).toEqual(['bb', 'ccc']);
    expect(after.replay.at(-1)!.end).toEqual(ends[2]);
    await after.journal.close();
  });

  it('cuts off a torn last record, keeps it aside, and appends after the last whole one', async () => {
    const dir = tempDir();
    const { journal } = await Journal.open<string>(dir, 'j', null, () => {});
    await journal.append(Buffer.from('whole'), 'x');
    await journal.append(Buffer.from('torn-record'), 'y');
    await journal.close();
    const file = segmentPath(dir, 'j', 0);
    fs.truncateSync(file, fs.statSync(file).size - 3);

    const reopened = await Journal.open<string>(dir, 'j', null, () => {});
    expect(text(reopened.replay)).toEqual(['whole']);
    expect(reopened.tornBytes).toBe(16);
    expect(fs.readdirSync(dir).some((f) => f.includes('.torn-'))).toBe(true);
    await reopened.journal.append(Buffer.from('next'), 'z');
    await reopened.journal.close();
    const again = await Journal.open<string>(dir, 'j', null, () => {});
    expect(text(again.replay)).toEqual(['whole', 'next']);
    await again.journal.close();
  });

  it('stops at a record whose checksum does not match', async () => {
    const dir = tempDir();
    const { journal } = await Journal.open<string>(dir, 'j', null, () => {});
    await journal.append(Buffer.from('first'), 'a');
    await journal.append(Buffer.from('second'), 'b');
    await journal.close();
    const file = segmentPath(dir, 'j', 0);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const reopened = await Journal.open<string>(dir, 'j', null, () => {});
    expect(text(reopened.replay)).toEqual(['first']);
    await reopened.journal.close();
  });

  it('shares one write among records appended together (group commit)', async () => {
    const dir = tempDir();
    const { journal } = await Journal.open<number>(dir, 'j', null, () => {});
    const writes: number[] = [];
    const handle = (journal as unknown as { handle: fs.promises.FileHandle }).handle;
    const original = handle.datasync.bind(handle);
    handle.datasync = () => {
      writes.push(1);
      return original();
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.append(Buffer.from(`r${i}`), i)));
    expect(writes.length).toBeLessThanOrEqual(2);
    await journal.close();
  });

  it('starts a new segment once everything is stored, and replays from the new one after a reopen', async () => {
    const dir = tempDir();
    const { journal } = await Journal.open<string>(dir, 'j', null, () => {});
    const end = await journal.append(Buffer.from('x'.repeat(100)), 'a');
    expect(await journal.rotateIfStored({ ...end, offset: end.offset - 1 }, 10)).toBe(false);
    expect(await journal.rotateIfStored(end, 10)).toBe(true);
    expect(fs.existsSync(segmentPath(dir, 'j', 0))).toBe(false);
    const next = await journal.append(Buffer.from('after'), 'b');
    expect(next).toEqual({ journal: 'j', segment: 1, offset: 13 });
    await journal.close();
    const reopened = await Journal.open<string>(dir, 'j', end, () => {});
    expect(text(reopened.replay)).toEqual(['after']);
    await reopened.journal.close();
  });

  it('acknowledges nothing more once an fsync has failed', async () => {
    const dir = tempDir();
    const { journal } = await Journal.open<string>(dir, 'j', null, () => {});
    const handle = (journal as unknown as { handle: fs.promises.FileHandle }).handle;
    const original = handle.datasync.bind(handle);
    handle.datasync = () => Promise.reject(new Error('EIO: i/o error'));
    await expect(journal.append(Buffer.from('lost?'), 'a')).rejects.toThrow('could not be synced');
    handle.datasync = original;
    await expect(journal.append(Buffer.from('later'), 'b')).rejects.toThrow('could not be synced');
    await journal.close();
  });
});
