import { FACT_FIELDS, lacksPreciseLocation, type CandidateParcel } from './external-providers.js';
import type { ProviderFacts } from './provider-answer.js';
import type { EnrichableField, FieldValues, ParcelFieldChange } from './write-parcel-fields.js';

/**
 * What a provider's facts add to a parcel: only what it lacks. Coordinates
 * replace none or a ZIP centroid (never a list's or an earlier geocode) and
 * bring the time zone of the new point.
 */
export function planFill(
  parcel: CandidateParcel,
  facts: ProviderFacts,
  timeZoneAt: (latitude: number, longitude: number) => string | null,
): { change: ParcelFieldChange | null; filled: EnrichableField[] } {
  const values: FieldValues = {};
  let geocoded = false;
  if (facts.latitude !== undefined && facts.longitude !== undefined && lacksPreciseLocation(parcel)) {
    values.latitude = facts.latitude;
    values.longitude = facts.longitude;
    geocoded = true;
    const timeZone = timeZoneAt(facts.latitude, facts.longitude);
    if (timeZone && timeZone !== parcel.time_zone) values.time_zone = timeZone;
  }
  for (const field of FACT_FIELDS) {
    const value = facts[field];
    if (value !== undefined && parcel[field] === null) values[field] = value;
  }
  const filled = Object.keys(values) as EnrichableField[];
  if (filled.length === 0) return { change: null, filled };
  return { change: { id: parcel.id, values, ...(geocoded ? { locationPrecision: 'geocoded' as const } : {}) }, filled };
}
