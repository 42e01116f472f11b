import type { Static } from '@sinclair/typebox';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import type { ListSummary, PropertyDetail, PropertyQuery, PropertySummary } from '../../../../src/modules/properties/schema';
import { apiDownload, apiRequest } from '../../lib/api-client';
import { saveFile } from '../../lib/save-file';

export type PropertySummary = Static<typeof PropertySummary>;
export type PropertyDetail = Static<typeof PropertyDetail>;
export type ListSummary = Static<typeof ListSummary>;
export type PropertyFilters = Omit<Static<typeof PropertyQuery>, 'limit' | 'offset'>;
export type PropertySort = NonNullable<PropertyFilters['sort']>;

/** Rows fetched per request as the table scrolls. */
export const PROPERTY_PAGE_SIZE = 200;

type PropertyPage = { items: PropertySummary[]; total: number; offset: number; limit: number };

export function useProperties(filters: PropertyFilters) {
  return useInfiniteQuery({
    queryKey: ['properties', 'list', filters],
    queryFn: ({ pageParam }) =>
      apiRequest<PropertyPage>('/properties', { query: { ...filters, limit: PROPERTY_PAGE_SIZE, offset: pageParam } }),
    initialPageParam: 0,
    getNextPageParam: (page) => (page.offset + page.items.length < page.total ? page.offset + page.items.length : undefined),
    // While a new filter loads, the old rows stay on screen instead of a spinner.
    placeholderData: keepPreviousData,
  });
}

/** The number of properties in the workspace (one row fetched, for its total). */
export function usePropertyCount() {
  return useQuery({
    queryKey: ['properties', 'count'],
    queryFn: async () => (await apiRequest<PropertyPage>('/properties', { query: { limit: 1 } })).total,
  });
}

export function useProperty(id: string) {
  return useQuery({ queryKey: ['properties', 'detail', id], queryFn: () => apiRequest<PropertyDetail>(`/properties/${id}`) });
}

export function useLists() {
  return useQuery({ queryKey: ['lists'], queryFn: () => apiRequest<{ items: ListSummary[] }>('/lists') });
}

export function useExportProperties() {
  return useMutation({
    mutationFn: async (filters: PropertyFilters) => {
      const { blob, fileName } = await apiDownload('/properties.csv', { query: filters });
      saveFile(blob, fileName ?? 'properties.csv');
    },
  });
}
