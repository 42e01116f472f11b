import { roundToTotal } from './round-to-total.js';
import { otherDistressTags, taxDelinquentState, vacantState, type ScoringInput } from './scoring-input.js';
import { bandPoints, type Band, type FlagWeight, type Weights } from './weights.js';

/** Signed points one reason adds to a score. */
export interface Contribution {
  key: string;
  points: number;
}

/**
 * Weighs what the stack knows of a parcel in one pass: the points of each signal it
 * shows, and the signals the weights give points to that the data does not tell
 * (null), which add nothing and are shown as unknown, never read as absent or 0.
 */
function weigh(input: ScoringInput, weights: Weights): { contributions: Contribution[]; unknown: string[] } {
  const flags: [FlagWeight, boolean | null][] = [
    ['absentee', input.absentee],
    ['outOfState', input.outOfState],
    ['taxDelinquent', taxDelinquentState(input)],
    // Only lists tell these, and the lists a parcel is on are known.
    ['preForeclosure', input.distressTags.includes('pre_foreclosure')],
    ['probate', input.distressTags.includes('probate')],
    ['vacant', vacantState(input)],
    ['codeViolation', input.distressTags.includes('code_violation')],
    ['otherDistress', otherDistressTags(input).length > 0],
    ['trustOrEstate', input.trustOrEstate],
    ['freeAndClear', input.freeAndClear],
    ['entityOwned', input.entityOwned],
  ];
  const graded: [string, readonly Band[], number | null][] = [
    ['portfolioOwner', weights.portfolioOwner, input.ownerParcelCount],
    ['yearsOwned', weights.yearsOwned, input.yearsOwned],
    ['equityPercent', weights.equityPercent, input.equityPercent],
    ['distressLists', weights.distressLists, input.distressListCount],
  ];
  const contributions: Contribution[] = [];
  const unknown: string[] = [];
  for (const [key, present] of flags) {
    if (weights[key] === 0) continue;
    if (present === true) contributions.push({ key, points: weights[key] });
    else if (present === null) unknown.push(key);
  }
  for (const [key, bands, value] of graded) {
    if (value === null) {
      if (bands.some((band) => band.points !== 0)) unknown.push(key);
      continue;
    }
    const points = bandPoints(bands, value);
    if (points !== 0) contributions.push({ key, points });
  }
  return { contributions, unknown };
}

/** The weight of every signal the parcel shows, before clamping; signals it lacks, or that are unknown, add nothing. */
export function stackContributions(input: ScoringInput, weights: Weights): Contribution[] {
  return weigh(input, weights).contributions;
}

/**
 * The stack score: the sum of the weights of the signals present, clamped to
 * 0–100. When it is clamped, the side that overflows (the positive points above
 * 100, or the negative points below 0) is scaled down and rounded by largest
 * remainder, so the reasons still add up to the score exactly.
 */
export function stackScore(input: ScoringInput, weights: Weights): StackScore {
  const { contributions, unknown } = weigh(input, weights);
  return { ...clampContributions(contributions), unknown };
}

export interface StackScore {
  score: number;
  contributions: Contribution[];
  /** Keys of the weighed signals the data does not tell: no points, shown as unknown. */
  unknown: string[];
}

function clampContributions(raw: Contribution[]): { score: number; contributions: Contribution[] } {
  let positive = 0;
  let negative = 0;
  for (const { points } of raw) {
    if (points > 0) positive += points;
    else negative += points;
  }
  const total = positive + negative;
  if (total >= 0 && total <= 100) return { score: total, contributions: raw };
  // Scale the overflowing side so it meets the other side at the bound.
  const overflowing = total > 100 ? (c: Contribution) => c.points > 0 : (c: Contribution) => c.points < 0;
  const target = total > 100 ? 100 - negative : -positive;
  const scale = target / (total > 100 ? positive : negative);
  const side = raw.filter(overflowing);
  const scaled = roundToTotal(
    side.map((c) => c.points * scale),
    target,
  );
  const scaledOf = new Map(side.map((c, i) => [c, scaled[i]!]));
  const contributions = raw.map((c) => ({ key: c.key, points: scaledOf.get(c) ?? c.points })).filter((c) => c.points !== 0);
  return { score: total > 100 ? 100 : 0, contributions };
}
