// A metric's label that explains itself: hover or focus shows the glossary text and, for derived
// metrics, the formula.
import type { MetricInfo } from '../../../src/shared/api.ts';
import { useMetricCatalog } from '../app/metric-catalog.tsx';
import { readableFormula } from '../lib/glossary.ts';
import { Tooltip } from './tooltip.tsx';

export function MetricGlossary({ metric }: { metric: MetricInfo }) {
  const { byId } = useMetricCatalog();
  return (
    <>
      <span className="tooltip-title">{metric.label}</span>
      <span className="tooltip-body">{metric.description}</span>
      {metric.kind === 'derived' && metric.formula && (
        <span className="tooltip-formula">
          <span className="tooltip-formula-label">Formula</span> {readableFormula(metric.formula, byId)}
        </span>
      )}
    </>
  );
}

/** The metric's label with a dotted underline; the glossary opens on hover and on focus. */
export function MetricTerm({ metric, className }: { metric: MetricInfo; className?: string }) {
  return (
    <Tooltip
      content={<MetricGlossary metric={metric} />}
      className={className ? `term ${className}` : 'term'}
    >
      {metric.label}
    </Tooltip>
  );
}

/** An "i" icon with the same glossary, for places where the label itself is a control (a select). */
export function MetricInfoIcon({ metric }: { metric: MetricInfo }) {
  return (
    <Tooltip
      content={<MetricGlossary metric={metric} />}
      className="info-icon"
      label={`About ${metric.label}`}
    >
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
        <path d="M8 7.2v4" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
        <circle cx="8" cy="4.9" r="0.9" fill="currentColor" />
      </svg>
    </Tooltip>
  );
}
