import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { formatMoney } from '../../../lib/format';
import type { BoardColumn, Deal } from '../api';
import { SortableDealCard } from './deal-card';

interface BoardColumnViewProps {
  column: BoardColumn;
  /** The cards in the order shown, which a drag in progress may have changed. */
  cards: Deal[];
  canMove: boolean;
  loadingMore: boolean;
  onShowMore: () => void;
  onOpen: (deal: Deal) => void;
}

function ColumnSums({ column }: { column: BoardColumn }) {
  return (
    <dl className="board-column-sums">
      <div>
        <dt>Contract</dt>
        <dd>{formatMoney(column.contractValue)}</dd>
      </div>
      <div>
        <dt>Profit</dt>
        <dd>{formatMoney(column.expectedProfit)}</dd>
      </div>
      <div>
        <dt title={`Expected profit × ${column.stage.probability}%, the stage's chance to close`}>Forecast</dt>
        <dd>{formatMoney(column.weightedForecast)}</dd>
      </div>
    </dl>
  );
}

/** One stage: its count and sums over every deal of the filter, then its cards, a page at a time. */
export function BoardColumnView({ column, cards, canMove, loadingMore, onShowMore, onOpen }: BoardColumnViewProps) {
  const { stage } = column;
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { type: 'column' } });
  const headingId = `stage-${stage.id}`;
  const hidden = column.count - cards.length;

  return (
    <section
      ref={setNodeRef}
      className={`board-column board-column-${stage.kind}${isOver ? ' board-column-over' : ''}`}
      aria-labelledby={headingId}
      data-testid="board-column"
      data-stage-id={stage.id}
    >
      <header className="board-column-header">
        <div className="board-column-title">
          <h2 id={headingId}>{stage.name}</h2>
          <span className="count-badge" aria-label={`${column.count} ${column.count === 1 ? 'deal' : 'deals'}`}>
            {column.count}
          </span>
          <span className="board-column-probability" title="Chance to close, for the weighted forecast">
            {stage.probability}%
          </span>
        </div>
        <ColumnSums column={column} />
      </header>
      <div className="board-column-cards">
        <SortableContext id={stage.id} items={cards.map((card) => card.id)} strategy={verticalListSortingStrategy}>
          {cards.map((card) => (
            <SortableDealCard key={card.id} deal={card} stageId={stage.id} disabled={!canMove} onOpen={() => onOpen(card)} />
          ))}
        </SortableContext>
        {cards.length === 0 && <p className="board-column-empty">{canMove ? 'Drop a deal here' : 'No deals'}</p>}
        {column.nextCursor && (
          <button type="button" className="btn btn-ghost btn-sm board-show-more" disabled={loadingMore} onClick={onShowMore}>
            {loadingMore ? 'Loading…' : hidden > 0 ? `Show more (${hidden})` : 'Show more'}
          </button>
        )}
      </div>
    </section>
  );
}
