import { otherDistressTags, taxDelinquentState, vacantState, type ScoringInput } from './scoring-input.js';

/**
 * What the learned model sees of a parcel, by name (a model stores the names it
 * was trained on, so a later change of this list leaves older models working).
 * Unknown values are NaN: the trees learn where missing values go.
 */
const EXTRACTORS: Record<string, (input: ScoringInput) => number> = {
  absentee: (input) => flag(input.absentee),
  outOfState: (input) => flag(input.outOfState),
  yearsOwned: (input) => value(input.yearsOwned),
  equityPercent: (input) => value(input.equityPercent),
  freeAndClear: (input) => flag(input.freeAndClear),
  // A list's tag or the signal says yes; only the signal says no: not being on a tax-delinquent list is a gap, not a fact.
  taxDelinquent: (input) => flag(taxDelinquentState(input)),
  vacant: (input) => flag(vacantState(input)),
  // Only lists tell these, and the lists a parcel is on are known.
  probate: (input) => (input.distressTags.includes('probate') ? 1 : 0),
  preForeclosure: (input) => (input.distressTags.includes('pre_foreclosure') ? 1 : 0),
  codeViolation: (input) => (input.distressTags.includes('code_violation') ? 1 : 0),
  otherDistress: (input) => otherDistressTags(input).length,
  entityOwned: (input) => flag(input.entityOwned),
  trustOrEstate: (input) => flag(input.trustOrEstate),
  ownerParcelCount: (input) => value(input.ownerParcelCount),
  distressListCount: (input) => value(input.distressListCount),
  yearBuilt: (input) => value(input.yearBuilt),
  livingSqft: (input) => value(input.livingSqft),
  marketValue: (input) => value(input.marketValue),
  stackCount: (input) => input.stackCount,
};

function flag(holds: boolean | null): number {
  return holds === null ? Number.NaN : holds ? 1 : 0;
}

function value(number: number | null): number {
  return number === null ? Number.NaN : number;
}

/** The features new models are trained on. */
export const MODEL_FEATURES: readonly string[] = Object.freeze(Object.keys(EXTRACTORS));

/** Features shown under the key of the stack signal about the same fact, so the two parts of a reason meet. */
const REASON_KEYS: Record<string, string> = { ownerParcelCount: 'portfolioOwner', distressListCount: 'distressLists' };
export const reasonKeyOf = (feature: string) => REASON_KEYS[feature] ?? feature;

export type FeatureReader = (input: ScoringInput) => number;

/** One reader per feature, in the model's order; a feature this code no longer knows reads as missing. */
export function featureReaders(features: readonly string[]): FeatureReader[] {
  return features.map((name) => EXTRACTORS[name] ?? (() => Number.NaN));
}

/** Writes the parcels' features row-major into one array, the layout batch prediction takes. */
export function featureMatrix(inputs: readonly ScoringInput[], readers: readonly FeatureReader[], out?: Float64Array): Float64Array {
  const width = readers.length;
  const matrix = out && out.length >= inputs.length * width ? out : new Float64Array(inputs.length * width);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    for (let f = 0; f < width; f++) matrix[i * width + f] = readers[f]!(input);
  }
  return matrix;
}
