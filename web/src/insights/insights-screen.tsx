// The Insights tab's screen: the advertiser frame (switcher and dates, as on the other tabs and with the
// same URL parameters) around the list of insights, judged as of the last day of the dates chosen.
import { useAdvertisers } from '../api/queries.ts';
import { AdvertiserScreen, useAdvertiserCatalog } from '../app/advertiser-screen.tsx';
import { Skeleton } from '../components/feedback.tsx';
import { InsightsPage } from './insights-page.tsx';
import { useInsightsView } from './insights-view.ts';
import './insights.css';

export function InsightsScreen() {
  const advertisers = useAdvertisers();
  const { catalog, query: metrics } = useAdvertiserCatalog(advertisers.data?.advertisers);
  const { view, update } = useInsightsView(advertisers.data?.advertisers);
  return (
    <AdvertiserScreen
      tab="insights"
      title="Insights"
      wide
      noCompare
      advertisers={advertisers.data?.advertisers}
      queries={[advertisers, metrics]}
      catalog={catalog}
      view={view}
      update={update}
      skeleton={<Skeleton width="100%" height={420} />}
      whatFollows="what its numbers say will appear here"
    >
      {(advertiser, range) => (
        <InsightsPage
          key={advertiser.advertiser_id}
          advertiser={advertiser}
          view={{ ...view, range }}
          update={update}
        />
      )}
    </AdvertiserScreen>
  );
}
