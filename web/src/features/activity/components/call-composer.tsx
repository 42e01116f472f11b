import { useState, type FormEvent } from 'react';
import { useLogCall, type ActivityRecord, type CallOutcome, type NewCall } from '../api';
import { CALL_OUTCOME_LABELS, CALL_OUTCOMES } from '../timeline-sentences';

interface CallComposerProps {
  record: ActivityRecord;
  /** The number to prefill: the owner's, when the deal has one. */
  defaultPhone: string;
}

export function CallComposer({ record, defaultPhone }: CallComposerProps) {
  const logCall = useLogCall(record);
  const [direction, setDirection] = useState<NewCall['direction']>('outbound');
  const [outcome, setOutcome] = useState<CallOutcome>('no_answer');
  const [phone, setPhone] = useState(defaultPhone);
  const [minutes, setMinutes] = useState('');
  const [notes, setNotes] = useState('');
  const duration = minutes.trim() === '' ? undefined : Math.round(Number(minutes) * 60);
  const durationValid = duration === undefined || (Number.isFinite(duration) && duration >= 0 && duration <= 86_400);
  // The number is what goes on the do-not-contact list.
  const phoneMissing = outcome === 'do_not_call' && !phone.trim();

  function submit(event: FormEvent) {
    event.preventDefault();
    logCall.mutate(
      { direction, outcome, phone: phone.trim() || undefined, durationSeconds: duration, notes: notes.trim() || undefined },
      {
        onSuccess: () => {
          setMinutes('');
          setNotes('');
        },
      },
    );
  }

  return (
    <form className="stack composer-form" onSubmit={submit} aria-label="Log a call">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="call-direction">Direction</label>
          <select id="call-direction" value={direction} onChange={(event) => setDirection(event.target.value as NewCall['direction'])}>
            <option value="outbound">Outbound (I called)</option>
            <option value="inbound">Inbound (they called)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="call-outcome">Outcome</label>
          <select id="call-outcome" value={outcome} onChange={(event) => setOutcome(event.target.value as CallOutcome)}>
            {CALL_OUTCOMES.map((option) => (
              <option key={option} value={option}>
                {CALL_OUTCOME_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="call-phone">Phone</label>
          <input id="call-phone" type="tel" maxLength={40} value={phone} onChange={(event) => setPhone(event.target.value)} />
          {phoneMissing && <span className="field-hint">Do not call needs the number, to put it on the do-not-contact list.</span>}
        </div>
        <div className="field">
          <label htmlFor="call-minutes">Duration (minutes)</label>
          <input
            id="call-minutes"
            type="number"
            min={0}
            max={1440}
            step="any"
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="call-notes">Notes</label>
        <textarea id="call-notes" rows={2} maxLength={5000} value={notes} onChange={(event) => setNotes(event.target.value)} />
      </div>
      {logCall.error && (
        <p className="alert alert-error" role="alert">
          {logCall.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-sm" disabled={!durationValid || phoneMissing || logCall.isPending}>
          {logCall.isPending ? 'Saving…' : 'Log call'}
        </button>
      </div>
    </form>
  );
}
