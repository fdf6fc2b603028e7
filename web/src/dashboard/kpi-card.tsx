// One KPI: label with its glossary, the value, and the change against the previous period coloured by
// whether that direction is good news for this metric.
import type { MetricInfo, SummaryResponse } from '../../../src/shared/api.ts';
import { MetricTerm } from '../components/metric-term.tsx';
import { MetricValue } from '../components/metric-value.tsx';
import { Skeleton } from '../components/feedback.tsx';
import { changeDirection, changeTone, formatChange, formatMetricValue } from '../lib/format.ts';
import { missingChangeReason } from '../lib/glossary.ts';

type Entry = SummaryResponse['metrics'][string];

interface Props {
  metric: MetricInfo;
  entry: Entry | undefined;
  currency: string;
  compare: boolean;
  loading: boolean;
}

export function KpiCard({ metric, entry, currency, compare, loading }: Props) {
  return (
    <article className="kpi-card" data-metric={metric.id}>
      <div className="kpi-label">
        <MetricTerm metric={metric} />
      </div>
      <div className="kpi-value-row">
        {loading ? (
          <Skeleton width="60%" height={24} />
        ) : (
          <MetricValue
            metric={metric}
            value={entry?.value}
            currency={currency}
            className="kpi-value"
            testId="kpi-value"
          />
        )}
      </div>
      <div className="kpi-change-row">
        {compare && loading && <Skeleton width="45%" height={12} />}
        {compare && !loading && (
          <Change
            metric={metric}
            entry={entry ?? { value: null, previous: null, change: null }}
            currency={currency}
          />
        )}
      </div>
    </article>
  );
}

function Change({ metric, entry, currency }: { metric: MetricInfo; entry: Entry; currency: string }) {
  const previous = formatMetricValue(entry.previous, metric.format, currency);
  if (entry.change === null || !Number.isFinite(entry.change)) {
    return (
      <span
        className="kpi-change change-neutral"
        data-testid="kpi-change"
        title={missingChangeReason(entry.previous)}
      >
        — <span className="kpi-previous">vs {previous}</span>
      </span>
    );
  }
  const direction = changeDirection(entry.change);
  const tone = changeTone(entry.change, metric.better);
  const meaning =
    metric.better === 'neutral'
      ? ''
      : tone === 'good'
        ? ' (good)'
        : tone === 'bad'
          ? ' (needs attention)'
          : '';
  return (
    <span
      className={`kpi-change change-${tone}`}
      data-testid="kpi-change"
      data-tone={tone}
      data-direction={direction}
      title={`Previous period: ${previous}${meaning}`}
    >
      <Arrow direction={direction} />
      <span className="change-value">{formatChange(entry.change)}</span>
      <span className="kpi-previous">vs {previous}</span>
    </span>
  );
}

function Arrow({ direction }: { direction: 'up' | 'down' | 'flat' }) {
  if (direction === 'flat') return <span className="arrow">→</span>;
  return (
    <svg
      className="arrow"
      viewBox="0 0 10 10"
      width="10"
      height="10"
      aria-label={direction === 'up' ? 'up' : 'down'}
    >
      <path d={direction === 'up' ? 'M5 1.5L9 7.5H1z' : 'M5 8.5L1 2.5h8z'} fill="currentColor" />
    </svg>
  );
}
