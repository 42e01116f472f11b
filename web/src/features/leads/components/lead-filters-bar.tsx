import { DebouncedInput } from '../../../components/debounced-input';
import type { LeadFilters, LeadStatus } from '../api';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../lead-labels';
import { UNASSIGNED } from '../leads-in-url';
import type { AssignableMember } from './lead-row';

interface LeadFiltersBarProps {
  filters: LeadFilters;
  members: AssignableMember[];
  onChange: (filters: LeadFilters) => void;
}

export function LeadFiltersBar({ filters, members, onChange }: LeadFiltersBarProps) {
  const assignee = filters.unassigned ? UNASSIGNED : (filters.assigneeId ?? '');
  const hasFilters = Boolean(filters.status || filters.unassigned || filters.assigneeId || filters.source);
  return (
    <div className="filters lead-filters" role="search" aria-label="Filter leads">
      <div className="field">
        <label htmlFor="lead-filter-status">Status</label>
        <select
          id="lead-filter-status"
          className="select-compact"
          value={filters.status ?? ''}
          onChange={(event) => onChange({ ...filters, status: (event.target.value || undefined) as LeadStatus | undefined })}
        >
          <option value="">Any status</option>
          {LEAD_STATUSES.map((status) => (
            <option key={status} value={status}>
              {LEAD_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="lead-filter-assignee">Assignee</label>
        <select
          id="lead-filter-assignee"
          className="select-compact"
          value={assignee}
          onChange={(event) => {
            const value = event.target.value;
            onChange({
              ...filters,
              unassigned: value === UNASSIGNED ? true : undefined,
              assigneeId: value && value !== UNASSIGNED ? value : undefined,
            });
          }}
        >
          <option value="">Anyone</option>
          <option value={UNASSIGNED}>Unassigned</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="lead-filter-source">Source</label>
        <DebouncedInput
          id="lead-filter-source"
          placeholder="web_form, zillow…"
          maxLength={60}
          value={filters.source ?? ''}
          onCommit={(source) => onChange({ ...filters, source: source.trim() || undefined })}
        />
      </div>
      {hasFilters && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </div>
  );
}
