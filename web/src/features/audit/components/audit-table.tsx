import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useAuditEvents, type AuditEvent, type AuditFilters } from '../api';
import { ENTITY_LABELS } from '../entity-labels';
import { ChangeList } from './change-list';

const ACTOR_KIND_LABELS = { user: null, api_key: 'API key', system: 'System' } as const;

/** "api_key.created" → "API key created" */
function describeAction(action: string): string {
  const [entity = '', verb = ''] = action.split('.');
  const subject = ENTITY_LABELS[entity] ?? entity.replace(/_/g, ' ');
  const readable = `${subject} ${verb.replace(/_/g, ' ')}`.trim();
  return readable.charAt(0).toUpperCase() + readable.slice(1);
}

/** The entity's human name when the event recorded one (email or name), else its short id. */
function entitySubject(event: AuditEvent): string | null {
  const snapshot = event.after ?? event.before;
  const named = snapshot?.email ?? snapshot?.name;
  if (typeof named === 'string') return named;
  return event.entityId ? event.entityId.slice(0, 8) : null;
}

export function AuditTable({ filters }: { filters: AuditFilters }) {
  const events = useAuditEvents(filters);

  if (events.isPending) return <LoadingState label="Loading audit events…" />;
  if (events.isError) return <ErrorState error={events.error} onRetry={() => events.refetch()} />;
  const rows = events.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) return <EmptyState title="No audit events match">Try a wider date range or clear the filters.</EmptyState>;

  return (
    <>
      <div className="table-wrap">
        <table className="data-table audit-table" aria-label="Audit events">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((event) => (
              <tr key={event.id}>
                <td className="cell-nowrap">
                  <div>{formatRelative(event.occurredAt)}</div>
                  <div className="cell-muted">{formatDateTime(event.occurredAt)}</div>
                </td>
                <td>
                  <div className="cell-primary">
                    {event.actor.label}
                    {ACTOR_KIND_LABELS[event.actor.type] && <span className="tag">{ACTOR_KIND_LABELS[event.actor.type]}</span>}
                  </div>
                  {event.ip && <div className="cell-muted">from {event.ip}</div>}
                </td>
                <td>
                  <div className="cell-primary">{describeAction(event.action)}</div>
                  <code className="code-chip">{event.action}</code>
                </td>
                <td>
                  <div>{ENTITY_LABELS[event.entityType] ?? event.entityType}</div>
                  <div className="cell-muted" title={event.entityId ?? undefined}>
                    {entitySubject(event)}
                  </div>
                </td>
                <td>
                  <ChangeList diff={event.diff} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-footer">
        {events.hasNextPage ? (
          <button type="button" className="btn btn-secondary" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
            {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        ) : (
          <span className="cell-muted">
            {rows.length} {rows.length === 1 ? 'event' : 'events'}, the full history for these filters
          </span>
        )}
      </div>
    </>
  );
}
