// The application: the signed-in screens by path. `/` is the Dashboard tab (top bar with the advertiser
// switcher, the page toolbar with freshness, dates and comparison); `/campaigns` is the Campaign tab;
// `/reporting` the Reporting tab; `/settings/…` are the account and administration pages.
import { Suspense, lazy, useEffect } from 'react';
import { useAdvertisers, useMetrics } from '../api/queries.ts';
import { CampaignsScreen } from '../campaigns/campaigns-screen.tsx';
import { EmptyState, Skeleton } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import { DashboardPage } from '../dashboard/dashboard-page.tsx';
import { SettingsScreen } from '../settings/settings-screen.tsx';
import { AdvertiserScreen } from './advertiser-screen.tsx';
import { useCatalogValue } from './metric-catalog.tsx';
import { TopBar } from './top-bar.tsx';
import { usePathname } from './url-state.ts';
import { useViewState } from './view-state.ts';

// The report builder (its editor, pivot and charts) loads when the tab is opened, not with the Dashboard.
const ReportingScreen = lazy(() =>
  import('../reporting/reporting-screen.tsx').then((m) => ({ default: m.ReportingScreen })),
);

// The Reporting tab's schedules, alerts and delivery log load when one of them is opened.
const AutomationScreen = lazy(() =>
  import('../schedules/automation-screen.tsx').then((m) => ({ default: m.AutomationScreen })),
);

// The Insights tab (the list, the evidence charts) loads when it is opened.
const InsightsScreen = lazy(() =>
  import('../insights/insights-screen.tsx').then((m) => ({ default: m.InsightsScreen })),
);

// The Assets tab (pixels, the live events feed, diagnostics) loads when it is opened.
const AssetsScreen = lazy(() =>
  import('../assets/assets-screen.tsx').then((m) => ({ default: m.AssetsScreen })),
);

export function App() {
  const path = usePathname();
  if (path === '/' || path === '/index.html') return <DashboardScreen />;
  if (path === '/campaigns' || path === '/campaigns/') return <CampaignsScreen />;
  if (path === '/insights' || path === '/insights/')
    return (
      <Suspense fallback={<div className="boot" aria-busy="true" />}>
        <InsightsScreen />
      </Suspense>
    );
  if (path === '/reporting' || path === '/reporting/')
    return (
      <Suspense fallback={<div className="boot" aria-busy="true" />}>
        <ReportingScreen />
      </Suspense>
    );
  if (path.startsWith('/reporting/'))
    return (
      <Suspense fallback={<div className="boot" aria-busy="true" />}>
        <AutomationScreen path={path} />
      </Suspense>
    );
  if (path === '/assets' || path.startsWith('/assets/'))
    return (
      <Suspense fallback={<div className="boot" aria-busy="true" />}>
        <AssetsScreen path={path} />
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
  const metrics = useMetrics();
  const advertisers = useAdvertisers();
  const catalog = useCatalogValue(metrics.data?.metrics);
  const { view, update } = useViewState(
    advertisers.data?.advertisers,
    metrics.data ? catalog.ids : undefined,
  );
  return (
    <AdvertiserScreen
      tab="dashboard"
      title="Dashboard"
      advertisers={advertisers.data?.advertisers}
      queries={[advertisers, metrics]}
      catalog={catalog}
      view={view}
      update={update}
      skeleton={<DashboardSkeleton />}
      whatFollows="its numbers will appear here"
    >
      {(advertiser, range) => (
        <DashboardPage
          key={advertiser.advertiser_id}
          advertiser={advertiser}
          view={{ ...view, range }}
          update={update}
        />
      )}
    </AdvertiserScreen>
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
