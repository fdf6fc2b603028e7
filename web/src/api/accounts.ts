// Members, API tokens and the audit log. Writes refresh the lists they change; the audit log pages
// backwards in time with `before`.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ApiTokenCreated,
  ApiTokenList,
  AuditList,
  UserInfo,
  UserList,
  type ApiTokenCreateRequest,
  type UserCreateRequest,
  type UserUpdateRequest,
} from '../../../src/shared/api.ts';
import { Ok } from './auth.ts';
import { apiPath, getJson, patchJson, postJson } from './client.ts';

export const AUDIT_PAGE = 100;

const id = (value: string) => encodeURIComponent(value);

export function useUsers(enabled = true) {
  return useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => getJson(apiPath('/users'), UserList, signal),
    enabled,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof UserCreateRequest>) => postJson(apiPath('/users'), body, UserInfo),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, change }: { userId: string; change: z.input<typeof UserUpdateRequest> }) =>
      patchJson(apiPath(`/users/${id(userId)}`), change, UserInfo),
    onSuccess: (user) => {
      client.setQueryData<z.infer<typeof UserList>>(['users'], (list) =>
        list ? { users: list.users.map((u) => (u.user_id === user.user_id ? user : u)) } : list,
      );
      // Disabling a member may revoke their tokens too.
      void client.invalidateQueries({ queryKey: ['users'] });
      void client.invalidateQueries({ queryKey: ['user-tokens', user.user_id] });
    },
  });
}

export function useUserTokens(userId: string) {
  return useQuery({
    queryKey: ['user-tokens', userId],
    queryFn: ({ signal }) => getJson(apiPath(`/users/${id(userId)}/tokens`), ApiTokenList, signal),
  });
}

export function useRevokeUserToken(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      postJson(apiPath(`/users/${id(userId)}/tokens/${id(tokenId)}/revoke`), {}, Ok),
    onSuccess: () => client.invalidateQueries({ queryKey: ['user-tokens', userId] }),
  });
}

export function useMyTokens() {
  return useQuery({
    queryKey: ['my-tokens'],
    queryFn: ({ signal }) => getJson(apiPath('/me/tokens'), ApiTokenList, signal),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ApiTokenCreateRequest>) =>
      postJson(apiPath('/me/tokens'), body, ApiTokenCreated),
    onSuccess: () => client.invalidateQueries({ queryKey: ['my-tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => postJson(apiPath(`/me/tokens/${id(tokenId)}/revoke`), {}, Ok),
    onSuccess: () => client.invalidateQueries({ queryKey: ['my-tokens'] }),
  });
}

export function useAudit() {
  return useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ signal, pageParam }) =>
      getJson(apiPath('/audit', { limit: AUDIT_PAGE, before: pageParam }), AuditList, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) =>
      last.entries.length < AUDIT_PAGE ? undefined : last.entries[last.entries.length - 1]?.audit_id,
  });
}
