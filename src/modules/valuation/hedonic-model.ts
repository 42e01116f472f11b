import { contributions, predictMany, trainGbt, type GbtModel, type GbtParams } from '../../platform/ml/gradient-boosting.js';

/** A sold (or to-be-valued) home as the valuation models see it; absent facts are undefined. */
export interface HomeFacts {
  sqft: number;
  lat?: number;
  lon?: number;
  zip?: string;
  beds?: number;
  baths?: number;
  yearBuilt?: number;
  lotSqft?: number;
  /** Further features by name: numbers, or text read as categories (condition, grade, neighborhood…). */
  extra?: Record<string, number | string>;
}

export interface Sale extends HomeFacts {
  id: string;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  price: number;
}

/**
 * The learned hedonic model: gradient-boosted trees on log(price per square foot)
 * from the home's facts and location. Time is left out on purpose: trees cannot
 * extrapolate a date, so the market's level is applied afterwards by MarketIndex.
 * Categories and ZIP codes become numbers by target encoding: the smoothed mean
 * log price per sq ft of the training sales in each category.
 */
export interface HedonicModel {
  gbt: GbtModel;
  numeric: string[];
  categorical: string[];
  /** Per categorical feature: category → encoded value; unseen categories get the overall mean. */
  encodings: Record<string, Record<string, number>>;
  overallMean: number;
}

const CORE = ['sqft', 'lat', 'lon', 'rot_ne', 'rot_nw', 'beds', 'baths', 'year_built', 'lot_sqft'] as const;

export const HEDONIC_PARAMS: GbtParams = {
  objective: 'regression',
  trees: 800,
  learningRate: 0.05,
  maxDepth: 8,
  minLeafSamples: 5,
  subsample: 0.8,
  featureFraction: 0.5,
  l2: 1,
  seed: 1,
};

/** Categories seen fewer times than this lean on the overall mean (additive smoothing). */
const ENCODING_PRIOR = 20;

export const logPricePerSqft = (sale: Pick<Sale, 'price' | 'sqft'>) => Math.log(sale.price / sale.sqft);

const num = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? Number.NaN : value);

/** Which extra features are numeric (every present value is a number) and which are categories. */
function featureKinds(sales: HomeFacts[]): { numeric: string[]; categorical: string[] } {
  const kinds = new Map<string, 'numeric' | 'categorical'>();
  for (const sale of sales) {
    for (const [name, value] of Object.entries(sale.extra ?? {})) {
      if (value === '') continue;
      if (typeof value === 'string') kinds.set(name, 'categorical');
      else if (!kinds.has(name)) kinds.set(name, 'numeric');
    }
  }
  const numeric = [...kinds]
    .filter(([, kind]) => kind === 'numeric')
    .map(([name]) => name)
    .sort();
  const categorical = [
    'zip',
    ...[...kinds]
      .filter(([, kind]) => kind === 'categorical')
      .map(([name]) => name)
      .sort(),
  ];
  return { numeric, categorical };
}

function categoryOf(home: HomeFacts, feature: string): string | undefined {
  const value = feature === 'zip' ? home.zip : home.extra?.[feature];
  return value === undefined || value === '' ? undefined : String(value);
}

export function featureNames(model: Pick<HedonicModel, 'numeric' | 'categorical'>): string[] {
  return [...CORE, ...model.numeric, ...model.categorical];
}

/** One row of model inputs; NaN where the home lacks the fact. */
export function featureRow(model: Pick<HedonicModel, 'numeric' | 'categorical' | 'encodings'>, home: HomeFacts): number[] {
  const lat = num(home.lat);
  const lon = num(home.lon);
  const row = [
    Math.log(home.sqft),
    lat,
    lon,
    // Rotated coordinates let axis-aligned splits follow diagonal neighborhood edges.
    lat + lon,
    lat - lon,
    num(home.beds),
    num(home.baths),
    num(home.yearBuilt),
    home.lotSqft !== undefined && home.lotSqft > 0 ? Math.log(home.lotSqft) : Number.NaN,
  ];
  for (const feature of model.numeric) {
    const value = home.extra?.[feature];
    row.push(typeof value === 'number' ? value : Number.NaN);
  }
  for (const feature of model.categorical) {
    const category = categoryOf(home, feature);
    row.push(category === undefined ? Number.NaN : (model.encodings[feature]?.[category] ?? Number.NaN));
  }
  return row;
}

/** Trains on sales; several seeds are averaged (bagging), which steadies the trees. */
export function trainHedonicModel(sales: Sale[], options: { seeds?: number; params?: Partial<GbtParams> } = {}): HedonicModel[] {
  // The valuation asks for 30 sales; its cross-fitting folds learn from about four fifths of them.
  if (sales.length < 10) throw new Error('at least 10 sales are needed to learn a valuation model');
  const { numeric, categorical } = featureKinds(sales);
  const targets = sales.map(logPricePerSqft);
  const overallMean = targets.reduce((a, b) => a + b, 0) / targets.length;
  const encodings: Record<string, Record<string, number>> = {};
  for (const feature of categorical) {
    const sums = new Map<string, { sum: number; count: number }>();
    sales.forEach((sale, i) => {
      const category = categoryOf(sale, feature);
      if (category === undefined) return;
      const entry = sums.get(category) ?? { sum: 0, count: 0 };
      entry.sum += targets[i]!;
      entry.count++;
      sums.set(category, entry);
    });
    encodings[feature] = Object.fromEntries(
      [...sums].map(([category, { sum, count }]) => [category, (sum + ENCODING_PRIOR * overallMean) / (count + ENCODING_PRIOR)]),
    );
  }
  const shape = { numeric, categorical, encodings, overallMean };
  const rows = sales.map((sale) => featureRow(shape, sale));
  const names = featureNames(shape);
  return Array.from({ length: options.seeds ?? 1 }, (_, seed) => ({
    ...shape,
    gbt: trainGbt(rows, targets, names, { ...HEDONIC_PARAMS, ...options.params, seed: seed + 1 }),
  }));
}

/** Log price per sq ft of each home, averaged over the bagged models. */
export function predictLogPricePerSqft(models: HedonicModel[], homes: HomeFacts[]): Float64Array {
  const first = models[0]!;
  const width = featureNames(first).length;
  const rows = new Float64Array(homes.length * width);
  homes.forEach((home, i) => rows.set(featureRow(first, home), i * width));
  const out = new Float64Array(homes.length);
  for (const model of models) {
    const predicted = predictMany(model.gbt, rows, width);
    for (let i = 0; i < out.length; i++) out[i]! += predicted[i]! / models.length;
  }
  return out;
}

/** Per-feature contributions to a home's log price per sq ft, averaged over the bagged models. */
export function explainLogPricePerSqft(models: HedonicModel[], home: HomeFacts): { bias: number; byFeature: Record<string, number> } {
  const names = featureNames(models[0]!);
  const row = featureRow(models[0]!, home);
  let bias = 0;
  const byFeature: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  for (const model of models) {
    const explained = contributions(model.gbt, row);
    bias += explained.bias / models.length;
    explained.values.forEach((value, f) => (byFeature[names[f]!]! += value / models.length));
  }
  return { bias, byFeature };
}
