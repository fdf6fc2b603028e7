// The Reporting tab's screen: the top bar with the advertiser switcher, the toolbar with dates and
// comparison (the same URL parameters as the other tabs), and the data lab below. The metric list is the
// advertiser's own: the catalog and its custom columns.
import { useEffect } from 'react';
import { useAdvertisers } from '../api/queries.ts';
import { useAdvertiserMetrics } from '../api/reports.ts';
import { AdvertiserSwitcher } from '../app/advertiser-switcher.tsx';
import { CompareToggle } from '../app/compare-toggle.tsx';
import { DateRangePicker } from '../app/date-range-picker.tsx';
import { Freshness } from '../app/freshness.tsx';
import { MetricCatalogProvider, useCatalogValue } from '../app/metric-catalog.tsx';
import { useSession } from '../app/session.tsx';
import { TopBar, rememberTabSearch } from '../app/top-bar.tsx';
import { useUrlParams } from '../app/url-state.ts';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { canManageMembers } from '../lib/roles.ts';
import { useReportView } from './report-view.ts';
import { ReportingPage } from './reporting-page.tsx';

export function ReportingScreen() {
  const { user } = useSession();
  const { params, search } = useUrlParams();
  const advertisers = useAdvertisers();
  const list = advertisers.data?.advertisers;
  const advertiserId = (list?.find((a) => a.advertiser_id === params.get('advertiser')) ?? list?.[0])
    ?.advertiser_id;
  const metrics = useAdvertiserMetrics(advertiserId);
  const catalog = useCatalogValue(metrics.data?.metrics);
  const { view, update } = useReportView(list, metrics.data ? catalog.ids : undefined);
  const { advertiser, range } = view;
  const canWrite = user.role !== 'viewer';

  useEffect(() => rememberTabSearch('reporting', search), [search]);

  useEffect(() => {
    document.title = advertiser ? `Reporting · ${advertiser.name} · Adcockpit` : 'Reporting · Adcockpit';
  }, [advertiser]);

  const loadingShell = advertisers.isPending || (!!advertiserId && metrics.isPending);
  const shellError = advertisers.error ?? metrics.error;

  return (
    <MetricCatalogProvider value={catalog}>
      <div className="app app-reporting">
        <TopBar tab="reporting">
          {advertiser && list ? (
            <AdvertiserSwitcher
              advertisers={list}
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

        <div className="toolbar toolbar-wide">
          <div className="toolbar-title">
            <h1>Reporting</h1>
            {advertiser && <Freshness advertiser={advertiser} />}
          </div>
          <div className="toolbar-controls">
            {advertiser && range ? (
              <>
                <CompareToggle
                  checked={view.compare}
                  compareRange={view.compareRange}
                  onChange={(compare) => update({ compare })}
                />
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

        <main className="content content-wide">
          {shellError ? (
            <ErrorBanner
              title="Adcockpit could not load its start-up data."
              error={shellError}
              onRetry={() => {
                void advertisers.refetch();
                void metrics.refetch();
              }}
            />
          ) : loadingShell ? (
            <Skeleton width="100%" height={480} />
          ) : !advertiser || !range ? (
            <EmptyState
              title={canManageMembers(user) ? 'No advertiser yet' : 'No advertiser shared with you yet'}
            >
              {canManageMembers(user)
                ? 'Add an advertiser — connect a TikTok account, import an Ads Manager export or start the sandbox — and build its reports here.'
                : 'Ask the owner or an admin of this Adcockpit to give you access to an advertiser; its reports will be built here.'}
            </EmptyState>
          ) : (
            <ReportingPage
              key={advertiser.advertiser_id}
              advertiser={advertiser}
              view={{ ...view, range }}
              update={update}
              catalog={catalog}
              canWrite={canWrite}
            />
          )}
        </main>
      </div>
    </MetricCatalogProvider>
  );
}
