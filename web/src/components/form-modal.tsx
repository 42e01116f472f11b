import { useId, type FormEvent, type ReactNode } from 'react';
import { Modal } from './modal';

interface FormModalProps {
  title: string;
  description?: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  /** The submit button's label while the request runs. */
  pendingLabel: string;
  pending: boolean;
  canSubmit: boolean;
  error: Error | null;
  children: ReactNode;
}

/** A modal holding one form: its error above the fields, Cancel and submit in the footer. */
export function FormModal({
  title,
  description,
  onClose,
  onSubmit,
  submitLabel,
  pendingLabel,
  pending,
  canSubmit,
  error,
  children,
}: FormModalProps) {
  const formId = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }
  return (
    <Modal
      title={title}
      description={description}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={pending || !canSubmit}>
            {pending ? pendingLabel : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit}>
        {error && (
          <div className="alert alert-error" role="alert">
            {error.message}
          </div>
        )}
        {children}
      </form>
    </Modal>
  );
}
