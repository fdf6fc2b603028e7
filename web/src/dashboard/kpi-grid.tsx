// The totals at a glance (F2.1), in the order a marketer reads them: cost and delivery, then clicks,
// then conversions and their cost and return.
import type { SummaryResponse } from '../../../src/shared/api.ts';
import { useMetric } from '../app/metric-catalog.tsx';
import { KpiCard } from './kpi-card.tsx';

export const KPI_METRICS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'cpm',
  'conversion',
  'conversion_rate',
  'cost_per_conversion',
  'complete_payment_roas',
] as const;

interface Props {
  summary: SummaryResponse | undefined;
  currency: string;
  compare: boolean;
  loading: boolean;
}

export function KpiGrid({ summary, currency, compare, loading }: Props) {
  return (
    <section className="kpi-grid" aria-label="Totals">
      {KPI_METRICS.map((id) => (
        <KpiSlot key={id} id={id} summary={summary} currency={currency} compare={compare} loading={loading} />
      ))}
    </section>
  );
}

function KpiSlot({ id, summary, currency, compare, loading }: Props & { id: string }) {
  const metric = useMetric(id);
  return (
    <KpiCard
      metric={metric}
      entry={summary?.metrics[id]}
      currency={summary?.currency ?? currency}
      compare={compare}
      loading={loading}
    />
  );
}
