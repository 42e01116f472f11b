import { contributions as treeContributions, type GbtModel } from '../../platform/ml/gradient-boosting.js';
import { featureMatrix, featureReaders, reasonKeyOf, type FeatureReader } from './model-features.js';
import { roundToTotal } from './round-to-total.js';
import { reasonLabel, unknownLabel, type ScoringInput } from './scoring-input.js';
import { stackScore, type Contribution, type StackScore } from './stack-score.js';
import type { Weights } from './weights.js';

/** With an active model, the score is this share of the model score plus the rest of the stack score. */
export const MODEL_SHARE = 0.5;
/** Reasons shown one by one; the others are summed into "other factors". */
export const TOP_REASONS = 8;

/**
 * One reason of a score. `points` add up to the score, `stack` to the stack score
 * and `model` (present when a model scored the parcel) to the model score. A signal
 * the data does not tell is a reason of its own, `unknown`, with no points.
 */
export interface Reason {
  key: string;
  label: string;
  points: number;
  stack: number;
  model?: number;
  unknown?: true;
}

export interface ParcelScore {
  parcelId: string;
  score: number;
  stackScore: number;
  modelScore: number | null;
  reasons: Reason[];
}

/** A model ready to score with: its trees and a reader for each of its features. */
export interface ScoringModel {
  id: string;
  version: number;
  gbt: GbtModel;
  readers: FeatureReader[];
}

export function scoringModel(id: string, version: number, gbt: GbtModel): ScoringModel {
  return { id, version, gbt, readers: featureReaders(gbt.features) };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface ModelScore {
  score: number;
  contributions: Contribution[];
  /** Reason keys of the features the parcel lacks (NaN): no points, shown as unknown. */
  unknown: string[];
}

/**
 * The model score, round(100 × p), and its reasons: a baseline (the model's
 * probability for a parcel about which it knows nothing, from the trees' bias)
 * and each known feature's share of the rest. The features' log-odds contributions
 * are turned into points in proportion, at the slope between the baseline and this
 * parcel's probability, then rounded by largest remainder to add up exactly.
 * What the trees make of a missing value goes to the baseline: an unknown signal
 * earns no points of its own.
 */
export function modelContributions(gbt: GbtModel, row: ArrayLike<number>): ModelScore {
  const { bias, values } = treeContributions(gbt, row);
  let margin = bias;
  for (let f = 0; f < values.length; f++) margin += values[f]!;
  const base = 100 * sigmoid(bias);
  const probability = 100 * sigmoid(margin);
  const score = Math.round(probability);
  const lift = margin - bias;
  // Where the contributions cancel out, the secant has no slope: take the tangent at the baseline.
  const slope = Math.abs(lift) > 1e-9 ? (probability - base) / lift : base * (1 - base / 100);
  const shares = [base];
  const known: number[] = [];
  const unknown: string[] = [];
  for (let f = 0; f < values.length; f++) {
    if (Number.isNaN(row[f]!)) {
      shares[0]! += values[f]! * slope;
      const key = reasonKeyOf(gbt.features[f]!);
      if (!unknown.includes(key)) unknown.push(key);
    } else {
      known.push(f);
      shares.push(values[f]! * slope);
    }
  }
  const points = roundToTotal(shares, score);
  const contributions: Contribution[] = [];
  if (points[0] !== 0) contributions.push({ key: 'baseline', points: points[0]! });
  known.forEach((f, i) => {
    if (points[i + 1] !== 0) contributions.push({ key: reasonKeyOf(gbt.features[f]!), points: points[i + 1]! });
  });
  return { score, contributions, unknown };
}

/**
 * The final score and its reasons. Without a model it is the stack score; with
 * one, the blend MODEL_SHARE × model + (1 − MODEL_SHARE) × stack, each reason
 * blended the same way and rounded by largest remainder to add up to the score.
 * After them come the signals the stack or the model would weigh that are unknown
 * for this parcel, with no points.
 */
export function explainScore(input: ScoringInput, stack: StackScore, model: ModelScore | null): ParcelScore {
  // Plain arrays rather than maps and spreads: this runs for every parcel of a rescoring.
  const keys = stack.contributions.map((c) => c.key);
  const stackPoints = stack.contributions.map((c) => c.points);
  const modelPoints = keys.map(() => 0);
  for (const c of model?.contributions ?? []) {
    const at = keys.indexOf(c.key);
    if (at >= 0) modelPoints[at] = c.points;
    else {
      keys.push(c.key);
      stackPoints.push(0);
      modelPoints.push(c.points);
    }
  }
  const score = model ? Math.round(MODEL_SHARE * model.score + (1 - MODEL_SHARE) * stack.score) : stack.score;
  const points = model
    ? roundToTotal(
        keys.map((_, i) => MODEL_SHARE * modelPoints[i]! + (1 - MODEL_SHARE) * stackPoints[i]!),
        score,
      )
    : stackPoints;
  const weight = (i: number) => Math.abs(stackPoints[i]!) + Math.abs(modelPoints[i]!);
  const order = keys.map((_, i) => i).sort((a, b) => Math.abs(points[b]!) - Math.abs(points[a]!) || weight(b) - weight(a));
  const reason = (key: string, p: number, s: number, m: number): Reason =>
    model
      ? { key, label: reasonLabel(key, input), points: p, stack: s, model: m }
      : { key, label: reasonLabel(key, input), points: p, stack: s };
  const reasons = order.slice(0, TOP_REASONS).map((i) => reason(keys[i]!, points[i]!, stackPoints[i]!, modelPoints[i]!));
  if (order.length > TOP_REASONS) {
    let p = 0;
    let st = 0;
    let m = 0;
    for (const i of order.slice(TOP_REASONS)) {
      p += points[i]!;
      st += stackPoints[i]!;
      m += modelPoints[i]!;
    }
    reasons.push(reason('other', p, st, m));
  }
  for (const key of model ? [...stack.unknown, ...model.unknown] : stack.unknown) {
    if (keys.includes(key) || reasons.some((r) => r.key === key)) continue;
    reasons.push({ key, label: unknownLabel(key), points: 0, stack: 0, ...(model ? { model: 0 } : {}), unknown: true });
  }
  return { parcelId: input.parcelId, score, stackScore: stack.score, modelScore: model ? model.score : null, reasons };
}

/**
 * Scores a chunk of parcels in memory. With a model, one walk of the trees per
 * parcel gives both its probability and the reasons (the path contributions add
 * up to the margin), so a separate batch prediction would only repeat the work.
 */
export function scoreParcels(
  inputs: readonly ScoringInput[],
  weights: Weights,
  model: ScoringModel | null,
  scratch?: Float64Array,
): ParcelScore[] {
  if (!model) return inputs.map((input) => explainScore(input, stackScore(input, weights), null));
  const width = model.readers.length;
  const matrix = featureMatrix(inputs, model.readers, scratch);
  return inputs.map((input, i) =>
    explainScore(input, stackScore(input, weights), modelContributions(model.gbt, matrix.subarray(i * width, (i + 1) * width))),
  );
}
