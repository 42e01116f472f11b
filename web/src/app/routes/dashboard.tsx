import { Link } from 'react-router-dom';
import { RoleBadge } from '../../components/badges';
import { Icon, type IconName } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useApiKeys } from '../../features/api-keys/api';
import { usePipelines } from '../../features/deals/api';
import { useCurrentMembership } from '../../lib/current-membership';
import { formatApproximateCount } from '../../lib/format';
import { useInvitations } from '../../features/invitations/api';
import { useLists, usePropertyCount } from '../../features/properties/api';
import { useMyDay } from '../../features/tasks/api';
import { useMembers } from '../../features/users/api';
import { roleAtLeast } from '../../lib/roles';
import { useSession } from '../../lib/use-session';
import { UPCOMING_SECTIONS } from '../layout/sidebar-nav';

function StatCard({ label, value, icon, to }: { label: string; value: string; icon: IconName; to: string }) {
  return (
    <Link to={to} className="stat-card">
      <span className="stat-icon">
        <Icon name={icon} />
      </span>
      <span>
        <span className="stat-value">{value}</span>
        <span className="stat-label">{label}</span>
      </span>
    </Link>
  );
}

/** Counts for admins' cards; they load only when the role may read them. */
function AdminStats() {
  const invitations = useInvitations();
  const apiKeys = useApiKeys();
  const pending = invitations.data?.items.filter((invitation) => invitation.status === 'pending').length;
  const active = apiKeys.data?.items.filter((apiKey) => !apiKey.revokedAt).length;
  return (
    <>
      <StatCard label="Pending invitations" value={pending === undefined ? '–' : String(pending)} icon="send" to="/users" />
      <StatCard label="Active API keys" value={active === undefined ? '–' : String(active)} icon="key" to="/api-keys" />
    </>
  );
}

export function DashboardRoute() {
  const session = useSession();
  const membership = useCurrentMembership();
  const members = useMembers();
  const propertyCount = usePropertyCount();
  const lists = useLists();
  const myDay = useMyDay();
  const pipelines = usePipelines();
  if (session.status !== 'signed-in' || !membership) return null;

  const firstName = session.user.name.split(' ')[0];
  const memberCount = members.data?.pages.flatMap((page) => page.items).length;
  const isAdmin = roleAtLeast(membership.role, 'admin');
  const tasksDue = myDay.data && myDay.data.overdue.length + myDay.data.today.length;
  const openDeals = pipelines.data?.items
    .flatMap((pipeline) => pipeline.stages)
    .filter((stage) => stage.kind === 'open')
    .reduce((total, stage) => total + stage.dealCount, 0);

  return (
    <div className="page">
      <PageHeader
        title={firstName ? `Welcome, ${firstName}` : 'Welcome back'}
        description={
          <>
            You are signed in to <strong>{membership.name}</strong> as <RoleBadge role={membership.role} />
          </>
        }
      />
      <section aria-label="Workspace at a glance" className="stat-grid">
        <StatCard
          label={myDay.data?.overdue.length ? `Tasks for today (${myDay.data.overdue.length} overdue)` : 'Tasks for today'}
          value={tasksDue === undefined ? '–' : String(tasksDue)}
          icon="calendar"
          to="/my-day"
        />
        <StatCard label="Open deals" value={openDeals === undefined ? '–' : String(openDeals)} icon="kanban" to="/deals" />
        <StatCard
          label="Properties"
          value={
            propertyCount.data === undefined
              ? '–'
              : propertyCount.data.totalExact
                ? propertyCount.data.total.toLocaleString('en-US')
                : `about ${formatApproximateCount(propertyCount.data.total)}`
          }
          icon="building"
          to="/properties"
        />
        <StatCard
          label="Lists imported"
          value={lists.data === undefined ? '–' : String(lists.data.items.length)}
          icon="layers"
          to="/imports"
        />
        <StatCard
          label="Team members"
          value={memberCount === undefined ? '–' : `${memberCount}${members.hasNextPage ? '+' : ''}`}
          icon="users"
          to="/users"
        />
        {isAdmin && <AdminStats />}
      </section>

      {propertyCount.data?.total === 0 && (
        <section className="card card-padded get-started">
          <span className="feature-icon">
            <Icon name="upload" />
          </span>
          <div>
            <h2 className="section-title">Bring in your first list</h2>
            <p className="section-description">
              Upload a county list or a PropStream, BatchLeads or DealMachine export. Properties on several lists rise to the top.
            </p>
          </div>
          {roleAtLeast(membership.role, 'member') && (
            <Link to="/imports/new" className="btn btn-primary">
              Import a list
            </Link>
          )}
        </section>
      )}

      <section className="section">
        <h2 className="section-title">Coming to your workspace</h2>
        <p className="section-description">
          Campaigns and reports are being built. These sections will light up in the navigation as they ship.
        </p>
        <div className="feature-grid">
          {UPCOMING_SECTIONS.map((section) => (
            <article key={section.label} className="feature-card" aria-disabled="true">
              <div className="feature-card-top">
                <span className="feature-icon">
                  <Icon name={section.icon} />
                </span>
                <span className="badge badge-neutral">Coming soon</span>
              </div>
              <h3>{section.label}</h3>
              <p>{section.description}</p>
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}
