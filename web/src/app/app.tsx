// The application: the signed-in screens by path. `/` is the Dashboard tab (top bar with the advertiser
// switcher, the page toolbar with freshness, dates and comparison); `/campaigns` is the Campaign tab;
// `/reporting` the Reporting tab; `/settings/…` are the account and administration pages.
import { Suspense, lazy, useEffect } from 'react';
import { useAdvertisers, useMetrics } from '../api/queries.ts';
import { CampaignsScreen } from '../campaigns/campaigns-screen.tsx';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import { DashboardPage } from '../dashboard/dashboard-page.tsx';
import { canManageMembers } from '../lib/roles.ts';
import { SettingsScreen } from '../settings/settings-screen.tsx';
import { AdvertiserSwitcher } from './advertiser-switcher.tsx';
import { CompareToggle } from './compare-toggle.tsx';
import { DateRangePicker } from './date-range-picker.tsx';
import { Freshness } from './freshness.tsx';
import { MetricCatalogProvider, useCatalogValue } from './metric-catalog.tsx';
import { useSession } from './session.tsx';
import { TopBar, rememberDashboardSearch } from './top-bar.tsx';
import { usePathname, useUrlParams } from './url-state.ts';
import { useViewState } from './view-state.ts';

// The report builder (its editor, pivot and charts) loads when the tab is opened, not with the Dashboard.
const ReportingScreen = lazy(() =>
  import('../reporting/reporting-screen.tsx').then((m) => ({ default: m.ReportingScreen })),
);

export function App() {
  const path = usePathname();
  if (path === '/' || path === '/index.html') return <DashboardScreen />;
  if (path === '/campaigns' || path === '/campaigns/') return <CampaignsScreen />;
  if (path === '/reporting' || path === '/reporting/')
    return (
      <Suspense fallback={<div className="boot" aria-busy="true" />}>
        <ReportingScreen />
      </Suspense>
    );
  if (path === '/settings' || path.startsWith('/settings/')) return <SettingsScreen path={path} />;
  return <NotFoundScreen />;
}

function NotFoundScreen() {
  useEffect(() => {
    document.title = 'Page not found · Adcockpit';
  }, []);
  return (
    <div className="app">
      <TopBar tab={null} />
      <div className="toolbar">
        <div className="toolbar-title">
          <h1>Page not found</h1>
        </div>
      </div>
      <main className="content">
        <EmptyState
          title="There is no page at this address"
          action={
            <Link className="button button-primary link-as-button" href="/">
              Go to the Dashboard
            </Link>
          }
        >
          {window.location.pathname} is not a page of Adcockpit. The link may be old or mistyped.
        </EmptyState>
      </main>
    </div>
  );
}

function DashboardScreen() {
  const { user } = useSession();
  const { search } = useUrlParams();
  const metrics = useMetrics();
  const advertisers = useAdvertisers();
  const catalog = useCatalogValue(metrics.data?.metrics);
  const { view, update } = useViewState(
    advertisers.data?.advertisers,
    metrics.data ? catalog.ids : undefined,
  );
  const { advertiser, range } = view;

  useEffect(() => rememberDashboardSearch(search), [search]);

  useEffect(() => {
    document.title = advertiser ? `Dashboard · ${advertiser.name} · Adcockpit` : 'Dashboard · Adcockpit';
  }, [advertiser]);

  const loadingShell = advertisers.isPending || metrics.isPending;
  const shellError = advertisers.error ?? metrics.error;

  return (
    <MetricCatalogProvider value={catalog}>
      <div className="app">
        <TopBar tab="dashboard">
          {advertiser && advertisers.data ? (
            <AdvertiserSwitcher
              advertisers={advertisers.data.advertisers}
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

        <div className="toolbar">
          <div className="toolbar-title">
            <h1>Dashboard</h1>
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

        <main className="content">
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
            <DashboardSkeleton />
          ) : !advertiser || !range ? (
            canManageMembers(user) ? (
              <EmptyState title="No advertiser yet">
                Add an advertiser — connect a TikTok account, import an Ads Manager export or start the
                sandbox — and its numbers will appear here.
              </EmptyState>
            ) : (
              <EmptyState title="No advertiser shared with you yet">
                Ask the owner or an admin of this Adcockpit to give you access to an advertiser; its numbers
                will appear here.
              </EmptyState>
            )
          ) : (
            <DashboardPage
              key={advertiser.advertiser_id}
              advertiser={advertiser}
              view={{ ...view, range }}
              update={update}
            />
          )}
        </main>
      </div>
    </MetricCatalogProvider>
  );
}

function DashboardSkeleton() {
  return (
    <div className="dashboard" data-testid="dashboard" data-busy="true" aria-busy="true">
      <section className="kpi-grid">
        {Array.from({ length: 10 }, (_, i) => (
          <article className="kpi-card" key={i}>
            <div className="kpi-label">
              <Skeleton width="45%" height={12} />
            </div>
            <div className="kpi-value-row">
              <Skeleton width="60%" height={24} />
            </div>
          </article>
        ))}
      </section>
      <section className="panel trend-panel">
        <div className="panel-header">
          <Skeleton width={80} height={14} />
        </div>
        <div className="trend-body">
          <Skeleton width="100%" height={260} />
        </div>
      </section>
    </div>
  );
}
