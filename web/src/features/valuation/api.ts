import type { Static } from '@sinclair/typebox';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ModelView,
  PropertyValuation,
  RepairsUpdate,
  ValuationSettingsUpdate,
  ValuationSettingsView,
} from '../../../../src/modules/valuation/schema';
import { apiRequest } from '../../lib/api-client';

export type { ModelView, PropertyValuation, ValuationSettingsView };
export type ValuationSettings = ValuationSettingsView['settings'];
export type ValuationSettingsUpdate = Static<typeof ValuationSettingsUpdate>;
export type Comp = PropertyValuation['comps'][number];
export type RepairsUpdate = Static<typeof RepairsUpdate>;

const valuationKey = (propertyId: string) => ['properties', 'valuation', propertyId] as const;

/** The first valuation of a tenant may learn its model on the way, which takes a while: no retries on top. */
export function usePropertyValuation(propertyId: string) {
  return useQuery({
    queryKey: valuationKey(propertyId),
    queryFn: () => apiRequest<PropertyValuation>(`/properties/${propertyId}/valuation`),
    retry: false,
  });
}

/** Saves the repair estimate; the answer is the property's valuation with it. */
export function useSaveRepairs(propertyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (repairs: RepairsUpdate) =>
      apiRequest<PropertyValuation>(`/properties/${propertyId}/repairs`, { method: 'PUT', body: repairs }),
    onSuccess: (valuation) => queryClient.setQueryData(valuationKey(propertyId), valuation),
  });
}

/** Learns the tenant's valuation model again from its sales; every valuation then uses the new one. */
export function useTrainValuationModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<ModelView>('/valuation/models/train', { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['properties', 'valuation'] }),
  });
}

const settingsKey = ['valuation', 'settings'] as const;

export function useValuationSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => apiRequest<ValuationSettingsView>('/valuation/settings') });
}

/** Saves offer rules and costs (admins); every valuation from then on uses them. */
export function useSaveValuationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: ValuationSettingsUpdate) =>
      apiRequest<ValuationSettingsView>('/valuation/settings', { method: 'PUT', body: update }),
    onSuccess: (view) => {
      queryClient.setQueryData(settingsKey, view);
      void queryClient.invalidateQueries({ queryKey: ['properties', 'valuation'] });
    },
    meta: { errorShownInline: true },
  });
}
