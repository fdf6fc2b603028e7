// The insights' questions to the API: the list as of a day (open ones, or every one with its state), and the
// team's decisions — dismiss, snooze, restore. One list per advertiser, day and inclusion, shared by the
// Dashboard's warnings, the Insights tab and the Campaign tab's badges, so opening one after the other
// asks once. Shapes are src/shared/insights-api.ts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  InsightList,
  InsightStateChange,
  TroubleshootAnswer,
  type Insight,
  type InsightKey,
} from '../../../src/shared/insights-api.ts';
import { apiPath, getJson, postJson } from './client.ts';

const base = (advertiserId: string) => `/advertisers/${encodeURIComponent(advertiserId)}/insights`;

export function useInsights(
  advertiserId: string | undefined,
  asOf: string | undefined,
  includeDismissed = false,
) {
  return useQuery({
    queryKey: ['insights', advertiserId, asOf, includeDismissed],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(base(advertiserId ?? ''), {
          as_of: asOf,
          include: includeDismissed ? 'dismissed' : undefined,
        }),
        InsightList,
        signal,
      ),
    enabled: !!advertiserId && !!asOf,
    // The detectors read the synced facts; a minute's staleness costs nothing and saves re-running them.
    staleTime: 60_000,
  });
}

export type InsightAction =
  | { kind: 'dismiss'; insight: Insight }
  | { kind: 'snooze'; insight: Insight; until: string }
  | { kind: 'restore'; insight: Insight };

export const keyOfInsight = (insight: Insight): InsightKey => ({
  code: insight.code,
  level: insight.level,
  entity_id: insight.entity_id,
  since: insight.since,
});

/** Dismiss, snooze or restore; every list of the advertiser is asked again, since each may change. */
export function useInsightAction(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: InsightAction) =>
      postJson(
        apiPath(`${base(advertiserId)}/${action.kind}`),
        action.kind === 'snooze'
          ? { ...keyOfInsight(action.insight), until: action.until }
          : keyOfInsight(action.insight),
        InsightStateChange,
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['insights', advertiserId] }),
  });
}

/** "Why isn't it spending?": the ad group's delivery checks as of a day. */
export function useTroubleshoot(advertiserId: string, adgroupId: string, asOf: string | undefined) {
  return useQuery({
    queryKey: ['troubleshoot', advertiserId, adgroupId, asOf],
    queryFn: ({ signal }) =>
      getJson(
        apiPath(
          `/advertisers/${encodeURIComponent(advertiserId)}/adgroups/${encodeURIComponent(adgroupId)}/troubleshoot`,
          { as_of: asOf },
        ),
        TroubleshootAnswer,
        signal,
      ),
    staleTime: 60_000,
  });
}
