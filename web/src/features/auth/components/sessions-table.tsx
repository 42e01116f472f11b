import { useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { StatusBadge } from '../../../components/badges';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { describeUserAgent, formatDateTime, formatRelative } from '../../../lib/format';
import { useEndSession, useSessions, type Session } from '../api';

/** The user's live sessions; any but the current one can be ended (the current one ends by signing out). */
export function SessionsTable() {
  const sessions = useSessions();
  const endSession = useEndSession();
  const toast = useToast();
  const [ending, setEnding] = useState<Session | null>(null);

  if (sessions.isPending) return <LoadingState label="Loading sessions…" />;
  if (sessions.isError) return <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />;
  if (sessions.data.items.length === 0) return <EmptyState title="No active sessions" />;

  return (
    <>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">IP address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.items.map((session) => (
              <tr key={session.id}>
                <td>
                  <div className="cell-primary">
                    {describeUserAgent(session.userAgent)}
                    {session.current && <StatusBadge tone="success">This device</StatusBadge>}
                  </div>
                </td>
                <td className="mono cell-muted">{session.ip ?? '—'}</td>
                <td className="cell-nowrap">{formatDateTime(session.createdAt)}</td>
                <td className="cell-nowrap" title={formatDateTime(session.lastUsedAt)}>
                  {formatRelative(session.lastUsedAt)}
                </td>
                <td className="cell-nowrap" title={formatDateTime(session.expiresAt)}>
                  {formatRelative(session.expiresAt)}
                </td>
                <td className="cell-actions">
                  {!session.current && (
                    <button
                      type="button"
                      className="btn btn-ghost-danger btn-sm"
                      aria-label={`End session on ${describeUserAgent(session.userAgent)} from ${session.ip ?? 'unknown address'}`}
                      onClick={() => setEnding(session)}
                    >
                      End session
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ending && (
        <ConfirmDialog
          title="End this session?"
          message={`The device (${describeUserAgent(ending.userAgent)}) will be signed out at once.`}
          confirmLabel="End session"
          pending={endSession.isPending}
          onCancel={() => setEnding(null)}
          onConfirm={() =>
            endSession.mutate(ending.id, {
              onSuccess: () => toast.show('success', 'Session ended'),
              onSettled: () => setEnding(null),
            })
          }
        />
      )}
    </>
  );
}
