// The Insights tab's view, resolved from the address like the other tabs' (advertiser, dates, comparison),
// plus its own: the filters, whether dismissed ones show, and the insight open in the detail.
import { useCallback, useEffect, useMemo } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { useUrlParams, type UrlParams } from '../app/url-state.ts';
import {
  nextDates,
  previousPeriod,
  rangeInAddress,
  type DateRange,
  type RangeChoice,
} from '../lib/date-range.ts';

export interface InsightsFilters {
  severity: string;
  code: string;
  level: string;
  campaign: string;
  /** Also list dismissed and snoozed insights. */
  showDismissed: boolean;
}

export interface InsightsView extends InsightsFilters {
  advertiser: AdvertiserInfo | undefined;
  choice: RangeChoice;
  range: DateRange | undefined;
  compareRange: DateRange | undefined;
  compare: boolean;
  /** `code:level:entity_id` of the insight open in the detail. */
  insight: string | null;
}

export type InsightsChange = Partial<InsightsFilters> & {
  advertiser?: string;
  choice?: RangeChoice;
  range?: DateRange;
  compare?: boolean;
  insight?: string | null;
};

export function useInsightsView(advertisers: readonly AdvertiserInfo[] | undefined): {
  view: InsightsView;
  update: (change: InsightsChange, mode?: 'push' | 'replace') => void;
} {
  const { params, search, write } = useUrlParams();

  const view = useMemo<InsightsView>(() => {
    const wanted = params.get('advertiser');
    const advertiser = advertisers?.find((a) => a.advertiser_id === wanted) ?? advertisers?.[0];
    const dates = advertiser ? rangeInAddress(params, advertiser.today) : undefined;
    const compare = params.get('compare') !== 'none';
    return {
      advertiser,
      choice: dates?.choice ?? 'custom',
      range: dates?.range,
      compare,
      compareRange: compare && dates ? previousPeriod(dates.range) : undefined,
      severity: params.get('severity') ?? '',
      code: params.get('code') ?? '',
      level: params.get('level') ?? '',
      campaign: params.get('campaign') ?? '',
      showDismissed: params.get('dismissed') === 'show',
      insight: params.get('insight'),
    };
    // `search` is the identity of `params`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, advertisers]);

  const toParams = useCallback(
    (state: Omit<InsightsView, 'compareRange'>): UrlParams => ({
      advertiser: state.advertiser?.advertiser_id ?? params.get('advertiser'),
      preset: state.choice === 'custom' ? null : state.choice,
      from: state.range?.from ?? params.get('from'),
      to: state.range?.to ?? params.get('to'),
      compare: state.compare ? 'previous' : 'none',
      severity: state.severity,
      code: state.code,
      level: state.level,
      campaign: state.campaign,
      dismissed: state.showDismissed ? 'show' : null,
      insight: state.insight,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search],
  );

  useEffect(() => {
    if (view.advertiser && view.range) write(toParams(view), 'replace');
  }, [view, toParams, write]);

  const update = useCallback(
    (change: InsightsChange, mode: 'push' | 'replace' = 'push') => {
      const { advertiser, choice, range, switching } = nextDates(view, change, advertisers);
      const next = {
        ...view,
        ...change,
        advertiser,
        choice,
        range,
        // Another advertiser's insights are other entities: the campaign filter and the open one go.
        ...(switching ? { campaign: '', insight: null } : {}),
      };
      write(toParams(next), mode);
    },
    [advertisers, view, toParams, write],
  );

  return { view, update };
}
