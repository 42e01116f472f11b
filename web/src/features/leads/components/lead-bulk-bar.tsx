import { useState } from 'react';
import { useBulkUpdateLeads, type BulkLeadChanges, type LeadStatus } from '../api';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../lead-labels';
import type { AssignableMember } from './lead-row';
import { DeadReasonDialog } from './dead-reason-dialog';

interface LeadBulkBarProps {
  selectedIds: string[];
  members: AssignableMember[];
  onDone: () => void;
}

const UNASSIGN = '-';

/** Changes every ticked lead at once: their assignee or their status (dead asks why first). */
export function LeadBulkBar({ selectedIds, members, onDone }: LeadBulkBarProps) {
  const bulk = useBulkUpdateLeads();
  const [askingWhyDead, setAskingWhyDead] = useState(false);
  const count = selectedIds.length;
  const subject = count === 1 ? '1 lead' : `${count} leads`;

  function apply(changes: BulkLeadChanges) {
    bulk.mutate(
      { ids: selectedIds, changes },
      {
        onSuccess: () => {
          setAskingWhyDead(false);
          onDone();
        },
      },
    );
  }

  return (
    <div className="lead-bulk-bar" role="region" aria-label="Change the selected leads">
      <strong>{subject} selected</strong>
      <select
        aria-label="Assign to…"
        className="select-compact"
        value=""
        disabled={bulk.isPending}
        onChange={(event) => apply({ assigneeId: event.target.value === UNASSIGN ? null : event.target.value })}
      >
        <option value="" disabled>
          Assign to…
        </option>
        {members.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name}
          </option>
        ))}
        <option value={UNASSIGN}>Nobody (unassign)</option>
      </select>
      <select
        aria-label="Set status…"
        className="select-compact"
        value=""
        disabled={bulk.isPending}
        onChange={(event) => {
          const status = event.target.value as LeadStatus;
          if (status === 'dead') setAskingWhyDead(true);
          else apply({ status });
        }}
      >
        <option value="" disabled>
          Set status…
        </option>
        {LEAD_STATUSES.map((status) => (
          <option key={status} value={status}>
            {LEAD_STATUS_LABELS[status]}
          </option>
        ))}
      </select>
      {bulk.isPending && <span className="cell-muted">Saving…</span>}
      {bulk.error && !askingWhyDead && (
        <span className="alert alert-error" role="alert">
          {bulk.error.message}
        </span>
      )}
      {askingWhyDead && (
        <DeadReasonDialog
          subject={subject}
          pending={bulk.isPending}
          error={bulk.error}
          onConfirm={(deadReason) => apply({ status: 'dead', deadReason })}
          onClose={() => setAskingWhyDead(false)}
        />
      )}
    </div>
  );
}
