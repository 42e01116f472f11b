import type { Static } from '@sinclair/typebox';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type {
  Board as BoardSchema,
  BoardQuery,
  CreateContactBody,
  CreateDealBody,
  CreateOfferBody,
  Deal,
  DealContact,
  DealDetail,
  DealQuery,
  Offer,
  Pipeline,
  Stage,
  UpdateDealBody,
  UpdateOfferBody,
} from '../../../../src/modules/deals/schema';
import { apiDownload, apiRequest } from '../../lib/api-client';
import { saveFile } from '../../lib/save-file';
import { appendCards, moveCard, replaceCard, type CardMove } from './board-moves';

export type { Deal, DealContact, DealDetail, Offer, Pipeline, Stage };
export type Board = Static<typeof BoardSchema>;
export type BoardColumn = Board['columns'][number];
export type StageChange = DealDetail['stageChanges'][number];
/** What narrows the board, and the table of the same deals. */
export type DealFilters = Omit<BoardQuery, 'limit'>;
export type DealSort = Exclude<NonNullable<DealQuery['sort']>, 'position'>;
export type DealChanges = Omit<UpdateDealBody, 'pipelineId' | 'afterDealId'>;
interface DealPage {
  items: Deal[];
  nextCursor: string | null;
}

/** Every deal query starts with 'deals', so one invalidation refreshes the board, tables and pages after a change. */
const dealsKey = ['deals'] as const;
const pipelinesKey = ['deals', 'pipelines'] as const;
const boardKey = (pipelineId: string, filters: DealFilters) => ['deals', 'board', pipelineId, filters] as const;
const dealKey = (id: string) => ['deals', 'detail', id] as const;
const moveKey = ['deals', 'move'] as const;

/** Cards a column shows at first and adds per "Show more"; the board answers up to 100 per column. */
const CARDS_PER_PAGE = 25;
const MAX_CARDS_PER_COLUMN = 100;
export const DEAL_PAGE_SIZE = 50;

export function usePipelines() {
  return useQuery({ queryKey: pipelinesKey, queryFn: () => apiRequest<{ items: Pipeline[] }>('/pipelines'), staleTime: 5 * 60_000 });
}

/**
 * A pipeline's board. A refetch asks for as many cards per column as the longest
 * column shows, so fresh data never takes back the cards "Show more" opened.
 */
export function useBoard(pipelineId: string | undefined, filters: DealFilters) {
  const queryClient = useQueryClient();
  const key = boardKey(pipelineId ?? '', filters);
  return useQuery({
    queryKey: key,
    enabled: pipelineId !== undefined,
    placeholderData: keepPreviousData,
    queryFn: () => {
      const shown = queryClient.getQueryData<Board>(key);
      const longest = Math.max(0, ...(shown?.columns.map((column) => column.cards.length) ?? []));
      const limit = Math.min(MAX_CARDS_PER_COLUMN, Math.max(CARDS_PER_PAGE, longest));
      return apiRequest<Board>(`/pipelines/${pipelineId}/board`, { query: { ...filters, limit } });
    },
  });
}

/** The next cards of one column, appended to the board where they belong. */
export function useShowMoreCards(pipelineId: string, filters: DealFilters) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (column: BoardColumn) =>
      apiRequest<DealPage>('/deals', {
        query: { ...filters, stageId: column.stage.id, sort: 'position', cursor: column.nextCursor ?? undefined, limit: CARDS_PER_PAGE },
      }),
    onSuccess: (page, column) =>
      queryClient.setQueryData<Board>(boardKey(pipelineId, filters), (board) => board && appendCards(board, column.stage.id, page)),
  });
}

/**
 * Moves a card at once on screen and puts it back if the server refuses. Only the
 * last of several quick moves refetches, so an early answer never overwrites a
 * later move still on its way.
 */
