// The dashboard's view, resolved from the URL: which advertiser, which dates, compare or not, which trend
// metrics. Missing or stale parameters are resolved against the advertiser (its "today") and written
// back, so the address bar always holds a complete, shareable description of the screen.
import { useCallback, useEffect, useMemo } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
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
import { useUrlParams, type UrlParams } from './url-state.ts';

export const DEFAULT_TREND: readonly [string, string] = ['spend', 'conversion'];

export interface ViewState {
  advertiser: AdvertiserInfo | undefined;
  choice: RangeChoice;
  range: DateRange | undefined;
  compareRange: DateRange | undefined;
  compare: boolean;
  trend: readonly [string, string];
}

export interface ViewChange {
  advertiser?: string;
  choice?: RangeChoice;
  range?: DateRange;
  compare?: boolean;
  trend?: readonly [string, string];
}

function parseTrend(value: string | null, known: ReadonlySet<string> | undefined): readonly [string, string] {
  const ids = (value ?? '').split(',').filter((id) => id && (!known || known.has(id)));
  const [first, second] = ids;
  if (first && second && first !== second) return [first, second];
  return DEFAULT_TREND;
}

export function useViewState(
  advertisers: readonly AdvertiserInfo[] | undefined,
  knownMetrics: ReadonlySet<string> | undefined,
): { view: ViewState; update: (change: ViewChange) => void } {
  const { params, search, write } = useUrlParams();

  const view = useMemo<ViewState>(() => {
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
    return {
      advertiser,
      choice,
      range,
      compareRange: compare && range ? previousPeriod(range) : undefined,
      compare,
      trend: parseTrend(params.get('trend'), knownMetrics),
    };
    // `search` is the identity of `params`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, advertisers, knownMetrics]);

  const toParams = useCallback(
    (state: ViewState): UrlParams => ({
      advertiser: state.advertiser?.advertiser_id ?? params.get('advertiser'),
      preset: state.choice === 'custom' ? null : state.choice,
      from: state.range?.from ?? params.get('from'),
      to: state.range?.to ?? params.get('to'),
      compare: state.compare ? 'previous' : 'none',
      trend: state.trend.join(','),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search],
  );

  // Write the resolved view back once it is known, without adding a history entry.
  useEffect(() => {
    if (view.advertiser && view.range) write(toParams(view), 'replace');
  }, [view, toParams, write]);

  const update = useCallback(
    (change: ViewChange) => {
      const { advertiser, choice, range } = nextDates(view, change, advertisers);
      const compare = change.compare ?? view.compare;
      const next: ViewState = {
        advertiser,
        choice,
        range,
        compare,
        compareRange: compare && range ? previousPeriod(range) : undefined,
        trend: change.trend ?? view.trend,
      };
      write(toParams(next), 'push');
    },
    [advertisers, view, toParams, write],
  );

  return { view, update };
}
