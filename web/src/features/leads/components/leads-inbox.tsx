import { useState } from 'react';
import { Icon } from '../../../components/icons';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { FIRST_PAGE, nextPosition, previousPosition, type ListPosition } from '../../../lib/page-in-url';
import { useLead, useLeadPage, type Lead, type LeadFilters } from '../api';
import { LeadBulkBar } from './lead-bulk-bar';
import { LeadFiltersBar } from './lead-filters-bar';
import { LeadRow, type AssignableMember } from './lead-row';

interface LeadsInboxProps {
  filters: LeadFilters;
  position: ListPosition;
  /** The lead to show first and highlight (opened from search). */
  focusedId: string | null;
  members: AssignableMember[];
  canEdit: boolean;
  onFilters: (filters: LeadFilters) => void;
  onPosition: (position: ListPosition) => void;
}

/** The focused lead first, even when it is not on this page, then the page without it. */
function rowsOf(page: Lead[], focused: Lead | undefined): Lead[] {
  if (!focused) return page;
  return [focused, ...page.filter((lead) => lead.id !== focused.id)];
}

export function LeadsInbox({ filters, position, focusedId, members, canEdit, onFilters, onPosition }: LeadsInboxProps) {
  const page = useLeadPage(filters, position.cursor);
  const focused = useLead(focusedId);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const hasFilters = Object.values(filters).some((value) => value !== undefined);

  const select = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  let body;
  if (page.isPending) body = <LoadingState label="Loading leads…" />;
  else if (page.isError) body = <ErrorState error={page.error} onRetry={() => page.refetch()} />;
  else {
    const rows = rowsOf(page.data.items, focused.data);
    const allSelected = rows.length > 0 && rows.every((lead) => selected.has(lead.id));
    body =
      rows.length === 0 ? (
        hasFilters ? (
          <EmptyState title="No leads match">Try another status, assignee or source.</EmptyState>
        ) : (
          <EmptyState title="No leads yet">
            Share your form link or connect a lead source through the webhook. New leads show up here, newest first.
          </EmptyState>
        )
      ) : (
        <div className="table-wrap">
          <table className="data-table leads-table" aria-label="Leads">
            <thead>
              <tr>
                {canEdit && (
                  <th scope="col" className="lead-select">
                    <input
                      type="checkbox"
                      aria-label="Select every lead on this page"
                      checked={allSelected}
                      onChange={(event) => setSelected(event.target.checked ? new Set(rows.map((lead) => lead.id)) : new Set())}
                    />
                  </th>
                )}
                <th scope="col">Lead</th>
                <th scope="col">Contact</th>
                <th scope="col">Property</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Assignee</th>
                <th scope="col">Speed to lead</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((lead) => (
                <LeadRow
                  key={lead.id}
                  lead={lead}
                  members={members}
                  selected={selected.has(lead.id)}
                  focused={lead.id === focusedId}
                  canEdit={canEdit}
                  onSelect={(on) => select(lead.id, on)}
                />
              ))}
            </tbody>
          </table>
        </div>
      );
  }

  const nextCursor = page.isPlaceholderData ? null : (page.data?.nextCursor ?? null);
  return (
    <>
      <LeadFiltersBar
        filters={filters}
        members={members}
        onChange={(next) => {
          setSelected(new Set());
          onFilters(next);
        }}
      />
      {canEdit && selected.size > 0 && <LeadBulkBar selectedIds={[...selected]} members={members} onDone={() => setSelected(new Set())} />}
      {body}
      {(position.page > 1 || nextCursor) && (
        <div className="table-summary deals-pager">
          <span>Page {position.page}</span>
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            disabled={position.page === 1}
            onClick={() => onPosition(position.page === 2 ? FIRST_PAGE : previousPosition(position))}
          >
            <Icon name="chevronLeft" />
            Previous
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            disabled={!nextCursor}
            onClick={() => nextCursor && onPosition(nextPosition(position, nextCursor))}
          >
            Next
            <Icon name="chevronRight" />
          </button>
        </div>
      )}
    </>
  );
}
