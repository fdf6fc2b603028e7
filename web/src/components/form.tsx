// Form fields with their label and one line below for the hint or the error. The line is always there,
// so an error appearing does not push the form around.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  name: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}

export function TextField({
  label,
  name,
  value,
  onValue,
  error,
  hint,
  inputRef,
  className,
  ...input
}: FieldProps) {
  const id = useId();
  const noteId = `${id}-note`;
  return (
    <div className={`form-field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        ref={inputRef}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? noteId : undefined}
        {...input}
      />
      <div
        id={noteId}
        className={error ? 'form-note form-note-error' : 'form-note'}
        data-field-error={error ? name : undefined}
      >
        {error ?? hint}
      </div>
    </div>
  );
}

/** A form-level message above the buttons: an error, or a quiet confirmation. */
export function FormMessage({
  tone,
  children,
  testId,
}: {
  tone: 'error' | 'success' | 'info';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`form-message form-message-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
