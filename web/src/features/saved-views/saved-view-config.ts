import type { SavedView } from './api';

/** What a view keeps of its screen; the screen's page translates it to and from its own state. */
export type SavedViewConfig = Pick<SavedView, 'pipelineId' | 'layout' | 'filters' | 'sort'>;

function sameFilters(left: SavedViewConfig['filters'], right: SavedViewConfig['filters']): boolean {
  const keys = new Set([...Object.keys(left), ...Object.keys(right)] as (keyof SavedViewConfig['filters'])[]);
  return [...keys].every((key) => left[key] === right[key]);
}

/** Whether the screen shows exactly what the view holds; a view without a pipeline (its own was deleted) fits any. */
export function showsView(view: SavedViewConfig, current: SavedViewConfig): boolean {
  return (
    view.layout === current.layout &&
    (view.pipelineId === null || view.pipelineId === current.pipelineId) &&
    view.sort === current.sort &&
    sameFilters(view.filters, current.filters)
  );
}
