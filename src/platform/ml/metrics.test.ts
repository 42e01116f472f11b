import { describe, expect, it } from 'vitest';
import { brierScore, calibration, precisionAtFraction, rocAuc } from './metrics.js';

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
});
