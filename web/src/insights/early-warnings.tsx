// The Dashboard's early warnings: the open critical and warning insights as of the last day shown,
// critical first, each a link to its detail on the Insights tab. Winners and other notes are counted, not
// listed: the Dashboard answers "is everything OK?". With nothing to report it says so, and what it watches.
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import { useInsights } from '../api/insights.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { Link } from '../components/link.tsx';
import {
  CODE_LABEL,
  LEVEL_LABEL,
  formatDay,
  formatLongDay,
  insightHref,
  watchList,
} from './insight-labels.ts';
import { useParents } from './parents.ts';
import { SeverityMark } from './severity-mark.tsx';
import './insights.css';

/** More than this and the panel says how many others there are; the Insights tab lists them all. */
const SHOWN = 6;

export function EarlyWarnings({
  advertiser,
  range,
}: {
  advertiser: AdvertiserInfo;
  range: { from: string; to: string };
}) {
  const id = advertiser.advertiser_id;
  const insights = useInsights(id, range.to);
  const all = insights.data?.insights ?? [];
  // The API lists critical first, then warnings, then information.
  const warnings = all.filter((i) => i.severity !== 'info');
  const notes = all.length - warnings.length;
  const parents = useParents(id, range, warnings.slice(0, SHOWN));
  const listHref = `/insights?${new URLSearchParams({ advertiser: id, from: range.from, to: range.to }).toString()}`;

  return (
    <section className="panel warnings-panel" data-testid="early-warnings" aria-labelledby="warnings-title">
      <div className="panel-header">
        <span className="panel-title" id="warnings-title">
          Early warnings
        </span>
        <span className="panel-note">as of {formatLongDay(range.to)}</span>
        <span className="topbar-spacer" />
        <Link href={listHref}>All insights{insights.data ? ` (${all.length})` : ''}</Link>
      </div>
      {insights.error ? (
        <ErrorBanner
          title="The insights could not be loaded."
          error={insights.error}
          onRetry={() => void insights.refetch()}
        />
      ) : !insights.data ? (
        <div className="warnings-empty">
          <Skeleton width="70%" height={14} />
        </div>
      ) : warnings.length === 0 ? (
        <p className="warnings-empty" data-testid="warnings-empty">
          <strong>Nothing needs attention.</strong> Adcockpit watches every ad, ad group and campaign for{' '}
          {watchList()}.
          {notes > 0
            ? ` ${notes} other note${notes === 1 ? '' : 's'} (winners and the like) on the Insights tab.`
            : ''}
        </p>
      ) : (
        <>
          <ul className="warning-list">
            {warnings.slice(0, SHOWN).map((insight) => (
              <li className="warning-item" key={`${insight.code}:${insight.level}:${insight.entity_id}`}>
                <Link
                  className="warning-link"
                  href={insightHref(id, range, insight)}
                  data-testid="warning"
                  data-code={insight.code}
                  data-severity={insight.severity}
                >
                  <SeverityMark severity={insight.severity} />
                  <span className="warning-entity">
                    <strong className="ellipsis">{insight.entity_name}</strong>
                    <span className="ellipsis" title={parents.get(insight.entity_id)}>
                      {LEVEL_LABEL[insight.level]}
                      {parents.has(insight.entity_id) ? ` in ${parents.get(insight.entity_id)}` : ''}
                    </span>
                  </span>
                  <span className="warning-summary" title={insight.summary}>
                    <span className="warning-code">{CODE_LABEL[insight.code]}</span> {insight.summary}
                  </span>
                  <span className="warning-since">since {formatDay(insight.since)}</span>
                </Link>
              </li>
            ))}
          </ul>
          {(warnings.length > SHOWN || notes > 0) && (
            <p className="warnings-more">
              {warnings.length > SHOWN
                ? `${warnings.length - SHOWN} more warning${warnings.length - SHOWN === 1 ? '' : 's'}`
                : ''}
              {warnings.length > SHOWN && notes > 0 ? ' and ' : ''}
              {notes > 0 ? `${notes} note${notes === 1 ? '' : 's'} (winners and the like)` : ''} on the
              Insights tab.
            </p>
          )}
        </>
      )}
    </section>
  );
}
