// The Campaign tab's screen: the advertiser frame (switcher, dates and comparison, as on the Dashboard and
// with the same URL parameters) around the workshop.
import { useAdvertisers } from '../api/queries.ts';
import { AdvertiserScreen, useAdvertiserCatalog } from '../app/advertiser-screen.tsx';
import { Skeleton } from '../components/feedback.tsx';
import { CampaignsPage } from './campaigns-page.tsx';
import { useCampaignsView } from './campaigns-view.ts';

export function CampaignsScreen() {
  const advertisers = useAdvertisers();
  // The advertiser's own list: its team's custom columns can be chosen as columns like any metric.
  const { catalog, query: metrics } = useAdvertiserCatalog(advertisers.data?.advertisers);
  const { view, update } = useCampaignsView(advertisers.data?.advertisers);
  return (
    <AdvertiserScreen
      tab="campaigns"
      title="Campaigns"
      wide
      advertisers={advertisers.data?.advertisers}
      queries={[advertisers, metrics]}
      catalog={catalog}
      view={view}
      update={update}
      skeleton={<Skeleton width="100%" height={420} />}
      whatFollows="its campaigns will appear here"
    >
      {(advertiser, range) => (
        <CampaignsPage
          key={advertiser.advertiser_id}
          advertiser={advertiser}
          view={{ ...view, range }}
          update={update}
        />
      )}
    </AdvertiserScreen>
  );
}
