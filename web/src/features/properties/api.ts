import type { Static } from '@sinclair/typebox';
import { keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type {
  DeletedProperty,
  DeletedPropertyPage,
  ListSummary,
  PropertyDetail,
  PropertyPage,
  PropertyQuery,
  PropertySummary,
} from '../../../../src/modules/properties/schema';
import { apiDownload, apiRequest } from '../../lib/api-client';
import { saveFile } from '../../lib/save-file';

export type PropertySummary = Static<typeof PropertySummary>;
export type PropertyDetail = Static<typeof PropertyDetail>;
export type ListSummary = Static<typeof ListSummary>;
export type PropertyFilters = Omit<Static<typeof PropertyQuery>, 'limit' | 'offset' | 'cursor'>;
export type PropertySort = NonNullable<PropertyFilters['sort']>;
export type PropertyPage = Static<typeof PropertyPage>;
export type DeletedProperty = Static<typeof DeletedProperty>;

/** Rows on one page of the property list. */
export const PROPERTY_PAGE_SIZE = 50;

/** One page of the list: the first without a cursor, every later one from the `nextCursor` before it. */
function propertyPageQuery(filters: PropertyFilters, cursor: string | undefined) {
  return queryOptions({
    queryKey: ['properties', 'list', filters, cursor ?? null],
    queryFn: () => apiRequest<PropertyPage>('/properties', { query: { ...filters, limit: PROPERTY_PAGE_SIZE, cursor } }),
  });
}

/**
 * A page of properties. While another page or filter loads, the rows shown stay on
 * screen instead of a spinner, and the page after this one is fetched ahead, so Next
 * shows it at once.
 */
export function usePropertyPage(filters: PropertyFilters, cursor: string | undefined) {
  const queryClient = useQueryClient();
  const page = useQuery({ ...propertyPageQuery(filters, cursor), placeholderData: keepPreviousData });
  const nextCursor = page.isPlaceholderData ? null : (page.data?.nextCursor ?? null);
  useEffect(() => {
    if (nextCursor) void queryClient.prefetchQuery(propertyPageQuery(filters, nextCursor));
  }, [queryClient, filters, nextCursor]);
  return page;
}

/** The number of properties in the workspace (one row fetched, for its total), and whether it was counted or estimated. */
export function usePropertyCount() {
  return useQuery({
    queryKey: ['properties', 'count'],
    queryFn: async () => {
      const { total, totalExact } = await apiRequest<PropertyPage>('/properties', { query: { limit: 1 } });
      return { total, totalExact };
    },
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

/** The trash, newest first, a page at a time. */
export function useDeletedProperties() {
  return useInfiniteQuery({
    queryKey: ['properties', 'deleted'],
    queryFn: ({ pageParam }) =>
      apiRequest<Static<typeof DeletedPropertyPage>>('/deleted-properties', { query: { limit: PROPERTY_PAGE_SIZE, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** Moves a property to the trash; every property query (list, count, trash) is stale after it. */
export function useDeleteProperty() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/properties/${id}`, { method: 'DELETE' }),
    // A property with deals is refused: the dialog shows why.
    meta: { errorShownInline: true },
    onSuccess: (_, id) => queryClient.removeQueries({ queryKey: ['properties', 'detail', id] }),
    // The lists' property counts change with it.
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: ['properties'] }), queryClient.invalidateQueries({ queryKey: ['lists'] })]),
  });
}

export function useRestoreProperty() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<PropertyDetail>(`/deleted-properties/${id}/restore`, { method: 'POST' }),
    onSuccess: (property) => queryClient.setQueryData(['properties', 'detail', property.id], property),
    // The lists' property counts change with it.
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: ['properties'] }), queryClient.invalidateQueries({ queryKey: ['lists'] })]),
  });
}
