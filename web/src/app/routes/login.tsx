import { Navigate, useLocation, type Location } from 'react-router-dom';
import { LoginForm } from '../../features/auth/components/login-form';
import { useSession } from '../../lib/use-session';
import { FullPageLoader } from '../guards';
import { AuthLayout } from '../layout/auth-layout';

export function LoginRoute() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'starting') return <FullPageLoader />;
  if (session.status === 'signed-in') {
    const from = (location.state as { from?: Location } | null)?.from;
    return <Navigate to={from ? `${from.pathname}${from.search}` : '/'} replace />;
  }
  return (
    <AuthLayout title="Sign in" subtitle="Welcome back. Sign in to your workspace.">
      <LoginForm />
    </AuthLayout>
  );
}
