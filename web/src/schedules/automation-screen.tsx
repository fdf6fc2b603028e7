// The Reporting tab's automation pages (/reporting/schedules, /reporting/alerts, /reporting/deliveries):
// the top bar with the advertiser switcher, the tab's page navigation, and the page for the advertiser in
// the address (or the first one). They show no date range: each schedule and rule carries its own.
import { useEffect } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { useAdvertisers } from '../api/queries.ts';
import { AdvertiserSwitcher } from '../app/advertiser-switcher.tsx';
import { useSession } from '../app/session.tsx';
import { TopBar, rememberTabSearch } from '../app/top-bar.tsx';
import { useUrlParams } from '../app/url-state.ts';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import { AlertsPage } from './alerts-page.tsx';
import { DeliveriesPage } from './deliveries-page.tsx';
import { REPORTING_PAGES, type ReportingPage, ReportingNav, reportingPageAt } from './reporting-nav.tsx';
import { SchedulesPage } from './schedules-page.tsx';
import './schedules.css';

export function AutomationScreen({ path }: { path: string }) {
  const advertisers = useAdvertisers();
  const { user } = useSession();
  const { params, search, write } = useUrlParams();
  const list = advertisers.data?.advertisers;
  const advertiser = list?.find((a) => a.advertiser_id === params.get('advertiser')) ?? list?.[0];
  const page = reportingPageAt(path);
  const title = REPORTING_PAGES.find((p) => p.id === page)?.label ?? 'Reporting';

  useEffect(() => {
    if (page) rememberTabSearch('reporting', search, path);
  }, [page, search, path]);
  useEffect(() => {
    document.title = advertiser ? `${title} · ${advertiser.name} · Adcockpit` : `${title} · Adcockpit`;
  }, [title, advertiser]);

  const select = (id: string) => write({ advertiser: id }, 'push');
  const canWrite = user.role !== 'viewer';

  return (
    <div className="app app-reporting">
      <TopBar tab="reporting">
        {advertiser && list ? (
          <AdvertiserSwitcher advertisers={list} current={advertiser} onSelect={select} />
        ) : advertisers.isPending ? (
          <div className="switcher switcher-placeholder" aria-hidden="true">
            <Skeleton width={140} height={12} />
            <Skeleton width={110} height={10} />
          </div>
        ) : null}
      </TopBar>
      <div className="toolbar toolbar-wide">
        <div className="toolbar-title">
          <h1>Reporting</h1>
          <ReportingNav current={page ?? 'schedules'} search={search} />
        </div>
      </div>
      <main className="content content-wide">
        {advertisers.error ? (
          <ErrorBanner
            title="Adcockpit could not load the advertisers."
            error={advertisers.error}
            onRetry={() => void advertisers.refetch()}
          />
        ) : advertisers.isPending ? (
          <Skeleton width="100%" height={320} />
        ) : !advertiser ? (
          <EmptyState title="No advertiser yet">
            Once an advertiser is added or shared with you, its scheduled reports and alerts are set up here.
          </EmptyState>
        ) : page === null || page === 'builder' ? (
          <EmptyState
            title="There is no such Reporting page"
            action={
              <Link className="button button-primary link-as-button" href="/reporting/schedules">
                Go to Schedules
              </Link>
            }
          >
            {path} is not a page of the Reporting tab. The link may be old or mistyped.
          </EmptyState>
        ) : (
          <AutomationPage
            key={advertiser.advertiser_id}
            page={page}
            advertiser={advertiser}
            canWrite={canWrite}
          />
        )}
      </main>
    </div>
  );
}

function AutomationPage({
  page,
  advertiser,
  canWrite,
}: {
  page: Exclude<ReportingPage, 'builder'>;
  advertiser: AdvertiserInfo;
  canWrite: boolean;
}) {
  if (page === 'schedules') return <SchedulesPage advertiser={advertiser} canWrite={canWrite} />;
  if (page === 'alerts') return <AlertsPage advertiser={advertiser} canWrite={canWrite} />;
  return <DeliveriesPage advertiser={advertiser} />;
}
