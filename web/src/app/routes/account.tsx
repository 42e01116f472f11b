import { Avatar } from '../../components/avatar';
import { RoleBadge } from '../../components/badges';
import { PageHeader } from '../../components/page-header';
import { useCurrentMembership } from '../../lib/current-membership';
import { SessionsTable } from '../../features/auth/components/sessions-table';
import { useSession } from '../../lib/use-session';

export function AccountRoute() {
  const session = useSession();
  const membership = useCurrentMembership();
  if (session.status !== 'signed-in' || !membership) return null;
  const { user } = session;

  return (
    <div className="page">
      <PageHeader title="Account" description="Your profile and the devices signed in as you." />
      <section className="card card-padded profile-card" aria-label="Profile">
        <Avatar name={user.name || user.email} />
        <div>
          <div className="profile-name">{user.name || user.email}</div>
          {user.name && <div className="cell-muted">{user.email}</div>}
        </div>
        <div className="profile-role">
          <span className="cell-muted">{membership.name}</span>
          <RoleBadge role={membership.role} />
        </div>
      </section>
      <section className="card" aria-labelledby="sessions-title">
        <div className="card-header">
          <h2 id="sessions-title">Active sessions</h2>
          <p>Sessions stay signed in until they expire or are ended. End any you do not recognise.</p>
        </div>
        <SessionsTable />
      </section>
    </div>
  );
}
