import type { Member } from '../../../../../src/modules/users/schema';
import { DebouncedInput } from '../../../components/debounced-input';
import type { DealFilters } from '../api';
import { DEAL_TYPE_LABELS, DEAL_TYPES, isDealType, isTemperature, TEMPERATURE_LABELS, TEMPERATURES } from '../deal-labels';
import { hasDealFilters } from '../deals-in-url';

interface DealFiltersBarProps {
  filters: DealFilters;
  members: Member[];
  onChange: (filters: DealFilters) => void;
}

/** The filters of the board and the table; they live in the address, so a filtered board can be shared. */
export function DealFiltersBar({ filters, members, onChange }: DealFiltersBarProps) {
  const update = (patch: Partial<DealFilters>) => onChange({ ...filters, ...patch });
  return (
    <form className="deal-filters" aria-label="Filter deals" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor="deal-assignee">Assignee</label>
        <select
          id="deal-assignee"
          value={filters.assigneeId ?? ''}
          onChange={(event) => update({ assigneeId: event.target.value || undefined })}
        >
          <option value="">Anyone</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name || member.email}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="deal-source">Source</label>
        <DebouncedInput
          id="deal-source"
          placeholder="Any source"
          value={filters.source ?? ''}
          onCommit={(source) => update({ source: source.trim() || undefined })}
        />
      </div>
      <div className="field">
        <label htmlFor="deal-tag">Tag</label>
        <DebouncedInput
          id="deal-tag"
          placeholder="Any tag"
          value={filters.tag ?? ''}
          onCommit={(tag) => update({ tag: tag.trim() || undefined })}
        />
      </div>
      <div className="field">
        <label htmlFor="deal-temperature">Temperature</label>
        <select
          id="deal-temperature"
          value={filters.temperature ?? ''}
          onChange={(event) => update({ temperature: isTemperature(event.target.value) ? event.target.value : undefined })}
        >
          <option value="">Any</option>
          {TEMPERATURES.map((temperature) => (
            <option key={temperature} value={temperature}>
              {TEMPERATURE_LABELS[temperature]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="deal-type">Deal type</label>
        <select
          id="deal-type"
          value={filters.dealType ?? ''}
          onChange={(event) => update({ dealType: isDealType(event.target.value) ? event.target.value : undefined })}
        >
          <option value="">Any type</option>
          {DEAL_TYPES.map((dealType) => (
            <option key={dealType} value={dealType}>
              {DEAL_TYPE_LABELS[dealType]}
            </option>
          ))}
        </select>
      </div>
      <div className="deal-filters-clear">
        {hasDealFilters(filters) && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange({})}>
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
