// The report's metrics in column order: ‹ moves one a column to the left, × takes it out. (The left panel
// adds them; this row is where their order is decided.)
import type { MetricInfo } from '../../../src/shared/api.ts';

interface Props {
  metrics: readonly MetricInfo[];
  onMetrics: (ids: string[]) => void;
}

export function MetricsBar({ metrics, onMetrics }: Props) {
  const ids = metrics.map((m) => m.id);
  const moveLeft = (index: number) => {
    const next = [...ids];
    [next[index - 1], next[index]] = [next[index]!, next[index - 1]!];
    onMetrics(next);
  };
  return (
    <div className="rp-breakdown" data-testid="metrics-bar">
      <span className="rp-filters-label">Metrics</span>
      {metrics.map((metric, i) => (
        <span key={metric.id} className="rp-chip" data-metric={metric.id}>
          {i > 0 && (
            <button
              type="button"
              className="rp-chip-remove"
              aria-label={`Move ${metric.label} left`}
              onClick={() => moveLeft(i)}
            >
              ‹
            </button>
          )}
          <span className="rp-chip-label">{metric.label}</span>
          {metrics.length > 1 && (
            <button
              type="button"
              className="rp-chip-remove"
              aria-label={`Remove ${metric.label}`}
              onClick={() => onMetrics(ids.filter((id) => id !== metric.id))}
            >
              ×
            </button>
          )}
        </span>
      ))}
    </div>
  );
}
