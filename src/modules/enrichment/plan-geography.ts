import type { EnrichmentStatus } from './providers.js';
import type { FieldValues, LocationPrecision, ParcelFieldChange } from './write-parcel-fields.js';
import type { ZipPlace } from './zip-geography.js';

export interface GeographyParcel {
  id: string;
  apn: string | null;
  zip: string | null;
  city: string | null;
  state: string | null;
  county: string | null;
  latitude: number | null;
  longitude: number | null;
  location_precision: LocationPrecision | null;
  time_zone: string | null;
  /** Where the latitude came from: its provenance source, else the parcel's first source. */
  latitude_source: string;
}

export interface GeographyPlan {
  change: ParcelFieldChange | null;
  status: EnrichmentStatus;
  detail: string | null;
}

/**
 * What the ZIP code's place adds to one parcel:
 * - coordinates a list gave are marked `source` and never replaced; a parcel
 *   without any gets its ZIP centroid (`zip_centroid`), which follows the ZIP if
 *   it changes; geocoded ones stay;
 * - the time zone of the parcel's own coordinates when they are precise, else of the ZIP;
 * - a missing city and state; a missing county only for parcels without an APN,
 *   because the county is part of an APN's identity and a ZIP can straddle
 *   counties: a guessed county could keep the next list's row from matching.
 */
export function planGeography(
  parcel: GeographyParcel,
  place: ZipPlace | null,
  timeZoneAt: (latitude: number, longitude: number) => string | null,
): GeographyPlan {
  const values: FieldValues = {};
  let precision = parcel.location_precision;
  let { latitude, longitude } = parcel;
  const listGave = (latitude !== null || longitude !== null) && !parcel.latitude_source.startsWith('enrichment:');
  if (listGave) {
    if (latitude !== null && longitude !== null) precision = 'source';
  } else if (place && precision !== 'geocoded') {
    if (latitude !== place.latitude || longitude !== place.longitude)
      Object.assign(values, { latitude: place.latitude, longitude: place.longitude });
    latitude = place.latitude;
    longitude = place.longitude;
    precision = 'zip_centroid';
  }

  const timeZone =
    precision === 'zip_centroid' && place
      ? place.timeZone
      : latitude !== null && longitude !== null
        ? timeZoneAt(latitude, longitude)
        : (place?.timeZone ?? null);
  if (timeZone && timeZone !== parcel.time_zone) values.time_zone = timeZone;

  if (place) {
    if (!parcel.city) values.city = place.city;
    if (!parcel.state) values.state = place.state;
    if (!parcel.county && !parcel.apn) values.county = place.county;
  }

  const change: ParcelFieldChange | null =
    Object.keys(values).length > 0 || (precision && precision !== parcel.location_precision)
      ? { id: parcel.id, values, ...(precision && precision !== parcel.location_precision ? { locationPrecision: precision } : {}) }
      : null;
  if (!parcel.zip) return { change, status: 'skipped', detail: 'no ZIP code' };
  if (!place) return { change, status: 'not_found', detail: `ZIP ${parcel.zip} is not in the ZIP code table` };
  return { change, status: 'done', detail: `ZIP ${parcel.zip}: ${place.city}, ${place.state}` };
}
