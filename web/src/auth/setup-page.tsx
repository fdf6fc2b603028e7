// A fresh installation: create the owner account, who then adds everyone else.
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { AUTH_KEY, useSetup } from '../api/auth.ts';
import { ApiError, fieldErrors } from '../api/client.ts';
import { FormMessage, TextField } from '../components/form.tsx';
import { AuthLayout } from './auth-layout.tsx';

export const MIN_PASSWORD = 10;

export function SetupPage() {
  const client = useQueryClient();
  const setup = useSetup();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const server = fieldErrors(setup.error);
  const errors = { ...server, ...local };
  const alreadyDone = setup.error instanceof ApiError && setup.error.status === 409;
  const otherError =
    setup.error && !alreadyDone && Object.keys(server).length === 0 ? (setup.error as Error).message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = 'Enter your name.';
    if (!email.trim()) next.email = 'Enter your e-mail address.';
    if (password.length < MIN_PASSWORD) next.password = `Use at least ${MIN_PASSWORD} characters.`;
    if (confirm !== password) next.confirm = 'The two passwords are not the same.';
    setLocal(next);
    if (Object.keys(next).length > 0) {
      setup.reset();
      return;
    }
    setup.mutate({ name: name.trim(), email: email.trim(), password });
  };

  // Editing a field clears what was said about it.
  const edit = (field: string, set: (value: string) => void) => (value: string) => {
    set(value);
    if (local[field]) setLocal(({ [field]: _, ...rest }) => rest);
    if (server[field]) setup.reset();
  };

  return (
    <AuthLayout
      title="Create the owner account"
      subtitle="This is a new Adcockpit. The owner account manages members, their access to each advertiser and the audit log."
      footer="Accounts are stored in this installation’s own data directory."
    >
      <form className="auth-form" onSubmit={submit} noValidate data-testid="setup-form">
        <TextField
          label="Name"
          name="name"
          value={name}
          onValue={edit('name', setName)}
          error={errors.name}
          autoComplete="name"
          autoFocus
          maxLength={100}
        />
        <TextField
          label="E-mail"
          name="email"
          type="email"
          value={email}
          onValue={edit('email', setEmail)}
          error={errors.email}
          autoComplete="username"
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          value={password}
          onValue={edit('password', setPassword)}
          error={errors.password}
          hint={`At least ${MIN_PASSWORD} characters.`}
          autoComplete="new-password"
        />
        <TextField
          label="Confirm password"
          name="confirm"
          type="password"
          value={confirm}
          onValue={edit('confirm', setConfirm)}
          error={errors.confirm}
          autoComplete="new-password"
        />
        {alreadyDone && (
          <FormMessage tone="info">
            This installation already has an owner.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void client.invalidateQueries({ queryKey: AUTH_KEY })}
            >
              Go to sign-in
            </button>
          </FormMessage>
        )}
        {otherError && <FormMessage tone="error">{otherError}</FormMessage>}
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={setup.isPending}
          data-testid="setup-submit"
        >
          {setup.isPending ? 'Creating…' : 'Create owner and sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
