/**
 * Where a paged list stands: the cursor and number of the page in the address
 * (so a reload or a shared link opens the same page), and the cursors of the pages
 * before it in the history entry (so Previous can step back without an offset).
 */
export interface ListPosition {
  /** The cursor of this page; none on the first. */
  cursor: string | undefined;
  /** 1 for the first page. */
  page: number;
  /** The cursors of pages 1 … page − 1 (the first page's is null), as far as this history entry knows them. */
  previousCursors: (string | null)[];
}

export const FIRST_PAGE: ListPosition = { cursor: undefined, page: 1, previousCursors: [] };

interface PositionState {
  listCursors?: unknown;
}

export function positionFromLocation(params: URLSearchParams, state: unknown): ListPosition {
  const cursor = params.get('cursor') || undefined;
  if (!cursor) return FIRST_PAGE;
  const pageNumber = Number(params.get('page'));
  const page = Number.isInteger(pageNumber) && pageNumber >= 2 ? pageNumber : 2;
  const stored = (state as PositionState | null)?.listCursors;
  const previousCursors =
    Array.isArray(stored) && stored.length === page - 1 && stored.every((item) => item === null || typeof item === 'string')
      ? (stored as (string | null)[])
      : [];
  return { cursor, page, previousCursors };
}

/** The address and history state of another page of the same filters. */
export function positionTarget(filterParams: URLSearchParams, position: ListPosition): { search: string; state: PositionState | null } {
  const params = new URLSearchParams(filterParams);
  if (!position.cursor) return { search: params.toString(), state: null };
  params.set('cursor', position.cursor);
  params.set('page', String(position.page));
  return { search: params.toString(), state: { listCursors: position.previousCursors } };
}

export function nextPosition(current: ListPosition, nextCursor: string): ListPosition {
  return { cursor: nextCursor, page: current.page + 1, previousCursors: [...current.previousCursors, current.cursor ?? null] };
}

/** One page back; when this entry does not know the way (a shared link), back to the first page. */
export function previousPosition(current: ListPosition): ListPosition {
  const previousCursor = current.previousCursors.at(-1);
  if (!previousCursor) return FIRST_PAGE;
  return { cursor: previousCursor, page: current.page - 1, previousCursors: current.previousCursors.slice(0, -1) };
}
