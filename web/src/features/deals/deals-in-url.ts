import type { DealFilters, DealSort } from './api';
import { isDealType, isTemperature } from './deal-labels';

export type DealsView = 'board' | 'table';

/** What the deals page shows, as the address bar holds it. */
export interface DealsState {
  pipelineId: string | undefined;
  view: DealsView;
  filters: DealFilters;
  sort: DealSort;
}

export const DEAL_SORT_LABELS: Record<DealSort, string> = {
  created: 'Newest first',
  updated: 'Recently updated',
  expected_close: 'Closing soonest',
  contract_price: 'Highest contract price',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isSort = (value: string | null): value is DealSort => value !== null && Object.hasOwn(DEAL_SORT_LABELS, value);

/** Reads the page's state from the address; anything malformed is dropped, so a hand-edited link still opens. */
export function dealsStateFromSearchParams(params: URLSearchParams): DealsState {
  const filters: DealFilters = {};
  const assigneeId = params.get('assigneeId');
  if (assigneeId && UUID.test(assigneeId)) filters.assigneeId = assigneeId;
  const source = params.get('source')?.trim();
  if (source) filters.source = source.slice(0, 200);
  const tag = params.get('tag')?.trim();
  if (tag) filters.tag = tag.slice(0, 40);
  const temperature = params.get('temperature');
  if (isTemperature(temperature)) filters.temperature = temperature;
  const dealType = params.get('dealType');
  if (isDealType(dealType)) filters.dealType = dealType;
  const pipeline = params.get('pipeline');
  const sort = params.get('sort');
  return {
    pipelineId: pipeline && UUID.test(pipeline) ? pipeline : undefined,
    view: params.get('view') === 'table' ? 'table' : 'board',
    filters,
    sort: isSort(sort) ? sort : 'created',
  };
}

export function searchParamsFromDealsState(state: DealsState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.pipelineId) params.set('pipeline', state.pipelineId);
  if (state.view === 'table') params.set('view', 'table');
  for (const [name, value] of Object.entries(state.filters)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  if (state.view === 'table' && state.sort !== 'created') params.set('sort', state.sort);
  return params;
}

export function hasDealFilters(filters: DealFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined);
}
