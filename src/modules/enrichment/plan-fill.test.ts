import { describe, expect, it } from 'vitest';
import type { CandidateParcel } from './external-providers.js';
import { planFill } from './plan-fill.js';

const parcel = (overrides: Partial<CandidateParcel> = {}): CandidateParcel => ({
  id: 'p1',
  address_line1: '1 MAIN ST',
  city: 'SPRINGFIELD',
  state: 'IL',
  zip: '62701',
  latitude: null,
  longitude: null,
  location_precision: null,
  time_zone: null,
  beds: null,
  baths: 2,
  living_sqft: null,
  lot_sqft: null,
  year_built: 1950,
  ...overrides,
});
const zone = () => 'America/Chicago';

describe('planFill', () => {
  it('fills only missing facts, and geocodes a parcel without coordinates', () => {
    const { change, filled } = planFill(parcel(), { beds: 3, baths: 1, year_built: 1960, latitude: 39.8, longitude: -89.6 }, zone);
    expect(change).toEqual({
      id: 'p1',
      values: { latitude: 39.8, longitude: -89.6, time_zone: 'America/Chicago', beds: 3 },
      locationPrecision: 'geocoded',
    });
    expect(filled).toEqual(['latitude', 'longitude', 'time_zone', 'beds']);
  });

  it('replaces a ZIP centroid but never source or geocoded coordinates', () => {
    const point = { latitude: 39.8, longitude: -89.6 };
    expect(
      planFill(parcel({ latitude: 39, longitude: -89, location_precision: 'zip_centroid' }), point, zone).change?.locationPrecision,
    ).toBe('geocoded');
    expect(planFill(parcel({ latitude: 39, longitude: -89, location_precision: 'source' }), point, zone).change).toBeNull();
    expect(planFill(parcel({ latitude: 39, longitude: -89, location_precision: 'geocoded' }), point, zone).change).toBeNull();
  });

  it('adds nothing when the answer has nothing new', () => {
    expect(planFill(parcel(), { baths: 3 }, zone)).toEqual({ change: null, filled: [] });
  });
});
