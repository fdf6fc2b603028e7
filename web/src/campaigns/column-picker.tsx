// Columns: pick a column set (four built in, plus the person's own), or choose metrics by funnel act, put
// them in order (drag, or the arrow buttons, or Alt+↑/↓ on a column) and save them as a named set. The set
// chosen last is remembered on the server for this person; unsaved columns live in the URL.
import { useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import type { MetricInfo } from '../../../src/shared/api.ts';
import type { ColumnSets } from '../../../src/shared/campaigns-api.ts';
import { fieldErrors } from '../api/client.ts';
import { useMetricCatalog } from '../app/metric-catalog.tsx';
import { Chevron } from '../app/advertiser-switcher.tsx';
import { Popover } from '../components/popover.tsx';
import { MetricInfoIcon } from '../components/metric-term.tsx';

const ACTS: { id: MetricInfo['act']; label: string }[] = [
  { id: 'awareness', label: 'Awareness' },
  { id: 'consideration', label: 'Consideration' },
  { id: 'conversion', label: 'Conversion' },
];

const MAX_COLUMNS = 60;

interface Props {
  sets: ColumnSets | undefined;
  /** The metrics on screen now. */
  current: readonly string[];
  /** True when the columns on screen are not a saved set (chosen here, kept in the URL). */
  custom: boolean;
  onChooseSet: (name: string) => void;
  onApply: (metrics: string[]) => void;
  onSave: (name: string, metrics: string[]) => Promise<unknown>;
  onDelete: (name: string) => void;
  busy: boolean;
}

export function ColumnPicker({ sets, current, custom, onChooseSet, onApply, onSave, onDelete, busy }: Props) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<string[]>([...current]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [filter, setFilter] = useState('');
  const { list, byId } = useMetricCatalog();

  const openChange = (next: boolean) => {
    if (next) {
      setDraft([...current]);
      setName('');
      setError(null);
      setFilter('');
    }
    setOpen(next);
  };

  const chosen = custom ? 'Custom' : (sets?.chosen ?? '…');
  const toggle = (id: string, on: boolean) =>
    setDraft((d) =>
      on ? (d.includes(id) || d.length >= MAX_COLUMNS ? d : [...d, id]) : d.filter((x) => x !== id),
    );
  const move = (from: number, to: number) =>
    setDraft((d) => {
      if (to < 0 || to >= d.length || from === to) return d;
      const next = [...d];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item!);
      return next;
    });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Give the set a name.');
      return;
    }
    if (sets?.sets.some((s) => s.builtin && s.name.toLowerCase() === trimmed.toLowerCase())) {
      setError('A built-in set has this name; choose another.');
      return;
    }
    if (draft.length === 0) {
      setError('Choose at least one column.');
      return;
    }
    try {
      await onSave(trimmed, draft);
      setOpen(false);
    } catch (e) {
      const fields = fieldErrors(e);
      setError(
        fields.name ?? fields.metrics ?? (e instanceof Error ? e.message : 'The set could not be saved.'),
      );
    }
  };

  const query = filter.trim().toLowerCase();
  const shown = (act: MetricInfo['act']) =>
    list.filter(
      (m) => m.act === act && (!query || m.label.toLowerCase().includes(query) || m.id.includes(query)),
    );

  return (
    <Popover
      open={open}
      onOpenChange={openChange}
      align="right"
      label="Columns"
      className="columns-menu"
      trigger={(props) => (
        <button
          type="button"
          className="button toolbar-button"
          data-testid="columns-button"
          aria-haspopup="dialog"
          {...props}
        >
          Columns: <span className="columns-chosen">{chosen}</span>
          <Chevron />
        </button>
      )}
    >
      <div className="columns-body">
        <section className="columns-sets" aria-label="Column sets">
          <div className="columns-heading">Column sets</div>
          <ul className="columns-set-list">
            {(sets?.sets ?? []).map((set) => {
              const selected = !custom && sets?.chosen === set.name;
              return (
                <li key={set.name} className="columns-set-item">
                  <button
                    type="button"
                    className={selected ? 'preset preset-selected' : 'preset'}
                    aria-pressed={selected}
                    onClick={() => {
                      setOpen(false);
                      onChooseSet(set.name);
                    }}
                    data-testid="column-set"
                    data-set={set.name}
                  >
                    <span className="ellipsis">{set.name}</span>
                    <span className="preset-dates">
                      {set.builtin ? 'Built in' : `${set.metrics.length} columns`}
                    </span>
                  </button>
                  {!set.builtin && (
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Delete the set ${set.name}`}
                      title="Delete this set"
                      onClick={() => onDelete(set.name)}
                      disabled={busy}
                      data-testid="column-set-delete"
                    >
                      ×
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>

        <section className="columns-catalog" aria-label="Available metrics">
          <div className="columns-heading">
            Metrics
            <input
              type="search"
              className="columns-search"
              placeholder="Find a metric"
              aria-label="Find a metric"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </div>
          <div className="columns-acts">
            {ACTS.map((act) => {
              const metrics = shown(act.id);
              if (metrics.length === 0) return null;
              return (
                <fieldset key={act.id} className="columns-act">
                  <legend>{act.label}</legend>
                  {metrics.map((metric) => (
                    <label key={metric.id} className="check columns-check">
                      <input
                        type="checkbox"
                        checked={draft.includes(metric.id)}
                        onChange={(e) => toggle(metric.id, e.target.checked)}
                        data-testid="column-option"
                        data-metric={metric.id}
                      />
                      <span className="ellipsis">{metric.label}</span>
                      <MetricInfoIcon metric={metric} />
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
        </section>

        <section className="columns-order" aria-label="Chosen columns in order">
          <div className="columns-heading">
            In this order <span className="checklist-count">{draft.length}</span>
          </div>
          <ol className="columns-order-list" data-testid="column-order">
            {draft.map((id, index) => {
              const label = byId.get(id)?.label ?? id;
              const keys = (event: KeyboardEvent<HTMLLIElement>) => {
                if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
                  event.preventDefault();
                  move(index, index + (event.key === 'ArrowUp' ? -1 : 1));
                }
              };
              return (
                <li
                  key={id}
                  className={`columns-order-item ${dragging === index ? 'columns-dragging' : ''}`}
                  draggable
                  tabIndex={0}
                  aria-label={`${label}, column ${index + 1} of ${draft.length}`}
                  onDragStart={(e: DragEvent<HTMLLIElement>) => {
                    setDragging(index);
                    e.dataTransfer.effectAllowed = 'move';
                    e.dataTransfer.setData('text/plain', id);
                  }}
                  onDragOver={(e) => {
                    e.preventDefault();
                    if (dragging !== null && dragging !== index) {
                      move(dragging, index);
                      setDragging(index);
                    }
                  }}
                  onDragEnd={() => setDragging(null)}
                  onDrop={(e) => e.preventDefault()}
                  onKeyDown={keys}
                  data-metric={id}
                >
                  <span className="drag-grip" aria-hidden="true">
                    ⋮⋮
                  </span>
                  <span className="ellipsis columns-order-label">{label}</span>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${label} up`}
                    disabled={index === 0}
                    onClick={() => move(index, index - 1)}
                    data-testid="column-up"
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${label} down`}
                    disabled={index === draft.length - 1}
                    onClick={() => move(index, index + 1)}
                    data-testid="column-down"
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${label}`}
                    onClick={() => toggle(id, false)}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ol>
          <div className="columns-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={draft.length === 0}
              onClick={() => {
                setOpen(false);
                onApply(draft);
              }}
              data-testid="columns-apply"
            >
              Apply
            </button>
            <span className="columns-hint">Drag, or use ↑ ↓ (Alt+↑/↓ on a column)</span>
          </div>
          <form className="columns-save" onSubmit={save} noValidate>
            <label htmlFor="column-set-name">Save these columns as a set</label>
            <div className="columns-save-row">
              <input
                id="column-set-name"
                value={name}
                maxLength={60}
                placeholder="e.g. Morning check"
                onChange={(e) => setName(e.target.value)}
                aria-invalid={error ? true : undefined}
                data-testid="column-set-name"
              />
              <button type="submit" className="button" disabled={busy} data-testid="column-set-save">
                Save set
              </button>
            </div>
            <div
              className={error ? 'form-note form-note-error' : 'form-note'}
              role={error ? 'alert' : undefined}
            >
              {error ?? 'Saving a set with an existing name replaces it.'}
            </div>
          </form>
        </section>
      </div>
    </Popover>
  );
}
