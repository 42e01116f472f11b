import { Link } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/page-states';
import { useToast } from '../../components/toast';
import { useDeletedProperties, useRestoreProperty, type DeletedProperty } from '../../features/properties/api';
import { useCurrentMembership } from '../../lib/current-membership';
import { formatDate, formatDateTime } from '../../lib/format';
import { roleAtLeast } from '../../lib/roles';

function RestoreButton({ property }: { property: DeletedProperty }) {
  const restore = useRestoreProperty();
  const toast = useToast();
  const label = property.address ?? 'The property';
  return (
    <button
      type="button"
      className="btn btn-secondary btn-sm"
      disabled={restore.isPending}
      onClick={() => restore.mutate(property.id, { onSuccess: () => toast.show('success', `${label} is back`) })}
    >
      {restore.isPending ? 'Restoring…' : 'Restore'}
    </button>
  );
}

/** The trash: deleted properties, restorable until their purge date. */
export function DeletedPropertiesRoute() {
  const trash = useDeletedProperties();
  const membership = useCurrentMembership();
  const canRestore = membership !== null && roleAtLeast(membership.role, 'member');
  const items = trash.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page">
      <Link to="/properties" className="back-link">
        <Icon name="arrowLeft" className="icon icon-sm" />
        Properties
      </Link>
      <PageHeader
        title="Deleted properties"
        description="A deleted property stays here for 30 days with everything it had; restore it before its removal date."
      />
      <section className="card">
        {trash.isPending ? (
          <LoadingState label="Loading deleted properties…" />
        ) : trash.isError ? (
          <ErrorState error={trash.error} onRetry={() => void trash.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title="No deleted properties">Properties you delete appear here for 30 days.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="data-table" aria-label="Deleted properties">
              <thead>
                <tr>
                  <th scope="col">Property</th>
                  <th scope="col">Deleted</th>
                  <th scope="col">Removed for good</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((property) => (
                  <tr key={property.id}>
                    <td>
                      <div className="cell-primary">{property.address ?? 'No address'}</div>
                      <div className="cell-muted">{[property.city, property.zip].filter(Boolean).join(' ')}</div>
                    </td>
                    <td className="cell-muted" title={formatDateTime(property.deletedAt)}>
                      {formatDate(property.deletedAt)}
                      <div className="cell-muted">by {property.deletedBy}</div>
                    </td>
                    <td className="cell-nowrap">{formatDate(property.purgeAfter)}</td>
                    <td className="cell-actions">{canRestore && <RestoreButton property={property} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {trash.hasNextPage && (
          <div className="table-footer">
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              disabled={trash.isFetchingNextPage}
              onClick={() => void trash.fetchNextPage()}
            >
              {trash.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
