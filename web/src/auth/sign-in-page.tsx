// Sign in with e-mail and password. A wrong pair says so without saying which half was wrong; too many
// attempts lock the form with a live countdown until the server accepts tries again.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLogin } from '../api/auth.ts';
import { ApiError, fieldErrors } from '../api/client.ts';
import { FormMessage, TextField } from '../components/form.tsx';
import { formatCountdown } from '../lib/time.ts';
import { AuthLayout } from './auth-layout.tsx';

/** Seconds left until `until` (epoch ms), ticking every second; 0 once it has passed. */
function useSecondsLeft(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function SignInPage() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const passwordInput = useRef<HTMLInputElement>(null);
  const secondsLeft = useSecondsLeft(lockedUntil);
  const locked = lockedUntil !== null && secondsLeft > 0;

  const error = login.error;
  const code = error instanceof ApiError ? error.code : null;
  // A wrong pair is said once, above the button, without pointing at either field.
  const server = code === 'invalid_credentials' || code === 'too_many_attempts' ? {} : fieldErrors(error);
  const errors = { ...server, ...missing };

  useEffect(() => {
    if (!(error instanceof ApiError) || error.status !== 429) return;
    setLockedUntil(Date.now() + (error.retryAfter ?? 60) * 1000);
  }, [error]);

  useEffect(() => {
    if (code === 'invalid_credentials') passwordInput.current?.select();
  }, [error, code]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (locked) return;
    const next: Record<string, string> = {};
    if (!email.trim()) next.email = 'Enter your e-mail address.';
    if (!password) next.password = 'Enter your password.';
    setMissing(next);
    if (Object.keys(next).length > 0) return;
    setLockedUntil(null);
    login.mutate({ email: email.trim(), password });
  };

  let message: { tone: 'error' | 'info'; text: string } | null = null;
  if (locked) {
    message = {
      tone: 'error',
      text: `Too many sign-in attempts. Try again in ${formatCountdown(secondsLeft)}.`,
    };
  } else if (error instanceof ApiError && error.status === 429) {
    message = { tone: 'info', text: 'You can try again now.' };
  } else if (code === 'invalid_credentials') {
    message = { tone: 'error', text: error?.message || 'The e-mail address or password is wrong.' };
  } else if (error && Object.keys(server).length === 0) {
    message = { tone: 'error', text: error.message };
  }

  return (
    <AuthLayout title="Sign in" subtitle="Sign in to your Adcockpit account.">
      <form className="auth-form" onSubmit={submit} noValidate data-testid="sign-in-form">
        <TextField
          label="E-mail"
          name="email"
          type="email"
          value={email}
          onValue={(value) => {
            setEmail(value);
            setMissing(({ email: _, ...rest }) => rest);
          }}
          error={errors.email}
          autoComplete="username"
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          value={password}
          inputRef={passwordInput}
          onValue={(value) => {
            setPassword(value);
            setMissing(({ password: _, ...rest }) => rest);
          }}
          error={errors.password}
          autoComplete="current-password"
        />
        <div className="auth-message-slot">
          {message && (
            <FormMessage tone={message.tone} testId="sign-in-message">
              {message.text}
            </FormMessage>
          )}
        </div>
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={login.isPending || locked}
          data-testid="sign-in-submit"
        >
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
