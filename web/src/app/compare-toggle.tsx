// "Compare with previous period": a switch, with the period it compares against spelled out.
import { formatRange, type DateRange } from '../lib/date-range.ts';

interface Props {
  checked: boolean;
  compareRange: DateRange | undefined;
  onChange: (checked: boolean) => void;
}

export function CompareToggle({ checked, compareRange, onChange }: Props) {
  return (
    <label className="compare-toggle">
      <input
        type="checkbox"
        role="switch"
        data-testid="compare-toggle"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="compare-text">
        <span>Compare with previous period</span>
        {checked && compareRange && (
          <span className="compare-range" data-testid="compare-range">
            vs {formatRange(compareRange)}
          </span>
        )}
      </span>
    </label>
  );
}
