import { useEffect, useMemo, useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Icon } from '../../../components/icons';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { formatDay, formatMoney, formatNumber } from '../../../lib/format';
import { FIRST_PAGE, nextPosition, previousPosition, type ListPosition } from '../../../lib/page-in-url';
import { DEAL_PAGE_SIZE, useDealPage, type Deal, type DealFilters, type DealSort, type Stage } from '../api';
import { DEAL_TYPE_LABELS } from '../deal-labels';
import { DEAL_SORT_LABELS, hasDealFilters } from '../deals-in-url';
import { DaysInStage, NextStep, TemperatureBadge } from './deal-badges';

interface DealsTableProps {
  pipelineId: string;
  filters: DealFilters;
  sort: DealSort;
  position: ListPosition;
  stages: Stage[];
  memberNames: Map<string, string>;
  onPosition: (position: ListPosition) => void;
  onSort: (sort: DealSort) => void;
  onClearFilters: () => void;
}

const dash = <span className="cell-muted">—</span>;
const money = (value: number | null) => (value === null ? dash : formatMoney(value));

/** The board's deals as rows, a page at a time along the server's cursors. */
export function DealsTable({
  pipelineId,
  filters,
  sort,
  position,
  stages,
  memberNames,
  onPosition,
  onSort,
  onClearFilters,
}: DealsTableProps) {
  const query = useMemo(() => ({ pipelineId, ...filters, sort }), [pipelineId, filters, sort]);
  const deals = useDealPage(query, position.cursor);
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const stageNames = new Map(stages.map((stage) => [stage.id, stage.name]));

  const positionKey = JSON.stringify([filters, sort, position.cursor]);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [positionKey]);

  if (deals.isPending) return <LoadingState label="Loading deals…" />;
  if (deals.isError) return <ErrorState error={deals.error} onRetry={() => deals.refetch()} />;

  const page = deals.data;
  const loading = deals.isPlaceholderData;
  const first = (position.page - 1) * DEAL_PAGE_SIZE + 1;
  const last = first + page.items.length - 1;
  const nextCursor = loading ? null : page.nextCursor;

  return (
    <>
      <div className="table-summary deals-pager">
        <span aria-live="polite" className={loading ? 'cell-muted' : undefined}>
          {page.items.length === 0 ? 'No deals' : `Deals ${formatNumber(first)}–${formatNumber(last)}`}
        </span>
        <label className="field-inline">
          <span>Sort</span>
          <select className="select-compact" value={sort} onChange={(event) => onSort(event.target.value as DealSort)}>
            {(Object.keys(DEAL_SORT_LABELS) as DealSort[]).map((option) => (
              <option key={option} value={option}>
                {DEAL_SORT_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
        <nav className="pager" aria-label="Pages">
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            disabled={position.page === 1 || loading}
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
      </div>
      {page.items.length === 0 ? (
        <EmptyState
          title={
            hasDealFilters(filters) ? 'No deals match these filters' : position.page > 1 ? 'No more deals' : 'No deals in this pipeline yet'
          }
          action={
            hasDealFilters(filters) ? (
              <button type="button" className="btn btn-secondary btn-sm" onClick={onClearFilters}>
                Clear filters
              </button>
            ) : position.page > 1 ? (
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => onPosition(FIRST_PAGE)}>
                Back to the first page
              </button>
            ) : undefined
          }
        >
          {!hasDealFilters(filters) && position.page === 1 && 'Open a property and choose “Create deal” to start one.'}
        </EmptyState>
      ) : (
        <div ref={scrollRef} className="table-scroll" tabIndex={-1}>
          <table className="data-table deals-table" aria-label="Deals" aria-busy={loading}>
            <colgroup>
              <col style={{ width: '24%' }} />
              <col style={{ width: '14%' }} />
              <col style={{ width: '11%' }} />
              <col style={{ width: '9%' }} />
              <col style={{ width: '9%' }} />
              <col style={{ width: '8%' }} />
              <col style={{ width: '9%' }} />
              <col style={{ width: '16%' }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Deal</th>
                <th scope="col">Stage</th>
                <th scope="col">Assignee</th>
                <th scope="col">Type</th>
                <th scope="col" className="cell-numeric">
                  Contract
                </th>
                <th scope="col" className="cell-numeric" title="Expected profit or assignment fee">
                  Profit
                </th>
                <th scope="col">Closes</th>
                <th scope="col">Next step</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((deal: Deal) => (
                <tr key={deal.id} className="row-link" onClick={() => navigate(`/deals/${deal.id}`)}>
                  <td>
                    <Link
                      to={`/deals/${deal.id}`}
                      className="cell-primary cell-ellipsis"
                      title={deal.title}
                      onClick={(event) => event.stopPropagation()}
                    >
                      {deal.address ?? deal.title}
                    </Link>
                    <div className="cell-muted cell-ellipsis">{deal.ownerName ?? 'Owner unknown'}</div>
                  </td>
                  <td>
                    <div className="cell-ellipsis">{stageNames.get(deal.stageId) ?? 'Unknown stage'}</div>
                    <DaysInStage deal={deal} />
                  </td>
                  <td>
                    <div className="cell-ellipsis">{deal.assigneeId ? (memberNames.get(deal.assigneeId) ?? 'A former member') : dash}</div>
                  </td>
                  <td>
                    <div>{DEAL_TYPE_LABELS[deal.dealType]}</div>
                    <TemperatureBadge temperature={deal.temperature} />
                  </td>
                  <td className="cell-numeric">{money(deal.contractPrice)}</td>
                  <td className="cell-numeric">{money(deal.expectedProfit)}</td>
                  <td>{deal.expectedCloseDate ? formatDay(deal.expectedCloseDate) : dash}</td>
                  <td>{deal.stageKind === 'open' ? <NextStep deal={deal} /> : dash}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
