// The application shell: top bar (product, tabs, advertiser), the page toolbar (title, freshness, dates,
// comparison) and the Dashboard tab.
import { useEffect } from 'react';
import { useAdvertisers, useMetrics } from '../api/queries.ts';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { DashboardPage } from '../dashboard/dashboard-page.tsx';
import { AdvertiserSwitcher } from './advertiser-switcher.tsx';
import { CompareToggle } from './compare-toggle.tsx';
import { DateRangePicker } from './date-range-picker.tsx';
import { Freshness } from './freshness.tsx';
import { MetricCatalogProvider, useCatalogValue } from './metric-catalog.tsx';
import { useViewState } from './view-state.ts';

export function App() {
  const metrics = useMetrics();
  const advertisers = useAdvertisers();
  const catalog = useCatalogValue(metrics.data?.metrics);
  const { view, update } = useViewState(
    advertisers.data?.advertisers,
    metrics.data ? catalog.ids : undefined,
  );
  const { advertiser, range } = view;

  useEffect(() => {
    document.title = advertiser ? `Dashboard · ${advertiser.name} · Adcockpit` : 'Dashboard · Adcockpit';
  }, [advertiser]);

  const loadingShell = advertisers.isPending || metrics.isPending;
  const shellError = advertisers.error ?? metrics.error;

  return (
    <MetricCatalogProvider value={catalog}>
      <div className="app">
        <header className="topbar">
          <a className="brand" href="/" aria-label="Adcockpit home">
            <span className="brand-mark" aria-hidden="true">
              <svg viewBox="0 0 16 16" width="14" height="14">
                <path
                  d="M3 11.5l3.2-4 2.4 2.3L13 4.5"
                  stroke="#fff"
                  strokeWidth="1.8"
                  fill="none"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </span>
            Adcockpit
          </a>
          <nav className="tabs" aria-label="Sections">
            <a className="tab tab-active" href={`/${window.location.search}`} aria-current="page">
              Dashboard
            </a>
          </nav>
          <div className="topbar-spacer" />
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
        </header>

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
            <EmptyState title="No advertiser yet">
              Add an advertiser — connect a TikTok account, import an Ads Manager export or start the sandbox
              — and its numbers will appear here.
            </EmptyState>
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
