import { useState } from 'react';
import { CopyField } from '../../../components/copy-field';
import { FormModal } from '../../../components/form-modal';
import { Modal } from '../../../components/modal';
import { RoleSelect } from '../../../components/role-select';
import { formatDate } from '../../../lib/format';
import { grantableRoles, roleLabel, type Role } from '../../../lib/roles';
import { useCreateInvitation } from '../api';

/** Invites by email, then shows the invitation link once so it can also be shared directly. */
export function InviteMemberDialog({ actorRole, onClose }: { actorRole: Role; onClose: () => void }) {
  const createInvitation = useCreateInvitation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const created = createInvitation.data;

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
          <strong>{created.email}</strong> is invited to join as {roleLabel(created.role).toLowerCase()}. The invitation is also sent by
          email; you can share this link with them directly.
        </p>
        <div className="alert alert-warning" role="note">
          This link is shown only once and lets whoever holds it join this workspace. It expires on {formatDate(created.expiresAt)}.
        </div>
        <CopyField label="Invitation link" value={created.acceptUrl} />
      </Modal>
    );
  }

  return (
    <FormModal
      title="Invite a member"
      description="They get an email with a link to join this workspace."
      onClose={onClose}
      onSubmit={() => createInvitation.mutate({ email: email.trim(), role })}
      submitLabel="Send invitation"
      pendingLabel="Sending…"
      pending={createInvitation.isPending}
      canSubmit={email.trim() !== ''}
      error={createInvitation.error}
    >
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
      <RoleSelect
        id="invite-role"
        label="Role"
        value={role}
        options={grantableRoles(actorRole)}
        onChange={setRole}
        hint="Viewers can only read; members can change data; admins also manage people and API keys."
      />
    </FormModal>
  );
}
