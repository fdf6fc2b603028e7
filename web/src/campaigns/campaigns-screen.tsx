// The Campaign tab's screen: the top bar with the advertiser switcher, the toolbar with dates and
// comparison (as on the Dashboard, and the same URL parameters), and the workshop below.
import { useEffect } from 'react';
import { useAdvertisers, useMetrics } from '../api/queries.ts';
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
import { CampaignsPage } from './campaigns-page.tsx';
import { useCampaignsView } from './campaigns-view.ts';

export function CampaignsScreen() {
  const { user } = useSession();
  const { search } = useUrlParams();
  const metrics = useMetrics();
  const advertisers = useAdvertisers();
  const catalog = useCatalogValue(metrics.data?.metrics);
  const { view, update } = useCampaignsView(advertisers.data?.advertisers);
  const { advertiser, range } = view;

  useEffect(() => rememberTabSearch('campaigns', search), [search]);

  useEffect(() => {
    document.title = advertiser ? `Campaigns · ${advertiser.name} · Adcockpit` : 'Campaigns · Adcockpit';
  }, [advertiser]);

  const loadingShell = advertisers.isPending || metrics.isPending;
  const shellError = advertisers.error ?? metrics.error;

  return (
    <MetricCatalogProvider value={catalog}>
      <div className="app app-campaigns">
        <TopBar tab="campaigns">
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

        <div className="toolbar toolbar-wide">
          <div className="toolbar-title">
            <h1>Campaigns</h1>
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
            <Skeleton width="100%" height={420} />
          ) : !advertiser || !range ? (
            <EmptyState
              title={canManageMembers(user) ? 'No advertiser yet' : 'No advertiser shared with you yet'}
            >
              {canManageMembers(user)
                ? 'Add an advertiser — connect a TikTok account, import an Ads Manager export or start the sandbox — and its campaigns will appear here.'
                : 'Ask the owner or an admin of this Adcockpit to give you access to an advertiser; its campaigns will appear here.'}
            </EmptyState>
          ) : (
            <CampaignsPage
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
