// Signing in, first-run setup and password changes: the rules, independent of HTTP.
import type { CatalogDb } from '../catalog/db.ts';
import { AppError } from '../core/errors.ts';
import { type Actor, audit } from './audit.ts';
import { clearFailures, lockedFor, recordFailure } from './login-throttle.ts';
import { verifyAgainstNothing, verifyPassword } from './secrets.ts';
import { deleteOtherSessions } from './sessions.ts';
import {
  type User,
  countUsers,
  createUser,
  findUserByEmail,
  getUser,
  markLoggedIn,
  setPassword,
} from './users.ts';

const throttleKeys = (email: string, ip: string | null): string[] => [
  `email:${email.toLowerCase()}`,
  ...(ip ? [`ip:${ip}`] : []),
];

function tooManyAttempts(seconds: number): AppError {
  return new AppError(
    'too_many_attempts',
    `Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    [{ field: 'retry_after_seconds', message: String(seconds) }],
  );
}

export async function signIn(
  db: CatalogDb,
  email: string,
  password: string,
  ip: string | null,
): Promise<User> {
  const keys = throttleKeys(email, ip);
  const locked = await lockedFor(db, keys);
  if (locked > 0) throw tooManyAttempts(locked);
  const user = await findUserByEmail(db, email);
  const valid = user
    ? await verifyPassword(password, user.password_hash)
    : await verifyAgainstNothing(password);
  if (!user || !valid || user.disabled) {
    await recordFailure(db, keys);
    await audit(
      db,
      { label: email, userId: user?.user_id ?? null, ip },
      { action: 'auth.login_failed', targetType: 'user', targetId: user?.user_id },
    );
    const lockedNow = await lockedFor(db, keys);
    if (lockedNow > 0) throw tooManyAttempts(lockedNow);
    if (user?.disabled && valid)
      throw new AppError(
        'invalid_credentials',
        'This account is disabled. Ask an admin of your team to enable it.',
      );
    throw new AppError('invalid_credentials', 'The e-mail address or password is wrong.', [
      { field: 'body.password', message: 'wrong e-mail or password' },
    ]);
  }
  await clearFailures(db, [keys[0]!]);
  await markLoggedIn(db, user.user_id);
  await audit(
    db,
    { label: user.email, userId: user.user_id, ip },
    { action: 'auth.login', targetType: 'user', targetId: user.user_id },
  );
  return user;
}

/** Creates the owner on a fresh installation; refused once any member exists. */
export async function setUpOwner(
  db: CatalogDb,
  input: { email: string; name: string; password: string },
  actor: Actor,
): Promise<User> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [0x5e7a9]);
    if ((await countUsers(tx)) > 0)
      throw new AppError('conflict', 'Adcockpit is already set up. Sign in, or ask an admin for an account.');
    const owner = await createUser(tx, { ...input, role: 'owner', advertiser_ids: [] });
    await audit(
      tx,
      { ...actor, label: actor.label === 'system' ? 'system' : owner.email, userId: owner.user_id },
      {
        action: 'auth.setup',
        targetType: 'user',
        targetId: owner.user_id,
        after: { email: owner.email, role: owner.role },
      },
    );
    return owner;
  });
}

export async function changePassword(
  db: CatalogDb,
  userId: string,
  current: string,
  next: string,
  keepSessionHash: string | null,
  actor: Actor,
): Promise<void> {
  const user = await getUser(db, userId);
  if (!user || !(await verifyPassword(current, user.password_hash))) {
    throw new AppError('validation_failed', 'The current password is wrong.', [
      { field: 'body.current_password', message: 'wrong password' },
    ]);
  }
  await setPassword(db, userId, next);
  // Anyone who had the old password is signed out everywhere else.
  await deleteOtherSessions(db, userId, keepSessionHash);
  await audit(db, actor, { action: 'auth.password_change', targetType: 'user', targetId: userId });
}
