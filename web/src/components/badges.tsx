import { roleLabel, type Role } from '../lib/roles';

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge badge-role-${role}`}>{roleLabel(role)}</span>;
}

export type StatusTone = 'success' | 'neutral' | 'warning' | 'danger';

export function StatusBadge({ tone, children }: { tone: StatusTone; children: string }) {
  return (
    <span className={`badge badge-${tone}`}>
      <span className="badge-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
