import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginBody, Me, Session, TokenPair } from '../../../../src/modules/identity/schema';
import type { TenantMembership } from '../../../../src/modules/tenants/schema';
import { apiRequest, refreshSession } from '../../lib/api-client';
import { endSession, startSession, storedRefreshToken } from '../../lib/session-store';
import { useSession } from '../../lib/use-session';

export type { Session };

const meKey = ['me'] as const;
const sessionsKey = ['auth', 'sessions'] as const;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: () => apiRequest<Me>('/me') });
}

/**
 * The signed-in user's tenant and role. /me is authoritative (a role may have
 * changed since the token was issued); until it loads, the token pair's copy is used.
 */
export function useCurrentMembership(): TenantMembership | null {
  const session = useSession();
  const me = useMe();
  if (session.status !== 'signed-in') return null;
  return me.data?.tenant.id === session.tenant.id ? me.data.tenant : session.tenant;
}

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
