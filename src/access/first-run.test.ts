import { afterEach, expect, test } from 'vitest';
import { openPglite } from '../catalog/db.ts';
import { migrate } from '../catalog/migrate.ts';
import { readConfig } from '../core/config.ts';
import { createOwnerFromConfig } from './first-run.ts';
import { listUsers } from './users.ts';
import { verifyPassword } from './secrets.ts';

const open = async () => {
  const db = await openPglite(null);
  await migrate(db);
  return db;
};
let db: Awaited<ReturnType<typeof open>> | null = null;
afterEach(async () => db?.close());

test('the owner is created from the environment at the first start, and only then', async () => {
  db = await open();
  const config = readConfig({
    ADCOCKPIT_ADMIN_EMAIL: 'Boss@Example.com',
    ADCOCKPIT_ADMIN_PASSWORD: 'a long enough secret',
  });
  expect(await createOwnerFromConfig(db, config)).toBe(true);
  expect(await createOwnerFromConfig(db, config)).toBe(false);
  const [owner] = await listUsers(db);
  expect(owner).toMatchObject({ email: 'boss@example.com', role: 'owner', advertiser_ids: 'all' });
  expect(owner!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(await verifyPassword('a long enough secret', owner!.password_hash)).toBe(true);
  expect(await verifyPassword('a long enough secreT', owner!.password_hash)).toBe(false);
}, 60_000);

test('no owner without both variables, and a weak password is refused by name', async () => {
  db = await open();
  expect(await createOwnerFromConfig(db, readConfig({}))).toBe(false);
  await expect(
    createOwnerFromConfig(db, readConfig({ ADCOCKPIT_ADMIN_EMAIL: 'a@example.com' })),
  ).rejects.toThrow('Set both');
  await expect(
    createOwnerFromConfig(
      db,
      readConfig({ ADCOCKPIT_ADMIN_EMAIL: 'a@example.com', ADCOCKPIT_ADMIN_PASSWORD: 'short' }),
    ),
  ).rejects.toThrow('ADCOCKPIT_ADMIN_PASSWORD: use at least 10 characters');
  expect(await listUsers(db)).toEqual([]);
}, 60_000);
