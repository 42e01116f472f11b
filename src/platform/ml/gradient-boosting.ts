import { mulberry32 } from '../random/mulberry32.js';

/**
 * Gradient-boosted decision trees, histogram-based (the LightGBM/XGBoost "hist"
 * method): each feature is cut into at most `bins` quantile bins once, and every
 * split search scans bin histograms of gradients instead of sorted values.
 *
 * Written here rather than taken from npm because no maintained JavaScript library
 * trains boosted trees with missing-value handling, early stopping and per-feature
 * contributions at this speed; the npm options are unmaintained or bind native/WASM
 * builds of XGBoost. It is tested against closed-form results in gradient-boosting.test.ts.
 *
 * - Objectives: squared error ('regression') and log loss ('binary', margins are log-odds).
 * - Missing values are NaN. Each split learns which side they go to, as XGBoost does.
 * - `contributions` attributes a prediction to features along its decision path
 *   (Saabas): bias + sum of contributions equals the margin exactly.
 */

export interface GbtParams {
  objective: 'regression' | 'binary';
  trees: number;
  learningRate: number;
  maxDepth: number;
  /** Fewest training rows a leaf may hold. */
  minLeafSamples: number;
  /** Share of rows each tree sees (row subsampling, seeded). */
  subsample?: number;
  /** Share of features each tree may split on (seeded). */
  featureFraction?: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  l2?: number;
  /** Smallest loss reduction a split must bring (XGBoost's gamma). */
  minGain?: number;
  /** Histogram bins per feature, at most 255. */
  bins?: number;
  seed?: number;
}

/** A fitted tree as flat arrays; node 0 is the root, a leaf has left = -1. */
export interface GbtTree {
  feature: number[];
  threshold: number[];
  /** 1 when rows missing the feature go left. */
  missingLeft: number[];
  left: number[];
  right: number[];
  /** Every node's value (already scaled by the learning rate); the leaves' are the tree's output. */
  value: number[];
}

export interface GbtModel {
  objective: 'regression' | 'binary';
  baseScore: number;
  features: string[];
  trees: GbtTree[];
  /** Trees kept after early stopping, and the validation loss they reached (when validated). */
  bestIteration?: number;
  validationLoss?: number;
}

export interface TrainOptions {
  /** Held-out rows to stop on: training stops when their loss has not improved for `earlyStoppingRounds` trees. */
  validation?: { rows: ArrayLike<number>[]; targets: ArrayLike<number> };
  earlyStoppingRounds?: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Bin upper edges per feature from quantiles of its present values. */
function binEdges(column: Float64Array, maxBins: number): Float64Array {
  const present = column.filter((v) => !Number.isNaN(v)).sort();
  if (present.length === 0) return new Float64Array(0);
  const edges: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const value = present[Math.min(present.length - 1, Math.floor((b * present.length) / maxBins))]!;
    if (edges.length === 0 || value > edges[edges.length - 1]!) edges.push(value);
  }
  // Values equal to an edge go to its bin; the last bin takes everything above.
  const distinct = edges.filter((edge) => edge < present[present.length - 1]!);
  return Float64Array.from(distinct);
}

