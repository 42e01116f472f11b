import { Outlet } from 'react-router-dom';
import { RoleBadge } from '../../components/badges';
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
      <SidebarNav isAdmin={roleAtLeast(membership.role, 'admin')} />
      <div className="app-main">
        <header className="topbar">
          <div className="topbar-workspace">
            <TenantSwitcher current={membership} />
            <RoleBadge role={membership.role} />
          </div>
          <UserMenu user={session.user} />
        </header>
        <main className="content" id="main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
