// The date-range picker: Ads Manager's presets, resolved on the advertiser's clock, and a custom range.
import { useState, type FormEvent } from 'react';
import {
  PRESETS,
  formatRange,
  isValidRange,
  presetLabel,
  resolvePreset,
  type DateRange,
  type PresetId,
  type RangeChoice,
} from '../lib/date-range.ts';
import { Popover } from '../components/popover.tsx';
import { Chevron } from './advertiser-switcher.tsx';

interface Props {
  today: string;
  choice: RangeChoice;
  range: DateRange;
  onPreset: (preset: PresetId) => void;
  onCustom: (range: DateRange) => void;
}

export function DateRangePicker({ today, choice, range, onPreset, onCustom }: Props) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<string | null>(null);

  const openChange = (next: boolean) => {
    if (next) {
      setFrom(range.from);
      setTo(range.to);
      setError(null);
    }
    setOpen(next);
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!isValidRange(from, to)) {
      setError(
        from && to && from > to ? 'The start date must not be after the end date.' : 'Enter both dates.',
      );
      return;
    }
    setOpen(false);
    onCustom({ from, to });
  };

  return (
    <Popover
      open={open}
      onOpenChange={openChange}
      align="right"
      label="Choose a date range"
      className="date-menu"
      trigger={(props) => (
        <button
          type="button"
          className="range-button"
          data-testid="date-range-button"
          data-from={range.from}
          data-to={range.to}
          aria-haspopup="dialog"
          {...props}
        >
          <CalendarIcon />
          <span className="range-choice">{presetLabel(choice)}</span>
          <span className="range-dates">{formatRange(range)}</span>
          <Chevron />
        </button>
      )}
    >
      <div className="date-menu-body">
        <ul className="preset-list" aria-label="Presets">
          {PRESETS.map((preset) => {
            const resolved = resolvePreset(preset.id, today);
            const selected = choice === preset.id;
            return (
              <li key={preset.id}>
                <button
                  type="button"
                  className={selected ? 'preset preset-selected' : 'preset'}
                  data-preset={preset.id}
                  aria-pressed={selected}
                  onClick={() => {
                    setOpen(false);
                    onPreset(preset.id);
                  }}
                >
                  <span>{preset.label}</span>
                  <span className="preset-dates">{formatRange(resolved)}</span>
                </button>
              </li>
            );
          })}
        </ul>
        <form className="custom-range" onSubmit={apply} noValidate>
          <div className="custom-title">Custom</div>
          <label className="field">
            <span>Start date</span>
            <input
              type="date"
              name="from"
              value={from}
              max={today}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label className="field">
            <span>End date</span>
            <input type="date" name="to" value={to} max={today} onChange={(e) => setTo(e.target.value)} />
          </label>
          <div className="field-error" role={error ? 'alert' : undefined}>
            {error}
          </div>
          <div className="custom-actions">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" data-testid="apply-custom-range">
              Apply
            </button>
          </div>
          <p className="custom-note">Dates are days in the advertiser’s time zone.</p>
        </form>
      </div>
    </Popover>
  );
}

function CalendarIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className="calendar-icon">
      <rect x="2" y="3" width="12" height="11" rx="2" fill="none" stroke="currentColor" strokeWidth="1.3" />
      <path
        d="M2 6.5h12M5.5 1.5v3M10.5 1.5v3"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinecap="round"
      />
    </svg>
  );
}