function binOf(edges: Float64Array, value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface SplitCandidate {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

/** Training state shared by the trees of one fit. */
class Booster {
  readonly rowCount: number;
  readonly featureCount: number;
  /** Bin codes, feature-major: codes[f * rowCount + i]; `missingBin` marks NaN. */
  readonly codes: Uint8Array;
  readonly edges: Float64Array[];
  readonly binCount: Int32Array;
  readonly missingBin: number;
  readonly l2: number;
  readonly minGain: number;

  constructor(
    rows: ArrayLike<number>[],
    featureCount: number,
    readonly params: GbtParams,
  ) {
    this.rowCount = rows.length;
    this.featureCount = featureCount;
    const maxBins = Math.min(255, Math.max(2, params.bins ?? 255));
    this.missingBin = maxBins;
    this.codes = new Uint8Array(featureCount * this.rowCount);
    this.edges = [];
    this.binCount = new Int32Array(featureCount);
    this.l2 = params.l2 ?? 1;
    this.minGain = params.minGain ?? 0;
    const column = new Float64Array(this.rowCount);
    for (let f = 0; f < featureCount; f++) {
      for (let i = 0; i < this.rowCount; i++) column[i] = Number(rows[i]![f]);
      const edges = binEdges(column, maxBins);
      this.edges.push(edges);
      this.binCount[f] = edges.length + 1;
      const offset = f * this.rowCount;
      for (let i = 0; i < this.rowCount; i++) {
        const v = column[i]!;
        this.codes[offset + i] = Number.isNaN(v) ? this.missingBin : binOf(edges, v);
      }
    }
  }

  /** Gradient and hessian sums per feature and bin for the given rows: [g, h, count] triples. */
  histogram(indices: Uint32Array, grad: Float64Array, hess: Float64Array, features: Int32Array): Float64Array {
    const stride = (this.missingBin + 1) * 3;
    const histogram = new Float64Array(this.featureCount * stride);
    for (const f of features) {
      const offset = f * this.rowCount;
      const base = f * stride;
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!;
        const slot = base + this.codes[offset + i]! * 3;
        histogram[slot]! += grad[i]!;
        histogram[slot + 1]! += hess[i]!;
        histogram[slot + 2]! += 1;
      }
    }
    return histogram;
  }

  bestSplit(histogram: Float64Array, features: Int32Array, g: number, h: number, n: number): SplitCandidate | null {
    const stride = (this.missingBin + 1) * 3;
    const minLeaf = this.params.minLeafSamples;
    const parentScore = (g * g) / (h + this.l2);
    let best: SplitCandidate | null = null;
    for (const f of features) {
      const base = f * stride;
      const missing = base + this.missingBin * 3;
      const gm = histogram[missing]!;
      const hm = histogram[missing + 1]!;
      const nm = histogram[missing + 2]!;
      let gl = 0;
      let hl = 0;
      let nl = 0;
      const bins = this.binCount[f]!;
      // The last bin is a split candidate only when values are missing: all present values left, missing right.
      const last = nm > 0 ? bins : bins - 1;
      for (let b = 0; b < last; b++) {
        const slot = base + b * 3;
        gl += histogram[slot]!;
        hl += histogram[slot + 1]!;
        nl += histogram[slot + 2]!;
        // Missing values on the right, then (when there are any) on the left.
        const nR = n - nl;
        if (nl >= minLeaf && nR >= minLeaf) {
          const gain = (gl * gl) / (hl + this.l2) + ((g - gl) * (g - gl)) / (h - hl + this.l2) - parentScore;
          if (gain > this.minGain && (!best || gain > best.gain)) best = { gain, feature: f, bin: b, missingLeft: false };
        }
        if (nm > 0 && b < bins - 1 && nl + nm >= minLeaf && n - nl - nm >= minLeaf) {
          const gL = gl + gm;
          const hL = hl + hm;
          const gain = (gL * gL) / (hL + this.l2) + ((g - gL) * (g - gL)) / (h - hL + this.l2) - parentScore;
          if (gain > this.minGain && (!best || gain > best.gain)) best = { gain, feature: f, bin: b, missingLeft: true };
        }
      }
    }
    return best;
  }

  /** Grows one tree depth-first on `indices`; returns it with its output written into `margin`. */
  grow(indices: Uint32Array, grad: Float64Array, hess: Float64Array, features: Int32Array): GbtTree {
    const tree: GbtTree = { feature: [], threshold: [], missingLeft: [], left: [], right: [], value: [] };
    const rate = this.params.learningRate;
    const stride = (this.missingBin + 1) * 3;
    const build = (rows: Uint32Array, histogram: Float64Array, depth: number): number => {
      let g = 0;
      let h = 0;
      for (let k = 0; k < rows.length; k++) {
        g += grad[rows[k]!]!;
        h += hess[rows[k]!]!;
      }
      const node = tree.value.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.missingLeft.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push((-g / (h + this.l2)) * rate);
      if (depth >= this.params.maxDepth || rows.length < 2 * this.params.minLeafSamples) return node;
      const split = this.bestSplit(histogram, features, g, h, rows.length);
      if (!split) return node;

      const offset = split.feature * this.rowCount;
      const leftRows: number[] = [];
      const rightRows: number[] = [];
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        const code = this.codes[offset + i]!;
        const goesLeft = code === this.missingBin ? split.missingLeft : code <= split.bin;
        (goesLeft ? leftRows : rightRows).push(i);
      }
      const left = Uint32Array.from(leftRows);
      const right = Uint32Array.from(rightRows);
      // Build the smaller child's histogram; the larger one is the parent's minus it.
      const smallIsLeft = left.length <= right.length;
      const small = this.histogram(smallIsLeft ? left : right, grad, hess, features);
      const large = new Float64Array(histogram.length);
      for (const f of features) {
        const base = f * stride;
        for (let s = base; s < base + stride; s++) large[s] = histogram[s]! - small[s]!;
      }
      tree.feature[node] = split.feature;
      const edges = this.edges[split.feature]!;
      // Past the last edge: every present value goes left.
      tree.threshold[node] = edges[split.bin] ?? Number.MAX_VALUE;
      tree.missingLeft[node] = split.missingLeft ? 1 : 0;
      tree.left[node] = build(left, smallIsLeft ? small : large, depth + 1);
      tree.right[node] = build(right, smallIsLeft ? large : small, depth + 1);
      return node;
    };
    build(indices, this.histogram(indices, grad, hess, features), 0);
    return tree;
  }
}

