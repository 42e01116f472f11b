import { useState } from 'react';
import { Avatar } from '../../../components/avatar';
import { RoleBadge } from '../../../components/badges';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDate } from '../../../lib/format';
import { grantableRoles, roleLabel, type Role } from '../../../lib/roles';
import { useChangeRole, useChangeVisibility, useMembers, useRemoveMember, type Member, type Visibility } from '../api';

const VISIBILITY_LABELS: Record<Visibility, string> = { all: 'All records', assigned: 'Assigned only' };

interface MembersTableProps {
  currentUserId: string;
  actorRole: Role;
  /** Admins and owners change roles and remove members. */
  canManage: boolean;
}

export function MembersTable({ currentUserId, actorRole, canManage }: MembersTableProps) {
  const members = useMembers();
  const changeRole = useChangeRole();
  const changeVisibility = useChangeVisibility();
  const removeMember = useRemoveMember();
  const toast = useToast();
  const [removing, setRemoving] = useState<Member | null>(null);

  if (members.isPending) return <LoadingState label="Loading members…" />;
  if (members.isError) return <ErrorState error={members.error} onRetry={() => members.refetch()} />;
  const rows = members.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) return <EmptyState title="No members yet" />;

  // Only owners may touch an owner, and nobody changes their own role here.
  const mayManage = (member: Member) => canManage && member.id !== currentUserId && (member.role !== 'owner' || actorRole === 'owner');
  const roleOptions = grantableRoles(actorRole);

  return (
    <>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col" title="Which leads, deals and tasks the member sees">
                Sees
              </th>
              <th scope="col">Joined</th>
              {canManage && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((member) => (
              <tr key={member.id}>
                <td>
                  <div className="person">
                    <Avatar name={member.name || member.email} />
                    <div>
                      <div className="cell-primary">
                        {member.name || member.email}
                        {member.id === currentUserId && <span className="tag">You</span>}
                      </div>
                      {member.name && <div className="cell-muted">{member.email}</div>}
                    </div>
                  </div>
                </td>
                <td>
                  {mayManage(member) ? (
                    <select
                      className="select-compact"
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      disabled={changeRole.isPending && changeRole.variables.id === member.id}
                      onChange={(event) =>
                        changeRole.mutate(
                          { id: member.id, role: event.target.value as Role },
                          {
                            onSuccess: (updated) =>
                              toast.show('success', `${updated.email} is now ${roleLabel(updated.role).toLowerCase()}`),
                          },
                        )
                      }
                    >
                      {roleOptions.map((role) => (
                        <option key={role} value={role}>
                          {roleLabel(role)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <RoleBadge role={member.role} />
                  )}
                </td>
                <td>
                  {mayManage(member) ? (
                    <select
                      className="select-compact"
                      aria-label={`Records ${member.email} sees`}
                      value={member.visibility}
                      disabled={changeVisibility.isPending && changeVisibility.variables.id === member.id}
                      onChange={(event) =>
                        changeVisibility.mutate(
                          { id: member.id, visibility: event.target.value as Visibility },
                          {
                            onSuccess: (updated) =>
                              toast.show(
                                'success',
                                updated.visibility === 'assigned'
                                  ? `${updated.email} now sees only what is assigned to them`
                                  : `${updated.email} now sees every record`,
                              ),
                          },
                        )
                      }
                    >
                      {(Object.keys(VISIBILITY_LABELS) as Visibility[]).map((visibility) => (
                        <option key={visibility} value={visibility}>
                          {VISIBILITY_LABELS[visibility]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="cell-muted">{VISIBILITY_LABELS[member.visibility]}</span>
                  )}
                </td>
                <td className="cell-muted cell-nowrap">{formatDate(member.joinedAt)}</td>
                {canManage && (
                  <td className="cell-actions">
                    {mayManage(member) && (
                      <button
                        type="button"
                        className="btn btn-ghost-danger btn-sm"
                        aria-label={`Remove ${member.email}`}
                        onClick={() => setRemoving(member)}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {members.hasNextPage && (
        <div className="table-footer">
          <button type="button" className="btn btn-secondary" onClick={() => members.fetchNextPage()} disabled={members.isFetchingNextPage}>
            {members.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title="Remove member?"
          message={`${removing.email} will lose access to this workspace at once. You can invite them again later.`}
          confirmLabel="Remove member"
          pending={removeMember.isPending}
          onCancel={() => setRemoving(null)}
          onConfirm={() =>
            removeMember.mutate(removing.id, {
              onSuccess: () => toast.show('success', `${removing.email} was removed`),
              onSettled: () => setRemoving(null),
            })
          }
        />
      )}
    </>
  );
}
