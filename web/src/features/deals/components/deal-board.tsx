import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { arrayMove } from '@dnd-kit/sortable';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMoveCard, useShowMoreCards, type Board, type Deal, type DealFilters } from '../api';
import { boardKeyboardCoordinates } from '../board-keyboard';
import type { CardMove } from '../board-moves';
import { BoardColumnView } from './board-column';
import { DealCardBody } from './deal-card';
import { LostReasonDialog } from './lost-reason-dialog';

/** Card ids per stage id, in the order shown. */
type ColumnItems = Record<string, string[]>;

const itemsOf = (board: Board): ColumnItems =>
  Object.fromEntries(board.columns.map((column) => [column.stage.id, column.cards.map((card) => card.id)]));

/** Enter opens a card, so only Space lifts it; Space, Enter or Tab drops it, Escape puts it back. */
const KEYBOARD_CODES = { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter', 'Tab'] };

const SCREEN_READER_INSTRUCTIONS =
  'Press Enter to open the deal. To move it, press Space, then use the arrow keys: left and right change the stage, ' +
  'up and down the place in the stage. Press Space again to drop it, or Escape to put it back.';

/** A click that ends a pointer drag is not a request to open the card. */
const CLICK_AFTER_DRAG_MS = 300;

/**
 * Over a column, the card of that column nearest the dragged one, or the column
 * itself when it has none; so a card can be dropped anywhere in a column, even an empty one.
 */
const boardCollisions: CollisionDetection = (args) => {
  const underPointer = pointerWithin(args);
  const hits = underPointer.length > 0 ? underPointer : rectIntersection(args);
  const column = hits.find((hit) => args.droppableContainers.find((entry) => entry.id === hit.id)?.data.current?.type === 'column');
  if (!column) return hits;
  const cards = args.droppableContainers.filter((entry) => entry.data.current?.type === 'card' && entry.data.current.stageId === column.id);
  return cards.length > 0 ? closestCenter({ ...args, droppableContainers: cards }) : [column];
};

interface DealBoardProps {
  board: Board;
  filters: DealFilters;
  canMove: boolean;
}

/**
 * The pipeline's columns. Cards move with the pointer or the keyboard; a move shows
 * at once and goes back, with the server's reason, if the server refuses it. A move
 * to a lost stage asks for the reason first.
 */
export function DealBoard({ board, filters, canMove }: DealBoardProps) {
  const navigate = useNavigate();
  const pipelineId = board.pipeline.id;
  const moveCard = useMoveCard(pipelineId, filters);
  const showMore = useShowMoreCards(pipelineId, filters);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // On a touch screen a card lifts after a short press, so a swipe still scrolls the column.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    // The board scrolls at once, not smoothly: a key pressed while it still glides would measure the columns mid-way.
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates, keyboardCodes: KEYBOARD_CODES, scrollBehavior: 'auto' }),
  );
  const [activeId, setActiveId] = useState<string | null>(null);
  // The order of a drag in progress, and of a drop until the board it was made on changes (the move landed, or a refetch).
  const [dragged, setDragged] = useState<{ items: ColumnItems; board: Board } | null>(null);
  const [lostMove, setLostMove] = useState<CardMove | null>(null);
  const dragEndedAt = useRef(0);
  const dragging = useRef(false);

  const cardsById = useMemo(
    () => new Map(board.columns.flatMap((column) => column.cards.map((card) => [card.id, card] as const))),
    [board],
  );
  const items = dragged && (activeId !== null || lostMove !== null || dragged.board === board) ? dragged.items : itemsOf(board);
  const stageOf = (stageId: string) => board.columns.find((column) => column.stage.id === stageId)?.stage;
  const nameOf = (id: UniqueIdentifier) => {
    const deal = cardsById.get(String(id));
    return deal ? (deal.address ?? deal.title) : 'The deal';
  };
  const containerOf = (id: UniqueIdentifier): string | undefined => {
    const key = String(id);
    if (key in items) return key;
    return Object.keys(items).find((stageId) => items[stageId]!.includes(key));
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      const stageId = containerOf(active.id);
      const list = stageId ? items[stageId]! : [];
      return `Picked up ${nameOf(active.id)}, card ${list.indexOf(String(active.id)) + 1} of ${list.length} in ${stageId ? stageOf(stageId)?.name : 'its stage'}.`;
    },
    onDragOver: ({ active, over }) => {
      if (!over) return `${nameOf(active.id)} is not over a stage.`;
      const stageId = containerOf(over.id);
      return `${nameOf(active.id)} is over ${stageId ? stageOf(stageId)?.name : 'a stage'}.`;
    },
    onDragEnd: ({ active, over }) => {
      const stageId = over ? containerOf(over.id) : undefined;
      return stageId ? `${nameOf(active.id)} was dropped in ${stageOf(stageId)?.name}.` : `${nameOf(active.id)} was put back.`;
    },
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled; it is back where it was.`,
  };

  // A refused move puts the board back as it was; the order of the drop must not outlive it.
  const send = (move: CardMove) =>
    moveCard.mutate(move, {
      onError: () => {
        if (!dragging.current) setDragged(null);
      },
    });

  function onDragOver({ active, over }: DragOverEvent) {
    if (!over || !dragged) return;
    const from = containerOf(active.id);
    const to = containerOf(over.id);
    if (!from || !to || from === to) return;
    // Across columns the card joins the column it is over, so the cards there make room for it.
    const target = items[to]!;
    const overIndex = target.indexOf(String(over.id));
    const translated = active.rect.current.translated;
    const below = translated !== null && translated.top > over.rect.top + over.rect.height / 2;
    const index = overIndex < 0 ? target.length : overIndex + (below ? 1 : 0);
    const id = String(active.id);
    setDragged({
      board,
      items: {
        ...items,
        [from]: items[from]!.filter((item) => item !== id),
        [to]: [...target.slice(0, index), id, ...target.slice(index)],
      },
    });
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    setActiveId(null);
    dragging.current = false;
    dragEndedAt.current = Date.now();
    const deal = cardsById.get(String(active.id));
    const to = over ? containerOf(over.id) : undefined;
    if (!deal || !to || !over) return setDragged(null);
    const current = items[to]!;
    const from = current.indexOf(deal.id);
    const overIndex = current.indexOf(String(over.id));
    let list: string[];
    if (from >= 0) list = overIndex >= 0 && overIndex !== from ? arrayMove(current, from, overIndex) : current;
    // A drop can come before the card's arrival in this column was drawn.
    else list = overIndex < 0 ? [...current, deal.id] : [...current.slice(0, overIndex), deal.id, ...current.slice(overIndex)];
    const index = list.indexOf(deal.id);
    const afterDealId = index > 0 ? list[index - 1]! : null;
    const original = itemsOf(board)[deal.stageId] ?? [];
    const originalIndex = original.indexOf(deal.id);
    const unchanged = to === deal.stageId && (originalIndex > 0 ? original[originalIndex - 1]! : null) === afterDealId;
    if (unchanged) return setDragged(null);
    const others = Object.entries(items).map(([stageId, ids]) => [stageId, ids.filter((id) => id !== deal.id)]);
    setDragged({ board, items: { ...Object.fromEntries(others), [to]: list } });
    const move = { deal, toStageId: to, afterDealId };
    if (to !== deal.stageId && stageOf(to)?.kind === 'lost') setLostMove(move);
    else send(move);
  }

  const openDeal = (deal: Deal) => {
    if (Date.now() - dragEndedAt.current > CLICK_AFTER_DRAG_MS) navigate(`/deals/${deal.id}`);
  };
  const activeDeal = activeId ? cardsById.get(activeId) : undefined;
  const lostStage = lostMove ? stageOf(lostMove.toStageId) : undefined;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={boardCollisions}
      accessibility={{ announcements, screenReaderInstructions: { draggable: SCREEN_READER_INSTRUCTIONS } }}
      onDragStart={({ active }) => {
        dragging.current = true;
        setActiveId(String(active.id));
        setDragged({ board, items: itemsOf(board) });
      }}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        dragging.current = false;
        setActiveId(null);
        setDragged(null);
      }}
    >
      <div className="board" data-testid="deal-board">
        {board.columns.map((column) => (
          <BoardColumnView
            key={column.stage.id}
            column={column}
            cards={(items[column.stage.id] ?? []).flatMap((id) => cardsById.get(id) ?? [])}
            canMove={canMove}
            loadingMore={showMore.isPending && showMore.variables.stage.id === column.stage.id}
            onShowMore={() => showMore.mutate(column)}
            onOpen={openDeal}
          />
        ))}
      </div>
      <DragOverlay>
        {activeDeal && (
          <div className="deal-card deal-card-overlay">
            <DealCardBody deal={activeDeal} />
          </div>
        )}
      </DragOverlay>
      {lostMove && lostStage && (
        <LostReasonDialog
          dealName={lostMove.deal.address ?? lostMove.deal.title}
          stageName={lostStage.name}
          onCancel={() => {
            setLostMove(null);
            setDragged(null);
          }}
          onConfirm={(lostReason) => {
            send({ ...lostMove, lostReason });
            setLostMove(null);
          }}
        />
      )}
    </DndContext>
  );
}
