// Filters of the Campaign tab: name contains, status, objective and metric thresholds (several, all of
// which must hold). Each active filter is a chip that says what it does and removes itself; all of them
// live in the URL.
import { useEffect, useState, type FormEvent } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import { ObjectiveType } from '../../../src/core/enums.ts';
import { useMetricCatalog } from '../app/metric-catalog.tsx';
import { Chevron } from '../app/advertiser-switcher.tsx';
import { Popover } from '../components/popover.tsx';
import {
  OPERATORS,
  OPERATOR_LABEL,
  describeThreshold,
  formatThreshold,
  parseThreshold,
  type Operator,
} from './filter-text.ts';
import { OBJECTIVE_LABEL } from './labels.ts';

export const STATUS_OPTIONS = [
  { id: 'ENABLE', label: 'Active' },
  { id: 'DISABLE', label: 'Inactive' },
  { id: 'DELETE', label: 'Deleted' },
] as const;

export interface Filters {
  name: string;
  status: string[];
  objective: string[];
  filters: string[];
}

interface Props extends Filters {
  onChange: (change: Partial<Filters>) => void;
}

/** What a threshold's value means for this metric, for its input and its chip. */
export function unitOf(metric: MetricInfo | undefined, currency: string): string {
  if (!metric) return '';
  if (metric.format === 'percent') return ' %';
  if (metric.format === 'money') return ` ${currency}`;
  if (metric.format === 'seconds') return ' s';
  return '';
}

export function NameFilter({
  name,
  onChange,
}: {
  name: string;
  onChange: (change: Partial<Filters>) => void;
}) {
  const [text, setText] = useState(name);
  const [seen, setSeen] = useState(name);
  // The URL changed from elsewhere (Back, a chip): show it.
  if (name !== seen) {
    setSeen(name);
    setText(name);
  }
  useEffect(() => {
    if (text === name) return;
    const timer = window.setTimeout(() => onChange({ name: text.trim() }), 350);
    return () => window.clearTimeout(timer);
  }, [text, name, onChange]);
  return (
    <input
      type="search"
      className="name-filter"
      placeholder="Name contains…"
      aria-label="Name contains"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange({ name: text.trim() });
      }}
      data-testid="name-filter"
    />
  );
}

