// The fields every create form asks the same way: the audience's name and how long people stay in it.
// Each form keeps its own state and says its own retention hint (a website rule counts from the last event).
import { Field } from '../../campaigns/fields.tsx';

interface TextFieldProps {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

export function AudienceNameField({ value, onChange, error }: TextFieldProps) {
  return (
    <Field label="Name" name="name" error={error}>
      {(fid, described) => (
        <input
          id={fid}
          value={value}
          maxLength={128}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          data-testid="audience-name"
        />
      )}
    </Field>
  );
}

export function RetentionField({
  value,
  onChange,
  error,
  hint,
  className,
}: TextFieldProps & { hint: string; className?: string }) {
  return (
    <Field label="Retention (days)" name="retention_days" error={error} hint={hint} className={className}>
      {(fid, described) => (
        <input
          id={fid}
          inputMode="numeric"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
        />
      )}
    </Field>
  );
}
