// Per-user settings of the web app, one JSON value per key.
import type { Queryable } from './db.ts';

export async function getPreference<T>(db: Queryable, userId: string, key: string): Promise<T | null> {
  const [row] = await db.query<{ value: T }>(
    'select value from user_preferences where user_id = $1 and key = $2',
    [userId, key],
  );
  return row?.value ?? null;
}

export async function setPreference(
  db: Queryable,
  userId: string,
  key: string,
  value: unknown,
): Promise<void> {
  await db.query(
    `insert into user_preferences (user_id, key, value) values ($1, $2, $3)
     on conflict (user_id, key) do update set value = excluded.value`,
    [userId, key, JSON.stringify(value)],
  );
}
