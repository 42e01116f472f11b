import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MarkReadBody, Notification } from '../../../../src/modules/notifications/schema';
import { apiRequest } from '../../lib/api-client';

export type { Notification };

const notificationsKey = ['notifications'] as const;
const RECENT = 15;

/** The latest notifications and the unread count; the live stream refetches them sooner than the poll. */
export function useNotifications() {
  return useQuery({
    queryKey: [...notificationsKey, 'recent'],
    queryFn: () =>
      apiRequest<{ items: Notification[]; unread: number; nextCursor: string | null }>('/notifications', { query: { limit: RECENT } }),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkReadBody) => apiRequest<{ marked: number }>('/notifications/read', { method: 'POST', body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
