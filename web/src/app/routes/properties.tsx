import { useMemo } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { useCurrentMembership } from '../../lib/current-membership';
import { useExportProperties, useLists, type PropertyFilters } from '../../features/properties/api';
import { PropertiesTable } from '../../features/properties/components/properties-table';
import { PropertyFiltersBar } from '../../features/properties/components/property-filters-bar';
import { filtersFromSearchParams, searchParamsFromFilters } from '../../features/properties/filters-in-url';
import { positionFromLocation, positionTarget, type ListPosition } from '../../lib/page-in-url';
import { roleAtLeast } from '../../lib/roles';

/**
 * Filters and the page live in the address, so a filtered view can be bookmarked, shared
 * and reached with Back. A new filter, sort or search starts again at the first page.
 */
function usePropertyListInUrl() {
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const filters = useMemo(() => filtersFromSearchParams(searchParams), [searchParams]);
  const position = useMemo(() => positionFromLocation(searchParams, location.state), [searchParams, location.state]);
  const setFilters = (next: PropertyFilters) => setSearchParams(searchParamsFromFilters(next), { replace: true });
  // Each page is its own history entry: the browser's Back steps back a page.
  const goTo = (next: ListPosition) => {
    const target = positionTarget(searchParamsFromFilters(filters), next);
    navigate({ search: target.search }, { state: target.state });
  };
  return { filters, setFilters, position, goTo };
}

export function PropertiesRoute() {
  const { filters, setFilters, position, goTo } = usePropertyListInUrl();
  const lists = useLists();
  const exportProperties = useExportProperties();
  const toast = useToast();
  const membership = useCurrentMembership();
  const canImport = membership !== null && roleAtLeast(membership.role, 'member');

  const importAction = canImport ? (
    <Link to="/imports/new" className="btn btn-primary btn-sm">
      <Icon name="upload" />
      Import a list
    </Link>
  ) : (
    <Link to="/imports" className="btn btn-secondary btn-sm">
      See imports
    </Link>
  );

  return (
    <div className="page page-wide page-fill">
      <PageHeader
        title="Properties"
        description="Every parcel from your lists, merged across spellings. Properties on more lists are more motivated."
        actions={
          <>
            <Link to="/properties/deleted" className="btn btn-secondary">
              <Icon name="trash" />
              Deleted properties
            </Link>
            <button
              type="button"
              className="btn btn-secondary"
              disabled={exportProperties.isPending}
              onClick={() => exportProperties.mutate(filters, { onSuccess: () => toast.show('success', 'CSV export downloaded') })}
            >
              <Icon name="download" />
              {exportProperties.isPending ? 'Exporting…' : 'Export CSV'}
            </button>
            {canImport && (
              <Link to="/imports/new" className="btn btn-primary">
                <Icon name="upload" />
                Import a list
              </Link>
            )}
          </>
        }
      />
      <section className="card card-fill">
        <PropertyFiltersBar filters={filters} lists={lists.data?.items ?? []} onChange={setFilters} />
        <PropertiesTable
          filters={filters}
          position={position}
          onPosition={goTo}
          onSort={(sort) => setFilters({ ...filters, sort })}
          onClearFilters={() => setFilters({ sort: filters.sort })}
          onClearSearch={() => setFilters({ ...filters, q: undefined })}
          importAction={importAction}
        />
      </section>
    </div>
  );
}
