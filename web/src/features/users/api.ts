import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Member, Visibility } from '../../../../src/modules/users/schema';
import { apiRequest } from '../../lib/api-client';
import type { Role } from '../../lib/roles';

export type { Member, Visibility };

const membersKey = ['users'] as const;
const PAGE_SIZE = 50;

export function useMembers() {
  return useInfiniteQuery({
    queryKey: membersKey,
    queryFn: ({ pageParam }) =>
      apiRequest<{ items: Member[]; nextCursor: string | null }>('/users', { query: { limit: PAGE_SIZE, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useChangeRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) => apiRequest<Member>(`/users/${id}`, { method: 'PATCH', body: { role } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersKey }),
  });
}

/** "Assigned only" members see just the leads, deals and tasks assigned to them; the server enforces it. */
export function useChangeVisibility() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, visibility }: { id: string; visibility: Visibility }) =>
      apiRequest<Member>(`/users/${id}`, { method: 'PATCH', body: { visibility } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersKey }),
  });
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/users/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKey }),
  });
}
