// The frame of the three create forms beside the list: a title, the fields, a line for a problem the
// server did not tie to a shown field, and the buttons. Escape closes it (unless a popover is open).
import { type FormEvent, type ReactNode, useEffect, useId } from 'react';

interface Props {
  title: string;
  subtitle: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  pending: boolean;
  /** Problems to show above the buttons (already in words). */
  problems: readonly string[];
  children: ReactNode;
  /** Replaces the buttons, e.g. once a file has been imported. */
  footer?: ReactNode;
  testId: string;
}

export function AudienceFormShell({
  title,
  subtitle,
  onClose,
  onSubmit,
  submitLabel,
  pending,
  problems,
  children,
  footer,
  testId,
}: Props) {
  const titleId = useId();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !document.querySelector('.popover')) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside className="cr-detail panel au-aside au-form" aria-labelledby={titleId} data-testid={testId}>
      <header className="cr-detail-head">
        <div>
          <h2 id={titleId}>{title}</h2>
          <p className="au-subtitle">{subtitle}</p>
        </div>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <form
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          if (!pending) onSubmit();
        }}
      >
        {children}
        {problems.length > 0 && (
          <div className="cr-refusal" role="alert" data-testid="form-problems">
            {problems.length === 1 ? (
              problems[0]
            ) : (
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="au-form-actions">
          {footer ?? (
            <>
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              <button type="submit" className="button button-primary" disabled={pending}>
                {pending ? 'Working…' : submitLabel}
              </button>
            </>
          )}
        </div>
      </form>
    </aside>
  );
}
