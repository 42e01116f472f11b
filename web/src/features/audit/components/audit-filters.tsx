import { useState, type FormEvent } from 'react';
import type { AuditFilters } from '../api';
import { ENTITY_LABELS } from '../entity-labels';

interface ActorOption {
  id: string;
  label: string;
}

/** Suggestions only: the field takes any action name, so new ones work before this list knows them. */
const KNOWN_ACTIONS = [
  'api_key.created',
  'api_key.revoked',
  'import.created',
  'import.mapping_confirmed',
  'invitation.accepted',
  'invitation.created',
  'invitation.revoked',
  'membership.created',
  'membership.removed',
  'membership.role_changed',
  'session.started',
  'tenant.created',
];

interface AuditFiltersBarProps {
  filters: AuditFilters;
  actors: ActorOption[];
  onChange: (filters: AuditFilters) => void;
}

/** Dates are picked as local days; the API takes instants, with `to` exclusive. */
function startOfDay(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}

function startOfNextDay(day: string): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
}

function dayOf(instant: string | undefined, exclusiveEnd = false): string {
  if (!instant) return '';
  const date = new Date(instant);
  if (exclusiveEnd) date.setDate(date.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function AuditFiltersBar({ filters, actors, onChange }: AuditFiltersBarProps) {
  // The action is typed, so it applies on Enter or when the field is left rather than on every keystroke.
  const [actionDraft, setActionDraft] = useState(filters.action ?? '');
  const [shownAction, setShownAction] = useState(filters.action);
  if (filters.action !== shownAction) {
    setShownAction(filters.action);
    setActionDraft(filters.action ?? '');
  }

  const update = (patch: Partial<AuditFilters>) => onChange({ ...filters, ...patch });
  const applyAction = () => {
    const action = actionDraft.trim() || undefined;
    if (action !== filters.action) update({ action });
  };
  const hasFilters = Object.values(filters).some((value) => value !== undefined);

  return (
    <form
      className="filters"
      aria-label="Filter audit events"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        applyAction();
      }}
    >
      <div className="field">
        <label htmlFor="audit-entity-type">Entity type</label>
        <select
          id="audit-entity-type"
          value={filters.entityType ?? ''}
          onChange={(event) => update({ entityType: event.target.value || undefined })}
        >
          <option value="">All types</option>
          {Object.entries(ENTITY_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-actor">Actor</label>
        <select id="audit-actor" value={filters.actorId ?? ''} onChange={(event) => update({ actorId: event.target.value || undefined })}>
          <option value="">Anyone</option>
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <input
          id="audit-action"
          list="audit-known-actions"
          placeholder="e.g. api_key.created"
          value={actionDraft}
          onChange={(event) => setActionDraft(event.target.value)}
          onBlur={applyAction}
        />
        <datalist id="audit-known-actions">
          {KNOWN_ACTIONS.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input
          id="audit-from"
          type="date"
          value={dayOf(filters.from)}
          onChange={(event) => update({ from: startOfDay(event.target.value) })}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To</label>
        <input
          id="audit-to"
          type="date"
          value={dayOf(filters.to, true)}
          onChange={(event) => update({ to: startOfNextDay(event.target.value) })}
        />
      </div>
      <div className="filters-actions">
        <button type="button" className="btn btn-ghost" disabled={!hasFilters} onClick={() => onChange({})}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
