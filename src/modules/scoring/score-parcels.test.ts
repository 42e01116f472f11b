import { describe, expect, it } from 'vitest';
import { predict } from '../../platform/ml/gradient-boosting.js';
import { featureMatrix, MODEL_FEATURES } from './model-features.js';
import {
  explainScore,
  modelContributions,
  MODEL_SHARE,
  scoreParcels,
  scoringModel,
  TOP_REASONS,
  type ParcelScore,
} from './score-parcels.js';
import { plantedParcels, scoringInput as input, trainingSetOf } from '../../../test/support/scoring-parcels.js';
import { trainMotivationModel } from './train-model.js';
import { effectiveWeights } from './weights.js';

const { inputs, labels } = plantedParcels(1200, 21);
const { model: gbt } = trainMotivationModel(trainingSetOf(inputs, labels));
const model = scoringModel('00000000-0000-4000-8000-0000000000aa', 1, gbt);
const weights = effectiveWeights({});
const sum = (score: ParcelScore, part: 'points' | 'stack' | 'model') => score.reasons.reduce((total, r) => total + (r[part] ?? 0), 0);

describe('model reasons', () => {
  it("turn the trees' contributions into points that add up to round(100 × p)", () => {
    const matrix = featureMatrix(inputs, model.readers);
    const width = MODEL_FEATURES.length;
    for (let i = 0; i < 300; i++) {
      const row = matrix.subarray(i * width, (i + 1) * width);
      const explained = modelContributions(gbt, row);
      expect(explained.score).toBe(Math.round(100 * predict(gbt, row)));
      expect(explained.contributions.reduce((total, c) => total + c.points, 0)).toBe(explained.score);
      expect(explained.contributions[0]?.key).toBe('baseline');
    }
  });

  it('credit the planted signal: an absentee owner behind on taxes gains points for both', () => {
    const motivated = input({ absentee: true, taxDelinquent: true, distressTags: ['tax_delinquent'], yearsOwned: 25 });
    const [scored] = scoreParcels([motivated], weights, model);
    const reason = (key: string) => scored!.reasons.find((r) => r.key === key);
    expect(reason('absentee')!.model).toBeGreaterThan(0);
    expect(reason('taxDelinquent')!.model).toBeGreaterThan(0);
    expect(reason('absentee')).toMatchObject({ label: 'absentee owner', stack: 12 });
    expect(reason('yearsOwned')!.label).toBe('25 years owned');
  });
});

describe('scores and their reasons', () => {
  it('without a model: the stack score, its reasons adding up to it', () => {
    for (const scored of scoreParcels(inputs.slice(0, 300), weights, null)) {
      expect(scored.modelScore).toBeNull();
      expect(scored.score).toBe(scored.stackScore);
      expect(sum(scored, 'points')).toBe(scored.score);
      expect(sum(scored, 'stack')).toBe(scored.stackScore);
      for (const reason of scored.reasons) expect(reason).not.toHaveProperty('model');
    }
  });

  it('with a model: the blend, every part of the reasons adding up to its own score', () => {
    const scores = scoreParcels(inputs, effectiveWeights({ absentee: 50, taxDelinquent: 50, vacant: 40 }), model);
    expect(new Set(scores.map((s) => s.score)).size).toBeGreaterThan(30);
    for (const scored of scores) {
      expect(scored.score).toBe(Math.round(MODEL_SHARE * scored.modelScore! + (1 - MODEL_SHARE) * scored.stackScore));
      expect(sum(scored, 'points')).toBe(scored.score);
      expect(sum(scored, 'stack')).toBe(scored.stackScore);
      expect(sum(scored, 'model')).toBe(scored.modelScore);
      expect(scored.reasons.length).toBeLessThanOrEqual(TOP_REASONS + 1);
      for (const reason of scored.reasons) expect(reason.label.length).toBeGreaterThan(0);
    }
  });

  it('shows the largest reasons first and sums the rest into other factors', () => {
    const stack = { score: 45, contributions: Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, points: 5 })) };
    const explained = explainScore(input(), stack, null);
    expect(explained.reasons).toHaveLength(TOP_REASONS + 1);
    expect(explained.reasons.at(-1)).toMatchObject({ key: 'other', label: 'other factors', points: 5, stack: 5 });
    expect(sum(explained, 'points')).toBe(45);
  });
});
