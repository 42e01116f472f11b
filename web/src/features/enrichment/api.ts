import type { Static } from '@sinclair/typebox';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CostReport,
  EnrichmentSettingsUpdate,
  EnrichmentSettingsView,
  PropertyEnrichment,
  ProviderUpdate,
  ProviderView,
  RunAccepted,
} from '../../../../src/modules/enrichment/schema';
import { apiRequest } from '../../lib/api-client';

export type { CostReport, EnrichmentSettingsView, ProviderView };
export type PropertyEnrichment = Static<typeof PropertyEnrichment>;
export type ProviderName = ProviderView['name'];

const providersKey = ['enrichment', 'providers'] as const;
const settingsKey = ['enrichment', 'settings'] as const;

export function useEnrichmentProviders() {
  return useQuery({ queryKey: providersKey, queryFn: () => apiRequest<{ items: ProviderView[] }>('/enrichment/providers') });
}

/** Turns a provider on or off, or sets its price; the answer replaces the provider's row. */
export function useUpdateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, update }: { name: ProviderName; update: ProviderUpdate }) =>
      apiRequest<ProviderView>(`/enrichment/providers/${name}`, { method: 'PUT', body: update }),
    onSuccess: (provider) =>
      queryClient.setQueryData<{ items: ProviderView[] }>(providersKey, (current) =>
        current ? { items: current.items.map((item) => (item.name === provider.name ? provider : item)) } : current,
      ),
  });
}

export function useEnrichmentSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => apiRequest<EnrichmentSettingsView>('/enrichment/settings') });
}

export function useUpdateEnrichmentSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: EnrichmentSettingsUpdate) =>
      apiRequest<EnrichmentSettingsView>('/enrichment/settings', { method: 'PUT', body: update }),
    onSuccess: (settings) => queryClient.setQueryData(settingsKey, settings),
    meta: { errorShownInline: true },
  });
}

export function useEnrichmentCosts(days: number) {
  return useQuery({
    queryKey: ['enrichment', 'costs', days],
    queryFn: () => apiRequest<CostReport>('/enrichment/costs', { query: { days } }),
  });
}

export function usePropertyEnrichment(propertyId: string, options: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: ['properties', 'enrichment', propertyId],
    queryFn: () => apiRequest<PropertyEnrichment>(`/properties/${propertyId}/enrichment`),
    refetchInterval: options.refetchInterval,
  });
}

/** Queues enrichment of one property; the worker runs it, so the page polls for the result. */
export function useEnrichProperty(propertyId: string) {
  return useMutation({
    mutationFn: () =>
      apiRequest<Static<typeof RunAccepted>>('/enrichment/runs', { method: 'POST', body: { propertyIds: [propertyId] }, idempotent: true }),
  });
}

export const PROVIDER_STATUS_LABELS: Record<NonNullable<PropertyEnrichment['providers'][number]['status']>, string> = {
  done: 'Done',
  not_found: 'Not found',
  failed: 'Failed',
  over_budget: 'Over budget',
  skipped: 'Skipped',
};
