/**
 * What came of the demo team working Ashford County: which parcels it reached
 * and how far each got. Like real investors it works its distress lists first
 * and absentee owners next; whether a conversation turns into an appointment or
 * a deal follows the owner's real situation (absentee, behind on taxes, facing
 * foreclosure or probate, empty house, high equity, owned for decades, a hardship
 * no list shows) and a good deal of chance, so a model can learn it, but not perfectly.
 */
import type { Outcome } from '../scoring/outcomes.js';
import type { DemoOwner, DemoParcel, DistressKey } from './county-model.js';
import type { Random } from './seeded-random.js';

export interface DemoOutcome {
  parcelIndex: number;
  outcome: Outcome;
}

const DAY = 86_400_000;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function assignOutcomes(
  rnd: Random,
  parcels: DemoParcel[],
  owners: DemoOwner[],
  distress: Record<DistressKey, number[]>,
  asOf: string,
): DemoOutcome[] {
  const on = Object.fromEntries(Object.entries(distress).map(([key, indexes]) => [key, new Set(indexes)])) as Record<
    DistressKey,
    Set<number>
  >;
  const today = Date.parse(`${asOf}T00:00:00Z`);
  const outcomes: DemoOutcome[] = [];
  for (const parcel of parcels) {
    const owner = owners[parcel.ownerId]!;
    if (owner.kind === 'government' || owner.kind === 'church') continue;
    const listed = (Object.keys(on) as DistressKey[]).filter((key) => on[key].has(parcel.index));
    const absentee = owner.mailing !== parcel.address;
    if (!rnd.chance(Math.min(0.6, 0.08 + 0.2 * Math.min(listed.length, 2) + (absentee ? 0.06 : 0)))) continue;
    if (owner.kind === 'bank') {
      outcomes.push({ parcelIndex: parcel.index, outcome: 'dead' });
      continue;
    }
    // Owners with no recorded sale have held the parcel longest.
    const yearsOwned = parcel.lastSaleDate ? (today - Date.parse(`${parcel.lastSaleDate}T00:00:00Z`)) / DAY / 365 : 30;
    const equity = parcel.marketValue > 0 ? 1 - parcel.mortgageBalance / parcel.marketValue : 0;
    const motivation =
      -2.9 +
      (absentee ? 0.8 : 0) +
      (on.taxDelinquent.has(parcel.index) ? 1 : 0) +
      (on.preForeclosure.has(parcel.index) ? 1.2 : 0) +
      (on.probate.has(parcel.index) || owner.kind === 'estate' ? 1.1 : 0) +
      (on.vacant.has(parcel.index) ? 0.7 : 0) +
      (on.codeViolations.has(parcel.index) ? 0.3 : 0) +
      (equity >= 0.5 ? 0.8 : equity < 0.1 ? -0.7 : 0) +
      (yearsOwned >= 15 ? 0.5 : yearsOwned < 2 ? -0.9 : 0) +
      (parcel.troubled ? 0.8 : 0) -
      (owner.kind === 'llc' || owner.kind === 'corporation' ? 0.6 : 0) +
      0.9 * rnd.normal();
    const outcome: Outcome = rnd.chance(sigmoid(motivation))
      ? rnd.weighted([
          ['appointment', 55],
          ['under_contract', 20],
          ['won', 25],
        ] as const)
      : rnd.weighted([
          ['contacted', 60],
          ['dead', 40],
        ] as const);
    outcomes.push({ parcelIndex: parcel.index, outcome });
  }
  return outcomes;
}
