import { useNavigate, useSearchParams } from 'react-router-dom';
import { useToast } from '../../components/toast';
import { AcceptInvitationForm } from '../../features/invitations/components/accept-invitation-form';
import { AuthLayout } from '../layout/auth-layout';

export function AcceptInviteRoute() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const toast = useToast();

  return (
    <AuthLayout title="Join your team">
      <AcceptInvitationForm
        token={searchParams.get('token') ?? ''}
        onAccepted={() => {
          toast.show('success', 'Welcome aboard: you are signed in');
          navigate('/', { replace: true });
        }}
      />
    </AuthLayout>
  );
}
