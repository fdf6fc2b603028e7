// The Insights tab: every insight as of the last day of the dates chosen, filtered by severity, problem,
// level and campaign (dismissed and snoozed ones on request), in a list that the arrow keys walk, beside
// the open insight in full.
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import {
  type Insight,
  InsightCode,
  InsightLevel,
  InsightSeverity,
} from '../../../src/shared/insights-api.ts';
import { useInsights } from '../api/insights.ts';
import { useSession } from '../app/session.tsx';
import { EmptyState, ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { type EntityPlace, campaignsOf, useEntityPlaces } from './entity-campaigns.ts';
import { InsightDetail } from './insight-detail.tsx';
import {
  CODE_LABEL,
  DELIVERY_CODES,
  LEVEL_LABEL,
  SEVERITY_LABEL,
  formatDay,
  formatLongDay,
  insightId,
  watchList,
} from './insight-labels.ts';
import type { InsightsChange, InsightsView } from './insights-view.ts';
import { TroubleshootSection } from './troubleshoot-panel.tsx';
import { SeverityMark } from './severity-mark.tsx';

interface Props {
  advertiser: AdvertiserInfo;
  view: InsightsView & { range: NonNullable<InsightsView['range']> };
  update: (change: InsightsChange, mode?: 'push' | 'replace') => void;
}

const CAMPAIGNS_LEVEL = { campaign: 'campaigns', adgroup: 'adgroups', ad: 'ads' } as const;

export function InsightsPage({ advertiser, view, update }: Props) {
  const id = advertiser.advertiser_id;
  const asOf = view.range.to;
  const { user } = useSession();
  const canDecide = user.role !== 'viewer';
  // Before the first day of data there is nothing for the detectors to read: no request, a plain message.
  const hasData = !!advertiser.data_from && asOf >= advertiser.data_from;
  const insights = useInsights(hasData ? id : undefined, asOf, view.showDismissed);
  const places = useEntityPlaces(id, view.range);
  const all = useMemo(() => insights.data?.insights ?? [], [insights.data]);

  const shown = useMemo(
    () =>
      all.filter(
        (i) =>
          (!view.severity || i.severity === view.severity) &&
          (!view.code || i.code === view.code) &&
          (!view.level || i.level === view.level) &&
          (!view.campaign || places.data?.get(i.entity_id)?.campaign.id === view.campaign),
      ),
    [all, view.severity, view.code, view.level, view.campaign, places.data],
  );
  const open = shown.find((i) => insightId(i) === view.insight) ?? shown[0];
  const campaignOptions = campaignsOf(all, places.data);
  const filtered = !!(view.severity || view.code || view.level || view.campaign);

  const campaignsHref = (insight: Insight) => {
    const params = new URLSearchParams({
      advertiser: id,
      from: view.range.from,
      to: view.range.to,
      level: CAMPAIGNS_LEVEL[insight.level],
      name: insight.entity_name,
    });
    return `/campaigns?${params.toString()}`;
  };

  return (
    <div
      className="insights-page"
      data-testid="insights-page"
      data-busy={insights.isFetching ? 'true' : 'false'}
    >
      <div className="insights-filters" role="group" aria-label="Filters">
        <FilterSelect
          label="Severity"
          value={view.severity}
          options={InsightSeverity.options.map((s) => [s, SEVERITY_LABEL[s]])}
          onChange={(severity) => update({ severity, insight: null }, 'replace')}
        />
        <FilterSelect
          label="Problem"
          value={view.code}
          options={InsightCode.options.map((c) => [c, CODE_LABEL[c]])}
          onChange={(code) => update({ code, insight: null }, 'replace')}
        />
        <FilterSelect
          label="Level"
          value={view.level}
          options={InsightLevel.options.map((l) => [l, LEVEL_LABEL[l]])}
          onChange={(level) => update({ level, insight: null }, 'replace')}
        />
        <FilterSelect
          label="Campaign"
          value={view.campaign}
          options={campaignOptions.map((c) => [c.id, c.name])}
          onChange={(campaign) => update({ campaign, insight: null }, 'replace')}
        />
        <label className="insights-check">
          <input
            type="checkbox"
            checked={view.showDismissed}
            onChange={(e) => update({ showDismissed: e.target.checked }, 'replace')}
            data-testid="show-dismissed"
          />
          Show dismissed and snoozed
        </label>
        <span className="insights-count" data-testid="insights-count">
          {insights.data
            ? `${shown.length} of ${all.length} as of ${formatLongDay(asOf)}`
            : `As of ${formatLongDay(asOf)}`}
        </span>
      </div>

      {!hasData ? (
        <EmptyState title={advertiser.data_from ? 'No data by this day' : 'No data yet'}>
          {advertiser.data_from
            ? `${advertiser.name} has data from ${formatLongDay(advertiser.data_from)}; insights as of ${formatLongDay(asOf)} would have nothing to read. Choose dates that end later.`
            : `Nothing has been recorded for ${advertiser.name} yet. Insights appear once there is delivery to read.`}
        </EmptyState>
      ) : insights.error ? (
        <ErrorBanner
          title="The insights could not be loaded."
          error={insights.error}
          onRetry={() => void insights.refetch()}
        />
      ) : !insights.data ? (
        <div className="insights-split">
          <div className="panel insights-list">
            {Array.from({ length: 6 }, (_, i) => (
              <div className="insight-row" key={i}>
                <Skeleton width="90%" height={14} />
              </div>
            ))}
          </div>
          <div className="panel insight-detail-panel">
            <Skeleton width="100%" height={320} />
          </div>
        </div>
      ) : shown.length === 0 ? (
        <EmptyState
          title={filtered ? 'No insight matches these filters' : 'Nothing needs attention'}
          action={
            filtered ? (
              <button
                type="button"
                className="button button-primary"
                onClick={() =>
                  update({ severity: '', code: '', level: '', campaign: '', insight: null }, 'replace')
                }
              >
                Clear the filters
              </button>
            ) : undefined
          }
        >
          {filtered
            ? `${all.length} insight${all.length === 1 ? '' : 's'} as of ${formatLongDay(asOf)}, none of them of this kind.`
            : `As of ${formatLongDay(asOf)}, ${advertiser.name} has no open insight. Adcockpit watches every ad, ad group and campaign for ${watchList()}.`}
        </EmptyState>
      ) : (
        <div className="insights-split">
          <InsightList
            insights={shown}
            openId={open ? insightId(open) : null}
            places={places.data}
            onOpen={(insight) => update({ insight: insightId(insight) }, 'replace')}
          />
          <div className="panel insight-detail-panel">
            {open && (
              <InsightDetail
                key={insightId(open)}
                advertiser={advertiser}
                insight={open}
                parent={places.data?.get(open.entity_id)?.parent}
                canDecide={canDecide}
                campaignsHref={campaignsHref(open)}
                troubleshoot={
                  open.level === 'adgroup' && DELIVERY_CODES.has(open.code) ? (
                    <TroubleshootSection advertiserId={id} adgroupId={open.entity_id} asOf={asOf} />
                  ) : undefined
                }
              />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
}) {
  return (
    <label className="insights-filter">
      <span>{label}</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`filter-${label.toLowerCase()}`}
      >
        <option value="">All</option>
        {options.map(([id, text]) => (
          <option key={id} value={id}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The list: a listbox whose selection follows the arrow keys, Home and End; each row opens its insight. */
function InsightList({
  insights,
  openId,
  places,
  onOpen,
}: {
  insights: readonly Insight[];
  openId: string | null;
  /** Where each entity sits, so two ads of the same name in different ad groups can be told apart. */
  places: ReadonlyMap<string, EntityPlace> | undefined;
  onOpen: (insight: Insight) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const index = Math.max(
    0,
    insights.findIndex((i) => insightId(i) === openId),
  );

  // Keep the open row in view when the keys move past the list's edge.
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = insights.length - 1;
    const next =
      event.key === 'ArrowDown'
        ? Math.min(last, index + 1)
        : event.key === 'ArrowUp'
          ? Math.max(0, index - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    onOpen(insights[next]!);
  };

  return (
    <div
      ref={list}
      className="panel insights-list"
      role="listbox"
      aria-label="Insights"
      tabIndex={0}
      aria-activedescendant={openId ? `insight-row-${index}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="insight-list"
    >
      {insights.map((insight, i) => {
        const selected = insightId(insight) === openId;
        return (
          <div
            key={insightId(insight)}
            id={`insight-row-${i}`}
            data-index={i}
            role="option"
            aria-selected={selected}
            className={`insight-row ${selected ? 'insight-row-open' : ''} ${insight.state ? 'insight-row-decided' : ''}`}
            onClick={() => onOpen(insight)}
            data-testid="insight-row"
            data-code={insight.code}
            data-entity={insight.entity_name}
            data-state={insight.state?.status ?? 'open'}
          >
            <SeverityMark severity={insight.severity} compact />
            <div className="insight-row-text">
              <div className="insight-row-top">
                <span className="insight-row-code">{CODE_LABEL[insight.code]}</span>
                <span className="insight-row-entity ellipsis" title={insight.entity_name}>
                  {LEVEL_LABEL[insight.level]} · {insight.entity_name}
                  {places?.get(insight.entity_id)?.parent && (
                    <span className="insight-row-parent"> in {places.get(insight.entity_id)!.parent}</span>
                  )}
                </span>
                <span className="insight-row-since">since {formatDay(insight.since)}</span>
              </div>
              <div className="insight-row-summary ellipsis" title={insight.summary}>
                {insight.state && (
                  <span className="insight-chip">
                    {insight.state.status === 'dismissed'
                      ? 'Dismissed'
                      : `Snoozed to ${formatDay(insight.state.until!)}`}
                  </span>
                )}
                {insight.summary}
              </div>
            </div>
          </div>
        );
      })}
    </div>
  );
}
