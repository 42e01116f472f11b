import { useState, type FormEvent } from 'react';
import { CopyField } from '../../../components/copy-field';
import { Modal } from '../../../components/modal';
import { formatDate } from '../../../lib/format';
import { grantableRoles, roleLabel, type Role } from '../../../lib/roles';
import { useCreateInvitation } from '../api';

/** Invites by email, then shows the invitation link once so it can also be shared directly. */
export function InviteMemberDialog({ actorRole, onClose }: { actorRole: Role; onClose: () => void }) {
  const createInvitation = useCreateInvitation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const created = createInvitation.data;

  function submit(event: FormEvent) {
    event.preventDefault();
    createInvitation.mutate({ email: email.trim(), role });
  }

  if (created) {
    return (
      <Modal
        title="Invitation created"
        onClose={onClose}
        footer={
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        }
      >
        <p>
          <strong>{created.email}</strong> is invited to join as {roleLabel(created.role).toLowerCase()}. The invitation is also sent by email; you
          can share this link with them directly.
        </p>
        <div className="alert alert-warning" role="note">
          This link is shown only once and lets whoever holds it join this workspace. It expires on{' '}
          {formatDate(created.expiresAt)}.
        </div>
        <CopyField label="Invitation link" value={created.acceptUrl} />
      </Modal>
    );
  }

  return (
    <Modal
      title="Invite a member"
      description="They get an email with a link to join this workspace."
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="invite-form" className="btn btn-primary" disabled={createInvitation.isPending || !email.trim()}>
            {createInvitation.isPending ? 'Sending…' : 'Send invitation'}
          </button>
        </>
      }
    >
      <form id="invite-form" className="stack" onSubmit={submit}>
        {createInvitation.error && (
          <div className="alert alert-error" role="alert">
            {createInvitation.error.message}
          </div>
        )}
        <div className="field">
          <label htmlFor="invite-email">Email address</label>
          <input
            id="invite-email"
            type="email"
            required
            autoFocus
            placeholder="name@company.com"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {grantableRoles(actorRole).map((option) => (
              <option key={option} value={option}>
                {roleLabel(option)}
              </option>
            ))}
          </select>
          <p className="field-hint">Viewers can only read; members can change data; admins also manage people and API keys.</p>
        </div>
      </form>
    </Modal>
  );
}
