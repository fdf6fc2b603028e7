// Form controls of the create and edit forms, in the shape of components/form.tsx: label, control, and one
// line below for the hint or the error, always there so an error does not push the form around. The
// error line names the API's field (`data-field-error="budget"`), which is how the server's messages
// find their place.
import { useId, useState, type ReactNode } from 'react';

interface ShellProps {
  label: ReactNode;
  /** The API's field name, for its error. */
  name: string;
  error: string | undefined;
  hint?: ReactNode;
  children: (id: string, describedBy: string | undefined) => ReactNode;
  className?: string;
  /** A group of controls (checkboxes, radios) gets a fieldset with a legend instead of a label. */
  group?: boolean;
}

export function Field({ label, name, error, hint, children, className, group }: ShellProps) {
  const id = useId();
  const noteId = `${id}-note`;
  const describedBy = error || hint ? noteId : undefined;
  const note = (
    <div
      id={noteId}
      className={error ? 'form-note form-note-error' : 'form-note'}
      data-field-error={error ? name : undefined}
      data-field={name}
    >
      {error ?? hint}
    </div>
  );
  if (group) {
    return (
      <fieldset
        className={`form-field form-group ${className ?? ''}`}
        aria-describedby={describedBy}
        data-name={name}
      >
        <legend>{label}</legend>
        {children(id, describedBy)}
        {note}
      </fieldset>
    );
  }
  return (
    <div className={`form-field ${className ?? ''}`} data-name={name}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {note}
    </div>
  );
}

export function Checks<T extends string>({
  options,
  value,
  onChange,
  labels,
  disabled,
  testId,
}: {
  options: readonly T[];
  value: readonly T[];
  onChange: (value: T[]) => void;
  labels: Record<T, string>;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <div className="check-row">
      {options.map((option) => (
        <label key={option} className={`pill-check ${value.includes(option) ? 'pill-on' : ''}`}>
          <input
            type="checkbox"
            checked={value.includes(option)}
            disabled={disabled}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? options.filter((o) => o === option || value.includes(o))
                  : value.filter((v) => v !== option),
              )
            }
            data-testid={testId}
            data-value={option}
          />
          {labels[option]}
        </label>
      ))}
    </div>
  );
}

export function Radios<T extends string>({
  name,
  options,
  value,
  onChange,
  labels,
  disabled,
}: {
  name: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  labels: Record<T, string>;
  disabled?: boolean;
}) {
  const group = useId();
  return (
    <div className="check-row">
      {options.map((option) => (
        <label key={option} className={`pill-check ${value === option ? 'pill-on' : ''}`}>
          <input
            type="radio"
            name={`${name}-${group}`}
            checked={value === option}
            disabled={disabled}
            onChange={() => onChange(option)}
            data-testid={`radio-${name}`}
            data-value={option}
          />
          {labels[option]}
        </label>
      ))}
    </div>
  );
}

/**
 * A list of short codes or words as removable tags: type and press Enter or comma; Backspace in the empty
 * box removes the last one. `normalise` turns what was typed into the stored form (e.g. "us" → "US").
 */
export function TagInput({
  id,
  value,
  onChange,
  normalise = (v) => v,
  placeholder,
  suggestions,
  describedBy,
  invalid,
  disabled,
  testId,
}: {
  id: string;
  value: readonly string[];
  onChange: (value: string[]) => void;
  normalise?: (value: string) => string;
  placeholder?: string;
  suggestions?: readonly string[];
  describedBy?: string | undefined;
  invalid?: boolean;
  disabled?: boolean;
  testId?: string;
}) {
  const [text, setText] = useState('');
  const listId = `${id}-list`;
  const commit = (raw: string) => {
    const parts = raw
      .split(',')
      .map((p) => normalise(p.trim()))
      .filter(Boolean);
    if (parts.length === 0) return;
    const next = [...value];
    for (const part of parts) if (!next.includes(part)) next.push(part);
    onChange(next);
    setText('');
  };
  return (
    <div
      className={`tag-input ${invalid ? 'tag-input-invalid' : ''} ${disabled ? 'tag-input-disabled' : ''}`}
    >
      {value.map((tag) => (
        <span key={tag} className="chip chip-small" data-testid={testId ? `${testId}-tag` : undefined}>
          {tag}
          {!disabled && (
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${tag}`}
              onClick={() => onChange(value.filter((v) => v !== tag))}
            >
              ×
            </button>
          )}
        </span>
      ))}
      <input
        id={id}
        value={text}
        disabled={disabled}
        placeholder={value.length === 0 ? placeholder : undefined}
        list={suggestions ? listId : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid ? true : undefined}
        onChange={(e) => {
          if (e.target.value.endsWith(',')) commit(e.target.value);
          else setText(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(text);
          } else if (e.key === 'Backspace' && text === '' && value.length > 0) {
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => commit(text)}
        data-testid={testId}
      />
      {suggestions && (
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </div>
  );
}

/** A whole-form problem the server named no field for, or one for a field this form does not show. */
export function unplacedErrors(errors: Record<string, string>, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([field]) => !shown.includes(field))
    .map(([field, message]) => `${field}: ${message}`);
}
