import { describe, expect, it } from 'vitest';
import { scoringInput as input } from '../../../test/support/scoring-parcels.js';
import { stackContributions, stackScore } from './stack-score.js';
import { DEFAULT_WEIGHTS, effectiveWeights, validateOverrides } from './weights.js';

const weights = effectiveWeights({});
const total = (contributions: { points: number }[]) => contributions.reduce((sum, c) => sum + c.points, 0);

describe('stack score', () => {
  it('adds the weight of every signal present, graded ones by band', () => {
    const scored = stackScore(input({ absentee: true, taxDelinquent: true, yearsOwned: 22.4, equityPercent: 40 }), weights);
    expect(scored.contributions).toEqual([
      { key: 'absentee', points: 12 },
      { key: 'taxDelinquent', points: 15 },
      { key: 'yearsOwned', points: 9 },
      { key: 'equityPercent', points: 4 },
    ]);
    expect(scored.score).toBe(40);
  });

  it('scores a parcel about which nothing is known 0, every weighed signal unknown rather than absent', () => {
    expect(stackScore(input(), weights)).toEqual({
      score: 0,
      contributions: [],
      unknown: [
        'absentee',
        'outOfState',
        'taxDelinquent',
        'vacant',
        'trustOrEstate',
        'freeAndClear',
        'entityOwned',
        'portfolioOwner',
        'yearsOwned',
        'equityPercent',
        'distressLists',
      ],
    });
  });

  it('gives an unknown equity and free-and-clear status no points, where known ones score', () => {
    const roll = stackScore(input({ absentee: true, yearsOwned: 25, equityPercent: null, freeAndClear: null }), weights);
    expect(roll.contributions).toEqual([
      { key: 'absentee', points: 12 },
      { key: 'yearsOwned', points: 9 },
    ]);
    expect(roll.unknown).toEqual(expect.arrayContaining(['equityPercent', 'freeAndClear']));
    expect(roll.unknown).not.toContain('absentee');
    expect(roll.unknown).not.toContain('yearsOwned');
    const known = stackScore(input({ absentee: true, yearsOwned: 25, equityPercent: 100, freeAndClear: true }), weights);
    expect(known.score).toBe(12 + 9 + 10 + 6);
    expect(known.unknown).not.toContain('equityPercent');
    expect(known.unknown).not.toContain('freeAndClear');
    // Mortgaged is known: no points, and not unknown either.
    expect(stackScore(input({ freeAndClear: false }), weights).unknown).not.toContain('freeAndClear');
  });

  it('knows a tax delinquency or vacancy from a list tag, and leaves it unknown when neither the tag nor the data says', () => {
    const tagged = stackScore(input({ distressTags: ['tax_delinquent', 'vacant'] }), weights);
    expect(tagged.contributions.map((c) => c.key)).toEqual(['taxDelinquent', 'vacant']);
    expect(tagged.unknown).not.toContain('taxDelinquent');
    expect(stackScore(input({ taxDelinquent: false, vacant: false }), weights).unknown).not.toContain('taxDelinquent');
    expect(stackScore(input(), weights).unknown).toEqual(expect.arrayContaining(['taxDelinquent', 'vacant']));
  });

  it('lists no unknown signal the weights give no points to', () => {
    const unweighted = effectiveWeights({ freeAndClear: 0, equityPercent: [{ min: 50, points: 0 }] });
    const { unknown } = stackScore(input(), unweighted);
    expect(unknown).not.toContain('freeAndClear');
    expect(unknown).not.toContain('equityPercent');
    expect(unknown).toContain('absentee');
  });

  it('counts a list tag as the signal, once, and other tags as other distress', () => {
    const tagged = stackScore(input({ taxDelinquent: true, distressTags: ['tax_delinquent', 'probate', 'divorce', 'eviction'] }), weights);
    expect(tagged.contributions).toEqual([
      { key: 'taxDelinquent', points: 15 },
      { key: 'probate', points: 16 },
      { key: 'otherDistress', points: 6 },
    ]);
  });

  it('takes bands as [min, max)', () => {
    const points = (yearsOwned: number) =>
      stackContributions(input({ yearsOwned }), weights).find((c) => c.key === 'yearsOwned')?.points ?? 0;
    expect([1.99, 2, 9.99, 10, 19.99, 20].map(points)).toEqual([-8, 0, 0, 5, 5, 9]);
  });

  it('clamps at 100 and scales the positive reasons so that every reason still adds up to it', () => {
    const everything = input({
      absentee: true,
      outOfState: true,
      taxDelinquent: true,
      vacant: true,
      trustOrEstate: true,
      freeAndClear: true,
      entityOwned: true,
      ownerParcelCount: 5,
      yearsOwned: 30,
      equityPercent: 100,
      distressListCount: 4,
      distressTags: ['pre_foreclosure', 'probate', 'code_violation', 'fire'],
    });
    expect(total(stackContributions(everything, weights))).toBeGreaterThan(100);
    const scored = stackScore(everything, weights);
    expect(scored.score).toBe(100);
    expect(total(scored.contributions)).toBe(100);
    // The negative reason is kept as it is; the positives shrink in proportion.
    expect(scored.contributions.find((c) => c.key === 'entityOwned')).toEqual({ key: 'entityOwned', points: -4 });
    const preForeclosure = scored.contributions.find((c) => c.key === 'preForeclosure')!.points;
    const outOfState = scored.contributions.find((c) => c.key === 'outOfState')!.points;
    expect(preForeclosure).toBeLessThan(18);
    expect(preForeclosure).toBeGreaterThan(2 * outOfState);
  });

  it('clamps at 0 and scales the negative reasons to cancel the positive ones', () => {
    const scored = stackScore(input({ absentee: true, entityOwned: true, yearsOwned: 1, equityPercent: -10 }), weights);
    expect(scored.score).toBe(0);
    expect(total(scored.contributions)).toBe(0);
    expect(scored.contributions.find((c) => c.key === 'absentee')).toEqual({ key: 'absentee', points: 12 });
    expect(scored.contributions.filter((c) => c.points < 0).length).toBeGreaterThan(0);
    expect(stackScore(input({ yearsOwned: 1 }), weights)).toMatchObject({ score: 0, contributions: [] });
  });

  it('sums its reasons exactly on any parcel and any weights', () => {
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const maybe = () => (random() < 0.3 ? null : random() < 0.5);
    const tags = ['tax_delinquent', 'vacant', 'probate', 'pre_foreclosure', 'code_violation', 'divorce'];
    for (let n = 0; n < 2000; n++) {
      const custom = effectiveWeights({
        absentee: Math.round(random() * 100 - 50),
        probate: Math.round(random() * 100 - 50),
        vacant: 50,
        taxDelinquent: 50,
      });
      const parcel = input({
        absentee: maybe(),
        outOfState: maybe(),
        freeAndClear: maybe(),
        entityOwned: maybe(),
        trustOrEstate: maybe(),
        vacant: maybe(),
        taxDelinquent: maybe(),
        yearsOwned: random() < 0.2 ? null : random() * 40,
        equityPercent: random() < 0.2 ? null : random() * 150 - 30,
        ownerParcelCount: Math.floor(random() * 6),
        distressListCount: Math.floor(random() * 5),
        distressTags: tags.filter(() => random() < 0.3),
      });
      const scored = stackScore(parcel, custom);
      expect(scored.score).toBeGreaterThanOrEqual(0);
      expect(scored.score).toBeLessThanOrEqual(100);
      expect(total(scored.contributions)).toBe(scored.score);
      for (const c of scored.contributions) expect(Number.isInteger(c.points) && c.points !== 0).toBe(true);
      for (const key of scored.unknown) expect(scored.contributions.some((c) => c.key === key)).toBe(false);
    }
  });
});

describe('weights', () => {
  it("lay a tenant's changes over the defaults", () => {
    const custom = effectiveWeights({ absentee: 30, yearsOwned: [{ min: 15, points: 12 }] });
    expect(custom.absentee).toBe(30);
    expect(custom.yearsOwned).toEqual([{ min: 15, points: 12 }]);
    expect(custom.taxDelinquent).toBe(DEFAULT_WEIGHTS.taxDelinquent);
  });

  it('refuse bands that are open on both sides, inverted or overlapping', () => {
    expect(() => validateOverrides({ yearsOwned: [{ points: 3 }] })).toThrow(/needs a min or a max/);
    expect(() => validateOverrides({ equityPercent: [{ min: 50, max: 20, points: 3 }] })).toThrow(/min must be below max/);
    expect(() =>
      validateOverrides({
        distressLists: [
          { min: 2, points: 5 },
          { min: 3, points: 10 },
        ],
      }),
    ).toThrow(/overlaps/);
    expect(() =>
      validateOverrides({
        distressLists: [
          { min: 3, points: 5 },
          { min: 2, max: 3, points: 10 },
        ],
      }),
    ).toThrow(/overlaps/);
    expect(() => validateOverrides(DEFAULT_WEIGHTS)).not.toThrow();
  });
});
