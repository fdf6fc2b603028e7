// The frame every advertiser tab shares: the top bar with the advertiser switcher, the toolbar with the
// tab's title, freshness, comparison and dates (the same URL parameters on every tab), and the tab's page
// below once the advertiser, its metrics and a range are known — or why they are not.
import { type ReactNode, useEffect } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { useAdvertiserMetrics } from '../api/reports.ts';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import type { DateRange, RangeChoice } from '../lib/date-range.ts';
import { canManageMembers } from '../lib/roles.ts';
import { AdvertiserSwitcher } from './advertiser-switcher.tsx';
import { CompareToggle } from './compare-toggle.tsx';
import { DateRangePicker } from './date-range-picker.tsx';
import { Freshness } from './freshness.tsx';
import { type Catalog, MetricCatalogProvider, useCatalogValue } from './metric-catalog.tsx';
import { useSession } from './session.tsx';
import { type Tab, TopBar, rememberTabSearch } from './top-bar.tsx';
import { useUrlParams } from './url-state.ts';
import { ReportingNav } from '../schedules/reporting-nav.tsx';

/** What the frame reads of a tab's view: the tabs keep more, but share these. */
export interface FrameView {
  advertiser: AdvertiserInfo | undefined;
  choice: RangeChoice;
  range: DateRange | undefined;
  compareRange: DateRange | undefined;
  compare: boolean;
}

export interface FrameChange {
  advertiser?: string;
  choice?: RangeChoice;
  range?: DateRange;
  compare?: boolean;
}

/** A query the frame waits for before showing the page (the advertisers, the metric list). */
interface ShellQuery {
  isPending: boolean;
  error: Error | null;
  refetch: () => unknown;
}

interface Props {
  tab: Tab;
  title: string;
  /** Full-width content (tables) instead of the Dashboard's centred column. */
  wide?: boolean;
  /** For a tab whose page compares nothing (Insights): no comparison toggle. */
  noCompare?: boolean;
  advertisers: readonly AdvertiserInfo[] | undefined;
  queries: readonly ShellQuery[];
  catalog: Catalog;
  view: FrameView;
  update: (change: FrameChange) => void;
  skeleton: ReactNode;
  /** How the empty state ends, e.g. "its campaigns will appear here". */
  whatFollows: string;
  children: (advertiser: AdvertiserInfo, range: DateRange) => ReactNode;
}

/**
 * The metrics of the advertiser the URL names (or the first one): the catalog and that advertiser's custom
 * columns, for tabs where the team's columns are used like any metric.
 */
export function useAdvertiserCatalog(advertisers: readonly AdvertiserInfo[] | undefined): {
  catalog: Catalog;
  /** The ids it knows once the list has come (before: undefined, so nothing is judged unknown yet). */
  knownIds: ReadonlySet<string> | undefined;
  query: ShellQuery;
} {
  const { params } = useUrlParams();
  const advertiserId = (
    advertisers?.find((a) => a.advertiser_id === params.get('advertiser')) ?? advertisers?.[0]
  )?.advertiser_id;
  const metrics = useAdvertiserMetrics(advertiserId);
  const catalog = useCatalogValue(metrics.data?.metrics);
  // The list is asked once the advertiser is known; until then it is not what the screen waits for.
  const query = {
    isPending: !!advertiserId && metrics.isPending,
    error: metrics.error,
    refetch: metrics.refetch,
  };
  return { catalog, knownIds: metrics.data ? catalog.ids : undefined, query };
}

export function AdvertiserScreen(props: Props) {
  const { tab, title, wide, advertisers, queries, catalog, view, update } = props;
  const { user } = useSession();
  const { search } = useUrlParams();
  const { advertiser, range } = view;

  useEffect(() => rememberTabSearch(tab, search), [tab, search]);

  useEffect(() => {
    document.title = advertiser ? `${title} · ${advertiser.name} · Adcockpit` : `${title} · Adcockpit`;
  }, [title, advertiser]);

  const loadingShell = queries.some((q) => q.isPending);
  const shellError = queries.find((q) => q.error)?.error ?? null;

  return (
    <MetricCatalogProvider value={catalog}>
      <div className={tab === 'dashboard' ? 'app' : `app app-${tab}`}>
        <TopBar tab={tab}>
          {advertiser && advertisers ? (
            <AdvertiserSwitcher
              advertisers={advertisers}
              current={advertiser}
              onSelect={(id) => update({ advertiser: id })}
            />
          ) : loadingShell ? (
            <div className="switcher switcher-placeholder" aria-hidden="true">
              <Skeleton width={140} height={12} />
              <Skeleton width={110} height={10} />
            </div>
          ) : null}
        </TopBar>

        <div className={wide ? 'toolbar toolbar-wide' : 'toolbar'}>
          <div className="toolbar-title">
            <h1>{title}</h1>
            {tab === 'reporting' && <ReportingNav current="builder" search={search} />}
            {advertiser && <Freshness advertiser={advertiser} />}
          </div>
          <div className="toolbar-controls">
            {advertiser && range ? (
              <>
                {!props.noCompare && (
                  <CompareToggle
                    checked={view.compare}
                    compareRange={view.compareRange}
                    onChange={(compare) => update({ compare })}
                  />
                )}
                <DateRangePicker
                  today={advertiser.today}
                  choice={view.choice}
                  range={range}
                  onPreset={(choice) => update({ choice })}
                  onCustom={(next) => update({ choice: 'custom', range: next })}
                />
              </>
            ) : loadingShell ? (
              <Skeleton width={300} height={32} />
            ) : null}
          </div>
        </div>

        <main className={wide ? 'content content-wide' : 'content'}>
          {shellError ? (
            <ErrorBanner
              title="Adcockpit could not load its start-up data."
              error={shellError}
              onRetry={() => queries.forEach((q) => void q.refetch())}
            />
          ) : loadingShell ? (
            props.skeleton
          ) : !advertiser || !range ? (
            canManageMembers(user) ? (
              <EmptyState title="No advertiser yet">
                Add an advertiser — connect a TikTok account, import an Ads Manager export or start the
                sandbox — and {props.whatFollows}.
              </EmptyState>
            ) : (
              <EmptyState title="No advertiser shared with you yet">
                Ask the owner or an admin of this Adcockpit to give you access to an advertiser;{' '}
                {props.whatFollows}.
              </EmptyState>
            )
          ) : (
            props.children(advertiser, range)
          )}
        </main>
      </div>
    </MetricCatalogProvider>
  );
}
