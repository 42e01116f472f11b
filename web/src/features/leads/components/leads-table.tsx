import { Link } from 'react-router-dom';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { formatDateTime, formatPhone, formatRelative } from '../../../lib/format';
import { useLeads, WEB_FORM_SOURCE, type Lead } from '../api';

function SourceLabel({ source }: { source: string }) {
  if (source === WEB_FORM_SOURCE) return <span className="cell-nowrap">Lead form</span>;
  return (
    <span className="code-chip" title={`Webhook source; its leads go on the list “Leads: ${source}”`}>
      {source}
    </span>
  );
}

function PropertyCell({ lead }: { lead: Lead }) {
  if (!lead.address) return <span className="cell-muted">—</span>;
  if (!lead.propertyId) return <span>{lead.address}</span>;
  return (
    <Link to={`/properties/${lead.propertyId}`} title="Open the property">
      {lead.address}
    </Link>
  );
}

/** The newest leads from the hosted form and webhooks. */
export function LeadsTable() {
  const leads = useLeads();

  if (leads.isPending) return <LoadingState label="Loading leads…" />;
  if (leads.isError) return <ErrorState error={leads.error} onRetry={() => leads.refetch()} />;
  if (leads.data.items.length === 0) {
    return (
      <EmptyState title="No leads yet">
        Share your form link or connect a lead source through the webhook. New leads show up here, newest first.
      </EmptyState>
    );
  }

  return (
    <div className="table-wrap">
      <table className="data-table leads-table" aria-label="Leads">
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Name</th>
            <th scope="col">Contact</th>
            <th scope="col">Property</th>
            <th scope="col">Source</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {leads.data.items.map((lead) => (
            <tr key={lead.id}>
              <td className="cell-nowrap" title={formatDateTime(lead.createdAt)}>
                {formatRelative(lead.createdAt)}
              </td>
              <td>
                <span className="cell-primary">
                  {lead.name ?? <span className="cell-muted">No name</span>}
                  {lead.consentRecorded && (
                    <span className="badge badge-success" title="Consent to be contacted is on record">
                      Consent
                    </span>
                  )}
                </span>
              </td>
              <td>
                <div className="lead-contact">
                  {lead.phone && (
                    <a href={`tel:${lead.phone}`} className="cell-nowrap">
                      {formatPhone(lead.phone)}
                    </a>
                  )}
                  {lead.email && <a href={`mailto:${lead.email}`}>{lead.email}</a>}
                  {!lead.phone && !lead.email && <span className="cell-muted">—</span>}
                </div>
              </td>
              <td>
                <PropertyCell lead={lead} />
              </td>
              <td>
                <SourceLabel source={lead.source} />
              </td>
              <td className="lead-message">
                {lead.message ? (
                  <span className="cell-ellipsis" title={lead.message}>
                    {lead.message}
                  </span>
                ) : (
                  <span className="cell-muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
