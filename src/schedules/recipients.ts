// Recipients of scheduled reports and alerts: team members by user id, and any other e-mail addresses.
// Checked when saved, each bad entry named by its field; resolved to addresses at each send, so a member
// who changed address gets the new one and one who lost access to the advertiser gets nothing.
import { canViewAdvertiser } from '../access/authorize.ts';
import { type User, listUsers } from '../access/users.ts';
import type { Queryable } from '../catalog/db.ts';
import { AppError, type ErrorDetail } from '../core/errors.ts';

// Deliberately plain: one @, no spaces, a dot in the domain. The SMTP server has the last word.
const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export const isEmailAddress = (value: string): boolean => EMAIL_RE.test(value);

export interface RecipientLists {
  members: string[];
  emails: string[];
}

/** Problems with the lists, each naming `<field>.members[i]` or `<field>.emails[i]`. */
export async function recipientProblems(
  db: Queryable,
  advertiserId: string,
  lists: RecipientLists,
  field: string,
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  const users = new Map((await listUsers(db)).map((u) => [u.user_id, u]));
  lists.members.forEach((id, i) => {
    const user = users.get(id);
    if (!user)
      problems.push({ field: `${field}.members[${i}]`, message: `no team member has the id "${id}"` });
    else if (!canViewAdvertiser(user, advertiserId)) {
      problems.push({
        field: `${field}.members[${i}]`,
        message: `${user.email} cannot see this advertiser; give them access first or add their address instead`,
      });
    }
  });
  lists.emails.forEach((email, i) => {
    if (!isEmailAddress(email)) {
      problems.push({
        field: `${field}.emails[${i}]`,
        message: `"${email}" is not an e-mail address (write name@example.com)`,
      });
    }
  });
  return problems;
}

export function refuseProblems(problems: ErrorDetail[], what: string): void {
  if (problems.length === 0) return;
  throw new AppError(
    'validation_failed',
    `The ${what} cannot be saved: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
    problems,
  );
}

/** Lower-cased, each once, in the order given. */
export function uniqueEmails(emails: string[]): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
}

/** Members as the API shows them; ids no longer known are left out. */
export async function describeMembers(
  db: Queryable,
  ids: string[],
): Promise<{ user_id: string; name: string; email: string }[]> {
  if (ids.length === 0) return [];
  const users = new Map((await listUsers(db)).map((u) => [u.user_id, u]));
  return ids.flatMap((id) => {
    const user = users.get(id);
    return user ? [{ user_id: id, name: user.name, email: user.email }] : [];
  });
}

/**
 * The addresses to send to now: members still active and allowed to see the advertiser, then the other
 * addresses; `team` says which addresses are members (they get no unsubscribe link: they manage their
 * schedules in the app).
 */
export async function resolveAddresses(
  db: Queryable,
  advertiserId: string,
  lists: RecipientLists,
): Promise<{ address: string; team: boolean }[]> {
  const users: User[] = lists.members.length ? await listUsers(db) : [];
  const byId = new Map(users.map((u) => [u.user_id, u]));
  const team = lists.members.flatMap((id) => {
    const user = byId.get(id);
    return user && canViewAdvertiser(user, advertiserId) ? [user.email.toLowerCase()] : [];
  });
  const seen = new Set<string>();
  const out: { address: string; team: boolean }[] = [];
  for (const address of uniqueEmails(team)) {
    seen.add(address);
    out.push({ address, team: true });
  }
  for (const address of uniqueEmails(lists.emails)) {
    if (seen.has(address)) continue;
    seen.add(address);
    out.push({ address, team: false });
  }
  return out;
}
