import type { Static } from '@sinclair/typebox';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OutcomeName, PropertyOutcome } from '../../../../src/modules/scoring/schema';
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
