// The report's filters as chips: each says what it keeps in words and can be removed or changed; "Add
// filter" opens a small form (a dimension with its values, or a metric against a number).
import { useState, type FormEvent } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type {
  DimensionFilter,
  ReportDimension,
  ReportFilter,
  ReportQueryRequest,
} from '../../../src/shared/reports-api.ts';
import { ReportDimension as DimensionSchema } from '../../../src/shared/reports-api.ts';
import { Popover } from '../components/popover.tsx';
import { formatMetricValue } from '../lib/format.ts';
import { DIMENSION_LABEL, ENTITY_DIMENSIONS, displayValue } from './dimensions.ts';
import { ValuesPicker, useDimensionValues } from './filter-values.tsx';

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
  if (operator === 'contains') return ENTITY_DIMENSIONS.has(dimension) ? 'name contains' : 'contains';
  return operator === 'in' ? 'is any of' : 'is none of';
}

/** In words; `names` turns ids into names (campaigns, ad groups, ads) where they are known. */
export function describeFilter(
  filter: ReportFilter,
  byId: ReadonlyMap<string, MetricInfo>,
  currency: string,
  names?: ReadonlyMap<string, string>,
) {
  if ('dimension' in filter) {
    const values =
      filter.operator === 'contains'
        ? filter.values.map((v) => `“${v}”`)
        : filter.values.map((v) => names?.get(v) ?? displayValue(filter.dimension, v));
    return `${DIMENSION_LABEL[filter.dimension]} ${dimensionOperatorText(filter.dimension, filter.operator)} ${values.join(', ')}`;
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
  /** The question that lists a dimension's values, for the pickers and the chips' names. */
  valuesRequest: (dimension: ReportDimension) => ReportQueryRequest;
}

/** A chip's text, with the names of the values it keeps once they are known. */
function useFilterText(
  filter: ReportFilter,
  byId: ReadonlyMap<string, MetricInfo>,
  currency: string,
  valuesRequest: Props['valuesRequest'],
): string {
  const listed = 'dimension' in filter && filter.operator !== 'contains' ? filter.dimension : undefined;
  const { values } = useDimensionValues(listed ? valuesRequest(listed) : undefined);
  const names = values ? new Map(values.map((v) => [v.value, v.text])) : undefined;
  return describeFilter(filter, byId, currency, names);
}

function FilterChip({
  filter,
  byId,
  currency,
  valuesRequest,
  children,
}: Pick<Props, 'byId' | 'currency' | 'valuesRequest'> & {
  filter: ReportFilter;
  children: (text: string) => React.ReactNode;
}) {
  return <>{children(useFilterText(filter, byId, currency, valuesRequest))}</>;
}

export function FilterBar({ filters, metrics, byId, currency, onChange, valuesRequest }: Props) {
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  return (
    <div className="rp-filters" data-testid="filter-bar">
      <span className="rp-filters-label">Filters</span>
      {filters.length === 0 && <span className="rp-filters-none">All delivery</span>}
      {filters.map((filter, index) => (
        <FilterChip key={index} filter={filter} byId={byId} currency={currency} valuesRequest={valuesRequest}>
          {(text) => (
            <span className="rp-chip" data-testid="filter-chip">
              <FilterEditor
                open={editing === index}
                onOpenChange={(open) => setEditing(open ? index : null)}
                initial={filter}
                metrics={metrics}
                byId={byId}
                valuesRequest={valuesRequest}
                trigger={text}
                onSave={(next) => {
                  setEditing(null);
                  onChange(filters.map((f, i) => (i === index ? next : f)));
                }}
              />
              <button
                type="button"
                className="rp-chip-remove"
                aria-label={`Remove filter ${text}`}
                onClick={() => onChange(filters.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </span>
          )}
        </FilterChip>
      ))}
      {filters.length < 20 && (
        <FilterEditor
          open={editing === 'new'}
          onOpenChange={(open) => setEditing(open ? 'new' : null)}
          initial={undefined}
          metrics={metrics}
          byId={byId}
          valuesRequest={valuesRequest}
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
  valuesRequest: Props['valuesRequest'];
  trigger: string;
  onSave: (filter: ReportFilter) => void;
}

function FilterEditor({
  open,
  onOpenChange,
  initial,
  metrics,
  byId,
  valuesRequest,
  trigger,
  onSave,
}: EditorProps) {
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
          valuesRequest={valuesRequest}
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
  valuesRequest,
  onSave,
  onCancel,
}: Omit<EditorProps, 'open' | 'onOpenChange' | 'trigger'> & { onCancel: () => void }) {
  const [field, setField] = useState(
    initial ? ('dimension' in initial ? `d:${initial.dimension}` : `m:${initial.metric}`) : 'd:campaign',
  );
  const [operator, setOperator] = useState<string>(initial?.operator ?? 'in');
  const [text, setText] = useState(() => {
    if (!initial) return '';
    if ('dimension' in initial) return initial.operator === 'contains' ? (initial.values[0] ?? '') : '';
    return String(initial.value * scaleOf(byId.get(initial.metric)));
  });
  const [picked, setPicked] = useState<string[]>(() =>
    initial && 'dimension' in initial && initial.operator !== 'contains' ? initial.values : [],
  );
  const [error, setError] = useState<string | null>(null);
  const isDimension = field.startsWith('d:');
  const id = field.slice(2);
  const metric = isDimension ? undefined : byId.get(id);

  const picking = isDimension && operator !== 'contains';

  const changeField = (next: string) => {
    setField(next);
    setError(null);
    // Values picked for one dimension mean nothing for another.
    setPicked([]);
    // The operator list differs between dimensions and metrics: start from its first entry.
    if (next.startsWith('d:') !== isDimension) setOperator(next.startsWith('d:') ? 'in' : 'gt');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isDimension) {
      const dimension = DimensionSchema.parse(id);
      const values = picking ? picked : [text.trim()].filter(Boolean);
      if (values.length === 0) return setError(picking ? 'Pick at least one value.' : 'Enter a text.');
      onSave({ dimension, operator: operator as DimensionFilter['operator'], values });
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
            ? (['in', 'not_in', 'contains'] as const).map((op) => (
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
      {picking ? (
        <ValuesPicker
          dimension={DimensionSchema.parse(id)}
          request={valuesRequest(DimensionSchema.parse(id))}
          picked={picked}
          onPicked={(values) => {
            setPicked(values);
            setError(null);
          }}
        />
      ) : (
        <label className="field">
          <span>
            {isDimension
              ? ENTITY_DIMENSIONS.has(DimensionSchema.parse(id))
                ? 'Part of the name'
                : 'Text'
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
      )}
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
