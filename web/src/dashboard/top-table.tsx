// Top campaigns or ads by cost, with the metrics a marketer checks first.
import { useEffect } from 'react';
import type { TopLevel, TopResponse } from '../../../src/shared/api.ts';
import { useMetric } from '../app/metric-catalog.tsx';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { MetricTerm } from '../components/metric-term.tsx';
import { MetricValue } from '../components/metric-value.tsx';

export const TOP_METRICS = [
  'spend',
  'impressions',
  'ctr',
  'cpc',
  'conversion',
  'cost_per_conversion',
  'complete_payment_roas',
] as const;

export const TOP_LIMIT = 10;

type Row = TopResponse['rows'][number];

const STATUS: Record<string, { label: string; tone: 'on' | 'off' | 'gone' }> = {
  ENABLE: { label: 'Active', tone: 'on' },
  DISABLE: { label: 'Paused', tone: 'off' },
  DELETE: { label: 'Deleted', tone: 'gone' },
};

function statusOf(raw: string): { label: string; tone: 'on' | 'off' | 'gone' | 'other' } {
  const known = STATUS[raw];
  if (known) return known;
  const words = raw
    .replace(/^(CAMPAIGN|ADGROUP|AD)_STATUS_|^STATUS_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
  return { label: words.charAt(0).toUpperCase() + words.slice(1), tone: 'other' };
}

interface Props {
  level: TopLevel;
  title: string;
  noun: string;
  data: TopResponse | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  currency: string;
  advertiserId: string;
}

// How many rows the table had last time, so its skeleton takes the same height on the next load.
function rememberedRows(key: string): number {
  try {
    const value = Number(window.localStorage.getItem(key));
    return Number.isInteger(value) && value > 0 && value <= TOP_LIMIT ? value : TOP_LIMIT;
  } catch {
    return TOP_LIMIT;
  }
}

function rememberRows(key: string, rows: number): void {
  try {
    window.localStorage.setItem(key, String(Math.max(1, rows)));
  } catch {
    // Storage may be disabled; the skeleton then shows the full ten rows.
  }
}

export function TopTable({
  level,
  title,
  noun,
  data,
  loading,
  error,
  onRetry,
  currency,
  advertiserId,
}: Props) {
  const showParent = level !== 'campaign';
  const rowsKey = `adcockpit.top-rows.${advertiserId}.${level}`;
  const rowCount = data?.rows.length;
  useEffect(() => {
    if (rowCount !== undefined) rememberRows(rowsKey, rowCount);
  }, [rowsKey, rowCount]);
  return (
    <section className="panel" aria-labelledby={`top-${level}-title`} data-testid={`top-${level}`}>
      <header className="panel-header">
        <h2 id={`top-${level}-title`} className="panel-title">
          {title}
        </h2>
        <span className="panel-note">Top {TOP_LIMIT} by cost</span>
      </header>
      {error ? (
        <div className="panel-pad">
          <ErrorBanner title={`The top ${noun} could not be loaded.`} error={error} onRetry={onRetry} />
        </div>
      ) : (
        <div className="table-scroll">
          <table
            className={`data-table ${showParent ? 'data-table-tall' : ''} ${loading && data ? 'stale' : ''}`}
          >
            <colgroup>
              <col className="col-name" />
              {showParent && <col className="col-parent" />}
              <col className="col-status" />
              {TOP_METRICS.map((id) => (
                <col key={id} className="col-metric" />
              ))}
            </colgroup>
            <thead>
              <tr>
                <th scope="col" className="cell-text">
                  {level === 'campaign' ? 'Campaign' : 'Ad'}
                </th>
                {showParent && (
                  <th scope="col" className="cell-text">
                    Campaign
                  </th>
                )}
                <th scope="col" className="cell-text">
                  Status
                </th>
                {TOP_METRICS.map((id) => (
                  <MetricHeader key={id} id={id} />
                ))}
              </tr>
            </thead>
            <tbody>
              {!data ? (
                <SkeletonRows
                  rows={rememberedRows(rowsKey)}
                  columns={TOP_METRICS.length + (showParent ? 3 : 2)}
                />
              ) : data.rows.length === 0 ? (
                <tr>
                  <td className="table-empty" colSpan={TOP_METRICS.length + (showParent ? 3 : 2)}>
                    No {noun} delivered in this period.
                  </td>
                </tr>
              ) : (
                data.rows.map((row) => (
                  <TopRow key={row.id} row={row} showParent={showParent} currency={currency} />
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MetricHeader({ id }: { id: string }) {
  const metric = useMetric(id);
  return (
    <th scope="col" className="cell-number" data-metric={id}>
      <MetricTerm metric={metric} />
    </th>
  );
}

function TopRow({ row, showParent, currency }: { row: Row; showParent: boolean; currency: string }) {
  const status = statusOf(row.status);
  const parent = [row.campaign_name, row.adgroup_name].filter(Boolean).join(' › ');
  return (
    <tr data-id={row.id}>
      <td className="cell-text">
        <span className="ellipsis cell-name" title={row.name}>
          {row.name}
        </span>
        {showParent && row.adgroup_name && (
          <span className="ellipsis cell-sub" title={`Ad group: ${row.adgroup_name}`}>
            {row.adgroup_name}
          </span>
        )}
      </td>
      {showParent && (
        <td className="cell-text cell-muted">
          <span className="ellipsis" title={parent}>
            {row.campaign_name ?? '—'}
          </span>
        </td>
      )}
      <td className="cell-text">
        <span className={`status status-${status.tone}`}>
          <span className="status-dot" aria-hidden="true" />
          {status.label}
        </span>
      </td>
      {TOP_METRICS.map((id) => (
        <MetricCell key={id} id={id} value={row[id]} currency={currency} />
      ))}
    </tr>
  );
}

function MetricCell({ id, value, currency }: { id: string; value: unknown; currency: string }) {
  const metric = useMetric(id);
  return (
    <td className="cell-number">
      <MetricValue metric={metric} value={typeof value === 'number' ? value : null} currency={currency} />
    </td>
  );
}

function SkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} aria-hidden="true">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c} className={c < columns - TOP_METRICS.length ? 'cell-text' : 'cell-number'}>
              <Skeleton width={c === 0 ? '70%' : '60%'} />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
