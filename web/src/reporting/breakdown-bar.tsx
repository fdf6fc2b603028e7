// The report's breakdown in order (the first dimension leads the rows and the chart), with a dimension
// moved forward or removed in one click, and the pivot: one of the dimensions turned into columns.
import type { ReportDimension } from '../../../src/shared/reports-api.ts';
import { DIMENSION_LABEL } from './dimensions.ts';

interface Props {
  dimensions: readonly ReportDimension[];
  pivot: ReportDimension | null;
  onDimensions: (next: ReportDimension[]) => void;
  onPivot: (pivot: ReportDimension | null) => void;
}

export function BreakdownBar({ dimensions, pivot, onDimensions, onPivot }: Props) {
  const moveForward = (index: number) => {
    const next = [...dimensions];
    [next[index - 1], next[index]] = [next[index]!, next[index - 1]!];
    onDimensions(next);
  };
  return (
    <div className="rp-breakdown" data-testid="breakdown">
      <span className="rp-filters-label">Rows</span>
      {dimensions.length === 0 && <span className="rp-filters-none">Totals only — pick a dimension</span>}
      {dimensions.map((d, i) => (
        <span key={d} className={d === pivot ? 'rp-chip rp-chip-pivot' : 'rp-chip'} data-dimension={d}>
          {i > 0 && (
            <button
              type="button"
              className="rp-chip-remove"
              aria-label={`Move ${DIMENSION_LABEL[d]} before ${DIMENSION_LABEL[dimensions[i - 1]!]}`}
              onClick={() => moveForward(i)}
            >
              ‹
            </button>
          )}
          <span className="rp-chip-label">{DIMENSION_LABEL[d]}</span>
          <button
            type="button"
            className="rp-chip-remove"
            aria-label={`Remove ${DIMENSION_LABEL[d]}`}
            onClick={() => onDimensions(dimensions.filter((x) => x !== d))}
          >
            ×
          </button>
        </span>
      ))}
      <label className="rp-pivot">
        <span>Pivot into columns</span>
        <select
          data-testid="pivot-select"
          value={pivot ?? ''}
          disabled={dimensions.length === 0}
          onChange={(e) => onPivot((e.target.value || null) as ReportDimension | null)}
        >
          <option value="">None</option>
          {dimensions.map((d) => (
            <option key={d} value={d}>
              {DIMENSION_LABEL[d]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
