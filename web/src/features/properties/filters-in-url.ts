import type { PropertyFilters, PropertySort } from './api';

const TEXT_FILTERS = ['list', 'tag', 'city', 'zip', 'q'] as const satisfies readonly (keyof PropertyFilters)[];
const NUMBER_FILTERS = [
  'minStack',
  'minValue',
  'maxValue',
  'minEquity',
  'maxEquity',
  'minEquityPercent',
  'maxEquityPercent',
  'minScore',
  'maxScore',
] as const satisfies readonly (keyof PropertyFilters)[];
export const SORT_KEYS: readonly PropertySort[] = ['stack', 'value', 'equity', 'year_built', 'address', 'updated', 'score'];

/**
 * Reads the filters from the address bar. Anything malformed is dropped rather
 * than sent, so a hand-edited link still opens a working page.
 */
export function filtersFromSearchParams(params: URLSearchParams): PropertyFilters {
  const filters: PropertyFilters = {};
  for (const name of TEXT_FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  if (filters.zip && !/^\d{5}$/.test(filters.zip)) delete filters.zip;
  for (const name of NUMBER_FILTERS) {
    const text = params.get(name);
    const value = text ? Number(text) : NaN;
    if (Number.isFinite(value)) filters[name] = value;
  }
  if (filters.minStack !== undefined) filters.minStack = Math.max(0, Math.trunc(filters.minStack));
  // Scores are whole numbers from 0 to 100.
  for (const name of ['minScore', 'maxScore'] as const) {
    if (filters[name] !== undefined) filters[name] = Math.min(100, Math.max(0, Math.round(filters[name])));
  }
  // Values are never negative; equity can be (an underwater mortgage).
  if (filters.minValue !== undefined && filters.minValue < 0) delete filters.minValue;
  if (filters.maxValue !== undefined && filters.maxValue < 0) delete filters.maxValue;
  const ownerType = params.get('ownerType');
  if (ownerType === 'person' || ownerType === 'entity') filters.ownerType = ownerType;
  const absentee = params.get('absentee');
  if (absentee === 'true' || absentee === 'false') filters.absentee = absentee === 'true';
  const sort = params.get('sort');
  if (sort && (SORT_KEYS as readonly string[]).includes(sort)) filters.sort = sort as PropertySort;
  return filters;
}

export function searchParamsFromFilters(filters: PropertyFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  return params;
}

/** True when anything narrows the list (the sort order does not). */
export function hasActiveFilters(filters: PropertyFilters): boolean {
  return Object.entries(filters).some(([name, value]) => name !== 'sort' && value !== undefined);
}
