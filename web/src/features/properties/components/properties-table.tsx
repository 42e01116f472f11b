import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Icon } from '../../../components/icons';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { formatMoney, formatNumber, formatPercent } from '../../../lib/format';
import { useProperties, type PropertyFilters, type PropertySort, type PropertySummary } from '../api';
import { hasActiveFilters } from '../filters-in-url';
import { StackBadge, TagChips } from './property-badges';

/** Rows have one fixed height, so the scroll height is exact without measuring. */
const ROW_HEIGHT = 58;
/** Start fetching the next page this many rows before the end of what is loaded. */
const PREFETCH_ROWS = 60;

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
  onSort: (sort: PropertySort) => void;
  onClearFilters: () => void;
  /** Where the empty state sends people to bring in their first list. */
  importAction: ReactNode;
}

/**
 * The property list as one long table: only the rows in view are in the page, and
 * the next 200 load as the end comes near, so scrolling through thousands stays smooth.
 */
export function PropertiesTable({ filters, onSort, onClearFilters, importAction }: PropertiesTableProps) {
  const properties = useProperties(filters);
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = properties.data?.pages.flatMap((page) => page.items) ?? [];
  const total = properties.data?.pages[0]?.total ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = properties;

  const virtualizer = useVirtualizer({
    count: hasNextPage ? rows.length + 1 : rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastVisible >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastVisible, rows.length]);

  // A new filter or sort starts at the top.
  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filterKey]);

  if (properties.isPending) return <LoadingState label="Loading properties…" />;
  if (properties.isError) return <ErrorState error={properties.error} onRetry={() => properties.refetch()} />;
  if (total === 0) {
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
  const paddingTop = virtualRows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (virtualRows.at(-1)?.end ?? 0);

  return (
    <>
      <div className="table-summary" aria-live="polite">
        <span>
          <strong>{total.toLocaleString('en-US')}</strong> {total === 1 ? 'property' : 'properties'}
        </span>
        {properties.isPlaceholderData && <span className="cell-muted">Updating…</span>}
        {rows.length < total && !properties.isPlaceholderData && (
          <span className="cell-muted">{rows.length.toLocaleString('en-US')} loaded; more load as you scroll</span>
        )}
      </div>
      <div ref={scrollRef} className="virtual-table-scroll" tabIndex={-1}>
        <table className="data-table property-table" aria-label="Properties" aria-rowcount={total + 1}>
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
            {paddingTop > 0 && (
              <tr className="virtual-spacer" aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: paddingTop }} />
              </tr>
            )}
            {virtualRows.map((virtualRow) => {
              const property = rows[virtualRow.index];
              if (!property) {
                return (
                  <tr key="loader" className="virtual-loader" style={{ height: ROW_HEIGHT }}>
                    <td colSpan={COLUMNS.length}>
                      <LoadingState label="Loading more properties…" />
                    </td>
                  </tr>
                );
              }
              return (
                <tr
                  key={property.id}
                  className="row-link"
                  style={{ height: ROW_HEIGHT }}
                  aria-rowindex={virtualRow.index + 2}
                  onClick={() => navigate(`/properties/${property.id}`)}
                >
                  {COLUMNS.map((column) => (
                    <td key={column.label} className={column.numeric ? 'cell-numeric' : undefined}>
                      {column.render(property)}
                    </td>
                  ))}
                </tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr className="virtual-spacer" aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: paddingBottom }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
