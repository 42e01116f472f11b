import { describe, expect, it } from 'vitest';
import { plantedParcels, trainingSetOf } from '../../../test/support/scoring-parcels.js';
import { mulberry32 } from '../../platform/random/mulberry32.js';
import { MODEL_FEATURES } from './model-features.js';
import { checkTrainable, stratifiedSplit, trainMotivationModel } from './train-model.js';

describe('stratified split', () => {
  it('holds out the same share of each class, the same way for the same seed', () => {
    const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const { first, second } = stratifiedSplit(labels, 0.25, 3);
    expect(first.length + second.length).toBe(1000);
    expect(new Set([...first, ...second]).size).toBe(1000);
    expect(second.filter((i) => labels[i] === 1)).toHaveLength(50);
    expect(second.filter((i) => labels[i] === 0)).toHaveLength(200);
    expect(stratifiedSplit(labels, 0.25, 3)).toEqual({ first, second });
    expect(stratifiedSplit(labels, 0.25, 4).second).not.toEqual(second);
  });
});

describe('training the motivation model', () => {
  it('learns a planted signal and measures itself on held-out parcels', () => {
    const { inputs, labels } = plantedParcels(1600, 5);
    const { model, metrics, params } = trainMotivationModel(trainingSetOf(inputs, labels));
    expect(model.features).toEqual(MODEL_FEATURES);
    expect(params).toMatchObject({ objective: 'binary', seed: 1 });
    expect(metrics.trainRows + metrics.testRows).toBe(1600);
    expect(Math.abs(metrics.testRows - 400)).toBeLessThanOrEqual(1);
    expect(metrics.rocAuc).toBeGreaterThan(0.72);
    expect(metrics.rocAuc).toBeLessThan(0.97);
    expect(metrics.rocAuc).toBeGreaterThan(metrics.stackRocAuc - 0.05);
    expect(metrics.precisionAt5).toBeGreaterThan(metrics.baseRate);
    // Better than always predicting the base rate.
    expect(metrics.brier).toBeLessThan(metrics.baseRate * (1 - metrics.baseRate));
    expect(metrics.calibration.reduce((sum, bin) => sum + bin.count, 0)).toBe(metrics.testRows);
    expect(metrics.trees).toBeGreaterThan(0);
    expect(metrics.trees).toBeLessThanOrEqual(300);
    // The model is plain JSON: what is stored is what scores.
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('finds nothing in shuffled outcomes', () => {
    const { inputs, labels } = plantedParcels(1200, 9);
    const random = mulberry32(2);
    const shuffled = Uint8Array.from(labels);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(trainMotivationModel(trainingSetOf(inputs, shuffled)).metrics.rocAuc).toBeLessThan(0.64);
  });

  it('refuses to train on too few outcomes or a single class, saying how many there are', () => {
    expect(() => checkTrainable(150, 40)).toThrow(/at least 200.*there are 150, 40 positive and 110 negative/);
    expect(() => checkTrainable(500, 10)).toThrow(/10 positive/);
    expect(() => checkTrainable(500, 490)).toThrow(/10 negative/);
    expect(() => checkTrainable(200, 20)).not.toThrow();
  });
});
