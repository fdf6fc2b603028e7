// The Assets tab: the top bar with the advertiser switcher, the tab's pages (Pixels · Events) as a
// sub-navigation, and the page. Paths name the page (/assets/pixels, /assets/events/…), the query string
// the advertiser and the page's view, so a reload or a shared link shows the same screen.
import { Suspense, useEffect } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { useAdvertisers } from '../api/queries.ts';
import { usePixelOverview } from '../api/pixels.ts';
import { AdvertiserSwitcher } from '../app/advertiser-switcher.tsx';
import { useSession } from '../app/session.tsx';
import { TopBar, rememberTabSearch } from '../app/top-bar.tsx';
import { navigate } from '../app/url-state.ts';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import { canManageMembers } from '../lib/roles.ts';
import { useAssetsParams, withSearch } from './assets-url.ts';
import { EVENT_VIEWS, eventViewAt } from './event-views.ts';
import { PixelsPage } from './pixels-page.tsx';
import { CreativesPage } from './creatives/creatives-page.tsx';
import { AudiencesPage } from './audiences/audiences-page.tsx';

const PAGES = [
  { id: 'creatives', label: 'Creatives', path: '/assets/creatives' },
  { id: 'audiences', label: 'Audiences', path: '/assets/audiences' },
  { id: 'pixels', label: 'Pixels', path: '/assets/pixels' },
  { id: 'events', label: 'Events', path: '/assets/events' },
] as const;

export function AssetsScreen({ path }: { path: string }) {
  const advertisers = useAdvertisers();
  const { params, search, set } = useAssetsParams();
  const list = advertisers.data?.advertisers;
  const advertiser = list?.find((a) => a.advertiser_id === params.get('advertiser')) ?? list?.[0];
  const page = path.startsWith('/assets/events')
    ? 'events'
    : path.startsWith('/assets/creatives')
      ? 'creatives'
      : path.startsWith('/assets/audiences')
        ? 'audiences'
        : 'pixels';
  const unknownPath =
    page === 'events'
      ? eventViewAt(path) === null
      : page === 'creatives'
        ? !/^\/assets\/creatives\/?$/.test(path)
        : page === 'audiences'
          ? !/^\/assets\/audiences\/?$/.test(path)
          : !/^\/assets(\/pixels)?\/?$/.test(path);

  useEffect(() => {
    if (path === '/assets' || path === '/assets/')
      navigate(`/assets/pixels${window.location.search}`, 'replace');
  }, [path]);
  useEffect(() => {
    // The advertiser shown is written into the address, so the link says which one it is.
    if (advertiser && params.get('advertiser') !== advertiser.advertiser_id) {
      set({ advertiser: advertiser.advertiser_id }, 'replace');
    }
  }, [advertiser, params, set]);
  useEffect(() => {
    if (!unknownPath) rememberTabSearch('assets', search, path);
  }, [search, path, unknownPath]);
  useEffect(() => {
    const title = { events: 'Events', creatives: 'Creatives', audiences: 'Audiences', pixels: 'Pixels' }[
      page
    ];
    document.title = advertiser ? `${title} · ${advertiser.name} · Adcockpit` : `${title} · Adcockpit`;
  }, [page, advertiser]);

  return (
    <div className="app app-assets">
      <TopBar tab="assets">
        {advertiser && list ? (
          <AdvertiserSwitcher
            advertisers={list}
            current={advertiser}
            onSelect={(id) => set({ advertiser: id, pixel: null, event: null, audience: null })}
          />
        ) : advertisers.isPending ? (
          <div className="switcher switcher-placeholder" aria-hidden="true">
            <Skeleton width={140} height={12} />
            <Skeleton width={110} height={10} />
          </div>
        ) : null}
      </TopBar>
      <div className="toolbar toolbar-wide">
        <div className="toolbar-title">
          <h1>Assets</h1>
          <nav className="level-tabs assets-nav" aria-label="Assets pages">
            {PAGES.map((p) => (
              <Link
                key={p.id}
                href={withSearch(p.path, search)}
                className={page === p.id ? 'level-tab level-tab-active' : 'level-tab'}
                aria-current={page === p.id ? 'page' : undefined}
                data-testid={`assets-nav-${p.id}`}
              >
                {p.label}
              </Link>
            ))}
          </nav>
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
          <NoAdvertiser />
        ) : unknownPath ? (
          <EmptyState
            title="There is no such Assets page"
            action={
              <Link
                className="button button-primary link-as-button"
                href={withSearch('/assets/pixels', search)}
              >
                Go to Pixels
              </Link>
            }
          >
            {path} is not a page of the Assets tab. The link may be old or mistyped.
          </EmptyState>
        ) : page === 'creatives' ? (
          <CreativesPage key={advertiser.advertiser_id} advertiser={advertiser} />
        ) : page === 'audiences' ? (
          <AudiencesPage key={advertiser.advertiser_id} advertiser={advertiser} />
        ) : page === 'pixels' ? (
          <PixelsPage key={advertiser.advertiser_id} advertiser={advertiser} />
        ) : (
          <EventsPage key={advertiser.advertiser_id} advertiser={advertiser} path={path} />
        )}
      </main>
    </div>
  );
}

function NoAdvertiser() {
  const { user } = useSession();
  return canManageMembers(user) ? (
    <EmptyState title="No advertiser yet">
      Add an advertiser — connect a TikTok account, import an Ads Manager export or start the sandbox — and
      its pixels will appear here.
    </EmptyState>
  ) : (
    <EmptyState title="No advertiser shared with you yet">
      Ask the owner or an admin of this Adcockpit to give you access to an advertiser; its pixels will appear
      here.
    </EmptyState>
  );
}

function EventsPage({ advertiser, path }: { advertiser: AdvertiserInfo; path: string }) {
  const { search } = useAssetsParams();
  const pixels = usePixelOverview(advertiser.advertiser_id);
  const view = eventViewAt(path) ?? EVENT_VIEWS[0]!;
  const View = view.component;
  return (
    <div className="assets-events" data-testid="assets-events" data-view={view.id}>
      <nav className="assets-views" aria-label="Event views">
        {EVENT_VIEWS.map((v) => (
          <Link
            key={v.id}
            href={withSearch(v.path, search)}
            className={v.id === view.id ? 'assets-view assets-view-active' : 'assets-view'}
            aria-current={v.id === view.id ? 'page' : undefined}
            data-testid={`event-view-${v.id}`}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      {pixels.error ? (
        <ErrorBanner
          title="The pixels could not be loaded."
          error={pixels.error}
          onRetry={() => void pixels.refetch()}
        />
      ) : !pixels.data ? (
        <Skeleton width="100%" height={320} />
      ) : view.needsPixel && pixels.data.pixels.length === 0 ? (
        <EmptyState
          title="No pixel yet"
          action={
            <Link
              className="button button-primary link-as-button"
              href={withSearch('/assets/pixels', search)}
            >
              Create a pixel
            </Link>
          }
        >
          Events arrive through a pixel: create one under Pixels and install its snippet, or send server
          events with its access token.
        </EmptyState>
      ) : (
        <Suspense fallback={<Skeleton width="100%" height={320} />}>
          <View advertiser={advertiser} pixels={pixels.data.pixels} />
        </Suspense>
      )}
    </div>
  );
}
