import { useMemo } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../components/page-states';
import { useToast } from '../../components/toast';
import { useBoard, useExportDeals, usePipelines, type Board } from '../../features/deals/api';
import { DealBoard } from '../../features/deals/components/deal-board';
import { DealFiltersBar } from '../../features/deals/components/deal-filters-bar';
import { DealsTable } from '../../features/deals/components/deals-table';
import { dealsStateFromSearchParams, searchParamsFromDealsState, type DealsState } from '../../features/deals/deals-in-url';
import { SavedViewsMenu } from '../../features/saved-views/components/saved-views-menu';
import { useMembers } from '../../features/users/api';
import { useCurrentMembership } from '../../lib/current-membership';
import { formatMoney } from '../../lib/format';
import { positionFromLocation, positionTarget, type ListPosition } from '../../lib/page-in-url';
import { roleAtLeast } from '../../lib/roles';

/**
 * The pipeline, view, filters, sort and table page live in the address, so a view can
 * be bookmarked and shared. A new filter or sort starts the table again at its first page.
 */
function useDealsInUrl() {
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const state = useMemo(() => dealsStateFromSearchParams(searchParams), [searchParams]);
  const position = useMemo(() => positionFromLocation(searchParams, location.state), [searchParams, location.state]);
  const setState = (patch: Partial<DealsState>) => setSearchParams(searchParamsFromDealsState({ ...state, ...patch }), { replace: true });
  // Each table page is its own history entry: Back steps back a page.
  const goTo = (next: ListPosition) => {
    const target = positionTarget(searchParamsFromDealsState(state), next);
    navigate({ search: target.search }, { state: target.state });
  };
  return { state, setState, position, goTo };
}

/** The pipeline at a glance: every deal of the filter, and what the open ones are worth. */
function BoardTotals({ board }: { board: Board }) {
  const open = board.columns.filter((column) => column.stage.kind === 'open');
  const count = board.columns.reduce((total, column) => total + column.count, 0);
  const contractValue = open.reduce((total, column) => total + column.contractValue, 0);
  const forecast = open.reduce((total, column) => total + column.weightedForecast, 0);
  return (
    <p className="board-totals" aria-live="polite">
      <span>
        <strong>{count}</strong> {count === 1 ? 'deal' : 'deals'}
      </span>
      <span>
        Open contract value <strong>{formatMoney(contractValue)}</strong>
      </span>
      <span>
        Weighted forecast <strong>{formatMoney(forecast)}</strong>
      </span>
    </p>
  );
}

export function DealsRoute() {
  const { state, setState, position, goTo } = useDealsInUrl();
  const pipelines = usePipelines();
  const members = useMembers();
  const membership = useCurrentMembership();
  const toast = useToast();
  const exportDeals = useExportDeals();
  const pipeline = pipelines.data?.items.find((item) => item.id === state.pipelineId) ?? pipelines.data?.items[0];
  const board = useBoard(state.view === 'board' ? pipeline?.id : undefined, state.filters);
  const memberList = members.data?.pages.flatMap((page) => page.items) ?? [];
  const memberNames = new Map(memberList.map((member) => [member.id, member.name || member.email]));
  const canMove = membership !== null && roleAtLeast(membership.role, 'member');

  let body;
  if (pipelines.isPending) body = <LoadingState label="Loading pipelines…" />;
  else if (pipelines.isError) body = <ErrorState error={pipelines.error} onRetry={() => pipelines.refetch()} />;
  else if (!pipeline)
    body = <EmptyState title="No pipelines yet">An admin can create a pipeline with its stages through the API.</EmptyState>;
  else if (state.view === 'table') {
    body = (
      <section className="card card-fill">
        <DealsTable
          pipelineId={pipeline.id}
          filters={state.filters}
          sort={state.sort}
          position={position}
          stages={pipeline.stages}
          memberNames={memberNames}
          onPosition={goTo}
          onSort={(sort) => setState({ sort })}
          onClearFilters={() => setState({ filters: {} })}
        />
      </section>
    );
  } else if (board.isPending) body = <LoadingState label="Loading the board…" />;
  else if (board.isError) body = <ErrorState error={board.error} onRetry={() => board.refetch()} />;
  else body = <DealBoard board={board.data} filters={state.filters} canMove={canMove} />;

  return (
    <div className="page page-wide page-fill deals-page">
      <PageHeader
        title="Deals"
        description="Every opportunity from first contact to close. Drag a card to move it to another stage."
        actions={
          <>
            <SavedViewsMenu
              screen="deals"
              current={{
                pipelineId: pipeline?.id ?? null,
                layout: state.view,
                filters: state.filters,
                // The table's sort; the board keeps its own order.
                sort: state.view === 'table' ? state.sort : null,
              }}
              canWrite={canMove}
              onApply={(view) =>
                setState({
                  pipelineId: view.pipelineId ?? undefined,
                  view: view.layout,
                  filters: view.filters,
                  sort: view.sort ?? 'created',
                })
              }
            />
            {pipeline && (
              <button
                type="button"
                className="btn btn-secondary"
                disabled={exportDeals.isPending}
                onClick={() =>
                  exportDeals.mutate(
                    { pipelineId: pipeline.id, ...state.filters, sort: state.sort },
                    { onSuccess: () => toast.show('success', 'CSV export downloaded') },
                  )
                }
              >
                <Icon name="download" />
                {exportDeals.isPending ? 'Exporting…' : 'Export CSV'}
              </button>
            )}
          </>
        }
      />
      <section className="card deals-controls">
        <div className="deals-toolbar">
          <div className="field-inline">
            <label htmlFor="deal-pipeline">Pipeline</label>
            <select
              id="deal-pipeline"
              className="select-compact"
              value={pipeline?.id ?? ''}
              disabled={!pipeline}
              onChange={(event) => setState({ pipelineId: event.target.value })}
            >
              {pipelines.data?.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
          </div>
          <div className="segmented" role="group" aria-label="View">
            {(['board', 'table'] as const).map((view) => (
              <button
                key={view}
                type="button"
                className={state.view === view ? 'segmented-active' : undefined}
                aria-pressed={state.view === view}
                onClick={() => setState({ view })}
              >
                <Icon name={view === 'board' ? 'kanban' : 'table'} className="icon icon-sm" />
                {view === 'board' ? 'Board' : 'Table'}
              </button>
            ))}
          </div>
          {state.view === 'board' && board.data && <BoardTotals board={board.data} />}
          <Link to="/my-day" className="btn btn-ghost btn-sm deals-my-day">
            <Icon name="calendar" />
            My day
          </Link>
        </div>
        <DealFiltersBar filters={state.filters} members={memberList} onChange={(filters) => setState({ filters })} />
      </section>
      {body}
    </div>
  );
}
