// Users, their roles and the advertisers they are assigned.
import { randomUUID } from 'node:crypto';
import type { Queryable, SqlParam } from '../catalog/db.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { Role, UserInfo } from '../shared/api.ts';
import { hashPassword } from './secrets.ts';

export interface User extends UserInfo {
  password_hash: string;
}

interface UserRow {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
  created_at: Date;
  last_login_at: Date | null;
  advertiser_ids: string[] | null;
}

const ADVERTISER_IDS =
  '(select array_agg(advertiser_id order by advertiser_id) from user_advertisers ua where ua.user_id = u.user_id) as advertiser_ids';
const SELECT_USERS = `select u.*, ${ADVERTISER_IDS} from users u`;

function toUser(row: UserRow): User {
  return {
    user_id: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    password_hash: row.password_hash,
    disabled: row.disabled,
    created_at: row.created_at.toISOString(),
    last_login_at: row.last_login_at?.toISOString() ?? null,
    advertiser_ids: row.role === 'owner' || row.role === 'admin' ? 'all' : (row.advertiser_ids ?? []),
  };
}

/** What the API shows of a user: everything but the password hash. */
export function publicUser(user: User): UserInfo {
  const { password_hash: _hash, ...info } = user;
  return info;
}

export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number | bigint }>('select count(*)::int as n from users');
  return Number(row?.n ?? 0);
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return (await db.query<UserRow>(`${SELECT_USERS} order by u.created_at, u.email`)).map(toUser);
}

export async function getUser(db: Queryable, userId: string): Promise<User | null> {
  const [row] = await db.query<UserRow>(`${SELECT_USERS} where u.user_id = $1`, [userId]);
  return row ? toUser(row) : null;
}

/**
 * The user named by another row (an API token, a session) in one read with that row: `columns` (aliased
 * so they do not clash with the user's) come back beside the user. Every request authenticates, so one
 * read instead of two is a measurable part of a fast report's time.
 */
export async function findUserWith<Extra extends object>(
  db: Queryable,
  lookup: { columns: string; join: string; where: string; params: SqlParam[] },
): Promise<{ user: User; extra: Extra } | null> {
  const [row] = await db.query<UserRow & Extra>(
    `select u.*, ${ADVERTISER_IDS}, ${lookup.columns} from users u ${lookup.join} where ${lookup.where}`,
    lookup.params,
  );
  return row ? { user: toUser(row), extra: row } : null;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<User | null> {
  const [row] = await db.query<UserRow>(`${SELECT_USERS} where lower(u.email) = lower($1)`, [email]);
  return row ? toUser(row) : null;
}

async function checkAdvertisers(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const known = new Set(
    (
      await db.query<{ advertiser_id: string }>(
        'select advertiser_id from advertisers where advertiser_id = any($1)',
        [ids],
      )
    ).map((r) => r.advertiser_id),
  );
  const unknown = ids.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      `Unknown advertiser${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => u.id).join(', ')}.`,
      unknown.map(({ i, id }) => ({ field: `body.advertiser_ids[${i}]`, message: `no advertiser "${id}"` })),
    );
  }
}

async function setAdvertisers(db: Queryable, userId: string, ids: string[]): Promise<void> {
  await checkAdvertisers(db, ids);
  await db.query('delete from user_advertisers where user_id = $1', [userId]);
  for (const id of [...new Set(ids)]) {
    await db.query('insert into user_advertisers (user_id, advertiser_id) values ($1, $2)', [userId, id]);
  }
}

export async function createUser(
  db: Queryable,
  input: { email: string; name: string; password: string; role: Role; advertiser_ids: string[] },
): Promise<User> {
  if (await findUserByEmail(db, input.email)) {
    throw new AppError('conflict', `A member with the e-mail ${input.email} already exists.`, [
      { field: 'body.email', message: 'already in use' },
    ]);
  }
  const userId = randomUUID();
  await db.query(
    'insert into users (user_id, email, name, role, password_hash) values ($1, $2, $3, $4, $5)',
    [userId, input.email.trim().toLowerCase(), input.name, input.role, await hashPassword(input.password)],
  );
  await setAdvertisers(db, userId, input.advertiser_ids);
  return (await getUser(db, userId))!;
}

export async function updateUser(
  db: Queryable,
  userId: string,
  patch: { name?: string; role?: Role; advertiser_ids?: string[]; disabled?: boolean },
): Promise<User> {
  const user = await getUser(db, userId);
  if (!user) throw notFound('Member', userId);
  if (patch.name !== undefined)
    await db.query('update users set name = $2 where user_id = $1', [userId, patch.name]);
  if (patch.role !== undefined)
    await db.query('update users set role = $2 where user_id = $1', [userId, patch.role]);
  if (patch.disabled !== undefined) {
    await db.query('update users set disabled = $2 where user_id = $1', [userId, patch.disabled]);
    // A disabled member is signed out everywhere and their tokens stop working at once.
    if (patch.disabled) await db.query('delete from sessions where user_id = $1', [userId]);
  }
  if (patch.advertiser_ids !== undefined) await setAdvertisers(db, userId, patch.advertiser_ids);
  return (await getUser(db, userId))!;
}

export async function setPassword(db: Queryable, userId: string, password: string): Promise<void> {
  await db.query('update users set password_hash = $2 where user_id = $1', [
    userId,
    await hashPassword(password),
  ]);
}

export async function markLoggedIn(db: Queryable, userId: string): Promise<void> {
  await db.query('update users set last_login_at = now() where user_id = $1', [userId]);
}
