import { KeyboardCode, type DroppableContainer, type KeyboardCoordinateGetter } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';

/**
 * Arrow keys for a lifted card. Up and down move it within its column (the sortable
 * default). Left and right go to the next column by the columns' order on screen: to
 * the card there nearest the lifted one's height, or to the column itself when it is
 * empty. The default picks the nearest droppable by its corners, which skips a tall
 * empty column for a card two columns on.
 */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  if (event.code !== KeyboardCode.Left && event.code !== KeyboardCode.Right) return sortableKeyboardCoordinates(event, args);
  event.preventDefault();
  const { active, collisionRect, droppableRects, droppableContainers } = args.context;
  if (!active || !collisionRect) return undefined;
  const measured = (type: string) =>
    droppableContainers
      .getEnabled()
      .filter((entry) => entry.data.current?.type === type && entry.id !== active.id)
      .flatMap((entry) => {
        const rect = droppableRects.get(entry.id);
        return rect ? [{ entry, rect }] : [];
      });
  const columns = measured('column').sort((a, b) => a.rect.left - b.rect.left);
  const centreX = collisionRect.left + collisionRect.width / 2;
  const current = nearestBy(columns, (column) => distanceOutside(centreX, column.rect.left, column.rect.left + column.rect.width));
  if (!current) return undefined;
  const target = columns[columns.indexOf(current) + (event.code === KeyboardCode.Right ? 1 : -1)];
  if (!target) return undefined;
  const centreY = collisionRect.top + collisionRect.height / 2;
  const cards = measured('card').filter(({ entry }) => cardStageOf(entry) === target.entry.id);
  const nearest = nearestBy(cards, (card) => Math.abs(card.rect.top + card.rect.height / 2 - centreY));
  const rect = nearest?.rect ?? target.rect;
  return { x: rect.left, y: rect.top };
};

const cardStageOf = (entry: DroppableContainer): unknown => entry.data.current?.stageId;

/** How far a point lies outside a span; 0 inside it. */
const distanceOutside = (point: number, start: number, end: number) => (point < start ? start - point : point > end ? point - end : 0);

function nearestBy<T>(items: T[], distance: (item: T) => number): T | undefined {
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const item of items) {
    const value = distance(item);
    if (value < bestDistance) [best, bestDistance] = [item, value];
  }
  return best;
}
