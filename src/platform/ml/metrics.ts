import { mulberry32 } from '../random/mulberry32.js';

/** Metrics of a binary classifier's scores (higher = more likely positive) against 0/1 labels. */

/** Area under the ROC curve: the chance a random positive outranks a random negative (ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Share of positives among the highest-scored `fraction` of rows (at least one row). */
export function precisionAtFraction(scores: ArrayLike<number>, labels: ArrayLike<number>, fraction: number): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const top = Math.max(1, Math.round(order.length * fraction));
  let hits = 0;
  for (let k = 0; k < top && k < order.length; k++) if (labels[order[k]!] === 1) hits++;
  return hits / Math.min(top, Math.max(1, order.length));
}

export interface CalibrationBin {
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Observed share of positives in the bin. */
  observed: number;
  count: number;
}

/** Predicted against observed rates in `bins` equal-width probability bins; empty bins are left out. */
export function calibration(probabilities: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const sums = Array.from({ length: bins }, () => ({ predicted: 0, observed: 0, count: 0 }));
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const bin = sums[Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))]!;
    bin.predicted += p;
    bin.observed += labels[i]!;
    bin.count++;
  }
  return sums.filter((b) => b.count > 0).map((b) => ({ predicted: b.predicted / b.count, observed: b.observed / b.count, count: b.count }));
}

/** Mean squared difference between predicted probabilities and outcomes. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) total += (probabilities[i]! - labels[i]!) ** 2;
  return total / Math.max(1, probabilities.length);
}

/**
 * A percentile bootstrap interval of a metric: the rows are resampled with
 * replacement (seeded) and the metric recomputed each time; resamples where it is
 * undefined (a single class) are skipped. `level` 0.9 gives the 5th to 95th percentile.
 */
export function bootstrapInterval(
  rows: number,
  metric: (sample: Int32Array) => number,
  options: { resamples?: number; level?: number; seed?: number } = {},
): [number, number] {
  const { resamples = 200, level = 0.9, seed = 1 } = options;
  const random = mulberry32(seed);
  const values: number[] = [];
  const sample = new Int32Array(rows);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < rows; i++) sample[i] = Math.floor(random() * rows);
    const value = metric(sample);
    if (Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return [Number.NaN, Number.NaN];
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))]!;
  return [at((1 - level) / 2), at((1 + level) / 2)];
}
