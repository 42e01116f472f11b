import { describe, expect, it } from 'vitest';
import { scoringInput as input } from '../../../test/support/scoring-parcels.js';
import { featureMatrix, featureReaders, MODEL_FEATURES } from './model-features.js';

const features = (overrides: Parameters<typeof input>[0]) => {
  const row = featureMatrix([input(overrides)], featureReaders(MODEL_FEATURES));
  return Object.fromEntries(MODEL_FEATURES.map((name, i) => [name, row[i]]));
};

describe('model features', () => {
  it('are missing (NaN) for every signal the data does not tell, never 0', () => {
    const unknown = features({});
    for (const name of [
      'absentee',
      'outOfState',
      'yearsOwned',
      'equityPercent',
      'freeAndClear',
      'taxDelinquent',
      'vacant',
      'entityOwned',
      'trustOrEstate',
      'ownerParcelCount',
      'distressListCount',
      'yearBuilt',
      'livingSqft',
      'marketValue',
    ])
      expect(unknown[name], name).toBeNaN();
    // The lists a parcel is on are known: not on a probate list is a 0.
    expect(unknown.probate).toBe(0);
    expect(unknown.stackCount).toBe(1);
  });

  it('read known values as they are, a zero equity and a "no" included', () => {
    const known = features({ equityPercent: 0, freeAndClear: false, absentee: false, taxDelinquent: false, vacant: false });
    expect(known).toMatchObject({ equityPercent: 0, freeAndClear: 0, absentee: 0, taxDelinquent: 0, vacant: 0 });
  });

  it('take a tax-delinquent or vacant list tag as a yes', () => {
    expect(features({ distressTags: ['tax_delinquent', 'vacant'] })).toMatchObject({ taxDelinquent: 1, vacant: 1 });
    expect(features({ taxDelinquent: false, distressTags: ['tax_delinquent'] }).taxDelinquent).toBe(1);
  });
});
