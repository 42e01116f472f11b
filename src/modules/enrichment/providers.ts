/**
 * The enrichment providers, in the order a run applies them: the two offline
 * ones work on every parcel in bulk; the external ones are asked one parcel at
 * a time, only for parcels that lack what they give.
 */
export const PROVIDERS = {
  geography: { label: 'ZIP code geography (offline)', paid: false, offline: true },
  signals: { label: 'Signals derived from your own data', paid: false, offline: true },
  census_geocoder: { label: 'US Census Geocoder', paid: false, offline: false },
  attom: { label: 'ATTOM property detail', paid: true, offline: false },
} as const;

export type ProviderName = keyof typeof PROVIDERS;
export type ExternalProviderName = 'census_geocoder' | 'attom';

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

/** The provenance source of values a provider wrote: `enrichment:<provider>`. */
export const sourceOf = (provider: ProviderName) => `enrichment:${provider}`;

/** How a parcel stands with a provider (parcel_enrichments.status). */
export type EnrichmentStatus = 'done' | 'not_found' | 'failed' | 'over_budget' | 'skipped';

/** What became of one provider call (provider_calls.outcome, which reads 'pending' while the call is in flight, or after a crash cut it off). */
export type CallOutcome = 'ok' | 'not_found' | 'cached' | 'error' | 'timeout' | 'over_budget' | 'circuit_open';
