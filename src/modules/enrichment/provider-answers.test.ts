import { describe, expect, it } from 'vitest';
import { attomQueryOf, readAttomAnswer } from './attom-property.js';
import { censusQueryOf, readCensusAnswer } from './census-geocoder.js';
import { ProviderError } from './resilient-call.js';

const address = { address_line1: '123 N Main St', city: 'SPRINGFIELD', state: 'IL', zip: '62701' };

describe('US Census Geocoder answers', () => {
  it('builds the one-line address, the cache key', () => {
    expect(censusQueryOf(address)).toBe('123 N MAIN ST, SPRINGFIELD, IL 62701');
    expect(censusQueryOf({ ...address, city: null, state: null })).toBe('123 N MAIN ST, 62701');
    expect(censusQueryOf({ ...address, address_line1: null })).toBeNull();
  });

  it('reads the first match: x is the longitude, y the latitude', () => {
    const body = {
      result: {
        input: {},
        addressMatches: [{ matchedAddress: '123 N MAIN ST, SPRINGFIELD, IL, 62701', coordinates: { x: -89.65, y: 39.8 } }],
      },
    };
    expect(readCensusAnswer(200, body)).toEqual({
      found: true,
      facts: { latitude: 39.8, longitude: -89.65 },
      matched: '123 N MAIN ST, SPRINGFIELD, IL, 62701',
    });
    expect(readCensusAnswer(200, { result: { addressMatches: [] } })).toEqual({ found: false, facts: {}, matched: null });
  });

  it('refuses malformed answers for good and retries server errors', () => {
    expect(() => readCensusAnswer(200, { result: {} })).toThrow(ProviderError);
    expect(() => readCensusAnswer(400, { errors: ['Address cannot be empty'] })).toThrow(
      expect.objectContaining({ message: 'HTTP 400: Address cannot be empty', transient: false }),
    );
    expect(() => readCensusAnswer(503, null)).toThrow(expect.objectContaining({ transient: true }));
  });
});

describe('ATTOM property detail answers', () => {
  it('builds the two address lines', () => {
    expect(attomQueryOf(address)).toEqual({
      address1: '123 N MAIN ST',
      address2: 'SPRINGFIELD, IL 62701',
      key: '123 N MAIN ST|SPRINGFIELD, IL 62701',
    });
    expect(attomQueryOf({ ...address, city: null })?.address2).toBe('62701');
    expect(attomQueryOf({ ...address, city: null, zip: null })).toBeNull();
  });

  it('reads the facts whatever the case of the keys, strings as numbers, zeros as unknown', () => {
    const body = {
      status: { version: '1.0.0', code: 0, msg: 'SuccessWithResult', total: 1 },
      property: [
        {
          identifier: { attomId: 184713191, apn: '02192-04-018-000', fips: '08031' },
          lot: { lotSize1: 0.1076676, lotSize2: 4690 },
          building: { size: { livingSize: 1450 }, rooms: { beds: 3, bathsTotal: 1.5 } },
          summary: { yearBuilt: 0, propClass: 'Single Family Residence / Townhouse' },
          location: { latitude: '39.778926', longitude: '-105.047775' },
          address: { oneLine: '4529 WINONA CT, DENVER, CO 80212' },
        },
      ],
    };
    expect(readAttomAnswer(200, body)).toEqual({
      found: true,
      facts: { beds: 3, baths: 1.5, living_sqft: 1450, lot_sqft: 4690, latitude: 39.778926, longitude: -105.047775 },
      matched: '4529 WINONA CT, DENVER, CO 80212',
    });
  });

  it('reads SuccessWithoutResult as not found, with HTTP 200 or 400', () => {
    const none = { status: { version: '1.0.0', code: 1, msg: 'SuccessWithoutResult', total: 0 } };
    expect(readAttomAnswer(400, none)).toEqual({ found: false, facts: {}, matched: null });
    expect(readAttomAnswer(200, none).found).toBe(false);
  });

  it('refuses a bad key for good and retries throttling', () => {
    expect(() => readAttomAnswer(401, { status: { code: 401, msg: 'Invalid API Key' } })).toThrow(
      expect.objectContaining({ transient: false, message: 'HTTP 401: Invalid API Key' }),
    );
    expect(() => readAttomAnswer(429, null)).toThrow(expect.objectContaining({ transient: true }));
  });
});
