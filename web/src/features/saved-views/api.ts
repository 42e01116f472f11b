import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateSavedViewBody, SavedView, UpdateSavedViewBody } from '../../../../src/modules/saved-views/schema';
import { apiRequest } from '../../lib/api-client';

export type { SavedView };
export type SavedViewScreen = SavedView['screen'];
export type SavedViewChanges = UpdateSavedViewBody;
export type NewSavedView = CreateSavedViewBody;

/** Every saved-views query starts with 'saved-views': one invalidation refreshes every screen's menu. */
const savedViewsKey = ['saved-views'] as const;

export function useSavedViews(screen: SavedViewScreen) {
  return useQuery({
    queryKey: [...savedViewsKey, screen],
    queryFn: () => apiRequest<{ items: SavedView[] }>('/saved-views', { query: { screen } }),
  });
}

export function useCreateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSavedView) => apiRequest<SavedView>('/saved-views', { method: 'POST', body, idempotent: true }),
    meta: { errorShownInline: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedViewsKey }),
  });
}

/** `errorShownInline`: a form shows the refusal (a name taken); otherwise it is a toast. */
export function useUpdateSavedView({ errorShownInline = false } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: SavedViewChanges }) =>
      apiRequest<SavedView>(`/saved-views/${id}`, { method: 'PATCH', body: changes }),
    meta: { errorShownInline },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedViewsKey }),
  });
}

export function useDeleteSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/saved-views/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedViewsKey }),
  });
}
