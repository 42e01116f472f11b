import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Icon } from '../../../components/icons';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { formatApproximateCount, formatMoney, formatNumber, formatPercent } from '../../../lib/format';
import {
  PROPERTY_PAGE_SIZE,
  usePropertyPage,
  type PropertyFilters,
  type PropertyPage,
  type PropertySort,
  type PropertySummary,
} from '../api';
import { hasActiveFilters } from '../filters-in-url';
import { FIRST_PAGE, nextPosition, previousPosition, type ListPosition } from '../../../lib/page-in-url';
import { StackBadge, TagChips } from './property-badges';

/** Rows have one fixed height, so a page with a two-line cell lines up with the rest. */
const ROW_HEIGHT = 58;

interface Column {
  label: string;
  /** Share of the table width; the table lays out with fixed widths so rows never jump. */
  width: string;
  sort?: PropertySort;
  numeric?: boolean;
  render: (property: PropertySummary) => ReactNode;
}

const dash = <span className="cell-muted">—</span>;
const money = (value: number | null) => (value === null ? dash : formatMoney(value));

const COLUMNS: Column[] = [
  {
    label: 'Address',
    width: '20%',
    sort: 'address',
    render: (property) => (
      <>
        <Link
          to={`/properties/${property.id}`}
          className="cell-primary cell-ellipsis"
          title={property.address ?? undefined}
          onClick={(event) => event.stopPropagation()}
        >
          {property.address ?? (property.apn ? `APN ${property.apn}` : 'No address')}
        </Link>
        <div className="cell-muted cell-ellipsis">
          {[property.city, [property.state, property.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '—'}
        </div>
      </>
    ),
  },
  {
    label: 'Score',
    width: '6%',
    numeric: true,
    sort: 'score',
    render: (property) => (property.score === null ? dash : <span className="cell-primary">{property.score}</span>),
  },
  {
    label: 'Owner(s)',
    width: '11%',
    render: (property) =>
      property.ownerNames ? (
        <div className="cell-ellipsis" title={property.ownerNames}>
          {property.ownerNames}
        </div>
      ) : (
        dash
      ),
  },
  { label: 'Lists', width: '5%', sort: 'stack', render: (property) => <StackBadge count={property.stackCount} /> },
  {
    label: 'Distress tags',
    width: '10%',
    render: (property) => (property.distressTags.length > 0 ? <TagChips tags={property.distressTags} limit={1} /> : dash),
  },
  {
    label: 'Beds/baths',
    width: '8%',
    numeric: true,
    render: (property) =>
      property.beds === null && property.baths === null
        ? dash
        : `${property.beds === null ? '–' : formatNumber(property.beds)} / ${property.baths === null ? '–' : formatNumber(property.baths)}`,
  },
  {
    label: 'Sq ft',
    width: '6%',
    numeric: true,
    render: (property) => (property.livingSqft === null ? dash : formatNumber(property.livingSqft)),
  },
  { label: 'Built', width: '6%', numeric: true, sort: 'year_built', render: (property) => property.yearBuilt ?? dash },
  { label: 'Value', width: '10%', numeric: true, sort: 'value', render: (property) => money(property.marketValue) },
  {
    label: 'Equity',
    width: '10%',
    numeric: true,
    sort: 'equity',
    render: (property) =>
      property.equity === null ? (
        <span className="cell-muted" title="Unknown: no mortgage data or no value">
          —
        </span>
      ) : (
        <>
          <div>{formatMoney(property.equity)}</div>
          {property.equityPercent !== null && <div className="cell-muted">{formatPercent(property.equityPercent)}</div>}
        </>
      ),
  },
  { label: 'Tax owed', width: '8%', numeric: true, render: (property) => money(property.taxOwed) },
];

interface PropertiesTableProps {
  filters: PropertyFilters;
  position: ListPosition;
  onPosition: (position: ListPosition) => void;
  onSort: (sort: PropertySort) => void;
  onClearFilters: () => void;
  onClearSearch: () => void;
  /** Where the empty state sends people to bring in their first list. */
  importAction: ReactNode;
}

/**
 * "1–50 of about 1.2 million properties". An estimated total is rounded and never
 * shown below the rows already seen; on the last page the count is known exactly.
 */
function describeRange(page: PropertyPage, pageNumber: number): string {
  const first = (pageNumber - 1) * PROPERTY_PAGE_SIZE + 1;
  const last = first + page.items.length - 1;
  const exact = page.totalExact || page.nextCursor === null;
  const total = page.totalExact ? page.total : page.nextCursor === null ? last : Math.max(page.total, last);
  const noun = exact && total === 1 ? 'property' : 'properties';
  const range = first === last ? formatNumber(first) : `${formatNumber(first)}–${formatNumber(last)}`;
  return `${range} of ${exact ? formatNumber(total) : `about ${formatApproximateCount(total)}`} ${noun}`;
}

/**
 * The property list, a page at a time. Pages follow the server's cursors, so page
 * 2,000 of a county roll opens as fast as the first; the page after this one is
 * already fetched when Next is pressed.
 */
export function PropertiesTable({
  filters,
  position,
  onPosition,
  onSort,
  onClearFilters,
  onClearSearch,
  importAction,
}: PropertiesTableProps) {
  const properties = usePropertyPage(filters, position.cursor);
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);

  // Another page, filter or sort starts at the top of the table.
  const positionKey = JSON.stringify([filters, position.cursor]);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [positionKey]);

  if (properties.isPending) return <LoadingState label="Loading properties…" />;
  if (properties.isError) {
    return (
      <ErrorState
        error={properties.error}
        onRetry={() => properties.refetch()}
        action={
          position.cursor && (
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => onPosition(FIRST_PAGE)}>
              Go to the first page
            </button>
          )
        }
      />
    );
  }

  const page = properties.data;
  const loading = properties.isPlaceholderData;
  if (page.items.length === 0 && !loading) {
    if (position.page > 1) {
      return (
        <EmptyState
          title="No more properties"
          action={
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => onPosition(FIRST_PAGE)}>
              Back to the first page
            </button>
          }
        />
      );
    }
    if (filters.q) {
      const otherFilters = hasActiveFilters({ ...filters, q: undefined });
      return (
        <EmptyState
          title={`No properties match “${filters.q}”`}
          action={
            <div className="empty-actions">
              <button type="button" className="btn btn-secondary btn-sm" onClick={onClearSearch}>
                Clear search
              </button>
              {otherFilters && (
                <button type="button" className="btn btn-ghost btn-sm" onClick={onClearFilters}>
                  Clear all filters
                </button>
              )}
            </div>
          }
        >
          The search looks in addresses, cities, ZIP codes, APNs, owner names, phones and e-mails
          {otherFilters ? ', within the filters set' : ''}. Check the spelling, or try fewer or shorter words.
        </EmptyState>
      );
    }
    return hasActiveFilters(filters) ? (
      <EmptyState
        title="No properties match these filters"
        action={
          <button type="button" className="btn btn-secondary btn-sm" onClick={onClearFilters}>
            Clear filters
          </button>
        }
      >
        Try a wider value range, another list, or fewer filters.
      </EmptyState>
    ) : (
      <EmptyState title="No properties yet" action={importAction}>
        Import a county list or a list provider’s export. Its properties appear here, merged and de-duplicated across lists.
      </EmptyState>
    );
  }

  const activeSort = filters.sort ?? 'stack';
  const firstRowIndex = (position.page - 1) * PROPERTY_PAGE_SIZE;
  const canGoBack = position.page > 1 && !loading;
  const nextCursor = loading ? null : page.nextCursor;
  const onlyPage = position.page === 1 && page.nextCursor === null;

  return (
    <>
      <div className="table-summary property-pager">
        <span data-testid="property-count" aria-live="polite" className={loading ? 'cell-muted' : undefined}>
          {describeRange(page, position.page)}
        </span>
        {hasActiveFilters(filters) && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={onClearFilters}>
            Clear filters
          </button>
        )}
        {loading && (
          <span className="pager-loading" role="status">
            <span className="spinner spinner-inline" aria-hidden="true" />
            Loading…
          </span>
        )}
        {!onlyPage && (
          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              disabled={!canGoBack}
              onClick={() => onPosition(previousPosition(position))}
            >
              <Icon name="chevronLeft" />
              Previous
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              disabled={!nextCursor}
              onClick={() => nextCursor && onPosition(nextPosition(position, nextCursor))}
            >
              Next
              <Icon name="chevronRight" />
            </button>
          </nav>
        )}
      </div>
      <div ref={scrollRef} className="table-scroll" tabIndex={-1}>
        <table
          className="data-table property-table"
          aria-label="Properties"
          aria-busy={loading}
          aria-rowcount={page.totalExact ? page.total + 1 : -1}
        >
          <colgroup>
            {COLUMNS.map((column) => (
              <col key={column.label} style={{ width: column.width }} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {COLUMNS.map((column) => (
                <th
                  key={column.label}
                  scope="col"
                  className={column.numeric ? 'cell-numeric' : undefined}
                  aria-sort={
                    column.sort && column.sort === activeSort ? (column.sort === 'address' ? 'ascending' : 'descending') : undefined
                  }
                >
                  {column.sort ? (
                    <button
                      type="button"
                      className={`th-sort${column.sort === activeSort ? ' th-sort-active' : ''}`}
                      onClick={() => onSort(column.sort!)}
                      title={column.sort === 'address' ? 'Sort by street, A to Z' : 'Sort, highest first'}
                    >
                      {column.label}
                      <Icon name="chevronDown" className={`icon icon-sm${column.sort === 'address' ? ' icon-flip' : ''}`} />
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.items.map((property, index) => (
              <tr
                key={property.id}
                className="row-link"
                style={{ height: ROW_HEIGHT }}
                aria-rowindex={firstRowIndex + index + 2}
                onClick={() => navigate(`/properties/${property.id}`)}
              >
                {COLUMNS.map((column) => (
                  <td key={column.label} className={column.numeric ? 'cell-numeric' : undefined}>
                    {column.render(property)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
