import type { Static } from '@sinclair/typebox';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ModelView, PropertyValuation, RepairsUpdate } from '../../../../src/modules/valuation/schema';
import { apiRequest } from '../../lib/api-client';

export type { ModelView, PropertyValuation };
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
    mutationFn: (repairs: RepairsUpdate) => apiRequest<PropertyValuation>(`/properties/${propertyId}/repairs`, { method: 'PUT', body: repairs }),
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
