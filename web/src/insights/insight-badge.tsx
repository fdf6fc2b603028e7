// The Campaign tab's badge: on a row whose entity has open insights, a small mark in the worst severity's
// colour with their number; hovering or focusing it lists their summaries, clicking opens the first on the
// Insights tab. The insights are asked once per advertiser and day and indexed by entity id, so the rows
// (thousands, virtualised) only look up a map.
import { useMemo } from 'react';
import type { Insight } from '../../../src/shared/insights-api.ts';
import { useInsights } from '../api/insights.ts';
import { useUrlParams } from '../app/url-state.ts';
import { Link } from '../components/link.tsx';
import { Tooltip } from '../components/tooltip.tsx';
import { rangeInAddress } from '../lib/date-range.ts';
import { useAdvertisers } from '../api/queries.ts';
import { CODE_LABEL, insightHref, worstSeverity } from './insight-labels.ts';
import './insights.css';

export interface InsightIndex {
  advertiserId: string;
  range: { from: string; to: string };
  byEntity: ReadonlyMap<string, readonly Insight[]>;
}

/**
 * The open insights of the advertiser and dates in the address, by entity id (empty until they arrive;
 * null until the advertiser is known). The Campaign tab reads its advertiser and dates from the same
 * address, so this needs nothing passed down.
 */
export function useInsightIndex(): InsightIndex | null {
  const advertisers = useAdvertisers();
  const { params } = useUrlParams();
  const list = advertisers.data?.advertisers;
  const advertiser = list?.find((a) => a.advertiser_id === params.get('advertiser')) ?? list?.[0];
  const range = advertiser ? rangeInAddress(params, advertiser.today).range : undefined;
  const insights = useInsights(advertiser?.advertiser_id, range?.to);
  return useMemo(() => {
    if (!advertiser || !range) return null;
    const byEntity = new Map<string, Insight[]>();
    for (const insight of insights.data?.insights ?? []) {
      const bucket = byEntity.get(insight.entity_id);
      if (bucket) bucket.push(insight);
      else byEntity.set(insight.entity_id, [insight]);
    }
    return { advertiserId: advertiser.advertiser_id, range, byEntity };
    // The range's identity changes on every render; its days do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [advertiser, range?.from, range?.to, insights.data]);
}

export function InsightBadge({
  index,
  entityId,
  name,
}: {
  index: InsightIndex | null;
  entityId: string;
  name: string;
}) {
  const insights = index?.byEntity.get(entityId);
  if (!index || !insights?.length) return null;
  const severity = worstSeverity(insights);
  const label = `${insights.length} insight${insights.length === 1 ? '' : 's'} on ${name}`;
  return (
    <Tooltip
      label={label}
      content={
        <ul className="insight-badge-tip">
          {insights.map((i) => (
            <li key={i.code}>
              <strong>{CODE_LABEL[i.code]}:</strong> {i.summary}
            </li>
          ))}
        </ul>
      }
    >
      <Link
        className={`insight-badge sev-${severity}`}
        href={insightHref(index.advertiserId, index.range, insights[0]!)}
        aria-label={`${label}: open`}
        data-testid="insight-badge"
        data-severity={severity}
        data-count={insights.length}
      >
        <span className="sev-mark" aria-hidden="true" />
        {insights.length}
      </Link>
    </Tooltip>
  );
}
