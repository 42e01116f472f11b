import { useState } from 'react';
import { CopyField } from '../../../components/copy-field';
import { FormModal } from '../../../components/form-modal';
import { Modal } from '../../../components/modal';
import { RoleSelect } from '../../../components/role-select';
import { grantableRoles, roleLabel, type Role } from '../../../lib/roles';
import { useCreateApiKey, type ApiKey } from '../api';

type KeyRole = ApiKey['role'];

/** Creates a key, then shows its secret: the only time it ever leaves the server. */
export function CreateApiKeyDialog({ actorRole, onClose }: { actorRole: Role; onClose: () => void }) {
  const createApiKey = useCreateApiKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<KeyRole>('member');
  const created = createApiKey.data;
  const roleOptions = grantableRoles(actorRole).filter((option): option is KeyRole => option !== 'owner');

  if (created) {
    return (
      <Modal
        title="Copy your new API key"
        onClose={onClose}
        footer={
          <button type="button" className="btn btn-primary" onClick={onClose}>
            I have saved the key
          </button>
        }
      >
        <div className="alert alert-warning" role="note">
          <strong>This is the only time the key is shown.</strong> Store it in a secret manager now; if it is lost, revoke it and create a
          new one.
        </div>
        <CopyField label="API key" value={created.key} />
        <dl className="details-list">
          <dt>Name</dt>
          <dd>{created.name}</dd>
          <dt>Role</dt>
          <dd>{roleLabel(created.role)}</dd>
          <dt>Use it as</dt>
          <dd className="mono">Authorization: Bearer {created.prefix}…</dd>
        </dl>
      </Modal>
    );
  }

  return (
    <FormModal
      title="Create API key"
      description="Keys let scripts and integrations call the API on behalf of this workspace."
      onClose={onClose}
      onSubmit={() => createApiKey.mutate({ name: name.trim(), role })}
      submitLabel="Create key"
      pendingLabel="Creating…"
      pending={createApiKey.isPending}
      canSubmit={name.trim() !== ''}
      error={createApiKey.error}
    >
      <div className="field">
        <label htmlFor="api-key-name">Key name</label>
        <input
          id="api-key-name"
          required
          autoFocus
          maxLength={200}
          placeholder="e.g. CRM sync"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <p className="field-hint">A name that tells your team what uses this key.</p>
      </div>
      <RoleSelect
        id="api-key-role"
        label="Key role"
        value={role}
        options={roleOptions}
        onChange={setRole}
        hint="Give the key the weakest role that does the job."
      />
    </FormModal>
  );
}
