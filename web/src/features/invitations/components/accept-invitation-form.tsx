import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { RoleBadge } from '../../../components/badges';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { useAcceptInvitation, useInvitationPreview } from '../api';

const MIN_PASSWORD_LENGTH = 10;

/**
 * Shows what the invitation link joins and asks for a name and new password, or the
 * current password when the email already has an account.
 */
export function AcceptInvitationForm({ token, onAccepted }: { token: string; onAccepted: () => void }) {
  const preview = useInvitationPreview(token);
  const acceptInvitation = useAcceptInvitation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  const signInLink = (
    <Link to="/login" className="btn btn-secondary btn-sm">
      Go to sign in
    </Link>
  );
  if (!token) {
    return (
      <ErrorState
        title="This link is incomplete"
        error={new Error('Open the invitation link from your email again.')}
        action={signInLink}
      />
    );
  }
  if (preview.isPending) return <LoadingState label="Checking your invitation…" />;
  if (preview.isError) {
    return (
      <ErrorState
        title="This invitation can’t be used"
        error={new Error(`${preview.error.message}. Ask whoever invited you for a new link.`)}
        action={signInLink}
      />
    );
  }
  const invitation = preview.data;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!invitation.existingUser) {
      if (password.length < MIN_PASSWORD_LENGTH) return setLocalError(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
      if (password !== confirmation) return setLocalError('The two passwords differ.');
    }
    setLocalError(null);
    acceptInvitation.mutate(
      { token, password, name: invitation.existingUser ? undefined : name.trim() || undefined },
      { onSuccess: onAccepted },
    );
  }

  const error = localError ?? acceptInvitation.error?.message;
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Accept invitation">
      <div className="invite-summary">
        <p>You have been invited to join</p>
        <p className="invite-tenant">{invitation.tenantName}</p>
        <p>
          as <RoleBadge role={invitation.role} /> with <strong>{invitation.email}</strong>
        </p>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {invitation.existingUser ? (
        <div className="field">
          <label htmlFor="accept-password">Your current password</label>
          <input
            id="accept-password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <p className="field-hint">{invitation.email} already has an account. Confirm it is you to join.</p>
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor="accept-name">Your name</label>
            <input id="accept-name" autoComplete="name" autoFocus value={name} onChange={(event) => setName(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="accept-password">Choose a password</label>
            <input
              id="accept-password"
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <p className="field-hint">At least {MIN_PASSWORD_LENGTH} characters.</p>
          </div>
          <div className="field">
            <label htmlFor="accept-confirmation">Repeat the password</label>
            <input
              id="accept-confirmation"
              type="password"
              autoComplete="new-password"
              required
              value={confirmation}
              onChange={(event) => setConfirmation(event.target.value)}
            />
          </div>
        </>
      )}
      <button type="submit" className="btn btn-primary btn-block" disabled={acceptInvitation.isPending || !password}>
        {acceptInvitation.isPending ? 'Joining…' : `Join ${invitation.tenantName}`}
      </button>
    </form>
  );
}
