import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TokenPair } from '../../../../src/modules/identity/schema';
import type {
  AcceptInvitationBody,
  CreateInvitationBody,
  CreatedInvitation,
  Invitation,
  InvitationPreview,
} from '../../../../src/modules/invitations/schema';
import { apiRequest } from '../../lib/api-client';
import { startSession } from '../../lib/session-store';

export type { Invitation };

const invitationsKey = ['invitations'] as const;

export function useInvitations() {
  return useQuery({ queryKey: invitationsKey, queryFn: () => apiRequest<{ items: Invitation[] }>('/invitations') });
}

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitationBody) => apiRequest<CreatedInvitation>('/invitations', { method: 'POST', body, idempotent: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey }),
    meta: { errorShownInline: true },
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/invitations/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey }),
  });
}

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => apiRequest<InvitationPreview>('/invitations/preview', { query: { token }, anonymous: true }),
    enabled: token !== '',
    retry: false,
  });
}

/** Accepting signs the invitee in, replacing any session this browser had. */
export function useAcceptInvitation() {
  return useMutation({
    mutationFn: async (body: AcceptInvitationBody) =>
      startSession(await apiRequest<TokenPair>('/invitations/accept', { method: 'POST', body, anonymous: true })),
    meta: { errorShownInline: true },
  });
}
