import type { ReactNode } from 'react';

interface DefaultsFormFooterProps {
  /** What stops the draft from being saved, checked in the browser. */
  problems: string[];
  /** The server's refusal of the last save, if any. */
  error: Error | null;
  saving: boolean;
  saveLabel: string;
  /** The draft differs from what is saved. */
  changed: boolean;
  /** What is saved differs from the defaults. */
  customised: boolean;
  onReset: () => void;
  onDiscard: () => void;
  canEdit: boolean;
  /** Shown instead of the buttons to those who may not edit. */
  readOnlyNote: ReactNode;
  /** Said beside the buttons. */
  hint?: ReactNode;
  className?: string;
}

/**
 * The end of a settings form whose every value has a default: the problems and the
 * server's error, then Save, Reset to defaults and Discard changes.
 */
export function DefaultsFormFooter(props: DefaultsFormFooterProps) {
  const { problems, error, saving, changed } = props;
  return (
    <>
      {problems.length > 0 && (
        <ul className="alert alert-error weights-problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error.message}
        </p>
      )}
      {props.canEdit ? (
        <div className={['form-actions', 'form-actions-start', props.className].filter(Boolean).join(' ')}>
          <button type="submit" className="btn btn-primary" disabled={!changed || problems.length > 0 || saving}>
            {saving ? 'Saving…' : props.saveLabel}
          </button>
          <button type="button" className="btn btn-secondary" disabled={!props.customised || saving} onClick={props.onReset}>
            Reset to defaults
          </button>
          {changed && (
            <button type="button" className="btn btn-ghost" onClick={props.onDiscard}>
              Discard changes
            </button>
          )}
          {props.hint}
        </div>
      ) : (
        props.readOnlyNote
      )}
    </>
  );
}
