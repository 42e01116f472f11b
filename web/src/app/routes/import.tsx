import { Link, useParams } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { ErrorState, LoadingState } from '../../components/page-states';
import { useCurrentMembership } from '../../lib/current-membership';
import { useImport } from '../../features/imports/api';
import { ImportProgress } from '../../features/imports/components/import-progress';
import { ImportStatusBadge } from '../../features/imports/components/import-status';
import { ImportSteps } from '../../features/imports/components/import-steps';
import { MappingStep } from '../../features/imports/components/mapping-editor';
import { roleAtLeast } from '../../lib/roles';

/** One import: its mapping step while it waits for one, then its progress and results. */
export function ImportRoute() {
  const { id = '' } = useParams();
  const view = useImport(id);
  const membership = useCurrentMembership();
  const canEdit = membership !== null && roleAtLeast(membership.role, 'member');

  if (view.isPending) return <LoadingState label="Loading the import…" />;
  if (view.isError) {
    return (
      <div className="page">
        <section className="card">
          <ErrorState
            error={view.error}
            title={view.error.status === 404 ? 'Import not found' : undefined}
            action={
              <Link to="/imports" className="btn btn-secondary btn-sm">
                Back to imports
              </Link>
            }
          />
        </section>
      </div>
    );
  }

  const current = view.data;
  const mapping = current.status === 'awaiting_mapping';
  return (
    <div className={`page${mapping ? ' page-wide' : ' page-narrow'}`}>
      <Link to="/imports" className="back-link">
        <Icon name="arrowLeft" className="icon icon-sm" />
        Imports
      </Link>
      <PageHeader
        title={mapping ? 'Map the columns' : current.fileName}
        description={
          <span className="import-subtitle">
            <span>
              {mapping ? `${current.fileName} → ` : 'Into '}
              <strong>{current.listName}</strong>
            </span>
            <ImportStatusBadge status={current.status} />
          </span>
        }
      />
      <ImportSteps current={mapping ? 1 : current.status === 'completed' ? 3 : 2} />
      <section className="card card-padded">
        {mapping ? <MappingStep view={current} canEdit={canEdit} /> : <ImportProgress view={current} />}
      </section>
    </div>
  );
}
