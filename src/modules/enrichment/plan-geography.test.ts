import { describe, expect, it } from 'vitest';
import { planGeography, type GeographyParcel } from './plan-geography.js';
import type { ZipPlace } from './zip-geography.js';

const SPRINGFIELD: ZipPlace = {
  city: 'SPRINGFIELD',
  state: 'IL',
  county: 'Sangamon',
  latitude: 39.8,
  longitude: -89.6495,
  timeZone: 'America/Chicago',
};
const zoneAt = (latitude: number) => (latitude > 40.5 ? 'America/New_York' : 'America/Chicago');

const parcel = (overrides: Partial<GeographyParcel> = {}): GeographyParcel => ({
  id: 'p1',
  apn: null,
  zip: '62701',
  city: null,
  state: null,
  county: null,
  latitude: null,
  longitude: null,
  location_precision: null,
  time_zone: null,
  latitude_source: 'import:1',
  ...overrides,
});

describe('planGeography', () => {
  it('gives a parcel without coordinates its ZIP centroid, time zone, city, state and county', () => {
    expect(planGeography(parcel(), SPRINGFIELD, zoneAt)).toEqual({
      change: {
        id: 'p1',
        values: { latitude: 39.8, longitude: -89.6495, time_zone: 'America/Chicago', city: 'SPRINGFIELD', state: 'IL', county: 'Sangamon' },
        locationPrecision: 'zip_centroid',
      },
      status: 'done',
      detail: 'ZIP 62701: SPRINGFIELD, IL',
    });
  });

  it("marks a list's coordinates as the source, keeps them, and takes the time zone at them", () => {
    const plan = planGeography(parcel({ latitude: 40.7, longitude: -74, city: 'SPRINGFIELD', state: 'IL' }), SPRINGFIELD, zoneAt);
    expect(plan.change).toEqual({ id: 'p1', values: { time_zone: 'America/New_York', county: 'Sangamon' }, locationPrecision: 'source' });
  });

  it('never replaces what a list gave, even half a coordinate', () => {
    const plan = planGeography(parcel({ latitude: 39.1, city: 'CHATHAM', state: 'IL', county: 'Sangamon' }), SPRINGFIELD, zoneAt);
    expect(plan.change).toEqual({ id: 'p1', values: { time_zone: 'America/Chicago' } });
  });

  it('leaves the county of a parcel with an APN alone: it is part of the parcel number', () => {
    expect(planGeography(parcel({ apn: '14-01-001' }), SPRINGFIELD, zoneAt).change?.values.county).toBeUndefined();
  });

  it('moves a ZIP centroid with its ZIP, and keeps a geocoded point', () => {
    const moved = planGeography(
      parcel({
        latitude: 41,
        longitude: -88,
        location_precision: 'zip_centroid',
        latitude_source: 'enrichment:geography',
        time_zone: 'America/Chicago',
      }),
      SPRINGFIELD,
      zoneAt,
    );
    expect(moved.change?.values).toMatchObject({ latitude: 39.8, longitude: -89.6495 });
    const geocoded = parcel({
      latitude: 39.81,
      longitude: -89.65,
      location_precision: 'geocoded',
      latitude_source: 'enrichment:census_geocoder',
      time_zone: 'America/Chicago',
      city: 'X',
      state: 'IL',
      county: 'Y',
    });
    expect(planGeography(geocoded, SPRINGFIELD, zoneAt).change).toBeNull();
  });

  it('changes nothing the second time', () => {
    const first = planGeography(parcel(), SPRINGFIELD, zoneAt).change!;
    const after = parcel({
      ...first.values,
      location_precision: 'zip_centroid',
      latitude_source: 'enrichment:geography',
    } as Partial<GeographyParcel>);
    expect(planGeography(after, SPRINGFIELD, zoneAt).change).toBeNull();
  });

  it('says when the ZIP is unknown or missing', () => {
    expect(planGeography(parcel({ zip: '00001' }), null, zoneAt)).toMatchObject({ change: null, status: 'not_found' });
    expect(planGeography(parcel({ zip: null }), null, zoneAt)).toMatchObject({ change: null, status: 'skipped', detail: 'no ZIP code' });
  });
});
