// Change your own password: the current one proves it is you; the new one is typed twice.
import { useState, type FormEvent } from 'react';
import { usePasswordChange } from '../api/auth.ts';
import { fieldErrors } from '../api/client.ts';
import { FormMessage, TextField } from '../components/form.tsx';
import { MIN_PASSWORD } from '../auth/setup-page.tsx';
import { PageHeader } from './settings-screen.tsx';

export function PasswordPage() {
  const change = usePasswordChange();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const server = fieldErrors(change.error);
  const errors = {
    current: local.current ?? server.current_password,
    next: local.next ?? server.new_password,
    confirm: local.confirm,
  };
  const otherError = change.error && Object.keys(server).length === 0 ? change.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!current) found.current = 'Enter your current password.';
    if (next.length < MIN_PASSWORD) found.next = `Use at least ${MIN_PASSWORD} characters.`;
    else if (next === current) found.next = 'Choose a password different from the current one.';
    if (confirm !== next) found.confirm = 'The two new passwords are not the same.';
    setLocal(found);
    if (Object.keys(found).length > 0) {
      change.reset();
      return;
    }
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
        },
      },
    );
  };

  const edit = (field: string, set: (value: string) => void) => (value: string) => {
    set(value);
    if (local[field]) setLocal(({ [field]: _, ...rest }) => rest);
    if (change.isError || change.isSuccess) change.reset();
  };

  return (
    <>
      <PageHeader
        title="Change password"
        note="Changing it signs you out in every other browser. Your API tokens keep working; revoke them under API tokens if they may be known to others."
      />
      <section className="panel panel-narrow">
        <form className="panel-pad stacked-form" onSubmit={submit} noValidate data-testid="password-form">
          <TextField
            label="Current password"
            name="current_password"
            type="password"
            value={current}
            onValue={edit('current', setCurrent)}
            error={errors.current}
            autoComplete="current-password"
          />
          <TextField
            label="New password"
            name="new_password"
            type="password"
            value={next}
            onValue={edit('next', setNext)}
            error={errors.next}
            hint={`At least ${MIN_PASSWORD} characters.`}
            autoComplete="new-password"
          />
          <TextField
            label="Confirm new password"
            name="confirm"
            type="password"
            value={confirm}
            onValue={edit('confirm', setConfirm)}
            error={errors.confirm}
            autoComplete="new-password"
          />
          <div className="form-footer">
            <button type="submit" className="button button-primary" disabled={change.isPending}>
              {change.isPending ? 'Changing…' : 'Change password'}
            </button>
            {change.isSuccess && (
              <FormMessage tone="success" testId="password-changed">
                Your password was changed.
              </FormMessage>
            )}
            {otherError && <FormMessage tone="error">{otherError}</FormMessage>}
          </div>
        </form>
      </section>
    </>
  );
}