export function FilterMenu({ status, objective, filters, onChange, currency }: Props & { currency: string }) {
  const [open, setOpen] = useState(false);
  const { list, byId } = useMetricCatalog();
  const [metric, setMetric] = useState('cost_per_conversion');
  const [operator, setOperator] = useState<Operator>('>');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const count = status.length + objective.length + filters.length;

  const add = (event: FormEvent) => {
    event.preventDefault();
    const number = Number(value.replace(/,/g, ''));
    if (value.trim() === '' || !Number.isFinite(number)) {
      setError('Enter a number.');
      return;
    }
    const text = formatThreshold({
      metric: byId.has(metric) ? metric : list[0]!.id,
      operator,
      value: number,
    });
    setError(null);
    setValue('');
    if (!filters.includes(text)) onChange({ filters: [...filters, text] });
  };

  const toggleIn = (values: string[], id: string, on: boolean) =>
    on ? [...values, id] : values.filter((v) => v !== id);

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setError(null);
        setOpen(next);
      }}
      align="right"
      label="Filters"
      className="filter-menu"
      trigger={(props) => (
        <button
          type="button"
          className="button toolbar-button"
          data-testid="filters-button"
          aria-haspopup="dialog"
          {...props}
        >
          Filters{count > 0 && <span className="count-badge">{count}</span>}
          <Chevron />
        </button>
      )}
    >
      <div className="filter-menu-body">
        <fieldset className="filter-group">
          <legend>Status</legend>
          {STATUS_OPTIONS.map((option) => (
            <label key={option.id} className="check">
              <input
                type="checkbox"
                checked={status.includes(option.id)}
                onChange={(e) => onChange({ status: toggleIn(status, option.id, e.target.checked) })}
                data-testid="status-filter"
                data-status={option.id}
              />
              {option.label}
            </label>
          ))}
          <div className="form-note">None ticked: active and inactive, not deleted.</div>
        </fieldset>
        <fieldset className="filter-group">
          <legend>Objective</legend>
          <div className="filter-objectives">
            {ObjectiveType.options.map((id) => (
              <label key={id} className="check">
                <input
                  type="checkbox"
                  checked={objective.includes(id)}
                  onChange={(e) => onChange({ objective: toggleIn(objective, id, e.target.checked) })}
                  data-testid="objective-filter"
                  data-objective={id}
                />
                {OBJECTIVE_LABEL[id]}
              </label>
            ))}
          </div>
        </fieldset>
        <form className="filter-group" onSubmit={add} noValidate>
          <fieldset className="filter-fieldset">
            <legend>Metric threshold</legend>
            <div className="threshold-row">
              <select
                aria-label="Metric"
                value={metric}
                onChange={(e) => setMetric(e.target.value)}
                data-testid="threshold-metric"
              >
                {list.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
              <select
                aria-label="Comparison"
                value={operator}
                onChange={(e) => setOperator(e.target.value as Operator)}
                data-testid="threshold-operator"
              >
                {OPERATORS.map((op) => (
                  <option key={op} value={op}>
                    {OPERATOR_LABEL[op]}
                  </option>
                ))}
              </select>
              <input
                aria-label="Value"
                inputMode="decimal"
                className="threshold-value"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={error ? true : undefined}
                data-testid="threshold-value"
              />
              <span className="threshold-unit">{unitOf(byId.get(metric), currency).trim()}</span>
              <button type="submit" className="button button-small" data-testid="threshold-add">
                Add
              </button>
            </div>
            <div className={error ? 'form-note form-note-error' : 'form-note'}>
              {error ?? 'In the units shown: money in the currency, percentages as percent (2 = 2 %).'}
            </div>
          </fieldset>
        </form>
      </div>
    </Popover>
  );
}

/** The active filters as removable chips, and "Clear all". */
export function FilterChips({
  name,
  status,
  objective,
  filters,
  onChange,
  currency,
}: Props & { currency: string }) {
  const { byId } = useMetricCatalog();
  const chips: { key: string; text: string; remove: Partial<Filters> }[] = [];
  if (name) chips.push({ key: 'name', text: `Name contains “${name}”`, remove: { name: '' } });
  if (status.length)
    chips.push({
      key: 'status',
      text: `Status: ${status.map((s) => STATUS_OPTIONS.find((o) => o.id === s)?.label ?? s).join(', ')}`,
      remove: { status: [] },
    });
  if (objective.length)
    chips.push({
      key: 'objective',
      text: `Objective: ${objective.map((o) => OBJECTIVE_LABEL[o as keyof typeof OBJECTIVE_LABEL] ?? o).join(', ')}`,
      remove: { objective: [] },
    });
  for (const text of filters) {
    const threshold = parseThreshold(text);
    const metric = threshold ? byId.get(threshold.metric) : undefined;
    chips.push({
      key: `f:${text}`,
      text: threshold
        ? describeThreshold(threshold, metric?.label ?? threshold.metric, unitOf(metric, currency))
        : text,
      remove: { filters: filters.filter((f) => f !== text) },
    });
  }
  if (chips.length === 0) return null;
  return (
    <div className="filter-chips" data-testid="filter-chips">
      {chips.map((chip) => (
        <span key={chip.key} className="chip" data-testid="filter-chip">
          {chip.text}
          <button
            type="button"
            className="chip-remove"
            aria-label={`Remove filter: ${chip.text}`}
            onClick={() => onChange(chip.remove)}
          >
            ×
          </button>
        </span>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => onChange({ name: '', status: [], objective: [], filters: [] })}
      >
        Clear all
      </button>
    </div>
  );
}
