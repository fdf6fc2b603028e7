// The Reporting tab's view, resolved from the URL: the advertiser, dates and comparison (the parameters
// every tab shares), then the report itself (report-state.ts). Missing parts are filled in and written back
// without a history entry; every change the user makes is one.
import { useCallback, useEffect, useMemo } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { TemplateDates } from '../../../src/shared/reports-api.ts';
import { useUrlParams, type UrlParams } from '../app/url-state.ts';
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
import { readReportState, reportParams, type ReportState } from './report-state.ts';

export interface ReportView {
  advertiser: AdvertiserInfo | undefined;
  choice: RangeChoice;
  range: DateRange | undefined;
  compare: boolean;
  compareRange: DateRange | undefined;
  report: ReportState;
}

export interface ReportChange {
  advertiser?: string;
  choice?: RangeChoice;
  range?: DateRange;
  compare?: boolean;
  report?: Partial<ReportState>;
}

function resolveDates(
  params: URLSearchParams,
  advertiser: AdvertiserInfo | undefined,
): { choice: RangeChoice; range: DateRange | undefined } {
  const preset = params.get('preset');
  const from = params.get('from');
  const to = params.get('to');
  if (isPresetId(preset))
    return { choice: preset, range: advertiser && resolvePreset(preset, advertiser.today) };
  if (isValidRange(from, to)) return { choice: 'custom', range: { from: from!, to: to! } };
  return { choice: DEFAULT_PRESET, range: advertiser && resolvePreset(DEFAULT_PRESET, advertiser.today) };
}

/** A template's dates as the picker shows them. */
export function datesOfTemplate(dates: TemplateDates): { choice: RangeChoice; range?: DateRange } {
  return 'preset' in dates ? { choice: dates.preset } : { choice: 'custom', range: dates };
}

export function useReportView(
  advertisers: readonly AdvertiserInfo[] | undefined,
  knownMetrics: ReadonlySet<string> | undefined,
): { view: ReportView; update: (change: ReportChange, mode?: 'push' | 'replace') => void } {
  const { params, search, write } = useUrlParams();

  const view = useMemo<ReportView>(() => {
    const wanted = params.get('advertiser');
    const advertiser = advertisers?.find((a) => a.advertiser_id === wanted) ?? advertisers?.[0];
    const { choice, range } = resolveDates(params, advertiser);
    const compare = params.get('compare') !== 'none';
    return {
      advertiser,
      choice,
      range,
      compare,
      compareRange: compare && range ? previousPeriod(range) : undefined,
      report: readReportState(params, knownMetrics),
    };
    // `search` is the identity of `params`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, advertisers, knownMetrics]);

  const toParams = useCallback(
    (next: Omit<ReportView, 'compareRange'>): UrlParams => ({
      advertiser: next.advertiser?.advertiser_id ?? params.get('advertiser'),
      preset: next.choice === 'custom' ? null : next.choice,
      from: next.range?.from ?? params.get('from'),
      to: next.range?.to ?? params.get('to'),
      compare: next.compare ? 'previous' : 'none',
      ...reportParams(next.report),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [search],
  );

  // The metric list arrives after the first paint; only then is the report known to be the advertiser's.
  useEffect(() => {
    if (view.advertiser && view.range && knownMetrics) write(toParams(view), 'replace');
  }, [view, toParams, write, knownMetrics]);

  const update = useCallback(
    (change: ReportChange, mode: 'push' | 'replace' = 'push') => {
      const { advertiser, choice, range, switching } = nextDates(view, change, advertisers);
      const report = { ...view.report, ...change.report };
      // Templates and filters on ids belong to one advertiser; another one starts from the same shape.
      if (switching) Object.assign(report, { template: undefined, filters: [] });
      write(toParams({ advertiser, choice, range, compare: change.compare ?? view.compare, report }), mode);
    },
    [advertisers, view, toParams, write],
  );

  return { view, update };
}
