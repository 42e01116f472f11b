import { useState, type FormEvent } from 'react';
import { CopyField } from '../../../components/copy-field';
import { Modal } from '../../../components/modal';
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

  function submit(event: FormEvent) {
    event.preventDefault();
    createApiKey.mutate({ name: name.trim(), role });
  }

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
          <strong>This is the only time the key is shown.</strong> Store it in a secret manager now; if it is lost, revoke it and create a new
          one.
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
    <Modal
      title="Create API key"
      description="Keys let scripts and integrations call the API on behalf of this workspace."
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="api-key-form" className="btn btn-primary" disabled={createApiKey.isPending || !name.trim()}>
            {createApiKey.isPending ? 'Creating…' : 'Create key'}
          </button>
        </>
      }
    >
      <form id="api-key-form" className="stack" onSubmit={submit}>
        {createApiKey.error && (
          <div className="alert alert-error" role="alert">
            {createApiKey.error.message}
          </div>
        )}
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
        <div className="field">
          <label htmlFor="api-key-role">Key role</label>
          <select id="api-key-role" value={role} onChange={(event) => setRole(event.target.value as KeyRole)}>
            {roleOptions.map((option) => (
              <option key={option} value={option}>
                {roleLabel(option)}
              </option>
            ))}
          </select>
          <p className="field-hint">Give the key the weakest role that does the job.</p>
        </div>
      </form>
    </Modal>
  );
}
