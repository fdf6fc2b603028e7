// What each role may do, in the words the Members page uses.
import type { Role, UserInfo } from '../../../src/shared/api.ts';

export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  analyst: 'Analyst',
  viewer: 'Viewer',
};

export const ROLE_DESCRIPTION: Record<Role, string> = {
  owner: 'Owns this installation: manages members and sees every advertiser.',
  admin: 'Manages members and sees and changes every advertiser.',
  analyst: 'Reads, builds reports and edits campaigns of the advertisers below.',
  viewer: 'Read-only on the advertisers below.',
};

/** The roles a member can be given; there is one owner, made at setup. */
export const ASSIGNABLE_ROLES = ['admin', 'analyst', 'viewer'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** Owners and admins manage members and read the audit log. */
export function canManageMembers(user: Pick<UserInfo, 'role'> | null | undefined): boolean {
  return user?.role === 'owner' || user?.role === 'admin';
}

/** Whether a role sees every advertiser, so advertiser access does not apply. */
export function seesAllAdvertisers(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  const out = letters.map((w) => Array.from(w)[0] ?? '').join('');
  return (out || '?').toUpperCase();
}
