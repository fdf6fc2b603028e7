// Why a campaign, ad group or ad delivers or not, in the words of the Campaign tab's status column: the
// switch first (off, deleted, a parent off), then review, the schedule, the budget, the audience and the
// bid, and finally whether it actually delivered today.
import type { AdOutline } from '../catalog/structure.ts';
import type { AdGroup, Campaign } from '../core/entities.ts';
import { fromMicros } from '../core/money.ts';
import type { DeliveryStatus } from '../shared/campaigns-api.ts';
import { audienceSize, segmentsFor } from '../sources/sandbox/population.ts';

/** Below this many reachable people an ad group that under-spends is told its audience is too small. */
const NARROW_AUDIENCE = 1_000_000;
/** Share of a daily budget at which it counts as spent for the day. */
const BUDGET_SPENT = 0.98;

export interface Structure {
  campaigns: Map<string, Campaign>;
  groups: Map<string, AdGroup>;
  /** In outline: a status needs no ad's texts. */
  adsByGroup: Map<string, AdOutline[]>;
  groupsByCampaign: Map<string, AdGroup[]>;
}

/** Today's and yesterday's delivery, by campaign, ad group and ad id (money in currency units). */
export interface RecentDelivery {
  /** Impressions today, and yesterday's too in the first hours of a day (when today has barely begun). */
  impressionsRecently: Map<string, number>;
  spendToday: Map<string, number>;
  spendYesterday: Map<string, number>;
}

export interface StatusContext {
  structure: Structure;
  recent: RecentDelivery;
  now: number;
  formatTime: (iso: string) => string;
}

const status = (code: DeliveryStatus['code'], text: string): DeliveryStatus => ({ code, text });

function ageText(sinceIso: string | null, now: number): string {
  if (!sinceIso) return '';
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  return minutes < 60 ? ` for ${minutes} min` : ` for ${Math.floor(minutes / 60)} h`;
}

function switchStatus(
  self: { operation_status: string },
  parents: { label: string; operation_status: string }[],
): DeliveryStatus | null {
  if (self.operation_status === 'DELETE') return status('DELETED', 'Deleted');
  if (self.operation_status === 'DISABLE') return status('DISABLED', 'Inactive');
  for (const parent of parents) {
    if (parent.operation_status === 'DELETE') return status('PARENT_DISABLED', `${parent.label} deleted`);
    if (parent.operation_status !== 'ENABLE') return status('PARENT_DISABLED', `${parent.label} is off`);
  }
  return null;
}

function budgetSpent(budgetMode: string, budgetMicros: bigint | null, spentToday: number): boolean {
  return (
    budgetMode === 'BUDGET_MODE_DAY' &&
    budgetMicros !== null &&
    spentToday >= fromMicros(budgetMicros) * BUDGET_SPENT
  );
}

export function adStatus(ad: AdOutline, ctx: StatusContext): DeliveryStatus {
  const group = ctx.structure.groups.get(ad.adgroup_id)!;
  const campaign = ctx.structure.campaigns.get(ad.campaign_id)!;
  const off = switchStatus(ad, [
    { label: 'Campaign', operation_status: campaign.operation_status },
    { label: 'Ad group', operation_status: group.operation_status },
  ]);
  if (off) return off;
  if (ad.review_status === 'REVIEWING')
    return status('IN_REVIEW', `In review${ageText(ad.review_submitted_at, ctx.now)}`);
  if (ad.review_status === 'FAIL')
    return status('REJECTED', `Rejected: ${ad.reject_reason ?? 'no reason given'}`);
  const groupStatus = adGroupStatus(group, ctx);
  if (groupStatus.code !== 'DELIVERING' && groupStatus.code !== 'NOT_DELIVERING') return groupStatus;
  return (ctx.recent.impressionsRecently.get(ad.ad_id) ?? 0) > 0
    ? status('DELIVERING', 'Delivering')
    : status('NOT_DELIVERING', 'Not delivering: no impressions today');
}

export function adGroupStatus(group: AdGroup, ctx: StatusContext): DeliveryStatus {
  const campaign = ctx.structure.campaigns.get(group.campaign_id)!;
  const off = switchStatus(group, [{ label: 'Campaign', operation_status: campaign.operation_status }]);
  if (off) return off;
  if (Date.parse(group.schedule_start_time) > ctx.now)
    return status('NOT_STARTED', `Scheduled to start ${ctx.formatTime(group.schedule_start_time)}`);
  if (group.schedule_end_time && Date.parse(group.schedule_end_time) <= ctx.now)
    return status('ENDED', `Schedule ended ${ctx.formatTime(group.schedule_end_time)}`);
  const ads = (ctx.structure.adsByGroup.get(group.adgroup_id) ?? []).filter(
    (a) => a.operation_status === 'ENABLE',
  );
  if (ads.length === 0) return status('NO_ADS', 'No active ads');
  if (!ads.some((a) => a.review_status === 'SUCCEED')) {
    const waiting = ads.filter((a) => a.review_status === 'REVIEWING');
    if (waiting.length === 0) return status('REJECTED', 'All ads rejected');
    const oldest = waiting.map((a) => a.review_submitted_at ?? '').sort()[0] ?? null;
    return status('IN_REVIEW', `Ads in review${ageText(oldest, ctx.now)}`);
  }
  const { recent } = ctx;
  if (
    budgetSpent(
      campaign.budget_mode,
      campaign.budget_micros,
      recent.spendToday.get(campaign.campaign_id) ?? 0,
    )
  )
    return status('BUDGET_EXHAUSTED', 'Not delivering: campaign budget spent for today');
  if (budgetSpent(group.budget_mode, group.budget_micros, recent.spendToday.get(group.adgroup_id) ?? 0))
    return status('BUDGET_EXHAUSTED', 'Not delivering: budget spent for today');
  if (group.budget_mode === 'BUDGET_MODE_DAY' && group.budget_micros !== null) {
    const share = (recent.spendYesterday.get(group.adgroup_id) ?? 0) / fromMicros(group.budget_micros);
    const size = audienceSize(
      segmentsFor(group.targeting.locations, group.targeting.age_groups, group.targeting.gender),
      group.targeting.interests,
    );
    const spentText = `spent ${Math.round(share * 100)} % of budget yesterday`;
    if (share < 0.5 && size < NARROW_AUDIENCE)
      return status('AUDIENCE_TOO_SMALL', `Audience too small: ${spentText}`);
    if (share < 0.2 && group.bid_type === 'BID_TYPE_CUSTOM')
      return status('BID_TOO_LOW', `Bid too low: ${spentText}`);
  }
  return (recent.impressionsRecently.get(group.adgroup_id) ?? 0) > 0
    ? status('DELIVERING', 'Delivering')
    : status('NOT_DELIVERING', 'Not delivering: no impressions today');
}

export function campaignStatus(campaign: Campaign, ctx: StatusContext): DeliveryStatus {
  const off = switchStatus(campaign, []);
  if (off) return off;
  const groups = (ctx.structure.groupsByCampaign.get(campaign.campaign_id) ?? []).filter(
    (g) => g.operation_status === 'ENABLE',
  );
  if (groups.length === 0) return status('NO_ADS', 'No active ad groups');
  const statuses = groups.map((g) => adGroupStatus(g, ctx));
  if (statuses.some((s) => s.code === 'DELIVERING')) return status('DELIVERING', 'Delivering');
  // Every ad group is held back: the campaign says why, by its first ad group's reason.
  return statuses[0]!;
}
