import { describe, expect, it } from 'vitest';
import { roundToTotal } from './round-to-total.js';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('roundToTotal', () => {
  it('gives the missing units to the largest remainders', () => {
    expect(roundToTotal([33.4, 33.3, 33.3], 100)).toEqual([34, 33, 33]);
    expect(roundToTotal([12.6, 9.75, 5.7], 28)).toEqual([12, 10, 6]);
  });

  it('handles signed shares and takes units back when the floors overshoot', () => {
    expect(sum(roundToTotal([10.5, -3.25, 2.75], 10))).toBe(10);
    expect(roundToTotal([-2.5, -2.5], -5)).toEqual([-2, -3]);
    expect(roundToTotal([1.9, 1.9, 1.9], 3)).toEqual([1, 1, 1]);
  });

  it('always adds up exactly, whatever the shares', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 500; n++) {
      const values = Array.from({ length: 1 + (n % 12) }, () => (random() - 0.4) * 60);
      const total = Math.round(sum(values)) + 0;
      const rounded = roundToTotal(values, total);
      expect(sum(rounded)).toBe(total);
      rounded.forEach((value, i) => expect(Math.abs(value - values[i]!)).toBeLessThan(1));
    }
  });

  it('spreads a total far from the shares over all of them', () => {
    expect(roundToTotal([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(roundToTotal([1, 1, 1], -4)).toEqual([-2, -1, -1]);
  });

  it('refuses a fractional total', () => {
    expect(() => roundToTotal([1.5], 1.5)).toThrow(/integer/);
  });
});
