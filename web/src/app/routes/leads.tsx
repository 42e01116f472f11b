import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import type { LeadFilters } from '../../features/leads/api';
import { LeadFormCard } from '../../features/leads/components/lead-form-card';
import { LeadsInbox } from '../../features/leads/components/leads-inbox';
import { WebhookHelp } from '../../features/leads/components/webhook-help';
import { focusedLeadId, leadFiltersFromSearchParams, searchParamsFromLeadFilters } from '../../features/leads/leads-in-url';
import { useMembers } from '../../features/users/api';
import { useCurrentMembership } from '../../lib/current-membership';
import { positionFromLocation, positionTarget, type ListPosition } from '../../lib/page-in-url';
import { roleAtLeast } from '../../lib/roles';

/** The leads inbox, filtered and paged from the address; below it, where leads come from. */
export function LeadsRoute() {
  const membership = useCurrentMembership();
  const isAdmin = membership !== null && roleAtLeast(membership.role, 'admin');
  const canEdit = membership !== null && roleAtLeast(membership.role, 'member');
  const location = useLocation();
  const navigate = useNavigate();
  const params = new URLSearchParams(location.search);
  const filters = leadFiltersFromSearchParams(params);
  const position = positionFromLocation(params, location.state);
  const members = useMembers();
  const assignable = (members.data?.pages.flatMap((page) => page.items) ?? []).map((member) => ({
    id: member.id,
    name: member.name || member.email,
  }));

  const goTo = (nextFilters: LeadFilters, next: ListPosition) => {
    const target = positionTarget(searchParamsFromLeadFilters(nextFilters), next);
    void navigate({ search: target.search }, { state: target.state });
  };

  return (
    <div className="page page-wide">
      <PageHeader
        title="Leads"
        description="Sellers who reached out through your form or a connected lead source, matched to your properties."
        actions={
          <Link to="/imports/review" className="btn btn-secondary btn-sm">
            <Icon name="compare" />
            Review look-alikes
          </Link>
        }
      />
      <section className="card" aria-labelledby="lead-inbox-title">
        <header className="card-header">
          <h2 id="lead-inbox-title">Inbox</h2>
          <p>Newest first. Tick leads to assign them or change their status together.</p>
        </header>
        <LeadsInbox
          filters={filters}
          position={position}
          focusedId={focusedLeadId(params)}
          members={assignable}
          canEdit={canEdit}
          onFilters={(next) => goTo(next, { cursor: undefined, page: 1, previousCursors: [] })}
          onPosition={(next) => goTo(filters, next)}
        />
      </section>
      <h2 className="section-title">Where leads come from</h2>
      <LeadFormCard />
      <WebhookHelp canManageKeys={isAdmin} />
    </div>
  );
}
