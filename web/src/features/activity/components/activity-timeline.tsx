import { useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { useTimeline, type ActivityRecord } from '../api';
import { KIND_GROUPS, type TimelineNames } from '../timeline-sentences';
import { TimelineEntry } from './timeline-entry';

/** The record's events, newest first, narrowed by a kind chip, a page at a time. */
export function ActivityTimeline({ record, names }: { record: ActivityRecord; names: TimelineNames }) {
  const [group, setGroup] = useState<(typeof KIND_GROUPS)[number]>(KIND_GROUPS[0]);
  const timeline = useTimeline(record, group.kinds);
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (timeline.isPending) body = <LoadingState label="Loading activity…" />;
  else if (timeline.isError) body = <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} />;
  else if (items.length === 0)
    body = <EmptyState title="Nothing here yet">Notes, calls, files and changes show up here as they happen.</EmptyState>;
  else {
    body = (
      <ol className="timeline" aria-label="Activity, newest first">
        {items.map((item) => (
          <TimelineEntry key={item.id} item={item} names={names} />
        ))}
      </ol>
    );
  }

  return (
    <div className="stack timeline-block">
      <div className="chips" role="group" aria-label="Show">
        {KIND_GROUPS.map((candidate) => (
          <button
            key={candidate.label}
            type="button"
            className={`chip chip-button${candidate === group ? ' chip-selected' : ''}`}
            aria-pressed={candidate === group}
            onClick={() => setGroup(candidate)}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      {body}
      {timeline.hasNextPage && (
        <button
          type="button"
          className="btn btn-secondary btn-sm timeline-more"
          disabled={timeline.isFetchingNextPage}
          onClick={() => void timeline.fetchNextPage()}
        >
          {timeline.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
