import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CatalogDb, openPglite } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import {
  readUnsubscribeToken,
  recordUnsubscribe,
  unsubscribeToken,
  unsubscribeUrl,
  unsubscribedAmong,
} from './unsubscribe.ts';

let db: CatalogDb;
beforeAll(async () => {
  db = await openPglite(null);
  await migrate(db);
});
afterAll(async () => {
  await db.close();
});

describe('unsubscribe links', () => {
  test('a token names its schedule and address and verifies', async () => {
    const url = await unsubscribeUrl(db, 'https://ads.example.com/', 'sch_abc', 'Client@Example.com');
    expect(url).toMatch(/^https:\/\/ads\.example\.com\/unsubscribe\?token=[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = new URL(url).searchParams.get('token')!;
    expect(await readUnsubscribeToken(db, token)).toEqual({
      scheduleId: 'sch_abc',
      email: 'client@example.com',
    });
  });

  test('the same key signs on every call, so links already sent keep working', async () => {
    expect(await unsubscribeToken(db, 'sch_abc', 'a@b.com')).toBe(
      await unsubscribeToken(db, 'sch_abc', 'a@b.com'),
    );
  });

  test('a tampered token is refused: another address, another schedule, a changed signature, garbage', async () => {
    const token = await unsubscribeToken(db, 'sch_abc', 'client@example.com');
    const [schedule, , sig] = token.split('.') as [string, string, string];
    const other = Buffer.from('boss@example.com').toString('base64url');
    expect(await readUnsubscribeToken(db, `${schedule}.${other}.${sig}`)).toBeNull();
    const otherSchedule = Buffer.from('sch_xyz').toString('base64url');
    expect(await readUnsubscribeToken(db, `${otherSchedule}.${token.split('.')[1]}.${sig}`)).toBeNull();
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    expect(await readUnsubscribeToken(db, `${token.split('.').slice(0, 2).join('.')}.${flipped}`)).toBeNull();
    expect(await readUnsubscribeToken(db, 'nonsense')).toBeNull();
    expect(await readUnsubscribeToken(db, '')).toBeNull();
    expect(await readUnsubscribeToken(db, 'a.b.c<script>')).toBeNull();
  });

  test('a recorded unsubscribe is found whatever the address’s case, once however often asked', async () => {
    await recordUnsubscribe(db, { scheduleId: 'sch_abc', email: 'Client@Example.com' });
    await recordUnsubscribe(db, { scheduleId: 'sch_abc', email: 'client@example.com' });
    const gone = await unsubscribedAmong(db, 'sch_abc', ['CLIENT@example.com', 'other@example.com']);
    expect([...gone]).toEqual(['CLIENT@example.com']);
    expect((await unsubscribedAmong(db, 'sch_other', ['client@example.com'])).size).toBe(0);
    const rows = await db.query('select * from report_unsubscribes');
    expect(rows).toHaveLength(1);
  });
});
