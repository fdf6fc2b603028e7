// The trend panel: pick two metrics (left and right axis) and see them day by day.
import { lazy, Suspense } from 'react';
import type { MetricInfo, TrendResponse } from '../../../src/shared/api.ts';
import { useMetric, useMetricCatalog } from '../app/metric-catalog.tsx';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { MetricInfoIcon } from '../components/metric-term.tsx';
import { SERIES_COLORS } from './series-colors.ts';

const TrendChart = lazy(() => import('./trend-chart.tsx'));

const ACTS: { id: MetricInfo['act']; label: string }[] = [
  { id: 'awareness', label: 'Awareness' },
  { id: 'consideration', label: 'Consideration' },
  { id: 'conversion', label: 'Conversion' },
];

interface Props {
  trend: readonly [string, string];
  onTrendChange: (trend: readonly [string, string]) => void;
  data: TrendResponse | undefined;
  previous: TrendResponse | undefined;
  compare: boolean;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  currency: string;
}

export function TrendPanel({
  trend,
  onTrendChange,
  data,
  previous,
  compare,
  loading,
  error,
  onRetry,
  currency,
}: Props) {
  const first = useMetric(trend[0]);
  const second = useMetric(trend[1]);
  return (
    <section className="panel trend-panel" aria-labelledby="trend-title">
      <header className="panel-header">
        <h2 id="trend-title" className="panel-title">
          Trend
        </h2>
        <div className="trend-pickers">
          <MetricPicker
            index={0}
            axis="Left axis"
            metric={first}
            other={trend[1]}
            onChange={(id) => onTrendChange([id, trend[1]])}
          />
          <MetricPicker
            index={1}
            axis="Right axis"
            metric={second}
            other={trend[0]}
            onChange={(id) => onTrendChange([trend[0], id])}
          />
          {compare && (
            <span className="legend-previous">
              <span className="legend-dash" aria-hidden="true" /> Previous period
            </span>
          )}
        </div>
      </header>
      <div className="trend-body">
        {error ? (
          <ErrorBanner title="The trend could not be loaded." error={error} onRetry={onRetry} />
        ) : !data ? (
          <Skeleton className="trend-skeleton" width="100%" height={260} />
        ) : (
          <Suspense fallback={<Skeleton className="trend-skeleton" width="100%" height={260} />}>
            <div className={loading ? 'stale' : undefined}>
              <TrendChart
                metrics={[first, second]}
                points={data.points}
                previous={compare ? previous?.points : undefined}
                currency={currency}
              />
            </div>
          </Suspense>
        )}
      </div>
    </section>
  );
}

interface PickerProps {
  index: 0 | 1;
  axis: string;
  metric: MetricInfo;
  other: string;
  onChange: (id: string) => void;
}

function MetricPicker({ index, axis, metric, other, onChange }: PickerProps) {
  const { list } = useMetricCatalog();
  return (
    <span className="metric-picker">
      <span className="series-swatch" style={{ background: SERIES_COLORS[index] }} aria-hidden="true" />
      <select
        aria-label={`${axis} metric`}
        data-testid={`trend-metric-${index + 1}`}
        value={metric.id}
        onChange={(event) => onChange(event.target.value)}
      >
        {list.length === 0 && <option value={metric.id}>{metric.label}</option>}
        {ACTS.map((act) => (
          <optgroup key={act.id} label={act.label}>
            {list
              .filter((m) => m.act === act.id)
              .map((m) => (
                <option key={m.id} value={m.id} disabled={m.id === other}>
                  {m.label}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <MetricInfoIcon metric={metric} />
    </span>
  );
}
