import { AppError } from '../../platform/http/errors.js';

/** Points for a graded value in [min, max): min inclusive, max exclusive; either may be open. */
export interface Band {
  min?: number;
  max?: number;
  points: number;
}

/** Points each signal adds to the stack score. docs/scoring.md gives the reason for every default. */
export interface Weights {
  absentee: number;
  outOfState: number;
  taxDelinquent: number;
  preForeclosure: number;
  probate: number;
  vacant: number;
  codeViolation: number;
  otherDistress: number;
  trustOrEstate: number;
  freeAndClear: number;
  entityOwned: number;
  /** By how many parcels the owner holds. */
  portfolioOwner: Band[];
  yearsOwned: Band[];
  equityPercent: Band[];
  /** By how many distress lists the parcel is on. */
  distressLists: Band[];
}

export type WeightOverrides = Partial<Weights>;
/** The weights of signals that are either present or not. */
export type FlagWeight = { [K in keyof Weights]: Weights[K] extends number ? K : never }[keyof Weights];

const BAND_WEIGHTS = ['portfolioOwner', 'yearsOwned', 'equityPercent', 'distressLists'] as const;

export const DEFAULT_WEIGHTS: Readonly<Weights> = Object.freeze({
  absentee: 12,
  outOfState: 6,
  taxDelinquent: 15,
  preForeclosure: 18,
  probate: 16,
  vacant: 12,
  codeViolation: 8,
  otherDistress: 6,
  trustOrEstate: 6,
  freeAndClear: 6,
  entityOwned: -4,
  portfolioOwner: [{ min: 3, points: 4 }],
  yearsOwned: [
    { max: 2, points: -8 },
    { min: 10, max: 20, points: 5 },
    { min: 20, points: 9 },
  ],
  equityPercent: [
    { max: 0, points: -6 },
    { min: 30, max: 50, points: 4 },
    { min: 50, points: 10 },
  ],
  distressLists: [
    { min: 2, max: 3, points: 5 },
    { min: 3, points: 10 },
  ],
});

/** The tenant's weights: its overrides over the defaults, so later changes of a default reach tenants that kept it. */
export function effectiveWeights(overrides: WeightOverrides | null | undefined): Weights {
  return { ...DEFAULT_WEIGHTS, ...(overrides ?? {}) };
}

/** The points of the band `value` falls in; 0 when none or the value is unknown. */
export function bandPoints(bands: readonly Band[], value: number | null): number {
  if (value === null) return 0;
  for (const band of bands)
    if ((band.min === undefined || value >= band.min) && (band.max === undefined || value < band.max)) return band.points;
  return 0;
}

/**
 * Checks what the request schema cannot: every band is bounded on at least one side,
 * its min is below its max, and the bands of a signal are in order without overlap.
 */
export function validateOverrides(overrides: WeightOverrides): void {
  const problems: string[] = [];
  for (const name of BAND_WEIGHTS) {
    const bands = overrides[name];
    if (!bands) continue;
    bands.forEach((band, i) => {
      if (band.min === undefined && band.max === undefined) problems.push(`${name}[${i}] needs a min or a max`);
      if (band.min !== undefined && band.max !== undefined && band.min >= band.max) problems.push(`${name}[${i}]: min must be below max`);
      const previous = bands[i - 1];
      if (previous && (previous.max === undefined || band.min === undefined || band.min < previous.max)) {
        problems.push(`${name}[${i}] overlaps ${name}[${i - 1}]: list bands in order, each starting at or above the previous max`);
      }
    });
  }
  if (problems.length > 0) throw new AppError('validation', `The weights are not usable: ${problems.join('; ')}`, problems);
}
