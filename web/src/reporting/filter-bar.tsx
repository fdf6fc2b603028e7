// The report's filters as chips: each says what it keeps in words and can be removed or changed; "Add
// filter" opens a small form (a dimension with its values, or a metric against a number).
import { useState, type FormEvent } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { ReportDimension, ReportFilter } from '../../../src/shared/reports-api.ts';
import { ReportDimension as DimensionSchema } from '../../../src/shared/reports-api.ts';
import { Popover } from '../components/popover.tsx';
import { formatMetricValue } from '../lib/format.ts';
import { DIMENSION_LABEL, ENTITY_DIMENSIONS } from './dimensions.ts';

type DimensionOperator = 'in' | 'not_in' | 'contains';
type MetricOperator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

const METRIC_OPERATORS: { id: MetricOperator; text: string }[] = [
  { id: 'gt', text: '>' },
  { id: 'gte', text: '≥' },
  { id: 'lt', text: '<' },
  { id: 'lte', text: '≤' },
  { id: 'eq', text: '=' },
  { id: 'neq', text: '≠' },
];

function dimensionOperatorText(dimension: ReportDimension, operator: DimensionOperator): string {
  const entity = ENTITY_DIMENSIONS.has(dimension);
  if (operator === 'contains') return entity ? 'name contains' : 'contains';
  if (operator === 'in') return entity ? 'id is any of' : 'is any of';
  return entity ? 'id is none of' : 'is none of';
}

export function describeFilter(
  filter: ReportFilter,
  byId: ReadonlyMap<string, MetricInfo>,
  currency: string,
) {
  if ('dimension' in filter) {
    return `${DIMENSION_LABEL[filter.dimension]} ${dimensionOperatorText(filter.dimension, filter.operator)} ${filter.values.join(', ')}`;
  }
  const metric = byId.get(filter.metric);
  const op = METRIC_OPERATORS.find((o) => o.id === filter.operator)?.text ?? filter.operator;
  const value = metric ? formatMetricValue(filter.value, metric.format, currency) : String(filter.value);
  return `${metric?.label ?? filter.metric} ${op} ${value}`;
}

interface Props {
  filters: readonly ReportFilter[];
  metrics: readonly MetricInfo[];
  byId: ReadonlyMap<string, MetricInfo>;
  currency: string;
  onChange: (filters: ReportFilter[]) => void;
}

