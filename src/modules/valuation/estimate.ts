import { findComps, DEFAULT_COMPS, type CompCandidate, type CompsOptions } from './comps.js';
import {
  logPricePerSqft,
  predictLogPricePerSqft,
  trainHedonicModel,
  type HedonicModel,
  type HomeFacts,
  type Sale,
} from './hedonic-model.js';
import { MarketIndex, median } from './market-index.js';
import { mulberry32 } from '../../platform/random/mulberry32.js';

/**
 * Share of the blended value that comes from the comps; the rest from the hedonic
 * model. Small on purpose: on the King County backtest every larger share made the
 * value worse (the model already knows the neighbourhood from the coordinates), so
 * the comps mostly show their evidence and widen the range when they disagree.
 */
export const COMPS_WEIGHT = 0.1;

/** A fitted valuation: the bagged hedonic models, how wrong they were on held-out sales, and the sales they know. */
export interface Valuer {
  models: HedonicModel[];
  /** Median absolute log error of the model on sales it did not learn from. */
  heldOutError: number;
  /** Each training sale's prediction by a model that did not learn from it, by `saleKey`. */
  outOfFold: Map<string, number>;
  /** Sales usable as comps and for the market index… */
  sales: Sale[];
  /** …and the model's log price per sq ft for each, which the comps are adjusted by. */
  modelBySale: Map<Sale, number>;
  index: MarketIndex;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
  grade: 'A' | 'B' | 'C' | 'D';
  hedonicValue: number;
  compsValue: number | null;
  /** Log change the market index applies to the model's value. */
  marketLevel: number;
  comps: (CompCandidate & { adjustedPrice: number })[];
}

/** A home may sell twice: a sale is its home's id and its date. */
export const saleKey = (sale: Pick<Sale, 'id' | 'date'>) => `${sale.id}@${sale.date}`;

/** Training sales this many times further off the model than the median sale are left out as likely non-market sales or typos. */
const OUTLIER_FACTOR = 4;
const FOLDS = 5;

/**
 * Learns a valuer from sales. Each sale is first predicted by a quick model that
 * did not see it (5-fold cross-fitting): those out-of-fold predictions measure the
 * model's error honestly, expose sales far off every comparable home (family
 * transfers, typos such as a 33-bedroom house), which are left out, and serve the
 * comps and the market index, which in-sample predictions would flatten. The
 * hedonic model is then fitted on the remaining sales, bagged over `seeds`.
 */
export interface ValuerOptions {
  seeds?: number;
  /** Trees of the final model (default: HEDONIC_PARAMS); fewer train and load faster. */
  trees?: number;
  learningRate?: number;
}

export function trainValuer(sales: Sale[], options: ValuerOptions = {}): Valuer {
  const random = mulberry32(17);
  const fold = sales.map(() => Math.floor(random() * FOLDS));
  const outOfFold = new Float64Array(sales.length);
  for (let k = 0; k < FOLDS; k++) {
    const learn = sales.filter((_, i) => fold[i] !== k);
    const held = sales.filter((_, i) => fold[i] === k);
    if (held.length === 0) continue;
    const [quick] = trainHedonicModel(learn, { params: { trees: 400, learningRate: 0.1 } });
    const predicted = predictLogPricePerSqft([quick!], held);
    let j = 0;
    sales.forEach((_, i) => {
      if (fold[i] === k) outOfFold[i] = predicted[j++]!;
    });
  }
  const misses = sales.map((sale, i) => Math.abs(logPricePerSqft(sale) - outOfFold[i]!));
  const typicalMiss = median(misses);
  const market = sales.filter((_, i) => misses[i]! <= OUTLIER_FACTOR * typicalMiss);
  const params = {
    ...(options.trees ? { trees: options.trees } : {}),
    ...(options.learningRate ? { learningRate: options.learningRate } : {}),
  };
  const models = trainHedonicModel(market, { seeds: options.seeds ?? 3, params });
  return withKnownSales(
    { models, heldOutError: typicalMiss, outOfFold: new Map(sales.map((sale, i) => [saleKey(sale), outOfFold[i]!])) },
    sales,
  );
}

/**
 * The same models with another set of known sales (comps and market index), e.g.
 * sales closed since training. Sales the model learnt from keep their out-of-fold prediction.
 */
export function withKnownSales(valuer: Pick<Valuer, 'models' | 'heldOutError' | 'outOfFold'>, sales: Sale[]): Valuer {
  const predicted = predictLogPricePerSqft(valuer.models, sales);
  // The index reads how far sales landed from a model that did not learn from them: in-sample residuals would flatten it.
  const index = new MarketIndex(
    sales.map((sale, i) => ({ date: sale.date, residual: logPricePerSqft(sale) - (valuer.outOfFold.get(saleKey(sale)) ?? predicted[i]!) })),
  );
  return { ...valuer, sales, modelBySale: new Map(sales.map((sale, i) => [sale, predicted[i]!])), index };
}

/**
 * Values a home on `date` from what the valuer knows before that day: the model's
 * price per sq ft at today's market level, blended with the comps, each comp's price
 * adjusted by the model for its differences and by the index for the months since it sold.
 */
export function estimateValue(valuer: Valuer, subject: HomeFacts, date: string, options: CompsOptions = DEFAULT_COMPS): Estimate {
  const [modelLog] = predictLogPricePerSqft(valuer.models, [subject]);
  const level = valuer.index.levelBefore(date);
  const hedonicLog = modelLog! + level;
  const comps = findComps(subject, date, valuer.sales, options).map((comp) => {
    // The comp's price per sq ft, moved by the model from its home to the subject and by the index from its sale day to `date`.
    const adjustedLog =
      logPricePerSqft(comp.sale) + (modelLog! - valuer.modelBySale.get(comp.sale)!) + (level - valuer.index.levelBefore(comp.sale.date));
    return { ...comp, adjustedLog, adjustedPrice: Math.exp(adjustedLog) * subject.sqft };
  });
  const compsLog = comps.length > 0 ? comps.reduce((sum, c) => sum + c.weight * c.adjustedLog, 0) : null;
  const blendedLog = compsLog === null ? hedonicLog : (1 - COMPS_WEIGHT) * hedonicLog + COMPS_WEIGHT * compsLog;

  // The range: the model's held-out error, widened when the comps disagree with each other.
  const spread = compsLog === null ? 0 : Math.sqrt(comps.reduce((sum, c) => sum + c.weight * (c.adjustedLog - compsLog) ** 2, 0));
  const halfWidth = Math.max(valuer.heldOutError, spread) * (comps.length >= 3 ? 1 : 1.5);
  const grade = halfWidth <= 0.08 ? 'A' : halfWidth <= 0.12 ? 'B' : halfWidth <= 0.2 ? 'C' : 'D';
  const value = Math.exp(blendedLog) * subject.sqft;
  return {
    value,
    low: value * Math.exp(-halfWidth),
    high: value * Math.exp(halfWidth),
    grade,
    hedonicValue: Math.exp(hedonicLog) * subject.sqft,
    compsValue: compsLog === null ? null : Math.exp(compsLog) * subject.sqft,
    marketLevel: level,
    comps: comps.map(({ adjustedLog: _, ...comp }) => comp),
  };
}
