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
      expect(scored.reasons.filter((r) => !r.unknown).length).toBeLessThanOrEqual(TOP_REASONS + 1);
      for (const reason of scored.reasons) expect(reason.label.length).toBeGreaterThan(0);
    }
  });

  it('shows the largest reasons first and sums the rest into other factors', () => {
    const stack = { score: 45, contributions: Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, points: 5 })), unknown: [] };
    const explained = explainScore(input(), stack, null);
    expect(explained.reasons).toHaveLength(TOP_REASONS + 1);
    expect(explained.reasons.at(-1)).toMatchObject({ key: 'other', label: 'other factors', points: 5, stack: 5 });
    expect(sum(explained, 'points')).toBe(45);
  });
});

describe('unknown signals', () => {
  it('are reasons of their own, after the others, with no points, so the reasons still add up exactly', () => {
    const [scored] = scoreParcels([input({ absentee: true, yearsOwned: 22 })], weights, null);
    expect(scored!.score).toBe(12 + 9);
    const unknown = scored!.reasons.filter((r) => r.unknown);
    expect(scored!.reasons.slice(0, 2).map((r) => r.key)).toEqual(['absentee', 'yearsOwned']);
    expect(unknown.map((r) => r.label)).toEqual(expect.arrayContaining(['equity: unknown', 'free and clear: unknown']));
    for (const reason of unknown) expect(reason).toEqual({ key: reason.key, label: reason.label, points: 0, stack: 0, unknown: true });
    expect(unknown.map((r) => r.key)).not.toContain('absentee');
    expect(sum(scored!, 'points')).toBe(scored!.score);
  });

  it("earn no points from the model either: what the trees make of a missing value is the baseline's", () => {
    const unknownEquity = inputs.filter((parcel) => parcel.equityPercent === null);
    expect(unknownEquity.length).toBeGreaterThan(50);
    const scores = scoreParcels(unknownEquity, weights, model);
    for (const scored of scores) {
      const equity = scored.reasons.find((r) => r.key === 'equityPercent')!;
      expect(equity).toEqual({ key: 'equityPercent', label: 'equity: unknown', points: 0, stack: 0, model: 0, unknown: true });
      expect(sum(scored, 'points')).toBe(scored.score);
      expect(sum(scored, 'model')).toBe(scored.modelScore);
    }
    // Known equity does earn the model's points somewhere among these parcels.
    const knownEquity = scoreParcels(
      inputs.filter((parcel) => parcel.equityPercent !== null),
      weights,
      model,
    );
    expect(knownEquity.some((scored) => (scored.reasons.find((r) => r.key === 'equityPercent')?.model ?? 0) !== 0)).toBe(true);
  });

  it('name the model features a parcel lacks as unknown, and never one that has points', () => {
    const [scored] = scoreParcels([input({ absentee: true, taxDelinquent: true, marketValue: null, livingSqft: null })], weights, model);
    const unknown = scored!.reasons.filter((r) => r.unknown).map((r) => r.key);
    expect(unknown).toEqual(expect.arrayContaining(['marketValue', 'livingSqft', 'yearBuilt', 'equityPercent']));
    const pointed = scored!.reasons.filter((r) => !r.unknown).map((r) => r.key);
    for (const key of unknown) expect(pointed).not.toContain(key);
    expect(new Set(unknown).size).toBe(unknown.length);
  });
});
