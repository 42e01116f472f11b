/** Scoring inputs for unit tests and benchmarks: one parcel by hand, or many with a planted signal. */
import { mulberry32 } from '../../src/platform/random/mulberry32.js';
import { featureMatrix, featureReaders, MODEL_FEATURES } from '../../src/modules/scoring/model-features.js';
import type { ScoringInput } from '../../src/modules/scoring/scoring-input.js';
import { stackScore } from '../../src/modules/scoring/stack-score.js';
import type { TrainingSet } from '../../src/modules/scoring/train-model.js';
import { effectiveWeights } from '../../src/modules/scoring/weights.js';

/** A parcel about which nothing is known, but what `overrides` says. */
export function scoringInput(overrides: Partial<ScoringInput> = {}): ScoringInput {
  return {
    parcelId: '00000000-0000-4000-8000-000000000001',
    absentee: null,
    outOfState: null,
    yearsOwned: null,
    equityPercent: null,
    freeAndClear: null,
    taxDelinquent: null,
    vacant: null,
    entityOwned: null,
    trustOrEstate: null,
    ownerParcelCount: null,
    distressListCount: null,
    distressTags: [],
    yearBuilt: null,
    livingSqft: null,
    marketValue: null,
    stackCount: 1,
    ...overrides,
  };
}

/**
 * Parcels with a planted signal: absentee, tax-delinquent owners who have held
 * long, or in probate, are more often positive, plus noise.
 */
export function plantedParcels(count: number, seed: number): { inputs: ScoringInput[]; labels: Uint8Array } {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const inputs: ScoringInput[] = [];
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const absentee = random() < 0.35;
    const taxDelinquent = random() < 0.2;
    const yearsOwned = random() < 0.1 ? null : Math.round(random() * 400) / 10;
    const equityPercent = random() < 0.1 ? null : Math.round(random() * 1200 - 100) / 10;
    const tags = [
      ...(taxDelinquent ? ['tax_delinquent'] : []),
      ...(random() < 0.08 ? ['probate'] : []),
      ...(random() < 0.05 ? ['vacant'] : []),
    ];
    inputs.push({
      parcelId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      absentee,
      outOfState: absentee && random() < 0.3,
      yearsOwned,
      equityPercent,
      freeAndClear: equityPercent === 100 ? true : random() < 0.2,
      taxDelinquent,
      vacant: tags.includes('vacant'),
      entityOwned: random() < 0.1,
      trustOrEstate: random() < 0.05,
      ownerParcelCount: 1 + Math.floor(random() * random() * 8),
      distressListCount: tags.length,
      distressTags: tags,
      yearBuilt: 1900 + Math.floor(random() * 120),
      livingSqft: 700 + Math.floor(random() * 2500),
      marketValue: 60_000 + Math.floor(random() * 400_000),
      stackCount: 1 + tags.length,
    });
    const logit =
      -2.6 +
      2.5 * Number(absentee) +
      2 * Number(taxDelinquent) +
      0.08 * ((yearsOwned ?? 10) - 10) +
      2 * Number(tags.includes('probate')) +
      0.6 * normal();
    labels[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { inputs, labels };
}

export function trainingSetOf(inputs: ScoringInput[], labels: Uint8Array): TrainingSet {
  const weights = effectiveWeights({});
  return {
    matrix: featureMatrix(inputs, featureReaders(MODEL_FEATURES)),
    features: MODEL_FEATURES,
    labels,
    stackScores: Float64Array.from(inputs, (input) => stackScore(input, weights).score),
  };
}
