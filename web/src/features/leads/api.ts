import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../lib/api-client';

import type { Lead, LeadForm } from '../../../../src/modules/leads/schema';

export type { Lead, LeadForm };

/** The source name the hosted form's leads carry. */
export const WEB_FORM_SOURCE = 'web_form';

/** The newest leads (the API returns up to 100). New ones arrive from outside, so the list refreshes itself. */
export function useLeads() {
  return useQuery({ queryKey: ['leads'], queryFn: () => apiRequest<{ items: Lead[] }>('/leads'), refetchInterval: 60_000 });
}

export function useLeadForm() {
  return useQuery({ queryKey: ['lead-form'], queryFn: () => apiRequest<LeadForm>('/lead-form'), staleTime: Infinity });
}
