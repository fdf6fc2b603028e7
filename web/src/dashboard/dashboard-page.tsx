// The Dashboard tab — "is everything OK?": totals with their change, the trend, the top campaigns and ads.
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { useSummary, useTop, useTrend } from '../api/queries.ts';
import { EmptyState, ErrorBanner } from '../components/feedback.tsx';
import { EarlyWarnings } from '../insights/early-warnings.tsx';
import { addDaysClamped, formatRange, overlapsData } from '../lib/date-range.ts';
import type { ViewChange, ViewState } from '../app/view-state.ts';
import { KPI_METRICS, KpiGrid } from './kpi-grid.tsx';
import { TOP_LIMIT, TOP_METRICS, TopTable } from './top-table.tsx';
import { TrendPanel } from './trend-panel.tsx';

interface Props {
  advertiser: AdvertiserInfo;
  view: ViewState & { range: NonNullable<ViewState['range']> };
  update: (change: ViewChange) => void;
}

export function DashboardPage({ advertiser, view, update }: Props) {
  const id = advertiser.advertiser_id;
  const { range, compare, compareRange, trend } = view;
  const hasData = overlapsData(range, advertiser.data_from, advertiser.data_to);

  const summary = useSummary(hasData ? id : undefined, range, compare, KPI_METRICS);
  const trendNow = useTrend(hasData ? id : undefined, range, trend);
  const trendBefore = useTrend(hasData && compare ? id : undefined, compareRange, trend);
  const campaigns = useTop(hasData ? id : undefined, 'campaign', range, TOP_METRICS, 'spend', TOP_LIMIT);
  const ads = useTop(hasData ? id : undefined, 'ad', range, TOP_METRICS, 'spend', TOP_LIMIT);

  if (!hasData) {
    const recent = advertiser.data_to
      ? { from: addDaysClamped(advertiser.data_to, -29, advertiser.data_from), to: advertiser.data_to }
      : null;
    return (
      <div className="dashboard" data-testid="dashboard" data-busy="false">
        <EmptyState
          title={advertiser.data_to ? 'No data in this date range' : 'No data yet'}
          action={
            recent && (
              <button
                type="button"
                className="button button-primary"
                onClick={() => update({ choice: 'custom', range: recent })}
              >
                Show {formatRange(recent)}
              </button>
            )
          }
        >
          {advertiser.data_to && advertiser.data_from
            ? `${advertiser.name} has data from ${advertiser.data_from} to ${advertiser.data_to}; nothing was delivered between ${range.from} and ${range.to}.`
            : `Nothing has been recorded for ${advertiser.name} yet. Numbers appear here once the first delivery is synced or imported.`}
        </EmptyState>
      </div>
    );
  }

  const busy = [summary, trendNow, trendBefore, campaigns, ads].some((q) => q.isFetching);
  const currency = summary.data?.currency ?? advertiser.currency;
  // What the totals on screen are for (not a placeholder from the previous range), for tests and tools.
  const shown = summary.isPlaceholderData ? undefined : summary.data;

  return (
    <div
      className="dashboard"
      data-testid="dashboard"
      data-busy={busy ? 'true' : 'false'}
      data-summary-range={shown ? `${shown.range.from}..${shown.range.to}` : undefined}
      data-summary-compare={shown ? (compare ? 'previous' : 'none') : undefined}
    >
      {summary.error ? (
        <ErrorBanner
          title="The totals could not be loaded."
          error={summary.error}
          onRetry={() => void summary.refetch()}
        />
      ) : null}
      <div className={summary.isPlaceholderData ? 'stale' : undefined}>
        <KpiGrid
          summary={summary.error ? undefined : summary.data}
          currency={currency}
          compare={compare}
          loading={!summary.data && !summary.error}
        />
      </div>
      <EarlyWarnings advertiser={advertiser} range={range} />
      <TrendPanel
        trend={trend}
        onTrendChange={(next) => update({ trend: next })}
        data={trendNow.data}
        previous={trendBefore.data}
        compare={compare}
        loading={trendNow.isPlaceholderData || (compare && trendBefore.isFetching)}
        error={trendNow.error ?? trendBefore.error}
        onRetry={() => {
          void trendNow.refetch();
          if (compare) void trendBefore.refetch();
        }}
        currency={currency}
      />
      <TopTable
        advertiserId={id}
        level="campaign"
        title="Top campaigns"
        noun="campaigns"
        data={campaigns.data}
        loading={campaigns.isPlaceholderData}
        error={campaigns.error}
        onRetry={() => void campaigns.refetch()}
        currency={currency}
      />
      <TopTable
        advertiserId={id}
        level="ad"
        title="Top ads"
        noun="ads"
        data={ads.data}
        loading={ads.isPlaceholderData}
        error={ads.error}
        onRetry={() => void ads.refetch()}
        currency={currency}
      />
    </div>
  );
}
