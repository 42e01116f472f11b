import { Outlet } from 'react-router-dom';
import { RoleBadge } from '../../components/badges';
import { LiveUpdates } from '../../features/live/live-updates';
import { NotificationsBell } from '../../features/notifications/components/notifications-bell';
import { SearchButton } from '../../features/search/components/search-button';
import { useCurrentMembership } from '../../lib/current-membership';
import { roleAtLeast } from '../../lib/roles';
import { useSession } from '../../lib/use-session';
import { SidebarNav } from './sidebar-nav';
import { TenantSwitcher } from './tenant-switcher';
import { UserMenu } from './user-menu';

/** The signed-in frame: navigation on the left, workspace and account on top. */
export function AppShell() {
  const session = useSession();
  const membership = useCurrentMembership();
  if (session.status !== 'signed-in' || !membership) return null;

  return (
    <div className="app-shell">
      <LiveUpdates key={membership.id} tenantId={membership.id} />
      <SidebarNav isAdmin={roleAtLeast(membership.role, 'admin')} />
      <div className="app-main">
        <header className="topbar">
          <div className="topbar-workspace">
            <TenantSwitcher current={membership} />
            <RoleBadge role={membership.role} />
          </div>
          <div className="topbar-actions">
            <SearchButton />
            <NotificationsBell />
            <UserMenu user={session.user} />
          </div>
        </header>
        <main className="content" id="main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
