// Who is signed in: the auth state from the server, and the calls that change it (setup, sign-in,
// sign-out, password). The CSRF token travels with the state and is handed to the API client.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  AuthState,
  type LoginRequest,
  type PasswordChangeRequest,
  type SetupRequest,
} from '../../../src/shared/api.ts';
import { apiPath, getJson, postJson, setCsrfToken } from './client.ts';

export const AUTH_KEY = ['auth'] as const;

/** `{ ok: true }`, the answer of calls that have nothing else to say. */
export const Ok = z.object({ ok: z.boolean() });

export const SIGNED_OUT: AuthState = { setup_required: false, user: null, csrf_token: null };

/**
 * Puts a new auth state in place. When the person changes (sign-in, sign-out, session lost) every other
 * cached answer goes: it was fetched with someone else's rights.
 */
export function applyAuthState(client: QueryClient, state: AuthState): void {
  const before = client.getQueryData<AuthState>(AUTH_KEY);
  setCsrfToken(state.csrf_token);
  if (before?.user?.user_id !== state.user?.user_id) {
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== AUTH_KEY[0] });
  }
  client.setQueryData(AUTH_KEY, state);
}

export function useAuthState() {
  return useQuery({
    queryKey: AUTH_KEY,
    queryFn: async ({ signal }) => {
      const state = await getJson(apiPath('/auth/state'), AuthState, signal);
      setCsrfToken(state.csrf_token);
      return state;
    },
    staleTime: Infinity,
  });
}

export function useSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof SetupRequest>) => postJson(apiPath('/auth/setup'), body, AuthState),
    onSuccess: (state) => applyAuthState(client, state),
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof LoginRequest>) => postJson(apiPath('/auth/login'), body, AuthState),
    onSuccess: (state) => applyAuthState(client, state),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postJson(apiPath('/auth/logout'), {}, Ok),
    // Signed out on the server or not, this browser forgets the session either way.
    onSettled: () => applyAuthState(client, SIGNED_OUT),
  });
}

export function usePasswordChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof PasswordChangeRequest>) =>
      postJson(apiPath('/auth/password'), body, Ok),
    // The server may rotate the session and its CSRF token with the password.
    onSuccess: () => client.invalidateQueries({ queryKey: AUTH_KEY }),
  });
}
