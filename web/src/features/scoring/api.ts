import type { Static } from '@sinclair/typebox';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ModelView as ModelViewSchema,
  OutcomeName,
  PropertyOutcome,
  TrainingQueued,
  WeightOverridesSchema,
  WeightsView as WeightsViewSchema,
} from '../../../../src/modules/scoring/schema';
import { apiRequest } from '../../lib/api-client';

export type Outcome = Static<typeof OutcomeName>;

/** What came of working a property, in pipeline order, as the outcome picker offers it. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  contacted: 'Contacted',
  appointment: 'Appointment',
  under_contract: 'Under contract',
  won: 'Won',
  dead: 'Dead',
};

/** Sets the property's outcome, or clears it with null; the property page reloads. */
export function useSetOutcome(propertyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (outcome: Outcome | null): Promise<void> => {
      if (outcome === null) await apiRequest<void>(`/properties/${propertyId}/outcome`, { method: 'DELETE' });
      else await apiRequest<Static<typeof PropertyOutcome>>(`/properties/${propertyId}/outcome`, { method: 'PUT', body: { outcome } });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['properties', 'detail', propertyId] }),
  });
}

export type ModelView = Static<typeof ModelViewSchema>;
export type ModelMetrics = ModelView['metrics'];
export type WeightsView = Static<typeof WeightsViewSchema>;
export type Weights = WeightsView['weights'];
export type WeightOverrides = Static<typeof WeightOverridesSchema>;
export type Band = Weights['yearsOwned'][number];

const weightsKey = ['scoring', 'weights'] as const;
const modelsKey = ['scoring', 'models'] as const;

export function useScoringWeights() {
  return useQuery({ queryKey: weightsKey, queryFn: () => apiRequest<WeightsView>('/scoring/weights') });
}

/** Replaces the tenant's changes to the weights ({} restores every default); the server then rescores every property. */
export function useSaveScoringWeights() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (overrides: WeightOverrides) => apiRequest<WeightsView>('/scoring/weights', { method: 'PUT', body: overrides }),
    onSuccess: (view) => {
      queryClient.setQueryData(weightsKey, view);
      void queryClient.invalidateQueries({ queryKey: ['properties'] });
    },
    meta: { errorShownInline: true },
  });
}

/** Newest first. While training runs the page polls, so the candidate shows up by itself. */
export function useScoringModels(options: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: modelsKey,
    queryFn: () => apiRequest<{ items: ModelView[] }>('/scoring/models'),
    refetchInterval: options.refetchInterval,
  });
}

/** Asks for a model to be trained; 202 means queued, 409 that there are too few outcomes to learn from. */
export function useTrainScoringModel() {
  return useMutation({
    mutationFn: () => apiRequest<Static<typeof TrainingQueued>>('/scoring/models/train', { method: 'POST' }),
    meta: { errorShownInline: true },
  });
}

export function useActivateScoringModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (modelId: string) => apiRequest<ModelView>(`/scoring/models/${modelId}/activate`, { method: 'POST' }),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: modelsKey }), queryClient.invalidateQueries({ queryKey: ['properties'] })]),
  });
}

/** Activates again the latest earlier version that was once active. */
export function useRollbackScoringModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<ModelView>('/scoring/models/rollback', { method: 'POST' }),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: modelsKey }), queryClient.invalidateQueries({ queryKey: ['properties'] })]),
  });
}
