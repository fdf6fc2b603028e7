// The side panel that holds a create or edit form beside the table: a title, the steps of the create
// flow (Campaign → Ad group → Ad), the form, and its buttons at the bottom. Escape closes it.
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { ApiError, fieldErrors } from '../api/client.ts';
import { FormMessage } from '../components/form.tsx';
import type { FormKind } from './campaigns-view.ts';
import { unplacedErrors } from './fields.tsx';

const STEPS: { kind: FormKind; label: string }[] = [
  { kind: 'campaign', label: 'Campaign' },
  { kind: 'adgroup', label: 'Ad group' },
  { kind: 'ad', label: 'Ad' },
];

interface Props {
  kind: FormKind;
  mode: 'create' | 'edit';
  title: string;
  subtitle?: ReactNode;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  /** Fields this form shows, so a server message for another field is still shown on top. */
  fields: readonly string[];
  /** Beside the form (the ad's preview). */
  aside?: ReactNode;
  children: ReactNode;
  wide?: boolean;
  loading?: boolean;
}

export function SidePanel({
  kind,
  mode,
  title,
  subtitle,
  onClose,
  onSubmit,
  submitLabel,
  pending,
  error,
  fields,
  aside,
  children,
  wide,
  loading,
}: Props) {
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.key === 'Escape' &&
        !event.defaultPrevented &&
        !document.querySelector('.popover, .budget-editor')
      )
        onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled])')?.focus();
  }, [kind, mode, loading]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };

  const errors = fieldErrors(error);
  const extra = unplacedErrors(errors, fields);
  const placed = Object.keys(errors).length - extra.length;
  let message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : null;
  // Every problem sits beside its field: say where to look rather than repeat the first one.
  if (message && placed > 0 && extra.length === 0)
    message = placed === 1 ? 'Check the field marked in red.' : `Check the ${placed} fields marked in red.`;
  const forbidden = error instanceof ApiError && (error.status === 403 || error.status === 404);

  return (
    <aside
      ref={panel}
      className={`side-panel ${wide ? 'side-panel-wide' : ''}`}
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid="side-panel"
      data-kind={kind}
      data-mode={mode}
    >
      <header className="side-panel-head">
        <div className="side-panel-titles">
          {mode === 'create' && (
            <ol className="steps" aria-label="Steps">
              {STEPS.map((step, i) => (
                <li
                  key={step.kind}
                  className={
                    step.kind === kind
                      ? 'step step-current'
                      : STEPS.findIndex((s) => s.kind === kind) > i
                        ? 'step step-done'
                        : 'step'
                  }
                  aria-current={step.kind === kind ? 'step' : undefined}
                >
                  <span className="step-number">{i + 1}</span>
                  {step.label}
                </li>
              ))}
            </ol>
          )}
          <h2 id={titleId}>{title}</h2>
          {subtitle && <div className="side-panel-subtitle">{subtitle}</div>}
        </div>
        <button
          type="button"
          className="icon-button side-panel-close"
          onClick={onClose}
          aria-label="Close"
          data-testid="panel-close"
        >
          ×
        </button>
      </header>
      <form className="side-panel-form" onSubmit={submit} noValidate>
        <div className="side-panel-scroll">
          <div className="side-panel-body">
            <div className="side-panel-fields">{children}</div>
            {aside && <div className="side-panel-aside">{aside}</div>}
          </div>
        </div>
        <footer className="side-panel-foot">
          {message && (
            <FormMessage tone="error" testId="form-error">
              {forbidden ? 'You may not change this advertiser’s campaigns.' : message}
              {extra.length > 0 && (
                <ul className="error-details">
                  {extra.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
            </FormMessage>
          )}
          <div className="side-panel-buttons">
            <button
              type="submit"
              className="button button-primary"
              disabled={pending || loading}
              data-testid="form-submit"
            >
              {pending ? 'Saving…' : submitLabel}
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </footer>
      </form>
    </aside>
  );
}

/** A titled group of fields inside a form. */
export function FormSection({
  title,
  note,
  children,
}: {
  title: string;
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="form-section">
      <h3>{title}</h3>
      {note && <p className="form-section-note">{note}</p>}
      {children}
    </section>
  );
}

/** "Set when it was created" for create-only fields in an edit form. */
export const CREATE_ONLY = 'Set when it was created; TikTok does not allow changing it.';
