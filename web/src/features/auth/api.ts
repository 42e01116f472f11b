import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, Session, TokenPair } from '../../../../src/modules/identity/schema';
import { apiRequest, refreshSession } from '../../lib/api-client';
import { endSession, startSession, storedRefreshToken } from '../../lib/session-store';

export type { Session };

const sessionsKey = ['auth', 'sessions'] as const;

export function useLogin() {
  return useMutation({
    mutationFn: async (body: LoginBody) =>
      startSession(await apiRequest<TokenPair>('/auth/login', { method: 'POST', body, anonymous: true })),
    meta: { errorShownInline: true },
  });
}

export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      try {
        await apiRequest<void>('/auth/logout', { method: 'POST', body: { refreshToken: storedRefreshToken() ?? undefined } });
      } finally {
        // Signed out here even when the server could not be told.
        endSession();
      }
    },
  });
}

export function useSwitchTenant() {
  return useMutation({ mutationFn: (tenant: string) => refreshSession(tenant) });
}

export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: () => apiRequest<{ items: Session[] }>('/auth/sessions') });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/auth/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
