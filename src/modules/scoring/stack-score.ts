import { roundToTotal } from './round-to-total.js';
import { isTaxDelinquent, isVacant, otherDistressTags, type ScoringInput } from './scoring-input.js';
import { bandPoints, type FlagWeight, type Weights } from './weights.js';

/** Signed points one reason adds to a score. */
export interface Contribution {
  key: string;
  points: number;
}

/** The weight of every signal the parcel shows, before clamping; signals it lacks add nothing. */
export function stackContributions(input: ScoringInput, weights: Weights): Contribution[] {
  const flags: [FlagWeight, boolean][] = [
    ['absentee', input.absentee === true],
    ['outOfState', input.outOfState === true],
    ['taxDelinquent', isTaxDelinquent(input)],
    ['preForeclosure', input.distressTags.includes('pre_foreclosure')],
    ['probate', input.distressTags.includes('probate')],
    ['vacant', isVacant(input)],
    ['codeViolation', input.distressTags.includes('code_violation')],
    ['otherDistress', otherDistressTags(input).length > 0],
    ['trustOrEstate', input.trustOrEstate === true],
    ['freeAndClear', input.freeAndClear === true],
    ['entityOwned', input.entityOwned === true],
  ];
  const contributions: Contribution[] = [];
  for (const [key, present] of flags) {
    if (present && weights[key] !== 0) contributions.push({ key, points: weights[key] });
  }
  const graded: [string, number][] = [
    ['portfolioOwner', bandPoints(weights.portfolioOwner, input.ownerParcelCount)],
    ['yearsOwned', bandPoints(weights.yearsOwned, input.yearsOwned)],
    ['equityPercent', bandPoints(weights.equityPercent, input.equityPercent)],
    ['distressLists', bandPoints(weights.distressLists, input.distressListCount)],
  ];
  for (const [key, points] of graded) if (points !== 0) contributions.push({ key, points });
  return contributions;
}

/**
 * The stack score: the sum of the weights of the signals present, clamped to
 * 0–100. When it is clamped, the side that overflows (the positive points above
 * 100, or the negative points below 0) is scaled down and rounded by largest
 * remainder, so the reasons still add up to the score exactly.
 */
export function stackScore(input: ScoringInput, weights: Weights): { score: number; contributions: Contribution[] } {
  return clampContributions(stackContributions(input, weights));
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
