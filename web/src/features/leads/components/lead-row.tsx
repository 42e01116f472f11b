import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { formatDateTime, formatPhone, formatRelative } from '../../../lib/format';
import { useCreateDealFromLead, useUpdateLead, WEB_FORM_SOURCE, type Lead, type LeadStatus } from '../api';
import { LEAD_STATUS_LABELS, LEAD_STATUS_TONES, LEAD_STATUSES, speedToLead } from '../lead-labels';
import { DeadReasonDialog } from './dead-reason-dialog';

export interface AssignableMember {
  id: string;
  name: string;
}

interface LeadRowProps {
  lead: Lead;
  members: AssignableMember[];
  selected: boolean;
  focused: boolean;
  canEdit: boolean;
  onSelect: (selected: boolean) => void;
}

const leadName = (lead: Lead) => lead.name ?? lead.phone ?? lead.email ?? 'this lead';

function SourceLabel({ source }: { source: string }) {
  if (source === WEB_FORM_SOURCE) return <span className="cell-nowrap">Lead form</span>;
  return (
    <span className="code-chip" title={`Webhook source; its leads go on the list “Leads: ${source}”`}>
      {source}
    </span>
  );
}

function PropertyCell({ lead }: { lead: Lead }) {
  if (!lead.address) return <span className="cell-muted">—</span>;
  if (!lead.propertyId) return <span>{lead.address}</span>;
  return (
    <Link to={`/properties/${lead.propertyId}`} title="Open the property">
      {lead.address}
    </Link>
  );
}

function SpeedToLead({ lead }: { lead: Lead }) {
  const speed = speedToLead(lead);
  if (!speed.attempt && !speed.contact) return <span className="cell-muted">—</span>;
  return (
    <div className="lead-speed">
      {speed.attempt && <span title="From arrival to the first call or message">Tried in {speed.attempt}</span>}
      {speed.contact && <span className="cell-muted">Reached in {speed.contact}</span>}
    </div>
  );
}

function StatusCell({ lead, canEdit }: { lead: Lead; canEdit: boolean }) {
  const update = useUpdateLead();
  const [askingWhyDead, setAskingWhyDead] = useState(false);
  if (!canEdit) return <span className={`badge badge-${LEAD_STATUS_TONES[lead.status]}`}>{LEAD_STATUS_LABELS[lead.status]}</span>;
  return (
    <>
      <select
        aria-label={`Status of ${leadName(lead)}`}
        className={`select-compact lead-status lead-status-${LEAD_STATUS_TONES[lead.status]}`}
        value={lead.status}
        disabled={update.isPending}
        title={lead.deadReason ?? undefined}
        onChange={(event) => {
          const status = event.target.value as LeadStatus;
          if (status === 'dead') setAskingWhyDead(true);
          else update.mutate({ id: lead.id, changes: { status } });
        }}
      >
        {LEAD_STATUSES.map((status) => (
          <option key={status} value={status}>
            {LEAD_STATUS_LABELS[status]}
          </option>
        ))}
      </select>
      {askingWhyDead && (
        <DeadReasonDialog
          subject="this lead"
          pending={update.isPending}
          error={update.error}
          onConfirm={(deadReason) =>
            update.mutate({ id: lead.id, changes: { status: 'dead', deadReason } }, { onSuccess: () => setAskingWhyDead(false) })
          }
          onClose={() => setAskingWhyDead(false)}
        />
      )}
    </>
  );
}

function AssigneeCell({ lead, members, canEdit }: { lead: Lead; members: AssignableMember[]; canEdit: boolean }) {
  const update = useUpdateLead();
  const assignee = members.find((member) => member.id === lead.assigneeId);
  if (!canEdit) return assignee ? <span>{assignee.name}</span> : <span className="cell-muted">Unassigned</span>;
  return (
    <select
      aria-label={`Assignee of ${leadName(lead)}`}
      className="select-compact"
      value={lead.assigneeId ?? ''}
      disabled={update.isPending}
      onChange={(event) => update.mutate({ id: lead.id, changes: { assigneeId: event.target.value || null } })}
    >
      <option value="">Unassigned</option>
      {members.map((member) => (
        <option key={member.id} value={member.id}>
          {member.name}
        </option>
      ))}
    </select>
  );
}

function CreateDealCell({ lead, canEdit }: { lead: Lead; canEdit: boolean }) {
  const createDeal = useCreateDealFromLead();
  const navigate = useNavigate();
  const { propertyId } = lead;
  if (!canEdit || !propertyId || lead.status === 'converted' || lead.status === 'dead') return null;
  return (
    <button
      type="button"
      className="btn btn-secondary btn-sm cell-nowrap"
      disabled={createDeal.isPending}
      aria-label={`Create a deal from ${leadName(lead)}`}
      onClick={() => createDeal.mutate({ ...lead, propertyId }, { onSuccess: (deal) => void navigate(`/deals/${deal.id}`) })}
    >
      Create deal
    </button>
  );
}

export function LeadRow({ lead, members, selected, focused, canEdit, onSelect }: LeadRowProps) {
  return (
    <tr className={focused ? 'lead-row-focused' : undefined} aria-current={focused ? 'true' : undefined} data-testid="lead-row">
      {canEdit && (
        <td className="lead-select">
          <input
            type="checkbox"
            aria-label={`Select ${leadName(lead)}`}
            checked={selected}
            onChange={(event) => onSelect(event.target.checked)}
          />
        </td>
      )}
      <td>
        <span className="cell-primary">
          {lead.name ?? <span className="cell-muted">No name</span>}
          {lead.consentRecorded && (
            <span className="badge badge-success" title="Consent to be contacted is on record">
              Consent
            </span>
          )}
        </span>
        <span className="cell-muted lead-received">
          <time dateTime={lead.createdAt} title={formatDateTime(lead.createdAt)}>
            {formatRelative(lead.createdAt)}
          </time>
          {lead.message && (
            <span className="cell-ellipsis lead-message" title={lead.message}>
              · {lead.message}
            </span>
          )}
        </span>
      </td>
      <td>
        <div className="lead-contact">
          {lead.phone && (
            <a href={`tel:${lead.phone}`} className="cell-nowrap">
              {formatPhone(lead.phone)}
            </a>
          )}
          {lead.email && <a href={`mailto:${lead.email}`}>{lead.email}</a>}
          {!lead.phone && !lead.email && <span className="cell-muted">—</span>}
        </div>
      </td>
      <td className="lead-property">
        <PropertyCell lead={lead} />
      </td>
      <td>
        <SourceLabel source={lead.source} />
      </td>
      <td>
        <StatusCell lead={lead} canEdit={canEdit} />
      </td>
      <td>
        <AssigneeCell lead={lead} members={members} canEdit={canEdit} />
      </td>
      <td className="cell-nowrap">
        <SpeedToLead lead={lead} />
      </td>
      <td className="cell-actions">
        <CreateDealCell lead={lead} canEdit={canEdit} />
      </td>
    </tr>
  );
}
