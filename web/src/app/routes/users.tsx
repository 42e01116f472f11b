import { useState } from 'react';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useCurrentMembership } from '../../lib/current-membership';
import { InviteMemberDialog } from '../../features/invitations/components/invite-member-dialog';
import { PendingInvitations } from '../../features/invitations/components/pending-invitations';
import { MembersTable } from '../../features/users/components/members-table';
import { roleAtLeast } from '../../lib/roles';
import { useSession } from '../../lib/use-session';

export function UsersRoute() {
  const session = useSession();
  const membership = useCurrentMembership();
  const [inviting, setInviting] = useState(false);
  if (session.status !== 'signed-in' || !membership) return null;
  const isAdmin = roleAtLeast(membership.role, 'admin');

  return (
    <div className="page">
      <PageHeader
        title="Team"
        description={`Everyone with access to ${membership.name}.`}
        actions={
          isAdmin && (
            <button type="button" className="btn btn-primary" onClick={() => setInviting(true)}>
              <Icon name="plus" />
              Invite member
            </button>
          )
        }
      />
      <section className="card" aria-labelledby="members-title">
        <div className="card-header">
          <h2 id="members-title">Members</h2>
        </div>
        <MembersTable currentUserId={session.user.id} actorRole={membership.role} canManage={isAdmin} />
      </section>
      {isAdmin && (
        <section className="card" aria-labelledby="invitations-title">
          <div className="card-header">
            <h2 id="invitations-title">Pending invitations</h2>
          </div>
          <PendingInvitations />
        </section>
      )}
      {inviting && <InviteMemberDialog actorRole={membership.role} onClose={() => setInviting(false)} />}
    </div>
  );
}
