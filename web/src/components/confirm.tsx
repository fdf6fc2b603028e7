// A button for something that cannot be undone: the click opens a small question beside it, and only
// its own button does the thing. Enter confirms (the confirm button has focus), Escape cancels.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Popover } from './popover.tsx';

interface Props {
  /** The trigger's text, e.g. "Revoke". */
  label: string;
  /** The question, e.g. "Revoke the token “CI”?" */
  question: ReactNode;
  /** What follows, in a sentence. */
  consequence?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  disabled?: boolean;
  testId?: string;
  className?: string;
}

export function ConfirmAction({
  label,
  question,
  consequence,
  confirmLabel,
  onConfirm,
  pending,
  disabled,
  testId,
  className,
}: Props) {
  const [open, setOpen] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) confirmButton.current?.focus();
  }, [open]);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="right"
      label={typeof question === 'string' ? question : label}
      className="confirm-pop"
      trigger={(props) => (
        <button
          type="button"
          className={`button button-small ${className ?? ''}`}
          data-testid={testId}
          disabled={disabled || pending}
          aria-haspopup="dialog"
          {...props}
        >
          {pending ? `${label}…` : label}
        </button>
      )}
    >
      <div className="confirm-question">{question}</div>
      {consequence && <div className="confirm-consequence">{consequence}</div>}
      <div className="confirm-actions">
        <button type="button" className="button button-small" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <button
          ref={confirmButton}
          type="button"
          className="button button-small button-danger"
          data-testid={testId ? `${testId}-confirm` : undefined}
          onClick={() => {
            setOpen(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Popover>
  );
}
