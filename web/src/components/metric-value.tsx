// A formatted metric value; a missing one is "—" with the reason on hover.
import type { MetricInfo } from '../../../src/shared/api.ts';
import { useMetricCatalog } from '../app/metric-catalog.tsx';
import { formatMetricValue } from '../lib/format.ts';
import { missingValueReason } from '../lib/glossary.ts';

interface Props {
  metric: MetricInfo;
  value: number | null | undefined;
  currency: string;
  className?: string;
  testId?: string;
}

export function MetricValue({ metric, value, currency, className, testId }: Props) {
  const { byId } = useMetricCatalog();
  const missing = value === null || value === undefined || !Number.isFinite(value);
  return (
    <span
      className={missing ? `${className ?? ''} value-missing`.trim() : className}
      data-testid={testId}
      title={missing ? missingValueReason(metric, byId) : undefined}
    >
      {formatMetricValue(value, metric.format, currency)}
    </span>
  );
}
