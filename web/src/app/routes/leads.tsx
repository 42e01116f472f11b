import { PageHeader } from '../../components/page-header';
import { useCurrentMembership } from '../../lib/current-membership';
import { LeadFormCard } from '../../features/leads/components/lead-form-card';
import { LeadsTable } from '../../features/leads/components/leads-table';
import { WebhookHelp } from '../../features/leads/components/webhook-help';
import { roleAtLeast } from '../../lib/roles';

export function LeadsRoute() {
  const membership = useCurrentMembership();
  const isAdmin = membership !== null && roleAtLeast(membership.role, 'admin');

  return (
    <div className="page">
      <PageHeader
        title="Leads"
        description="Sellers who reached out through your form or a connected lead source, matched to your properties."
      />
      <LeadFormCard />
      <section className="card" aria-labelledby="recent-leads-title">
        <header className="card-header">
          <h2 id="recent-leads-title">Recent leads</h2>
          <p>The newest 100, newest first.</p>
        </header>
        <LeadsTable />
      </section>
      <WebhookHelp canManageKeys={isAdmin} />
    </div>
  );
}
