// Nobody gets in without an account. A fresh installation opens the setup page (create the owner); a
// visitor without a session gets the sign-in page, which remembers where they wanted to go; a request
// that finds its session gone (401) brings the sign-in page back.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { SIGNED_OUT, applyAuthState, useAuthState, useLogout } from '../api/auth.ts';
import { setUnauthorizedHandler } from '../api/client.ts';
import { SetupPage } from '../auth/setup-page.tsx';
import { SignInPage } from '../auth/sign-in-page.tsx';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { ErrorBanner } from '../components/feedback.tsx';
import { SessionProvider } from './session.tsx';
import { navigate, usePathname, useUrlParams } from './url-state.ts';

export const SETUP_PATH = '/setup';
export const SIGN_IN_PATH = '/signin';

/** Only a path inside this app: never another site (`//evil`, `https:`), never the auth pages themselves. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  const path = next.split(/[?#]/)[0];
  if (path === SIGN_IN_PATH || path === SETUP_PATH) return null;
  return next;
}

function signInAddress(wanted: string | null): string {
  const next = safeNext(wanted);
  return next && next !== '/' ? `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}` : SIGN_IN_PATH;
}

export function AuthGate({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const auth = useAuthState();
  const path = usePathname();
  const { params } = useUrlParams();
  const { mutate: logout, isPending: loggingOut } = useLogout();
  const signingOut = useRef(false);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (client.getQueryData<typeof SIGNED_OUT>(['auth'])?.user) applyAuthState(client, SIGNED_OUT);
    });
    return () => setUnauthorizedHandler(null);
  }, [client]);

  const state = auth.data;
  // Where this state belongs; the address is corrected before the screen paints.
  let target: string | null = null;
  if (state?.setup_required) {
    if (path !== SETUP_PATH) target = SETUP_PATH;
  } else if (state && !state.user) {
    if (path !== SIGN_IN_PATH) {
      const wanted = signingOut.current ? null : `${path}${window.location.search}`;
      target = signInAddress(wanted);
    }
  } else if (state?.user) {
    if (path === SIGN_IN_PATH) target = safeNext(params.get('next')) ?? '/';
    else if (path === SETUP_PATH) target = '/';
  }

  useLayoutEffect(() => {
    if (target) navigate(target, 'replace');
    if (state && !state.user) signingOut.current = false;
  }, [target, state]);

  const signOut = useCallback(() => {
    signingOut.current = true;
    logout();
  }, [logout]);

  const session = useMemo(
    () => (state?.user ? { user: state.user, signOut, signingOut: loggingOut } : null),
    [state?.user, signOut, loggingOut],
  );

  if (auth.isPending) return <div className="boot" aria-busy="true" />;
  if (auth.error || !state) {
    return (
      <AuthLayout title="Adcockpit could not start">
        <ErrorBanner
          title="The sign-in state could not be loaded."
          error={auth.error}
          onRetry={() => void auth.refetch()}
        />
      </AuthLayout>
    );
  }
  if (target) return <div className="boot" aria-busy="true" />;
  if (state.setup_required) return <SetupPage />;
  if (!session) return <SignInPage />;
  return <SessionProvider value={session}>{children}</SessionProvider>;
}
