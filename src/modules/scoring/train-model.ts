import { mulberry32 } from '../../platform/random/mulberry32.js';
import { predictMany, trainGbt, type GbtModel, type GbtParams } from '../../platform/ml/gradient-boosting.js';
import { bootstrapInterval, brierScore, calibration, precisionAtFraction, rocAuc, type CalibrationBin } from '../../platform/ml/metrics.js';
import { AppError } from '../../platform/http/errors.js';

/** Fewer labelled parcels than this, or too few of either class, and a model would learn noise. */
const MIN_TRAINING_ROWS = 200;
const MIN_PER_CLASS = 20;
/** Share of labelled parcels held out (stratified) to measure the model on. */
const TEST_SHARE = 0.25;
/** Share of the training rows set aside to stop adding trees when they stop helping. */
const EARLY_STOPPING_SHARE = 0.2;

const TRAINING_PARAMS: GbtParams = {
  objective: 'binary',
  trees: 300,
  learningRate: 0.05,
  maxDepth: 3,
  minLeafSamples: 10,
  subsample: 0.8,
  featureFraction: 0.8,
  l2: 1,
  bins: 64,
  seed: 1,
};
const EARLY_STOPPING_ROUNDS = 30;

export interface ModelMetrics {
  /** On the held-out rows. */
  rocAuc: number;
  /** 90 % bootstrap interval of the ROC AUC: with few held-out parcels the metric moves a lot. */
  rocAucInterval: [number, number];
  /** 90 % bootstrap interval of the model's ROC AUC minus the stack score's, on the same resampled parcels. */
  rocAucGainInterval: [number, number];
  precisionAt5: number;
  baseRate: number;
  calibration: CalibrationBin[];
  brier: number;
  /** The stack score measured on the same held-out rows, for comparison. */
  stackRocAuc: number;
  stackPrecisionAt5: number;
  trainRows: number;
  testRows: number;
  positives: number;
  trees: number;
}

export interface TrainingSet {
  /** Row-major features, `features.length` per row. */
  matrix: Float64Array;
  features: readonly string[];
  labels: Uint8Array;
  /** Each row's stack score, to measure the model against. */
  stackScores: Float64Array;
}

/** Counts that decide whether a model can be trained; throws `conflict` with the numbers when not. */
export function checkTrainable(labelled: number, positives: number): void {
  const negatives = labelled - positives;
  if (labelled < MIN_TRAINING_ROWS || positives < MIN_PER_CLASS || negatives < MIN_PER_CLASS) {
    throw new AppError(
      'conflict',
      `A model needs at least ${MIN_TRAINING_ROWS} parcels with an outcome, ${MIN_PER_CLASS} or more of them positive (appointment, under contract, won) ` +
        `and ${MIN_PER_CLASS} or more negative (contacted, dead); there are ${labelled}, ${positives} positive and ${negatives} negative`,
      { labelled, positives, negatives },
    );
  }
}

/** Splits row indices into two parts, `share` of each class in the second, shuffled with a seed. */
export function stratifiedSplit(labels: ArrayLike<number>, share: number, seed: number): { first: number[]; second: number[] } {
  const random = mulberry32(seed);
  const first: number[] = [];
  const second: number[] = [];
  for (const label of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) rows.push(i);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const cut = Math.round(rows.length * share);
    second.push(...rows.slice(0, cut));
    first.push(...rows.slice(cut));
  }
  return { first: first.sort((a, b) => a - b), second: second.sort((a, b) => a - b) };
}

/**
 * Trains the motivation model: a stratified, seeded held-out split (TEST_SHARE),
 * gradient-boosted trees on the rest with early stopping on a slice of it, and
 * the metrics of the held-out rows, beside those of the stack score on the same rows.
 */
export function trainMotivationModel(set: TrainingSet, seed = 1): { model: GbtModel; params: GbtParams; metrics: ModelMetrics } {
  const width = set.features.length;
  let positives = 0;
  for (const label of set.labels) positives += label;
  checkTrainable(set.labels.length, positives);
  const rowOf = (i: number) => set.matrix.subarray(i * width, (i + 1) * width);

  const { first: training, second: test } = stratifiedSplit(set.labels, TEST_SHARE, seed);
  const trainingLabels = Uint8Array.from(training, (i) => set.labels[i]!);
  const { first: fit, second: stop } = stratifiedSplit(trainingLabels, EARLY_STOPPING_SHARE, seed + 1);
  const params: GbtParams = { ...TRAINING_PARAMS, seed };
  const model = trainGbt(
    fit.map((k) => rowOf(training[k]!)),
    fit.map((k) => trainingLabels[k]!),
    [...set.features],
    params,
    {
      validation: { rows: stop.map((k) => rowOf(training[k]!)), targets: stop.map((k) => trainingLabels[k]!) },
      earlyStoppingRounds: EARLY_STOPPING_ROUNDS,
    },
  );

  const testMatrix = new Float64Array(test.length * width);
  test.forEach((row, k) => testMatrix.set(rowOf(row), k * width));
  const probabilities = predictMany(model, testMatrix, width);
  const labels = Uint8Array.from(test, (i) => set.labels[i]!);
  const stackScores = Float64Array.from(test, (i) => set.stackScores[i]!);
  let testPositives = 0;
  for (const label of labels) testPositives += label;
  const resampled = (sample: Int32Array) => {
    const pick = <T extends Float64Array | Uint8Array>(values: T) => values.map((_, i) => values[sample[i]!]!) as T;
    return { probabilities: pick(probabilities), labels: pick(labels), stackScores: pick(stackScores) };
  };
  const metrics: ModelMetrics = {
    rocAuc: rocAuc(probabilities, labels),
    rocAucInterval: bootstrapInterval(test.length, (sample) => {
      const r = resampled(sample);
      return rocAuc(r.probabilities, r.labels);
    }),
    rocAucGainInterval: bootstrapInterval(test.length, (sample) => {
      const r = resampled(sample);
      return rocAuc(r.probabilities, r.labels) - rocAuc(r.stackScores, r.labels);
    }),
    precisionAt5: precisionAtFraction(probabilities, labels, 0.05),
    baseRate: testPositives / labels.length,
    calibration: calibration(probabilities, labels, 10),
    brier: brierScore(probabilities, labels),
    stackRocAuc: rocAuc(stackScores, labels),
    stackPrecisionAt5: precisionAtFraction(stackScores, labels, 0.05),
    trainRows: training.length,
    testRows: test.length,
    positives,
    trees: model.trees.length,
  };
  return { model, params, metrics };
}
