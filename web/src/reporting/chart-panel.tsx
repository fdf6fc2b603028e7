// The chart above the table: one metric (picked here) over the report's first dimension, asked as its
// own query. It can be hidden; a report without a dimension has nothing to draw.
import { Suspense, lazy } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { ReportQueryRequest } from '../../../src/shared/reports-api.ts';
import { useReportQuery } from '../api/reports.ts';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { DIMENSION_LABEL } from './dimensions.ts';
import type { ReportDimension } from '../../../src/shared/reports-api.ts';

const ReportChart = lazy(() => import('./report-chart.tsx'));

interface Props {
  request: ReportQueryRequest | undefined;
  type: 'line' | 'bar' | 'none';
  metric: MetricInfo | undefined;
  metrics: readonly MetricInfo[];
  shown: boolean;
  currency: string;
  onMetric: (id: string) => void;
  onShown: (shown: boolean) => void;
}

const CHART_HEIGHT = 230;

export function ChartPanel({ request, type, metric, metrics, shown, currency, onMetric, onShown }: Props) {
  const query = useReportQuery(request);
  const dimension = request?.dimensions[0] as ReportDimension | undefined;
  const format = query.data?.columns.find((c) => c.id === metric?.id)?.format;
  return (
    <section
      className="panel rp-chart-panel"
      data-testid="chart-panel"
      data-busy={query.isFetching ? 'true' : 'false'}
    >
      <header className="panel-header">
        <h2 className="panel-title">
          {type === 'none' || !dimension || !metric
            ? 'Chart'
            : `${metric.label} by ${DIMENSION_LABEL[dimension].toLowerCase()}`}
        </h2>
        <div className="rp-chart-controls">
          {shown && metrics.length > 0 && (
            <label className="rp-inline-field">
              <span>Metric</span>
              <select
                data-testid="chart-metric"
                value={metric?.id ?? ''}
                onChange={(e) => onMetric(e.target.value)}
              >
                {metrics.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button
            type="button"
            className="button button-small"
            data-testid="chart-toggle"
            onClick={() => onShown(!shown)}
          >
            {shown ? 'Hide chart' : 'Show chart'}
          </button>
        </div>
      </header>
      {shown &&
        (type === 'none' ? (
          <p className="rp-chart-empty">
            Add a dimension to draw a chart: a line over time, bars for anything else.
          </p>
        ) : query.error ? (
          <div className="panel-pad">
            <ErrorBanner
              title="The chart could not be loaded."
              error={query.error}
              onRetry={() => void query.refetch()}
            />
          </div>
        ) : (
          <div
            className={query.isPlaceholderData ? 'rp-chart-body stale' : 'rp-chart-body'}
            style={{ height: CHART_HEIGHT }}
          >
            {query.data && query.data.rows.length === 0 ? (
              <p className="rp-chart-empty">
                Nothing to draw: no delivery matches this report in these dates.
              </p>
            ) : query.data && metric && dimension ? (
              <Suspense fallback={<Skeleton width="100%" height={CHART_HEIGHT - 16} />}>
                <ReportChart
                  type={type}
                  dimension={dimension}
                  metric={metric}
                  format={format ?? metric.format}
                  data={query.data}
                  currency={query.data.currency || currency}
                />
              </Suspense>
            ) : (
              <Skeleton width="100%" height={CHART_HEIGHT - 16} />
            )}
          </div>
        ))}
    </section>
  );
}
