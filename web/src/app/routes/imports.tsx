import { Link } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useCurrentMembership } from '../../lib/current-membership';
import { usePendingLookAlikes } from '../../features/imports/api';
import { ImportsTable } from '../../features/imports/components/imports-table';
import { roleAtLeast } from '../../lib/roles';

export function ImportsRoute() {
  const membership = useCurrentMembership();
  const canImport = membership !== null && roleAtLeast(membership.role, 'member');
  const lookAlikes = usePendingLookAlikes();
  const pending = lookAlikes.data?.items.length ?? 0;
  const reviewLink = (
    <Link
      to="/imports/review"
      className="btn btn-secondary"
      aria-label={pending > 0 ? `Review look-alikes, ${pending} pending` : 'Review look-alikes'}
    >
      <Icon name="compare" />
      Review
      {pending > 0 && (
        <span className="count-badge" aria-hidden="true">
          {pending >= 500 ? '500+' : pending}
        </span>
      )}
    </Link>
  );
  const importLink = (
    <Link to="/imports/new" className="btn btn-primary">
      <Icon name="upload" />
      Import a list
    </Link>
  );

  return (
    <div className="page">
      <PageHeader
        title="Imports"
        description="Lists brought into this workspace: cleaned, matched to the properties you have and stacked."
        actions={
          <>
            {reviewLink}
            {canImport && importLink}
          </>
        }
      />
      <section className="card">
        <ImportsTable emptyAction={canImport ? importLink : undefined} />
      </section>
    </div>
  );
}
