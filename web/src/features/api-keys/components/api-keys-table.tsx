import { useState } from 'react';
import { RoleBadge, StatusBadge } from '../../../components/badges';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import { useApiKeys, useRevokeApiKey, type ApiKey } from '../api';

export function ApiKeysTable({ onCreate }: { onCreate: () => void }) {
  const apiKeys = useApiKeys();
  const revokeApiKey = useRevokeApiKey();
  const toast = useToast();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  if (apiKeys.isPending) return <LoadingState label="Loading API keys…" />;
  if (apiKeys.isError) return <ErrorState error={apiKeys.error} onRetry={() => apiKeys.refetch()} />;
  if (apiKeys.data.items.length === 0) {
    return (
      <EmptyState
        title="No API keys yet"
        action={
          <button type="button" className="btn btn-primary btn-sm" onClick={onCreate}>
            Create your first key
          </button>
        }
      >
        Create a key to let scripts and integrations use the API.
      </EmptyState>
    );
  }

  return (
    <>
      <div className="table-wrap">
        <table className="data-table" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {apiKeys.data.items.map((apiKey) => (
              <tr key={apiKey.id} className={apiKey.revokedAt ? 'row-inactive' : undefined}>
                <td className="cell-primary">{apiKey.name}</td>
                <td>
                  <code className="code-chip">{apiKey.prefix}…</code>
                </td>
                <td>
                  <RoleBadge role={apiKey.role} />
                </td>
                <td>
                  <div title={formatDateTime(apiKey.createdAt)}>{formatDate(apiKey.createdAt)}</div>
                  {apiKey.createdBy && <div className="cell-muted">by {apiKey.createdBy}</div>}
                </td>
                <td className="cell-muted cell-nowrap" title={apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : undefined}>
                  {apiKey.lastUsedAt ? formatRelative(apiKey.lastUsedAt) : 'Never'}
                </td>
                <td>
                  {apiKey.revokedAt ? (
                    <span title={`Revoked ${formatDateTime(apiKey.revokedAt)}`}>
                      <StatusBadge tone="neutral">Revoked</StatusBadge>
                    </span>
                  ) : (
                    <StatusBadge tone="success">Active</StatusBadge>
                  )}
                </td>
                <td className="cell-actions">
                  {!apiKey.revokedAt && (
                    <button
                      type="button"
                      className="btn btn-ghost-danger btn-sm"
                      aria-label={`Revoke ${apiKey.name}`}
                      onClick={() => setRevoking(apiKey)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revoking && (
        <ConfirmDialog
          title="Revoke API key?"
          message={`Anything using “${revoking.name}” (${revoking.prefix}…) stops working at once. This cannot be undone.`}
          confirmLabel="Revoke key"
          pending={revokeApiKey.isPending}
          onCancel={() => setRevoking(null)}
          onConfirm={() =>
            revokeApiKey.mutate(revoking.id, {
              onSuccess: () => toast.show('success', `API key “${revoking.name}” revoked`),
              onSettled: () => setRevoking(null),
            })
          }
        />
      )}
    </>
  );
}
