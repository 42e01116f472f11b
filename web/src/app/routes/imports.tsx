import { Link } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useCurrentMembership } from '../../features/auth/api';
import { ImportsTable } from '../../features/imports/components/imports-table';
import { roleAtLeast } from '../../lib/roles';

export function ImportsRoute() {
  const membership = useCurrentMembership();
  const canImport = membership !== null && roleAtLeast(membership.role, 'member');
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
        actions={canImport && importLink}
      />
      <section className="card">
        <ImportsTable emptyAction={canImport ? importLink : undefined} />
      </section>
    </div>
  );
}
