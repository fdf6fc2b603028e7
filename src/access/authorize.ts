// Who may do what. Every route names the check it needs; these functions are the only place the rules
// live. Owners and admins reach every advertiser; analysts and viewers only those assigned to them.
import type { UserInfo } from '../shared/api.ts';

type Who = Pick<UserInfo, 'role' | 'advertiser_ids' | 'disabled'>;

const assigned = (user: Who, advertiserId: string): boolean =>
  user.advertiser_ids === 'all' || user.advertiser_ids.includes(advertiserId);

export function canViewAdvertiser(user: Who, advertiserId: string): boolean {
  return !user.disabled && assigned(user, advertiserId);
}

/** Reports, templates and exports: everyone who can see the advertiser except read-only viewers. */
export function canBuildReports(user: Who, advertiserId: string): boolean {
  return canViewAdvertiser(user, advertiserId) && user.role !== 'viewer';
}

export function canEditCampaign(user: Who, advertiserId: string): boolean {
  return canViewAdvertiser(user, advertiserId) && user.role !== 'viewer';
}

export function canManageUsers(user: Who): boolean {
  return !user.disabled && (user.role === 'owner' || user.role === 'admin');
}

/** Creating or replacing advertisers (the sandbox demo, later connections) touches every member's data. */
export function canManageAdvertisers(user: Who): boolean {
  return canManageUsers(user);
}

/** May `actor` change `target`? Nobody but the owner changes the owner. */
export function canManageMember(
  actor: Who & { user_id: string },
  target: Pick<UserInfo, 'role' | 'user_id'>,
): boolean {
  if (!canManageUsers(actor)) return false;
  return target.role !== 'owner' || actor.user_id === target.user_id;
}

export type AdvertiserAction = 'view' | 'report' | 'edit';

export const advertiserChecks: Record<AdvertiserAction, (user: Who, advertiserId: string) => boolean> = {
  view: canViewAdvertiser,
  report: canBuildReports,
  edit: canEditCampaign,
};
