// The report dimensions as the pickers and filters name them, grouped as an Ads Manager user thinks of them.
import type { ReportDimension } from '../../../src/shared/reports-api.ts';

export const DIMENSION_LABEL: Record<ReportDimension, string> = {
  hour: 'Hour',
  day: 'Day',
  week: 'Week',
  month: 'Month',
  campaign: 'Campaign',
  adgroup: 'Ad group',
  ad: 'Ad',
  creative_name: 'Creative name',
  objective: 'Objective',
  age: 'Age',
  gender: 'Gender',
  country: 'Country',
  placement: 'Placement',
  platform: 'Platform',
};

export const DIMENSION_GROUPS: readonly { label: string; dimensions: readonly ReportDimension[] }[] = [
  { label: 'Time', dimensions: ['day', 'week', 'month', 'hour'] },
  { label: 'Structure', dimensions: ['campaign', 'adgroup', 'ad', 'creative_name', 'objective'] },
  { label: 'Audience', dimensions: ['age', 'gender', 'country'] },
  { label: 'Delivery', dimensions: ['placement', 'platform'] },
];

/** Campaigns, ad groups and ads are filtered by id (`in`) or by name (`contains`). */
export const ENTITY_DIMENSIONS: ReadonlySet<ReportDimension> = new Set(['campaign', 'adgroup', 'ad']);
