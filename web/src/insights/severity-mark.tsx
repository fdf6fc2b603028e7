// A severity at a glance: a coloured mark with its word beside it (colour alone is not enough), or only
// the mark where space is short, the word then in its title and accessible name.
import type { InsightSeverity } from '../../../src/shared/insights-api.ts';
import { SEVERITY_LABEL } from './insight-labels.ts';
import './insights.css';

export function SeverityMark({
  severity,
  compact = false,
}: {
  severity: InsightSeverity;
  compact?: boolean;
}) {
  return (
    <span
      className={`sev sev-${severity}`}
      title={SEVERITY_LABEL[severity]}
      data-severity={severity}
      aria-label={compact ? SEVERITY_LABEL[severity] : undefined}
      role={compact ? 'img' : undefined}
    >
      <span className="sev-mark" aria-hidden="true" />
      {!compact && <span className="sev-word">{SEVERITY_LABEL[severity]}</span>}
    </span>
  );
}
