import { useState } from 'react';
import { FormModal } from '../../../components/form-modal';

/** The reasons investors give most; any other can be typed. */
const COMMON_REASONS = ['Not motivated', 'Price too high', 'Sold to another buyer', 'Listed with an agent', 'Could not reach', 'Bad title'];

interface LostReasonDialogProps {
  dealName: string;
  stageName: string;
  pending?: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

/** A deal moved to a lost stage needs its reason, asked before the move is sent. */
export function LostReasonDialog({ dealName, stageName, pending = false, onConfirm, onCancel }: LostReasonDialogProps) {
  const [reason, setReason] = useState('');
  return (
    <FormModal
      title="Why was this deal lost?"
      description={`Moving ${dealName} to ${stageName} records the reason, for reports on what loses deals.`}
      onClose={onCancel}
      onSubmit={() => onConfirm(reason.trim())}
      submitLabel={`Move to ${stageName}`}
      pendingLabel="Moving…"
      pending={pending}
      canSubmit={reason.trim() !== ''}
      error={null}
    >
      <div className="field">
        <label htmlFor="lost-reason">Lost reason</label>
        <input
          id="lost-reason"
          autoFocus
          required
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder="What happened?"
        />
      </div>
      <div className="chips" role="group" aria-label="Common reasons">
        {COMMON_REASONS.map((common) => (
          <button
            key={common}
            type="button"
            className={`chip chip-button${reason === common ? ' chip-selected' : ''}`}
            aria-pressed={reason === common}
            onClick={() => setReason(common)}
          >
            {common}
          </button>
        ))}
      </div>
    </FormModal>
  );
}