export function useMoveCard(pipelineId: string, filters: DealFilters) {
  const queryClient = useQueryClient();
  const key = boardKey(pipelineId, filters);
  return useMutation({
    mutationKey: moveKey,
    mutationFn: ({ deal, toStageId, afterDealId, lostReason }: CardMove) =>
      apiRequest<Deal>(`/deals/${deal.id}`, {
        method: 'PATCH',
        body: { ...(toStageId === deal.stageId ? {} : { stageId: toStageId }), afterDealId, ...(lostReason ? { lostReason } : {}) },
      }),
    onMutate: async (move) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Board>(key);
      if (before) queryClient.setQueryData<Board>(key, moveCard(before, move));
      return { before };
    },
    onError: (_error, _move, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSuccess: (deal) => queryClient.setQueryData<Board>(key, (board) => board && replaceCard(board, deal)),
    onSettled: () => {
      if (queryClient.isMutating({ mutationKey: moveKey }) === 1) void queryClient.invalidateQueries({ queryKey: dealsKey });
    },
  });
}

function dealPageQuery(query: DealQuery, cursor: string | undefined) {
  return queryOptions({
    queryKey: ['deals', 'list', query, cursor ?? null],
    queryFn: () => apiRequest<DealPage>('/deals', { query: { ...query, limit: DEAL_PAGE_SIZE, cursor } }),
  });
}

/** A page of the deals table; the rows shown stay while the next loads, and the page after is fetched ahead. */
export function useDealPage(query: DealQuery, cursor: string | undefined) {
  const queryClient = useQueryClient();
  const page = useQuery({ ...dealPageQuery(query, cursor), placeholderData: keepPreviousData });
  const nextCursor = page.isPlaceholderData ? null : (page.data?.nextCursor ?? null);
  useEffect(() => {
    if (nextCursor) void queryClient.prefetchQuery(dealPageQuery(query, nextCursor));
  }, [queryClient, query, nextCursor]);
  return page;
}

export function useExportDeals() {
  return useMutation({
    mutationFn: async (query: DealQuery) => {
      const { blob, fileName } = await apiDownload('/deals.csv', { query });
      saveFile(blob, fileName ?? 'deals.csv');
    },
  });
}

export function usePropertyDeals(propertyId: string) {
  return useQuery({
    queryKey: ['deals', 'property', propertyId],
    queryFn: () => apiRequest<DealPage>('/deals', { query: { propertyId, sort: 'updated', limit: DEAL_PAGE_SIZE } }),
  });
}

export function useCreateDeal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDealBody) => apiRequest<Deal>('/deals', { method: 'POST', body, idempotent: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dealsKey }),
  });
}

export function useDeal(id: string) {
  return useQuery({ queryKey: dealKey(id), queryFn: () => apiRequest<DealDetail>(`/deals/${id}`) });
}

/** Edits a deal or moves it to another stage (of any pipeline); everything showing deals refetches. */
export function useUpdateDeal(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: DealChanges) => apiRequest<Deal>(`/deals/${id}`, { method: 'PATCH', body: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dealsKey }),
  });
}

export function useMakeOffer(dealId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOfferBody) => apiRequest<Offer>(`/deals/${dealId}/offers`, { method: 'POST', body, idempotent: true }),
    meta: { errorShownInline: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dealKey(dealId) }),
  });
}

export function useUpdateOffer(dealId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ offerId, changes }: { offerId: string; changes: UpdateOfferBody }) =>
      apiRequest<Offer>(`/deals/${dealId}/offers/${offerId}`, { method: 'PATCH', body: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dealKey(dealId) }),
  });
}

export function useAddPerson(dealId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateContactBody) =>
      apiRequest<DealContact>(`/deals/${dealId}/contacts`, { method: 'POST', body, idempotent: true }),
    meta: { errorShownInline: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dealKey(dealId) }),
  });
}

export function useRemovePerson(dealId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) => apiRequest<void>(`/deals/${dealId}/contacts/${contactId}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dealKey(dealId) }),
  });
}
