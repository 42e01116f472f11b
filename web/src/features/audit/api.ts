import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEvent, AuditQuery } from '../../../../src/modules/audit/schema';
import { apiRequest } from '../../lib/api-client';

export type { AuditEvent };

export type AuditFilters = Pick<AuditQuery, 'entityType' | 'actorId' | 'action' | 'from' | 'to'>;

const PAGE_SIZE = 50;

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit-events', filters],
    queryFn: ({ pageParam }) =>
      apiRequest<{ items: AuditEvent[]; nextCursor: string | null }>('/audit-events', {
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
