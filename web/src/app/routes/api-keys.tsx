import { useState } from 'react';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { CreateApiKeyDialog } from '../../features/api-keys/components/create-api-key-dialog';
import { ApiKeysTable } from '../../features/api-keys/components/api-keys-table';
import { useCurrentMembership } from '../../lib/current-membership';

export function ApiKeysRoute() {
  const membership = useCurrentMembership();
  const [creating, setCreating] = useState(false);
  if (!membership) return null;

  return (
    <div className="page">
      <PageHeader
        title="API keys"
        description="Keys for scripts and integrations. Each acts with its own role in this workspace."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" />
            Create API key
          </button>
        }
      />
      <section className="card">
        <ApiKeysTable onCreate={() => setCreating(true)} />
      </section>
      {creating && <CreateApiKeyDialog actorRole={membership.role} onClose={() => setCreating(false)} />}
    </div>
  );
}
