import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Icon } from '../components/icons';
import { LoadingState } from '../components/page-states';
import { useCurrentMembership } from '../lib/current-membership';
import { restoreSession } from '../lib/api-client';
import { roleAtLeast, roleLabel, type Role } from '../lib/roles';
import { useSession } from '../lib/use-session';
import { AuthLayout } from './layout/auth-layout';

export function FullPageLoader() {
  return (
    <div className="full-page-center">
      <LoadingState label="Opening Real Estate OS…" />
    </div>
  );
}

function ServerUnreachable({ reason }: { reason: string }) {
  return (
    <AuthLayout title="Can’t reach the server" subtitle="You are still signed in; your session resumes once the server answers.">
      <div className="stack">
        <div className="alert alert-error" role="alert">
          {reason}
        </div>
        <button type="button" className="btn btn-primary btn-block" onClick={() => void restoreSession()}>
          Try again
        </button>
      </div>
    </AuthLayout>
  );
}

/** The signed-in part of the app; anyone else goes to the login page and comes back after. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'starting') return <FullPageLoader />;
  if (session.status === 'unreachable') return <ServerUnreachable reason={session.reason} />;
  if (session.status === 'signed-out') return <Navigate to="/login" replace state={{ from: location }} />;
  return <Outlet />;
}

/** Pages for stronger roles say so instead of failing request by request. */
export function RequireRole({ minimum, children }: { minimum: Role; children: ReactNode }) {
  const membership = useCurrentMembership();
  if (membership && roleAtLeast(membership.role, minimum)) return children;
  return (
    <div className="page">
      <section className="card">
        <div className="state state-empty">
          <Icon name="shield" className="state-icon" />
          <p className="state-title">You don’t have access to this page</p>
          <p className="state-text">It needs the {roleLabel(minimum).toLowerCase()} role. Ask an admin of this workspace if you need it.</p>
        </div>
      </section>
    </div>
  );
}