function treeOutput(tree: GbtTree, row: ArrayLike<number>): number {
  let node = 0;
  while (tree.left[node]! !== -1) {
    const v = row[tree.feature[node]!]!;
    node =
      v !== v
        ? tree.missingLeft[node]
          ? tree.left[node]!
          : tree.right[node]!
        : v <= tree.threshold[node]!
          ? tree.left[node]!
          : tree.right[node]!;
  }
  return tree.value[node]!;
}

function loss(objective: GbtParams['objective'], margins: Float64Array, targets: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < margins.length; i++) {
    const y = Number(targets[i]);
    if (objective === 'regression') total += (margins[i]! - y) ** 2;
    else {
      const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(margins[i]!)));
      total -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
    }
  }
  return total / Math.max(1, margins.length);
}

/** Fits a model. `rows[i][f]` is feature f of row i (NaN when missing); binary targets are 0 or 1. */
export function trainGbt(
  rows: ArrayLike<number>[],
  targets: ArrayLike<number>,
  features: string[],
  params: GbtParams,
  options: TrainOptions = {},
): GbtModel {
  const n = rows.length;
  if (n === 0) throw new Error('no training rows');
  if (targets.length !== n) throw new Error('one target per row');
  const booster = new Booster(rows, features.length, params);
  const random = mulberry32(params.seed ?? 1);

  let mean = 0;
  for (let i = 0; i < n; i++) mean += Number(targets[i]);
  mean /= n;
  const baseScore = params.objective === 'binary' ? Math.log(Math.max(1e-6, mean) / Math.max(1e-6, 1 - mean)) : mean;
  const model: GbtModel = { objective: params.objective, baseScore, features: [...features], trees: [] };

  const margin = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const validation = options.validation;
  const validationMargin = validation ? new Float64Array(validation.rows.length).fill(baseScore) : null;
  let bestLoss = Infinity;
  let bestIteration = 0;
  const patience = options.earlyStoppingRounds ?? Infinity;

  for (let t = 0; t < params.trees; t++) {
    for (let i = 0; i < n; i++) {
      const y = Number(targets[i]);
      if (params.objective === 'regression') {
        grad[i] = margin[i]! - y;
        hess[i] = 1;
      } else {
        const p = sigmoid(margin[i]!);
        grad[i] = p - y;
        hess[i] = Math.max(p * (1 - p), 1e-16);
      }
    }
    const sampled: number[] = [];
    const share = params.subsample ?? 1;
    for (let i = 0; i < n; i++) if (share >= 1 || random() < share) sampled.push(i);
    const allFeatures = [...features.keys()];
    const fraction = params.featureFraction ?? 1;
    const chosen = fraction >= 1 ? allFeatures : allFeatures.filter(() => random() < fraction);
    const treeFeatures = Int32Array.from(chosen.length > 0 ? chosen : allFeatures);

    const tree = booster.grow(Uint32Array.from(sampled), grad, hess, treeFeatures);
    model.trees.push(tree);
    for (let i = 0; i < n; i++) margin[i]! += treeOutput(tree, rows[i]!);

    if (validation && validationMargin) {
      for (let i = 0; i < validationMargin.length; i++) validationMargin[i]! += treeOutput(tree, validation.rows[i]!);
      const current = loss(params.objective, validationMargin, validation.targets);
      if (current < bestLoss) {
        bestLoss = current;
        bestIteration = t + 1;
      } else if (t + 1 - bestIteration >= patience) {
        break;
      }
    }
  }
  if (validation) {
    model.trees = model.trees.slice(0, bestIteration);
    model.bestIteration = bestIteration;
    model.validationLoss = bestLoss;
  }
  return model;
}

