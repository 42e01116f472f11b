import { roleLabel, type Role } from '../lib/roles';

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge badge-role-${role}`}>{roleLabel(role)}</span>;
}

export function StatusBadge({ tone, children }: { tone: 'success' | 'neutral'; children: string }) {
  return (
    <span className={`badge badge-${tone}`}>
      <span className="badge-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
