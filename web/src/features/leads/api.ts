import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../lib/api-client';

// The lead routes declare their response schemas inline (src/modules/leads/routes.ts),
// so the shapes are restated here; keep them in step with those schemas.

/** A seller lead from the hosted form or a webhook. */
export interface Lead {
  id: string;
  /** The property the lead was matched to or created as; null if its address could not be placed. */
  propertyId: string | null;
  /** `web_form` for the hosted form, or the name a webhook caller gave its source. */
  source: string;
  name: string | null;
  /** E.164, e.g. +12133734253. */
  phone: string | null;
  email: string | null;
  address: string | null;
  message: string | null;
  /** The person ticked the consent box (or the webhook sent consent evidence). */
  consentRecorded: boolean;
  createdAt: string;
}

/** The workspace's hosted form: its link, an iframe snippet to embed it, and the consent wording it shows. */
export interface LeadForm {
  url: string;
  snippet: string;
  consentText: string;
}

/** The source name the hosted form's leads carry. */
export const WEB_FORM_SOURCE = 'web_form';

/** The newest leads (the API returns up to 100). New ones arrive from outside, so the list refreshes itself. */
export function useLeads() {
  return useQuery({ queryKey: ['leads'], queryFn: () => apiRequest<{ items: Lead[] }>('/leads'), refetchInterval: 60_000 });
}

export function useLeadForm() {
  return useQuery({ queryKey: ['lead-form'], queryFn: () => apiRequest<LeadForm>('/lead-form'), staleTime: Infinity });
}