/** The raw model output: the prediction for regression, log-odds for binary. */
export function predictMargin(model: GbtModel, row: ArrayLike<number>): number {
  let sum = model.baseScore;
  for (const tree of model.trees) sum += treeOutput(tree, row);
  return sum;
}

/** The prediction: a value for regression, a probability for binary. */
export function predict(model: GbtModel, row: ArrayLike<number>): number {
  const margin = predictMargin(model, row);
  return model.objective === 'binary' ? sigmoid(margin) : margin;
}

/**
 * Predicts many rows at once from one row-major array (`featureCount` values per
 * row), tree by tree so each tree's arrays stay in cache. Same results as `predict`.
 */
/** A tree's arrays as typed arrays, made once per tree: batch prediction walks these. */
interface CompiledTree {
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}
const compiled = new WeakMap<GbtTree, CompiledTree>();

function compile(tree: GbtTree): CompiledTree {
  let typed = compiled.get(tree);
  if (!typed) {
    typed = {
      feature: Int32Array.from(tree.feature),
      threshold: Float64Array.from(tree.threshold),
      missingLeft: Uint8Array.from(tree.missingLeft),
      left: Int32Array.from(tree.left),
      right: Int32Array.from(tree.right),
      value: Float64Array.from(tree.value),
    };
    compiled.set(tree, typed);
  }
  return typed;
}

/**
 * Predicts many rows at once from one row-major array (`featureCount` values per
 * row), tree by tree so each tree's arrays stay in cache. Same results as `predict`.
 */
export function predictMany(model: GbtModel, rows: Float64Array, featureCount: number, out?: Float64Array): Float64Array {
  const count = Math.floor(rows.length / featureCount);
  const result = out ?? new Float64Array(count);
  result.fill(model.baseScore, 0, count);
  for (const tree of model.trees) {
    const { feature, threshold, missingLeft, left, right, value } = compile(tree);
    for (let r = 0, base = 0; r < count; r++, base += featureCount) {
      let node = 0;
      while (left[node]! !== -1) {
        const v = rows[base + feature[node]!]!;
        node = v !== v ? (missingLeft[node] ? left[node]! : right[node]!) : v <= threshold[node]! ? left[node]! : right[node]!;
      }
      result[r]! += value[node]!;
    }
  }
  if (model.objective === 'binary') for (let r = 0; r < count; r++) result[r] = sigmoid(result[r]!);
  return result;
}

/**
 * How much each feature moved this row's margin: at every split on its path the
 * change from the node's value to the child's goes to the split feature. The bias
 * is the base score plus the roots' values; bias + sum(values) = predictMargin.
 */
export function contributions(model: GbtModel, row: ArrayLike<number>): { bias: number; values: Float64Array } {
  const values = new Float64Array(model.features.length);
  let bias = model.baseScore;
  for (const tree of model.trees) {
    let node = 0;
    bias += tree.value[0]!;
    while (tree.left[node]! !== -1) {
      const v = row[tree.feature[node]!]!;
      const next =
        v !== v
          ? tree.missingLeft[node]
            ? tree.left[node]!
            : tree.right[node]!
          : v <= tree.threshold[node]!
            ? tree.left[node]!
            : tree.right[node]!;
      values[tree.feature[node]!]! += tree.value[next]! - tree.value[node]!;
      node = next;
    }
  }
  return { bias, values };
}