export function FilterBar({ filters, metrics, byId, currency, onChange }: Props) {
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  return (
    <div className="rp-filters" data-testid="filter-bar">
      <span className="rp-filters-label">Filters</span>
      {filters.length === 0 && <span className="rp-filters-none">All delivery</span>}
      {filters.map((filter, index) => (
        <span key={index} className="rp-chip" data-testid="filter-chip">
          <FilterEditor
            open={editing === index}
            onOpenChange={(open) => setEditing(open ? index : null)}
            initial={filter}
            metrics={metrics}
            byId={byId}
            trigger={describeFilter(filter, byId, currency)}
            onSave={(next) => {
              setEditing(null);
              onChange(filters.map((f, i) => (i === index ? next : f)));
            }}
          />
          <button
            type="button"
            className="rp-chip-remove"
            aria-label={`Remove filter ${describeFilter(filter, byId, currency)}`}
            onClick={() => onChange(filters.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </span>
      ))}
      {filters.length < 20 && (
        <FilterEditor
          open={editing === 'new'}
          onOpenChange={(open) => setEditing(open ? 'new' : null)}
          initial={undefined}
          metrics={metrics}
          byId={byId}
          trigger="+ Add filter"
          onSave={(next) => {
            setEditing(null);
            onChange([...filters, next]);
          }}
        />
      )}
    </div>
  );
}

interface EditorProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  initial: ReportFilter | undefined;
  metrics: readonly MetricInfo[];
  byId: ReadonlyMap<string, MetricInfo>;
  trigger: string;
  onSave: (filter: ReportFilter) => void;
}

function FilterEditor({ open, onOpenChange, initial, metrics, byId, trigger, onSave }: EditorProps) {
  return (
    <Popover
      open={open}
      onOpenChange={onOpenChange}
      label={initial ? 'Change filter' : 'Add a filter'}
      className="rp-filter-pop"
      trigger={(props) => (
        <button
          type="button"
          className={initial ? 'rp-chip-text' : 'button button-small'}
          data-testid={initial ? undefined : 'add-filter'}
          aria-haspopup="dialog"
          {...props}
        >
          {trigger}
        </button>
      )}
    >
      {open && (
        <FilterForm
          initial={initial}
          metrics={metrics}
          byId={byId}
          onSave={onSave}
          onCancel={() => onOpenChange(false)}
        />
      )}
    </Popover>
  );
}

/** Percent metrics are typed as percent (2 = 2 %), stored as fractions like every ratio. */
const scaleOf = (metric: MetricInfo | undefined) => (metric?.format === 'percent' ? 100 : 1);

function FilterForm({
  initial,
  metrics,
  byId,
  onSave,
  onCancel,
}: Omit<EditorProps, 'open' | 'onOpenChange' | 'trigger'> & { onCancel: () => void }) {
  const [field, setField] = useState(
    initial ? ('dimension' in initial ? `d:${initial.dimension}` : `m:${initial.metric}`) : 'd:campaign',
  );
  const [operator, setOperator] = useState<string>(initial?.operator ?? 'contains');
  const [text, setText] = useState(() => {
    if (!initial) return '';
    if ('dimension' in initial) return initial.values.join(', ');
    return String(initial.value * scaleOf(byId.get(initial.metric)));
  });
  const [error, setError] = useState<string | null>(null);
  const isDimension = field.startsWith('d:');
  const id = field.slice(2);
  const metric = isDimension ? undefined : byId.get(id);

  const changeField = (next: string) => {
    setField(next);
    setError(null);
    // The operator list differs between dimensions and metrics: start from its first entry.
    if (next.startsWith('d:') !== isDimension) setOperator(next.startsWith('d:') ? 'contains' : 'gt');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isDimension) {
      const values = text
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length === 0) return setError('Enter at least one value.');
      const dimension = DimensionSchema.parse(id);
      onSave({ dimension, operator: operator as DimensionOperator, values });
      return;
    }
    const value = Number(text.replace(/[,\s%]/g, ''));
    if (text.trim() === '' || !Number.isFinite(value)) return setError('Enter a number.');
    onSave({ metric: id, operator: operator as MetricOperator, value: value / scaleOf(metric) });
  };

  return (
    <form className="rp-filter-form" onSubmit={submit} noValidate data-testid="filter-form">
      <label className="field">
        <span>Field</span>
        <select value={field} onChange={(e) => changeField(e.target.value)} name="field">
          <optgroup label="Dimensions">
            {DimensionSchema.options.map((d) => (
              <option key={d} value={`d:${d}`}>
                {DIMENSION_LABEL[d]}
              </option>
            ))}
          </optgroup>
          <optgroup label="Metrics">
            {metrics.map((m) => (
              <option key={m.id} value={`m:${m.id}`}>
                {m.label}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="field">
        <span>Condition</span>
        <select value={operator} onChange={(e) => setOperator(e.target.value)} name="operator">
          {isDimension
            ? (['contains', 'in', 'not_in'] as const).map((op) => (
                <option key={op} value={op}>
                  {dimensionOperatorText(DimensionSchema.parse(id), op)}
                </option>
              ))
            : METRIC_OPERATORS.map((op) => (
                <option key={op.id} value={op.id}>
                  {op.text}
                </option>
              ))}
        </select>
      </label>
      <label className="field">
        <span>
          {isDimension
            ? operator === 'contains'
              ? 'Text'
              : 'Values, separated by commas'
            : metric?.format === 'percent'
              ? 'Value in %'
              : metric?.format === 'money'
                ? 'Amount'
                : 'Value'}
        </span>
        <input
          name="value"
          value={text}
          inputMode={isDimension ? 'text' : 'decimal'}
          onChange={(e) => setText(e.target.value)}
          autoFocus
        />
      </label>
      <div className="field-error" role={error ? 'alert' : undefined}>
        {error}
      </div>
      <div className="custom-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" data-testid="filter-apply">
          Apply
        </button>
      </div>
    </form>
  );
}
