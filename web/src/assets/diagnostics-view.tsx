// Assets → Events, Diagnostics: for one pixel over the last days (7 by default), each event name with its
// count and what is wrong with it — errors first — and, for each finding, what to fix. Requests the
// Events API refused (nothing of them stored) are listed for the pixel as a whole.
import type { Diagnostic, DiagnosticSeverity } from '../../../src/shared/pixels-api.ts';
import { usePixelDiagnostics } from '../api/pixels.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { formatDateTime } from '../lib/time.ts';
import { useAssetsParams } from './assets-url.ts';
import type { EventViewProps } from './event-views.ts';
import { PixelFilter } from './pixel-filter.tsx';

const DAY_CHOICES = [1, 7, 14, 30, 90] as const;
const SEVERITY_LABEL: Record<DiagnosticSeverity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Note',
};
const SEVERITIES: DiagnosticSeverity[] = ['error', 'warning', 'info'];

export function DiagnosticsView({ advertiser, pixels }: EventViewProps) {
  const { params, set } = useAssetsParams();
  const pixel = pixels.find((p) => p.pixel_id === params.get('pixel')) ?? pixels[0]!;
  const daysParam = Number(params.get('days'));
  const days = (DAY_CHOICES as readonly number[]).includes(daysParam) ? daysParam : 7;
  const result = usePixelDiagnostics(advertiser.advertiser_id, pixel.pixel_id, days);
  const data = result.data;
  const bySeverity = (severity: DiagnosticSeverity) =>
    data?.diagnostics.filter((d) => d.severity === severity).length ?? 0;

  return (
    <section
      className="panel diagnostics"
      data-testid="diagnostics"
      data-busy={result.isFetching ? 'true' : 'false'}
    >
      <header className="panel-header feed-header">
        <div className="feed-filters">
          <PixelFilter
            pixels={pixels}
            value={pixel.pixel_id}
            onChange={(id) => set({ pixel: id })}
            testId="diagnostics-pixel"
          />
          <label className="feed-filter">
            <span>Period</span>
            <select
              value={days}
              data-testid="diagnostics-days"
              onChange={(e) => set({ days: e.target.value === '7' ? null : e.target.value })}
            >
              {DAY_CHOICES.map((d) => (
                <option key={d} value={d}>
                  {d === 1 ? 'Last 24 hours' : `Last ${d} days`}
                </option>
              ))}
            </select>
          </label>
        </div>
        {data && (
          <div className="diagnostics-counts" data-testid="diagnostics-counts">
            {SEVERITIES.map((s) => (
              <span key={s} className={`severity severity-${s}`}>
                {bySeverity(s).toLocaleString('en-US')} {SEVERITY_LABEL[s].toLowerCase()}
                {bySeverity(s) === 1 ? '' : 's'}
              </span>
            ))}
          </div>
        )}
      </header>
      {result.error ? (
        <div className="panel-pad">
          <ErrorBanner
            title="The diagnostics could not be computed."
            error={result.error}
            onRetry={() => void result.refetch()}
          />
        </div>
      ) : !data ? (
        <div className="panel-pad">
          <Skeleton width="100%" height={200} />
        </div>
      ) : (
        <div className="diagnostics-body">
          <p className="feed-note">
            {formatDateTime(data.from, { timeZone: advertiser.timezone })} –{' '}
            {formatDateTime(data.to, { timeZone: advertiser.timezone })} ({advertiser.timezone}) · events
            counted once, test events left out.
          </p>
          {data.events.length === 0 && data.diagnostics.length === 0 ? (
            <div className="feed-empty">
              No event in this period, so nothing to check. Install the snippet or send server events.
            </div>
          ) : (
            <>
              <Findings title="Requests refused" list={data.diagnostics.filter((d) => d.event === null)} />
              {worstFirst(data.events, data.diagnostics).map((e) => (
                <div
                  key={e.event}
                  className="diagnostics-event"
                  data-testid="diagnostics-event"
                  data-event={e.event}
                >
                  <div className="diagnostics-event-head">
                    <span className="feed-event">{e.event}</span>
                    {!e.standard && <span className="badge assets-custom">custom</span>}
                    <span className="cell-muted">
                      {e.count.toLocaleString('en-US')} {e.count === 1 ? 'event' : 'events'}
                    </span>
                    {data.diagnostics.every((d) => d.event !== e.event) && (
                      <span className="severity severity-ok">No issue found</span>
                    )}
                  </div>
                  <Findings list={data.diagnostics.filter((d) => d.event === e.event)} />
                </div>
              ))}
            </>
          )}
        </div>
      )}
    </section>
  );
}

const RANK: Record<DiagnosticSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Event names with an error first, then those with a warning, then the rest; busiest first within each. */
function worstFirst<E extends { event: string; count: number }>(events: E[], diagnostics: Diagnostic[]): E[] {
  const worst = (event: string) =>
    Math.min(3, ...diagnostics.filter((d) => d.event === event).map((d) => RANK[d.severity]));
  return [...events].sort((a, b) => worst(a.event) - worst(b.event) || b.count - a.count);
}

function Findings({ title, list }: { title?: string; list: Diagnostic[] }) {
  if (list.length === 0) return null;
  return (
    <div className="findings">
      {title && <div className="diagnostics-event-head feed-event">{title}</div>}
      {list.map((d, i) => (
        <article
          key={`${d.rule}-${i}`}
          className={`finding finding-${d.severity}`}
          data-testid="diagnostic"
          data-rule={d.rule}
          data-severity={d.severity}
        >
          <span className={`severity severity-${d.severity}`}>{SEVERITY_LABEL[d.severity]}</span>
          <div className="finding-text">
            <div className="finding-title">{d.title}</div>
            <div className="finding-detail">{d.detail}</div>
            <div className="finding-fix">
              <strong>What to fix:</strong> {d.fix}
            </div>
          </div>
        </article>
      ))}
    </div>
  );
}
