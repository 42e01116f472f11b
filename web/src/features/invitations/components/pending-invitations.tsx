import { useState } from 'react';
import { RoleBadge } from '../../../components/badges';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDate, formatRelative } from '../../../lib/format';
import { useInvitations, useRevokeInvitation, type Invitation } from '../api';

export function PendingInvitations() {
  const invitations = useInvitations();
  const revokeInvitation = useRevokeInvitation();
  const toast = useToast();
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  if (invitations.isPending) return <LoadingState label="Loading invitations…" />;
  if (invitations.isError) return <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} />;
  const pending = invitations.data.items.filter((invitation) => invitation.status === 'pending');
  if (pending.length === 0) {
    return <EmptyState title="No pending invitations">Invitations you send appear here until they are accepted.</EmptyState>;
  }

  return (
    <>
      <div className="table-wrap">
        <table className="data-table" aria-label="Pending invitations">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">Sent</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pending.map((invitation) => (
              <tr key={invitation.id}>
                <td className="cell-primary">{invitation.email}</td>
                <td>
                  <RoleBadge role={invitation.role} />
                </td>
                <td className="cell-muted">{invitation.invitedBy ?? '—'}</td>
                <td className="cell-muted cell-nowrap">{formatDate(invitation.createdAt)}</td>
                <td className="cell-muted cell-nowrap">{formatRelative(invitation.expiresAt)}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="btn btn-ghost-danger btn-sm"
                    aria-label={`Revoke invitation for ${invitation.email}`}
                    onClick={() => setRevoking(invitation)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revoking && (
        <ConfirmDialog
          title="Revoke invitation?"
          message={`The link sent to ${revoking.email} will stop working.`}
          confirmLabel="Revoke invitation"
          pending={revokeInvitation.isPending}
          onCancel={() => setRevoking(null)}
          onConfirm={() =>
            revokeInvitation.mutate(revoking.id, {
              onSuccess: () => toast.show('success', `Invitation for ${revoking.email} revoked`),
              onSettled: () => setRevoking(null),
            })
          }
        />
      )}
    </>
  );
}
