import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random/mulberry32.js';
import { bootstrapInterval, brierScore, calibration, precisionAtFraction, rocAuc } from './metrics.js';

describe('classifier metrics', () => {
  it('ROC AUC matches the textbook example and counts ties as half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBeCloseTo(0.5);
    expect(rocAuc([1, 2, 3], [0, 0, 0])).toBeNaN();
  });

  it('precision among the top share of scores', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    const labels = [1, 0, 1, 0, 0, 0, 0, 0, 0, 1];
    expect(precisionAtFraction(scores, labels, 0.2)).toBeCloseTo(0.5);
    expect(precisionAtFraction(scores, labels, 0.01)).toBe(1);
  });

  it('calibration bins and the Brier score', () => {
    const bins = calibration([0.05, 0.15, 0.95, 0.9], [0, 1, 1, 1], 10);
    expect(bins).toEqual([
      { predicted: 0.05, observed: 0, count: 1 },
      { predicted: 0.15, observed: 1, count: 1 },
      { predicted: 0.925, observed: 1, count: 2 },
    ]);
    expect(brierScore([1, 0, 0.5], [1, 0, 1])).toBeCloseTo(0.25 / 3);
  });

  it('bootstrap intervals hold the estimate, narrow as rows grow, and repeat for a seed', () => {
    // Scores that rank a positive above a negative about 3 times in 4.
    const classifier = (rows: number) => {
      const random = mulberry32(5);
      const labels = Array.from({ length: rows }, () => (random() < 0.3 ? 1 : 0));
      const scores = labels.map((label) => label * 0.9 + random() * 1.3);
      const auc = (sample: Int32Array) =>
        rocAuc(
          Array.from(sample, (i) => scores[i]!),
          Array.from(sample, (i) => labels[i]!),
        );
      return { estimate: rocAuc(scores, labels), interval: bootstrapInterval(rows, auc), again: bootstrapInterval(rows, auc) };
    };
    const small = classifier(80);
    const large = classifier(4000);
    for (const { estimate, interval } of [small, large]) {
      expect(interval[0]).toBeLessThan(estimate);
      expect(interval[1]).toBeGreaterThan(estimate);
    }
    expect(large.estimate).toBeGreaterThan(0.7);
    expect(large.interval[1] - large.interval[0]).toBeLessThan((small.interval[1] - small.interval[0]) / 4);
    expect(small.again).toEqual(small.interval);
    expect(bootstrapInterval(10, () => 0.5)).toEqual([0.5, 0.5]);
    expect(bootstrapInterval(10, () => Number.NaN)).toEqual([Number.NaN, Number.NaN]);
  });
});
