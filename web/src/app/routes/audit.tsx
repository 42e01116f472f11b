import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/page-header';
import type { AuditFilters } from '../../features/audit/api';
import { AuditFiltersBar } from '../../features/audit/components/audit-filters';
import { AuditTable } from '../../features/audit/components/audit-table';
import { useMembers } from '../../features/users/api';

const FILTER_NAMES = ['entityType', 'actorId', 'action', 'from', 'to'] as const satisfies readonly (keyof AuditFilters)[];

/** Filters live in the address, so a filtered view can be bookmarked and shared. */
function useFiltersInUrl(): [AuditFilters, (filters: AuditFilters) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters: AuditFilters = {};
  for (const name of FILTER_NAMES) {
    const value = searchParams.get(name);
    if (value) filters[name] = value;
  }
  const setFilters = (next: AuditFilters) => {
    const params = new URLSearchParams();
    for (const name of FILTER_NAMES) {
      const value = next[name];
      if (value) params.set(name, value);
    }
    setSearchParams(params, { replace: true });
  };
  return [filters, setFilters];
}

export function AuditRoute() {
  const [filters, setFilters] = useFiltersInUrl();
  const members = useMembers();
  const actors = (members.data?.pages.flatMap((page) => page.items) ?? []).map((member) => ({
    id: member.id,
    label: member.name ? `${member.name} (${member.email})` : member.email,
  }));

  return (
    <div className="page">
      <PageHeader title="Audit log" description="Every change in this workspace: who did what, when, and what changed." />
      <section className="card">
        <AuditFiltersBar filters={filters} actors={actors} onChange={setFilters} />
        <AuditTable filters={filters} />
      </section>
    </div>
  );
}
