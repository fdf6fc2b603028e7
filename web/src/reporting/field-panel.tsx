// The left panel of the data lab: what the report is broken down by and which metrics it shows. One search
// box filters both lists; metrics are grouped by funnel act, the advertiser's custom columns last. Arrow
// keys move between the boxes, Enter in the search box picks the first match.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { ReportDimension } from '../../../src/shared/reports-api.ts';
import { MetricInfoIcon } from '../components/metric-term.tsx';
import { DIMENSION_GROUPS, DIMENSION_LABEL } from './dimensions.ts';
import { MAX_DIMENSIONS, MAX_METRICS } from './report-state.ts';

const ACTS: { id: MetricInfo['act'] | 'custom'; label: string }[] = [
  { id: 'awareness', label: 'Awareness' },
  { id: 'consideration', label: 'Consideration' },
  { id: 'conversion', label: 'Conversion' },
  { id: 'custom', label: 'Custom columns' },
];

interface Props {
  metrics: readonly MetricInfo[];
  dimensions: readonly ReportDimension[];
  chosen: readonly string[];
  onDimensions: (next: ReportDimension[]) => void;
  onMetrics: (next: string[]) => void;
  canWrite: boolean;
  onNewColumn: () => void;
  onEditColumn: (id: string) => void;
}

const matches = (query: string, ...texts: string[]) =>
  !query || texts.some((text) => text.toLowerCase().includes(query));

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function FieldPanel(props: Props) {
  const { metrics, dimensions, chosen, onDimensions, onMetrics, canWrite, onNewColumn, onEditColumn } = props;
  const [search, setSearch] = useState('');
  const panel = useRef<HTMLDivElement>(null);
  const query = search.trim().toLowerCase();

  const boxes = () => Array.from(panel.current?.querySelectorAll<HTMLInputElement>('.rp-field input') ?? []);

  const onListKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const all = boxes();
    const index = all.indexOf(document.activeElement as HTMLInputElement);
    const next = event.key === 'ArrowDown' ? index + 1 : index - 1;
    event.preventDefault();
    if (next < 0) panel.current?.querySelector<HTMLInputElement>('[data-testid=field-search]')?.focus();
    else all[Math.min(next, all.length - 1)]?.focus();
  };

  const onSearchKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      boxes()[0]?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      boxes()[0]?.click();
    } else if (event.key === 'Escape' && search) {
      event.preventDefault();
      setSearch('');
    }
  };

  const dimensionGroups = DIMENSION_GROUPS.map((group) => ({
    ...group,
    dimensions: group.dimensions.filter((d) => matches(query, DIMENSION_LABEL[d], d)),
  })).filter((group) => group.dimensions.length > 0);
  const fullDims = dimensions.length >= MAX_DIMENSIONS;
  const fullMetrics = chosen.length >= MAX_METRICS;

  return (
    <aside className="rp-fields" ref={panel} aria-label="Dimensions and metrics" data-testid="field-panel">
      <input
        type="search"
        className="rp-search"
        placeholder="Search dimensions and metrics"
        aria-label="Search dimensions and metrics"
        data-testid="field-search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={onSearchKey}
      />
      <div className="rp-field-lists" onKeyDown={onListKey}>
        {dimensionGroups.length > 0 && (
          <section className="rp-field-section" aria-labelledby="rp-dims-title">
            <h2 id="rp-dims-title" className="rp-section-title">
              Dimensions{' '}
              <span className="rp-count">
                {dimensions.length}/{MAX_DIMENSIONS}
              </span>
            </h2>
            {dimensionGroups.map((group) => (
              <fieldset key={group.label} className="rp-group">
                <legend>{group.label}</legend>
                {group.dimensions.map((d) => {
                  const checked = dimensions.includes(d);
                  return (
                    <label
                      key={d}
                      className={!checked && fullDims ? 'rp-field rp-field-disabled' : 'rp-field'}
                      data-dimension={d}
                    >
                      <input
                        type="checkbox"
                        checked={checked}
                        disabled={!checked && fullDims}
                        onChange={() => onDimensions(toggle(dimensions, d))}
                      />
                      <span className="ellipsis">{DIMENSION_LABEL[d]}</span>
                    </label>
                  );
                })}
              </fieldset>
            ))}
          </section>
        )}
        <section className="rp-field-section" aria-labelledby="rp-metrics-title">
          <h2 id="rp-metrics-title" className="rp-section-title">
            Metrics <span className="rp-count">{chosen.length}</span>
          </h2>
          {ACTS.map((act) => {
            const list = metrics.filter(
              (m) =>
                (act.id === 'custom' ? m.kind === 'custom' : m.kind !== 'custom' && m.act === act.id) &&
                matches(query, m.label, m.id),
            );
            if (list.length === 0 && (act.id !== 'custom' || query)) return null;
            return (
              <fieldset key={act.id} className="rp-group" data-act={act.id}>
                <legend>{act.label}</legend>
                {list.map((m) => {
                  const checked = chosen.includes(m.id);
                  return (
                    <div key={m.id} className="rp-field-row">
                      <label
                        className={
                          (checked && chosen.length === 1) || (!checked && fullMetrics)
                            ? 'rp-field rp-field-disabled'
                            : 'rp-field'
                        }
                        data-metric={m.id}
                      >
                        <input
                          type="checkbox"
                          checked={checked}
                          // The last metric stays: a report needs at least one.
                          disabled={(checked && chosen.length === 1) || (!checked && fullMetrics)}
                          onChange={() => onMetrics(toggle(chosen, m.id))}
                        />
                        <span className="ellipsis">{m.label}</span>
                      </label>
                      <MetricInfoIcon metric={m} />
                      {m.kind === 'custom' && canWrite && (
                        <button
                          type="button"
                          className="rp-icon-button"
                          aria-label={`Edit ${m.label}`}
                          data-testid="edit-column"
                          onClick={() => onEditColumn(m.id)}
                        >
                          <PencilIcon />
                        </button>
                      )}
                    </div>
                  );
                })}
                {act.id === 'custom' && list.length === 0 && (
                  <p className="rp-hint">Formulas over the metrics above, shared with the team.</p>
                )}
              </fieldset>
            );
          })}
          {canWrite && (
            <button
              type="button"
              className="button button-small rp-new-column"
              data-testid="new-column"
              onClick={onNewColumn}
            >
              + New custom column
            </button>
          )}
        </section>
      </div>
    </aside>
  );
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
      <path
        d="M11 2.5l2.5 2.5L6 12.5 3 13l.5-3z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinejoin="round"
      />
    </svg>
  );
}
