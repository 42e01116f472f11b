import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BulkLeadBody, Lead, LeadForm, LeadQuery, UpdateLeadBody } from '../../../../src/modules/leads/schema';
import { apiRequest } from '../../lib/api-client';

export type { Lead, LeadForm };
export type LeadStatus = Lead['status'];
export type LeadFilters = Omit<LeadQuery, 'cursor' | 'limit'>;
export type LeadChanges = UpdateLeadBody;
export type BulkLeadChanges = Omit<BulkLeadBody, 'ids'>;
interface LeadPage {
  items: Lead[];
  nextCursor: string | null;
}

/** The source name the hosted form's leads carry. */
export const WEB_FORM_SOURCE = 'web_form';
const LEAD_PAGE_SIZE = 50;
const leadsKey = ['leads'] as const;

/** A page of the inbox. New leads arrive from outside, so it also refreshes itself (the live stream does it sooner). */
export function useLeadPage(filters: LeadFilters, cursor: string | undefined) {
  return useQuery({
    queryKey: ['leads', 'page', filters, cursor ?? null],
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    queryFn: () => apiRequest<LeadPage>('/leads', { query: { ...filters, cursor, limit: LEAD_PAGE_SIZE } }),
  });
}

export function useLead(id: string | null) {
  return useQuery({
    queryKey: ['leads', 'detail', id],
    enabled: id !== null,
    queryFn: () => apiRequest<Lead>(`/leads/${id}`),
  });
}

export function useUpdateLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: LeadChanges }) =>
      apiRequest<Lead>(`/leads/${id}`, { method: 'PATCH', body: changes }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: leadsKey }),
  });
}

/** Assigns or sets the status of several leads at once; the server changes all of them or none. */
export function useBulkUpdateLeads() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, changes }: { ids: string[]; changes: BulkLeadChanges }) =>
      apiRequest<unknown>('/leads/bulk', { method: 'POST', body: { ids, ...changes } }),
    meta: { errorShownInline: true },
    onSettled: () => queryClient.invalidateQueries({ queryKey: leadsKey }),
  });
}

export function useMarkAsLead(propertyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<Lead>(`/properties/${propertyId}/lead`, { method: 'POST', body: {}, idempotent: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadsKey }),
  });
}

export function useLeadForm() {
  return useQuery({ queryKey: ['lead-form'], queryFn: () => apiRequest<LeadForm>('/lead-form'), staleTime: Infinity });
}

/** Opens a deal on the lead's property; the server marks the lead converted. */
export function useCreateDealFromLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lead: Lead & { propertyId: string }) =>
      apiRequest<{ id: string }>('/deals', { method: 'POST', body: { propertyId: lead.propertyId, leadId: lead.id }, idempotent: true }),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: leadsKey }), queryClient.invalidateQueries({ queryKey: ['deals'] })]),
  });
}
