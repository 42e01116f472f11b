import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random/mulberry32.js';
import { contributions, predict, predictMany, predictMargin, trainGbt, type GbtParams } from './gradient-boosting.js';

const stump: GbtParams = { objective: 'regression', trees: 1, learningRate: 1, maxDepth: 1, minLeafSamples: 1, l2: 0 };

describe('gradient-boosted trees', () => {
  it('fits a step with one stump exactly: the split at the step, leaves at the mean residuals', () => {
    const rows = Array.from({ length: 10 }, (_, x) => [x]);
    const targets = rows.map(([x]) => (x! > 5 ? 1 : 0));
    const model = trainGbt(rows, targets, ['x'], stump);
    expect(model.baseScore).toBeCloseTo(0.4);
    expect(model.trees[0]!.threshold[0]).toBe(5);
    expect(model.trees[0]!.value[model.trees[0]!.left[0]!]).toBeCloseTo(-0.4);
    expect(model.trees[0]!.value[model.trees[0]!.right[0]!]).toBeCloseTo(0.6);
    for (const [x] of rows) expect(predict(model, [x!])).toBeCloseTo(x! > 5 ? 1 : 0);
  });

  it('shrinks leaf values by the L2 penalty and the learning rate: value = -rate * G / (H + lambda)', () => {
    const rows = [[0], [0], [0], [1], [1]];
    const targets = [0, 0, 0, 10, 10];
    const model = trainGbt(rows, targets, ['x'], { ...stump, l2: 1, learningRate: 0.5 });
    const tree = model.trees[0]!;
    // base 4; left residuals -4 x3 → G = 12, H = 3; right residuals 6 x2 → G = -12, H = 2.
    expect(tree.value[tree.left[0]!]).toBeCloseTo((-0.5 * 12) / (3 + 1));
    expect(tree.value[tree.right[0]!]).toBeCloseTo((0.5 * 12) / (2 + 1));
  });

  it('learns where missing values go', () => {
    const rows = [...Array.from({ length: 20 }, (_, i) => [i]), ...Array.from({ length: 10 }, () => [Number.NaN])];
    const targets = rows.map(([x]) => (Number.isNaN(x!) ? 5 : x! < 10 ? 0 : 1));
    const model = trainGbt(rows, targets, ['x'], { ...stump, trees: 30, maxDepth: 2, learningRate: 0.5 });
    expect(predict(model, [Number.NaN])).toBeCloseTo(5, 1);
    expect(predict(model, [3])).toBeCloseTo(0, 1);
    expect(predict(model, [15])).toBeCloseTo(1, 1);
  });

  it('separates classes with log loss and keeps probabilities between 0 and 1', () => {
    const random = mulberry32(7);
    const rows = Array.from({ length: 400 }, () => [random(), random()]);
    const targets = rows.map(([a, b]) => (a! + b! > 1 ? 1 : 0));
    const model = trainGbt(rows, targets, ['a', 'b'], {
      objective: 'binary',
      trees: 100,
      learningRate: 0.3,
      maxDepth: 3,
      minLeafSamples: 5,
    });
    let correct = 0;
    for (let i = 0; i < rows.length; i++) {
      const p = predict(model, rows[i]!);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
      if ((p > 0.5 ? 1 : 0) === targets[i]) correct++;
    }
    expect(correct / rows.length).toBeGreaterThan(0.95);
  });

  it('reaches the known accuracy on the Friedman #1 regression problem on held-out rows', () => {
    // y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise; x6..x10 are irrelevant.
    const random = mulberry32(42);
    const make = (n: number) => {
      const rows = Array.from({ length: n }, () => Array.from({ length: 10 }, () => random()));
      const targets = rows.map(
        (x) => 10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]! + (random() - 0.5),
      );
      return { rows, targets };
    };
    const train = make(2000);
    const test = make(500);
    const features = Array.from({ length: 10 }, (_, i) => `x${i + 1}`);
    const model = trainGbt(train.rows, train.targets, features, {
      objective: 'regression',
      trees: 400,
      learningRate: 0.1,
      maxDepth: 4,
      minLeafSamples: 5,
      subsample: 0.8,
    });
    const mean = test.targets.reduce((a, b) => a + b, 0) / test.targets.length;
    let residual = 0;
    let total = 0;
    test.rows.forEach((row, i) => {
      residual += (predict(model, row) - test.targets[i]!) ** 2;
      total += (test.targets[i]! - mean) ** 2;
    });
    expect(1 - residual / total).toBeGreaterThan(0.9);
    // The irrelevant features explain almost nothing.
    const influence = new Float64Array(10);
    for (const row of test.rows.slice(0, 100)) contributions(model, row).values.forEach((v, f) => (influence[f]! += Math.abs(v)));
    const relevant = influence.slice(0, 5).reduce((a, b) => a + b, 0);
    const irrelevant = influence.slice(5).reduce((a, b) => a + b, 0);
    expect(irrelevant / relevant).toBeLessThan(0.1);
  });

  it('contributions add up to the margin, and predictMany agrees with predict', () => {
    const random = mulberry32(3);
    const rows = Array.from({ length: 300 }, () => [random(), random() < 0.2 ? Number.NaN : random(), random()]);
    const targets = rows.map(([a, b]) => (a! > 0.5 || Number.isNaN(b!) ? 1 : 0));
    const model = trainGbt(rows, targets, ['a', 'b', 'c'], {
      objective: 'binary',
      trees: 40,
      learningRate: 0.2,
      maxDepth: 3,
      minLeafSamples: 3,
      featureFraction: 0.7,
      subsample: 0.8,
      seed: 9,
    });
    const flat = Float64Array.from(rows.flat());
    const batch = predictMany(model, flat, 3);
    rows.forEach((row, i) => {
      const { bias, values } = contributions(model, row);
      expect(bias + values.reduce((a, b) => a + b, 0)).toBeCloseTo(predictMargin(model, row), 10);
      expect(batch[i]).toBeCloseTo(predict(model, row), 12);
    });
  });

  it('stops early on a validation set and trains the same way twice with one seed', () => {
    const random = mulberry32(5);
    const rows = Array.from({ length: 300 }, () => [random()]);
    const targets = rows.map(([x]) => x! + (random() - 0.5));
    const validation = { rows: rows.slice(0, 100), targets: targets.slice(0, 100).map((t) => t + (random() - 0.5)) };
    const params: GbtParams = {
      objective: 'regression',
      trees: 500,
      learningRate: 0.3,
      maxDepth: 4,
      minLeafSamples: 2,
      subsample: 0.7,
      seed: 11,
    };
    const model = trainGbt(rows, targets, ['x'], params, { validation, earlyStoppingRounds: 20 });
    expect(model.trees.length).toBe(model.bestIteration);
    expect(model.trees.length).toBeLessThan(500);
    expect(JSON.stringify(trainGbt(rows, targets, ['x'], params, { validation, earlyStoppingRounds: 20 }))).toBe(JSON.stringify(model));
  });
});
