import type { QueryClient } from '@tanstack/react-query';

export type ActivityRecordType = 'deal' | 'property' | 'lead';

/** Every query about a record's activity (timeline, notes, calls, files) starts with this key. */
export const activityKey = (type: ActivityRecordType, id: string) => ['activity', type, id] as const;

/**
 * The timeline is written by a background job from the same events that stream
 * live, a second or two later; a refetch now and two later ones catch it.
 */
const TIMELINE_CATCH_UP_MS = [1500, 4000];

export function refetchRecordActivity(queryClient: QueryClient, type: ActivityRecordType, id: string): Promise<void> {
  const refetch = () => queryClient.invalidateQueries({ queryKey: activityKey(type, id) });
  for (const delay of TIMELINE_CATCH_UP_MS) window.setTimeout(() => void refetch(), delay);
  return refetch();
}
