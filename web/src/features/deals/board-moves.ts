import type { Board, BoardColumn, Deal } from './api';

/** A card dropped in a column, right below `afterDealId` (null: at the top). */
export interface CardMove {
  deal: Deal;
  toStageId: string;
  afterDealId: string | null;
  /** Needed when the column is a lost stage. */
  lostReason?: string;
}

/** The column's count and sums with one card more (+1) or less (−1), computed as the server does. */
function withCard(column: BoardColumn, deal: Deal, sign: 1 | -1): BoardColumn {
  const expectedProfit = column.expectedProfit + sign * (deal.expectedProfit ?? 0);
  return {
    ...column,
    count: column.count + sign,
    contractValue: column.contractValue + sign * (deal.contractPrice ?? 0),
    expectedProfit,
    weightedForecast: Math.round(expectedProfit * column.stage.probability) / 100,
  };
}

/** The board as it will be once the server has the move: the card in its new place, the counts and sums moved with it. */
export function moveCard(board: Board, move: CardMove): Board {
  const target = board.columns.find((column) => column.stage.id === move.toStageId);
  if (!target) return board;
  const changesStage = move.deal.stageId !== move.toStageId;
  const moved: Deal = changesStage
    ? {
        ...move.deal,
        stageId: target.stage.id,
        stageKind: target.stage.kind,
        daysInStage: 0,
        rotting: false,
        needsNextAction: target.stage.kind === 'open' && move.deal.nextTaskDueAt === null,
        lostReason: move.lostReason ?? move.deal.lostReason,
      }
    : move.deal;
  return {
    ...board,
    columns: board.columns.map((column) => {
      let next = column;
      if (column.cards.some((card) => card.id === move.deal.id)) {
        next = { ...next, cards: next.cards.filter((card) => card.id !== move.deal.id) };
        if (changesStage) next = withCard(next, move.deal, -1);
      }
      if (column.stage.id === move.toStageId) {
        const at = move.afterDealId === null ? 0 : next.cards.findIndex((card) => card.id === move.afterDealId) + 1;
        next = { ...next, cards: [...next.cards.slice(0, at), moved, ...next.cards.slice(at)] };
        if (changesStage) next = withCard(next, moved, 1);
      }
      return next;
    }),
  };
}

/** The server's copy of a card (its new position, days in stage), wherever it sits on the board. */
export function replaceCard(board: Board, deal: Deal): Board {
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.cards.some((card) => card.id === deal.id)
        ? { ...column, cards: column.cards.map((card) => (card.id === deal.id ? deal : card)) }
        : column,
    ),
  };
}

/** A further page of a column's cards; a card already shown (moved there meanwhile) is not shown twice. */
export function appendCards(board: Board, stageId: string, page: { items: Deal[]; nextCursor: string | null }): Board {
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.id !== stageId) return column;
      const shown = new Set(column.cards.map((card) => card.id));
      return { ...column, cards: [...column.cards, ...page.items.filter((card) => !shown.has(card.id))], nextCursor: page.nextCursor };
    }),
  };
}
