// One insight in full: what is wrong and since when, what to do, the creative brief, the evidence chart and
// the evidence itself (values, baselines, counts, tests, thresholds) — enough to check the call by hand —
// and the team's decision: dismiss, snooze, restore.
import { useState } from 'react';
import type { AdvertiserInfo } from '../../../src/shared/api.ts';
import type { Insight, StatTest } from '../../../src/shared/insights-api.ts';
import { useInsightAction } from '../api/insights.ts';
import { useMetricCatalog } from '../app/metric-catalog.tsx';
import { Link } from '../components/link.tsx';
import { changeTone, formatChange, formatMetricValue } from '../lib/format.ts';
import { ErrorBanner } from '../components/feedback.tsx';
import { EvidenceChart } from './evidence-chart.tsx';
import { CODE_LABEL, LEVEL_LABEL, formatDay, formatLongDay, headlineMetric } from './insight-labels.ts';
import { SeverityMark } from './severity-mark.tsx';
import { SnoozeMenu } from './snooze-menu.tsx';

interface Props {
  advertiser: AdvertiserInfo;
  insight: Insight;
  /** The entity's parent (an ad's ad group), when known. */
  parent?: string | null;
  canDecide: boolean;
  /** Where "Show in Campaigns" leads. */
  campaignsHref: string;
  /** The troubleshooting panel for a delivery insight on an ad group, when it applies. */
  troubleshoot?: React.ReactNode;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

export function InsightDetail({
  advertiser,
  insight,
  parent,
  canDecide,
  campaignsHref,
  troubleshoot,
}: Props) {
  const catalog = useMetricCatalog();
  const chartable = insight.evidence.metrics.filter((m) => catalog.byId.has(m.metric));
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = chartable.find((m) => m.metric === chosen) ?? headlineMetric(insight, chartable);
  const action = useInsightAction(advertiser.advertiser_id);
  const currency = advertiser.currency;
  const { evidence, state } = insight;

  const valueOf = (metric: string, value: number | null) => {
    const info = catalog.byId.get(metric);
    return info
      ? formatMetricValue(value, info.format, currency)
      : value === null
        ? '—'
        : count.format(value);
  };
  const labelOf = (metric: string, fallback: string) => catalog.byId.get(metric)?.label ?? fallback;

  return (
    <article
      className="insight-detail"
      data-testid="insight-detail"
      data-code={insight.code}
      aria-labelledby="insight-title"
    >
      <header className="insight-head">
        <div className="insight-head-text">
          <div className="insight-kicker">
            <SeverityMark severity={insight.severity} />
            <span className="insight-kicker-item">{CODE_LABEL[insight.code]}</span>
            <span className="insight-kicker-item">
              {LEVEL_LABEL[insight.level]} <strong>{insight.entity_name}</strong>
              {parent ? ` in ${parent}` : ''}
            </span>
            <span className="insight-kicker-item">since {formatLongDay(insight.since)}</span>
          </div>
          <h2 id="insight-title" className="insight-summary">
            {insight.summary}
          </h2>
          {state && (
            <p className="insight-state" data-testid="insight-state">
              {state.status === 'dismissed' ? 'Dismissed' : `Snoozed until ${formatLongDay(state.until!)}`}
              {state.by ? ` by ${state.by}` : ''} on{' '}
              {new Date(state.at).toLocaleDateString('en-US', { dateStyle: 'medium' })}.
            </p>
          )}
        </div>
        <div className="insight-actions">
          <Link className="button button-small link-as-button" href={campaignsHref}>
            Show in Campaigns
          </Link>
          {canDecide &&
            (state ? (
              <button
                type="button"
                className="button button-small"
                disabled={action.isPending}
                onClick={() => action.mutate({ kind: 'restore', insight })}
                data-testid="insight-restore"
              >
                Restore
              </button>
            ) : (
              <>
                <SnoozeMenu
                  today={advertiser.today}
                  pending={action.isPending}
                  onSnooze={(until) => action.mutate({ kind: 'snooze', insight, until })}
                />
                <button
                  type="button"
                  className="button button-small"
                  disabled={action.isPending}
                  onClick={() => action.mutate({ kind: 'dismiss', insight })}
                  title="Hide it for the whole team; the same problem on this entity stays hidden"
                  data-testid="insight-dismiss"
                >
                  Dismiss
                </button>
              </>
            ))}
        </div>
      </header>
      {action.error && <ErrorBanner title="The decision was not saved." error={action.error} />}

      <section className="insight-section">
        <h3>What to do</h3>
        <p className="insight-recommendation">{insight.recommendation}</p>
      </section>

      {insight.brief && (
        <section className="insight-section insight-brief" data-testid="insight-brief">
          <h3>Creative brief</h3>
          <p className="insight-brief-headline">{insight.brief.headline}</p>
          <ul>
            {insight.brief.items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      )}

      {troubleshoot}

      <section className="insight-section">
        <div className="insight-section-head">
          <h3>Evidence over time</h3>
          {chartable.length > 1 && (
            <div className="segmented" role="group" aria-label="Metric shown">
              {chartable.map((m) => (
                <button
                  key={m.metric}
                  type="button"
                  className={m.metric === shown?.metric ? 'segment segment-on' : 'segment'}
                  aria-pressed={m.metric === shown?.metric}
                  onClick={() => setChosen(m.metric)}
                >
                  {labelOf(m.metric, m.label)}
                </button>
              ))}
            </div>
          )}
        </div>
        {shown ? (
          <EvidenceChart
            key={shown.metric}
            advertiserId={advertiser.advertiser_id}
            insight={insight}
            metric={shown}
            info={catalog.byId.get(shown.metric)!}
            currency={currency}
          />
        ) : (
          <p className="insight-muted">
            This insight's evidence is not a daily metric (for example hours in review); its values are below.
          </p>
        )}
      </section>

      <section className="insight-section">
        <h3>Evidence</h3>
        <p className="insight-muted">
          Values from {formatDay(evidence.window.from)} to {formatLongDay(evidence.window.to)}; baseline:{' '}
          {evidence.baseline}
          {evidence.baseline_window
            ? ` (${formatDay(evidence.baseline_window.from)} – ${formatLongDay(evidence.baseline_window.to)})`
            : ''}
          .
        </p>
        <table className="insight-table" data-testid="evidence-table">
          <thead>
            <tr>
              <th className="cell-text">Metric</th>
              <th>Value</th>
              <th>Baseline</th>
              <th>Change</th>
              <th>Counts</th>
              <th>Baseline counts</th>
            </tr>
          </thead>
          <tbody>
            {evidence.metrics.map((m) => (
              <tr key={m.metric}>
                <td className="cell-text">{labelOf(m.metric, m.label)}</td>
                <td>{valueOf(m.metric, m.value)}</td>
                <td>{valueOf(m.metric, m.baseline)}</td>
                <td
                  className={`insight-${changeTone(m.change, catalog.byId.get(m.metric)?.better ?? 'neutral')}`}
                >
                  {formatChange(m.change)}
                </td>
                <td>{fraction(m.numerator, m.denominator)}</td>
                <td>{fraction(m.baseline_numerator, m.baseline_denominator)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {evidence.tests.length > 0 && (
          <table className="insight-table" data-testid="evidence-tests">
            <thead>
              <tr>
                <th className="cell-text">Test</th>
                <th className="cell-text">Metric</th>
                <th>Effect size</th>
                <th>z</th>
                <th>p</th>
                <th>Confidence</th>
              </tr>
            </thead>
            <tbody>
              {evidence.tests.map((t) => (
                <TestRow key={`${t.name}-${t.metric}`} test={t} label={labelOf(t.metric, t.metric)} />
              ))}
            </tbody>
          </table>
        )}
        {Object.keys(evidence.thresholds).length > 0 && (
          <dl className="insight-thresholds" aria-label="Thresholds applied">
            {Object.entries(evidence.thresholds).map(([name, value]) => (
              <div key={name}>
                <dt>{name.replace(/_/g, ' ')}</dt>
                <dd>{count.format(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
    </article>
  );
}

function fraction(numerator: number | null, denominator: number | null): string {
  if (numerator === null && denominator === null) return '—';
  return `${numerator === null ? '—' : count.format(numerator)} / ${denominator === null ? '—' : count.format(denominator)}`;
}

function TestRow({ test, label }: { test: StatTest; label: string }) {
  return (
    <tr>
      <td className="cell-text">{test.name}</td>
      <td className="cell-text">{label}</td>
      <td>{formatChange(test.effect_size)}</td>
      <td>{test.z.toFixed(2)}</td>
      <td>{test.p_value < 0.0001 ? '< 0.0001' : test.p_value.toFixed(4)}</td>
      <td>{percent.format(test.confidence)}</td>
    </tr>
  );
}
