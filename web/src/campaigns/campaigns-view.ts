// The Campaign tab's view, resolved from the URL like the Dashboard's: advertiser, dates and comparison
// (the same parameters, so both tabs share a link's meaning), then the level, the selection that drills
// down, the filters, the sort, unsaved columns and the open form. Every change is a history entry.
import { useCallback, useEffect, useMemo } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { Level } from '../../../src/shared/campaigns-api.ts';
import {
  DEFAULT_PRESET,
  isPresetId,
  isValidRange,
  nextDates,
  previousPeriod,
  resolvePreset,
  type DateRange,
  type RangeChoice,
} from '../lib/date-range.ts';
import { useUrlParams, type UrlParams } from '../app/url-state.ts';

export type FormKind = 'campaign' | 'adgroup' | 'ad';

/** The side panel: a create form (with the parent it starts in) or an edit form. */
export type FormState =
  | { mode: 'create'; kind: FormKind; parent: string | undefined }
  | { mode: 'edit'; kind: FormKind; id: string };

export interface CampaignsView {
  advertiser: AdvertiserInfo | undefined;
  choice: RangeChoice;
  range: DateRange | undefined;
  compareRange: DateRange | undefined;
  compare: boolean;
  level: Level;
  /** Selected campaigns: the ad groups and ads shown below them. */
  campaignIds: string[];
  /** Selected ad groups: the ads shown below them. */
  adgroupIds: string[];
  /** Selected ads (for bulk actions). */
  adIds: string[];
  status: string[];
  objective: string[];
  name: string;
  /** `cpa>20`, `impressions=0`. */
  filters: string[];
  sort: string | undefined;
  /** Columns chosen but not saved as a set; empty when the chosen set applies. */
  metrics: string[];
  form: FormState | undefined;
}

export type CampaignsChange = Partial<Omit<CampaignsView, 'advertiser' | 'compareRange'>> & {
  advertiser?: string;
};

const LEVELS: readonly Level[] = ['campaigns', 'adgroups', 'ads'];
const KINDS: readonly FormKind[] = ['campaign', 'adgroup', 'ad'];

export const LEVEL_OF_KIND: Record<FormKind, Level> = {
  campaign: 'campaigns',
  adgroup: 'adgroups',
  ad: 'ads',
};
export const KIND_OF_LEVEL: Record<Level, FormKind> = {
  campaigns: 'campaign',
  adgroups: 'adgroup',
  ads: 'ad',
};

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** `form=adgroup&parent=123` (create in campaign 123) or `form=adgroup&id=456` (edit). */
function parseForm(params: URLSearchParams): FormState | undefined {
  const kind = params.get('form');
  if (!KINDS.includes(kind as FormKind)) return undefined;
  const id = params.get('id');
  if (id) return { mode: 'edit', kind: kind as FormKind, id };
  return { mode: 'create', kind: kind as FormKind, parent: params.get('parent') ?? undefined };
}

export function useCampaignsView(advertisers: readonly AdvertiserInfo[] | undefined): {
  view: CampaignsView;
  update: (change: CampaignsChange, mode?: 'push' | 'replace') => void;
} {
  const { params, search, write } = useUrlParams();

  const view = useMemo<CampaignsView>(() => {
    const wanted = params.get('advertiser');
    const advertiser = advertisers?.find((a) => a.advertiser_id === wanted) ?? advertisers?.[0];
    const preset = params.get('preset');
    const from = params.get('from');
    const to = params.get('to');
    let choice: RangeChoice;
    let range: DateRange | undefined;
    if (isPresetId(preset)) {
      choice = preset;
      range = advertiser ? resolvePreset(preset, advertiser.today) : undefined;
    } else if (isValidRange(from, to)) {
      choice = 'custom';
      range = { from: from!, to: to! };
    } else {
      choice = DEFAULT_PRESET;
      range = advertiser ? resolvePreset(DEFAULT_PRESET, advertiser.today) : undefined;
    }
    const compare = params.get('compare') !== 'none';
    const level = LEVELS.includes(params.get('level') as Level)
      ? (params.get('level') as Level)
      : 'campaigns';
    return {
      advertiser,
      choice,
      range,
      compare,
      compareRange: compare && range ? previousPeriod(range) : undefined,
      level,
      campaignIds: list(params.get('campaign_ids')),
      adgroupIds: list(params.get('adgroup_ids')),
      adIds: list(params.get('ad_ids')),
      status: list(params.get('status')),
      objective: list(params.get('objective')),
      name: params.get('name') ?? '',
      filters: list(params.get('filters')),
      sort: params.get('sort') || undefined,
      metrics: list(params.get('metrics')),
      form: parseForm(params),
    };
    // `search` is the identity of `params`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, advertisers]);

  const toParams = useCallback(
    (state: Omit<CampaignsView, 'compareRange'>): UrlParams => ({
      advertiser: state.advertiser?.advertiser_id ?? params.get('advertiser'),
      preset: state.choice === 'custom' ? null : state.choice,
      from: state.range?.from ?? params.get('from'),
      to: state.range?.to ?? params.get('to'),
      compare: state.compare ? 'previous' : 'none',
      level: state.level,
      campaign_ids: state.campaignIds.join(','),
      adgroup_ids: state.adgroupIds.join(','),
      ad_ids: state.adIds.join(','),
      status: state.status.join(','),
      objective: state.objective.join(','),
      name: state.name,
      filters: state.filters.join(','),
      sort: state.sort,
      metrics: state.metrics.join(','),
      form: state.form?.kind,
      id: state.form?.mode === 'edit' ? state.form.id : null,
      parent: state.form?.mode === 'create' ? state.form.parent : null,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search],
  );

  useEffect(() => {
    if (view.advertiser && view.range) write(toParams(view), 'replace');
  }, [view, toParams, write]);

  const update = useCallback(
    (change: CampaignsChange, mode: 'push' | 'replace' = 'push') => {
      const { advertiser, choice, range, switching } = nextDates(view, change, advertisers);
      // Another advertiser's ids mean nothing here: its selection, filters on ids and form start afresh.
      const base = switching
        ? { ...view, campaignIds: [], adgroupIds: [], adIds: [], form: undefined }
        : view;
      write(toParams({ ...base, ...change, advertiser, choice, range }), mode);
    },
    [advertisers, view, toParams, write],
  );

  return { view, update };
}
