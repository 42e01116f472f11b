import type { QueryClient } from '@tanstack/react-query';
import { refetchRecordActivity } from '../../lib/activity-keys';

/** What the stream sends in each event's data; the payload fields depend on the kind. */
export interface LiveEvent {
  kind: string;
  at: string;
  entityId: string | null;
  dealId?: string;
  propertyId?: string;
  leadId?: string;
  taskId?: string;
}

/** Notifications are written by a job from the same events, a moment later. */
const NOTIFICATION_CATCH_UP_MS = [1500, 4000];

/**
 * Refetches the cached queries an event touches. The keys are the prefixes the
 * features' api files use: ['deals'], ['tasks'], ['leads'], ['saved-views'], ['notifications'] and
 * activityKey() for a record's timeline and logs.
 */
export function invalidateForEvent(queryClient: QueryClient, event: LiveEvent): void {
  const family = event.kind.split('.')[0];
  // A card being moved here refetches the board when its last move settles; an earlier refetch would make it jump back.
  const movingCards = queryClient.isMutating({ mutationKey: ['deals', 'move'] }) > 0;
  // A deal's card and page show its next task.
  if ((family === 'deal' || family === 'task') && !movingCards) void queryClient.invalidateQueries({ queryKey: ['deals'] });
  if (family === 'task') void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  if (family === 'lead') void queryClient.invalidateQueries({ queryKey: ['leads'] });
  if (family === 'saved_view') void queryClient.invalidateQueries({ queryKey: ['saved-views'] });
  for (const delay of NOTIFICATION_CATCH_UP_MS) {
    window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['notifications'] }), delay);
  }

  const records = [
    ['deal', event.dealId],
    ['property', event.propertyId],
    ['lead', event.leadId],
  ] as const;
  for (const [type, id] of records) if (id) void refetchRecordActivity(queryClient, type, id);
}
