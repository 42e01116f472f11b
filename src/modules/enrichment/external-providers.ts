import type { Config } from '../../platform/config/config.js';
import { askAttom, attomQueryOf } from './attom-property.js';
import { askCensusGeocoder, censusQueryOf } from './census-geocoder.js';
import type { ParcelAddress, ProviderAnswer } from './provider-answer.js';
import type { ExternalProviderName } from './providers.js';
import { ResilientCaller, type ResilienceOptions } from './resilient-call.js';
import type { LocationPrecision } from './write-parcel-fields.js';

/** What an external provider is asked about and may fill in. */
export interface CandidateParcel extends ParcelAddress {
  id: string;
  latitude: number | null;
  longitude: number | null;
  location_precision: LocationPrecision | null;
  time_zone: string | null;
  beds: number | null;
  baths: number | null;
  living_sqft: number | null;
  lot_sqft: number | null;
  year_built: number | null;
}

export interface ExternalRequest {
  /** The normalized input: the cache key. */
  key: string;
  ask(signal: AbortSignal): Promise<ProviderAnswer>;
}

export interface ExternalProvider {
  name: ExternalProviderName;
  /** The installation gave what the provider needs (URL, key); otherwise it never runs. */
  configured: boolean;
  /** Timeout, retries and the circuit breaker shared by this process's calls. */
  caller: ResilientCaller;
  /** The parcel lacks something this provider gives. */
  wants(parcel: CandidateParcel): boolean;
  /** The request for the parcel; null when it lacks what the request needs. */
  requestFor(parcel: CandidateParcel): ExternalRequest | null;
}

export const FACT_FIELDS = ['beds', 'baths', 'living_sqft', 'lot_sqft', 'year_built'] as const;

/** No coordinates, or only the ZIP centroid: a geocoder can do better. */
export const lacksPreciseLocation = (parcel: CandidateParcel) =>
  parcel.latitude === null || parcel.longitude === null || parcel.location_precision === 'zip_centroid';

/** The external providers with their clients, from the installation's configuration. */
export function externalProviders(config: Config): ExternalProvider[] {
  const resilience = (timeoutMs: number): ResilienceOptions => ({
    timeoutMs,
    retries: config.providerRetries,
    backoffMs: config.providerBackoffMs,
    breakerFailures: config.providerBreakerFailures,
    breakerResetMs: config.providerBreakerResetMs,
  });
  const { censusGeocoderUrl, attomUrl, attomApiKey } = config;
  return [
    {
      name: 'census_geocoder',
      configured: censusGeocoderUrl !== undefined,
      caller: new ResilientCaller(resilience(config.censusGeocoderTimeoutMs)),
      wants: lacksPreciseLocation,
      requestFor(parcel) {
        const address = censusQueryOf(parcel);
        if (!address || !censusGeocoderUrl) return null;
        return { key: address, ask: (signal) => askCensusGeocoder(censusGeocoderUrl, address, signal) };
      },
    },
    {
      name: 'attom',
      configured: attomApiKey !== undefined,
      caller: new ResilientCaller(resilience(config.attomTimeoutMs)),
      // Coordinates come with the answer, but missing facts are what the money is spent on.
      wants: (parcel) => FACT_FIELDS.some((field) => parcel[field] === null),
      requestFor(parcel) {
        const query = attomQueryOf(parcel);
        if (!query || !attomApiKey) return null;
        return { key: query.key, ask: (signal) => askAttom(attomUrl, attomApiKey, query, signal) };
      },
    },
  ];
}
