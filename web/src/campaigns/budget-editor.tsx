// A row's budget and, for editors, its inline editor: type a new amount or move it by 20 % either way
// ("move more budget to the winner"). The editor opens over the table (table cells clip their content),
// Enter saves, Escape closes.
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import type { BudgetMode } from '../../../src/core/enums.ts';
import { fieldErrors } from '../api/client.ts';
import { formatMetricValue } from '../lib/format.ts';
import { BUDGET_MODE_LABEL, scaleBudget } from './labels.ts';

interface Props {
  name: string;
  mode: BudgetMode;
  budget: number | null;
  currency: string;
  editable: boolean;
  busy: boolean;
  onSave: (budget: number) => Promise<unknown>;
}

export function BudgetCell({ name, mode, budget, currency, editable, busy, onSave }: Props) {
  const [anchor, setAnchor] = useState<HTMLButtonElement | null>(null);
  if (budget === null || mode === 'BUDGET_MODE_INFINITE') {
    return (
      <span className="et-two-line">
        <span className="cell-muted">No limit</span>
        <span className="cell-sub">{mode === 'BUDGET_MODE_INFINITE' ? 'Set on the ad groups' : ''}</span>
      </span>
    );
  }
  const text = formatMetricValue(budget, 'money', currency);
  const body = (
    <span className="et-two-line">
      <span data-testid="row-budget">{text}</span>
      <span className="cell-sub">{BUDGET_MODE_LABEL[mode]}</span>
    </span>
  );
  if (!editable) return body;
  return (
    <>
      <button
        type="button"
        className={`et-budget-button ${busy ? 'et-busy' : ''}`}
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="dialog"
        aria-expanded={!!anchor}
        aria-label={`Budget of ${name}: ${text} ${BUDGET_MODE_LABEL[mode].toLowerCase()}. Change`}
        data-testid="budget-edit"
      >
        {body}
        <svg className="et-budget-pen" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
          <path
            d="M11.2 2.3l2.5 2.5-7.9 7.9-3.1.6.6-3.1z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
          />
        </svg>
      </button>
      {anchor && (
        <BudgetEditor
          anchor={anchor}
          name={name}
          mode={mode}
          budget={budget}
          currency={currency}
          onClose={() => {
            anchor.focus();
            setAnchor(null);
          }}
          onSave={onSave}
        />
      )}
    </>
  );
}

function BudgetEditor({
  anchor,
  name,
  mode,
  budget,
  currency,
  onClose,
  onSave,
}: {
  anchor: HTMLElement;
  name: string;
  mode: BudgetMode;
  budget: number;
  currency: string;
  onClose: () => void;
  onSave: (budget: number) => Promise<unknown>;
}) {
  const box = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(String(budget));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const rect = anchor.getBoundingClientRect();
    const width = 280;
    setPosition({
      top: Math.min(rect.bottom + 4, window.innerHeight - 180),
      left: Math.min(Math.max(8, rect.left), window.innerWidth - width - 8),
    });
    input.current?.select();
  }, [anchor]);

  useEffect(() => {
    const onPointer = (event: MouseEvent) => {
      if (
        box.current &&
        !box.current.contains(event.target as Node) &&
        !anchor.contains(event.target as Node)
      )
        onClose();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [anchor, onClose]);

  const save = async (next: number) => {
    if (!Number.isFinite(next) || next <= 0) {
      setError('Enter an amount above zero.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSave(next);
      onClose();
    } catch (e) {
      setError(fieldErrors(e).budget ?? (e instanceof Error ? e.message : 'The budget could not be saved.'));
      setSaving(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(Number(value.replace(/,/g, '')));
  };

  const quick = (factor: number) => {
    const next = scaleBudget(Number(value.replace(/,/g, '')) || budget, factor);
    setValue(String(next));
    void save(next);
  };

  return createPortal(
    <form
      ref={box}
      className="budget-editor"
      role="dialog"
      aria-label={`Budget of ${name}`}
      style={position ? { top: position.top, left: position.left } : { visibility: 'hidden' }}
      onSubmit={submit}
      data-testid="budget-editor"
    >
      <label className="budget-editor-label" htmlFor="budget-editor-input">
        {BUDGET_MODE_LABEL[mode]} budget ({currency})
      </label>
      <div className="budget-editor-row">
        <input
          id="budget-editor-input"
          ref={input}
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          disabled={saving}
          data-testid="budget-input"
        />
        <button
          type="submit"
          className="button button-small button-primary"
          disabled={saving}
          data-testid="budget-save"
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div className="budget-editor-row">
        <button
          type="button"
          className="button button-small"
          disabled={saving}
          onClick={() => quick(0.8)}
          data-testid="budget-minus"
        >
          −20 %
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={saving}
          onClick={() => quick(1.2)}
          data-testid="budget-plus"
        >
          +20 %
        </button>
        <span className="budget-editor-now">now {formatMetricValue(budget, 'money', currency)}</span>
      </div>
      <div
        className={error ? 'form-note form-note-error' : 'form-note'}
        role={error ? 'alert' : undefined}
        data-field-error={error ? 'budget' : undefined}
      >
        {error}
      </div>
    </form>,
    document.body,
  );
}
