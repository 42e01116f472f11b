import { useState } from 'react';
import { FormModal } from '../../../components/form-modal';

interface DeadReasonDialogProps {
  /** "this lead" or "3 leads", for the question. */
  subject: string;
  pending: boolean;
  error: Error | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

const COMMON_REASONS = ['Not interested', 'Wrong number', 'Already sold', 'Listed with an agent', 'Price too high'];

/** A dead lead keeps why it died, so the team can see which sources and scripts waste time. */
export function DeadReasonDialog({ subject, pending, error, onConfirm, onClose }: DeadReasonDialogProps) {
  const [reason, setReason] = useState('');
  return (
    <FormModal
      title="Why is it dead?"
      description={`The reason is kept with ${subject}.`}
      onClose={onClose}
      onSubmit={() => onConfirm(reason.trim())}
      submitLabel="Mark dead"
      pendingLabel="Saving…"
      pending={pending}
      canSubmit={reason.trim() !== ''}
      error={error}
    >
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
      <div className="field">
        <label htmlFor="dead-reason">Reason</label>
        <input id="dead-reason" maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
      </div>
    </FormModal>
  );
}
