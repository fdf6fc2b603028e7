// The Reporting tab's screen: the advertiser frame (switcher, dates and comparison, the same URL parameters
// as the other tabs) around the data lab. The metric list is the advertiser's own: the catalog and its
// custom columns.
import { useAdvertisers } from '../api/queries.ts';
import { AdvertiserScreen, useAdvertiserCatalog } from '../app/advertiser-screen.tsx';
import { useSession } from '../app/session.tsx';
import { Skeleton } from '../components/feedback.tsx';
import { useReportView } from './report-view.ts';
import { ReportingPage } from './reporting-page.tsx';

export function ReportingScreen() {
  const { user } = useSession();
  const advertisers = useAdvertisers();
  const list = advertisers.data?.advertisers;
  const { catalog, knownIds, query: metricsQuery } = useAdvertiserCatalog(list);
  const { view, update } = useReportView(list, knownIds);
  return (
    <AdvertiserScreen
      tab="reporting"
      title="Reporting"
      wide
      advertisers={list}
      queries={[advertisers, metricsQuery]}
      catalog={catalog}
      view={view}
      update={update}
      skeleton={<Skeleton width="100%" height={480} />}
      whatFollows="its reports can be built here"
    >
      {(advertiser, range) => (
        <ReportingPage
          key={advertiser.advertiser_id}
          advertiser={advertiser}
          view={{ ...view, range }}
          update={update}
          catalog={catalog}
          canWrite={user.role !== 'viewer'}
        />
      )}
    </AdvertiserScreen>
  );
}
