import { describe, expect, it } from 'vitest';
import { addressKey, type KeyParts } from './address-key.js';

const none: KeyParts = {
  number: null,
  predirectional: null,
  street: null,
  suffix: null,
  postdirectional: null,
  unitType: null,
  unitNumber: null,
  poBox: null,
  city: null,
  state: null,
  zip: null,
};

/** These strings are stored in the database: a change here needs a migration that recomputes keys. */
describe('addressKey (stored format, version 1)', () => {
  it('keys a street address by ZIP, number, directionals, compact name, suffix and unit number', () => {
    expect(
      addressKey({
        ...none,
        number: '123',
        predirectional: 'N',
        street: 'MAIN',
        suffix: 'ST',
        unitType: 'APT',
        unitNumber: '4',
        zip: '62701',
        city: 'SPRINGFIELD',
        state: 'IL',
      }),
    ).toBe('62701|123|N|MAIN|ST||4');
    expect(addressKey({ ...none, number: '1025', street: 'VERMONT', suffix: 'AVE', postdirectional: 'NW', zip: '20005' })).toBe(
      '20005|1025||VERMONT|AVE|NW|',
    );
  });

  it('falls back to STATE:CITY without a ZIP, and to nothing without either', () => {
    expect(addressKey({ ...none, number: '5', street: 'OAK', suffix: 'LN', city: 'SALT LAKE CITY', state: 'UT' })).toBe(
      'UT:SALTLAKECITY|5||OAK|LN||',
    );
    expect(addressKey({ ...none, number: '5', street: 'OAK', suffix: 'LN', state: 'UT' })).toBe('UT:|5||OAK|LN||');
    expect(addressKey({ ...none, number: '5', street: 'OAK', suffix: 'LN' })).toBe('|5||OAK|LN||');
  });

  it('ignores the unit designator and leading zeros, keeps designator-only units', () => {
    const apt = addressKey({ ...none, number: '1', street: 'A', suffix: 'ST', unitType: 'APT', unitNumber: '04', zip: '10001' });
    const hash = addressKey({ ...none, number: '1', street: 'A', suffix: 'ST', unitType: '#', unitNumber: '4', zip: '10001' });
    expect(apt).toBe(hash);
    expect(addressKey({ ...none, number: '1', street: 'A', suffix: 'ST', unitType: 'REAR', zip: '10001' })).toBe('10001|1||A|ST||REAR');
    expect(addressKey({ ...none, number: '1', street: 'A', suffix: 'ST', unitType: '#', unitNumber: '13 C', zip: '10001' })).toBe(
      '10001|1||A|ST||13 C',
    );
  });

  it('writes names without spaces or hyphens, with SAINT/MOUNT/FORT abbreviated', () => {
    const a = addressKey({ ...none, number: '9', street: 'SAINT JOHNS', suffix: 'AVE', zip: '32202' });
    expect(a).toBe('32202|9||STJOHNS|AVE||');
    expect(addressKey({ ...none, number: '9', street: 'ST JOHNS', suffix: 'AVE', zip: '32202' })).toBe(a);
    expect(addressKey({ ...none, number: '9', street: 'MC DONALD', zip: '1' })).toBe(
      addressKey({ ...none, number: '9', street: 'MCDONALD', zip: '1' }),
    );
    expect(addressKey({ ...none, number: '9', street: 'MOUNT VERNON', zip: '1' })).toBe('1|9||MTVERNON|||');
  });

  it('keys PO boxes and routes by their box', () => {
    expect(addressKey({ ...none, poBox: '123', zip: '02134' })).toBe('02134|POBOX|123');
    expect(addressKey({ ...none, street: 'RR 2', poBox: '15', zip: '62701' })).toBe('62701|RR2|15');
  });

  it('gives no key without a number or a box', () => {
    expect(addressKey({ ...none, street: 'MAIN', suffix: 'ST', zip: '62701' })).toBeNull();
    expect(addressKey(none)).toBeNull();
  });
});
