import { describe, expect, it } from 'vitest';
import { trainingSetOf } from '../../../test/support/scoring-parcels.js';
import { isPositiveOutcome } from '../scoring/outcomes.js';
import type { ScoringInput } from '../scoring/scoring-input.js';
import { trainMotivationModel } from '../scoring/train-model.js';
import { buildCountyFiles } from './county-files.js';
import type { DistressKey } from './county-model.js';
import { generateCounty } from './generate-county.js';

const AS_OF = '2025-06-30';
const county = generateCounty({ parcels: 10_000, asOf: AS_OF });
const positive = county.outcomes.filter((o) => isPositiveOutcome(o.outcome));
const TAGS: Record<DistressKey, string> = {
  taxDelinquent: 'tax_delinquent',
  probate: 'probate',
  preForeclosure: 'pre_foreclosure',
  codeViolations: 'code_violation',
  vacant: 'vacant',
};

/** What the enrichment would derive from the demo's files, straight from the generator's records. */
function inputOf(index: number): ScoringInput {
  const parcel = county.parcels[index]!;
  const owner = county.owners[parcel.ownerId]!;
  const tags = (Object.keys(TAGS) as DistressKey[]).filter((key) => county.distress[key].includes(index)).map((key) => TAGS[key]);
  const equity = parcel.marketValue - parcel.mortgageBalance;
  return {
    parcelId: String(index),
    absentee: owner.mailing !== parcel.address,
    outOfState: owner.mailing.state !== parcel.address.state,
    yearsOwned: parcel.lastSaleDate ? (Date.parse(AS_OF) - Date.parse(parcel.lastSaleDate)) / 86_400_000 / 365 : null,
    equityPercent: parcel.marketValue > 0 ? (100 * equity) / parcel.marketValue : null,
    freeAndClear: parcel.mortgageBalance === 0,
    taxDelinquent: tags.includes('tax_delinquent'),
    vacant: tags.includes('vacant'),
    entityOwned: !['person', 'couple'].includes(owner.kind),
    trustOrEstate: owner.kind === 'trust' || owner.kind === 'estate',
    ownerParcelCount: county.parcels.filter((p) => p.ownerId === parcel.ownerId).length,
    distressListCount: tags.length,
    distressTags: tags,
    yearBuilt: parcel.yearBuilt,
    livingSqft: parcel.livingSqft,
    marketValue: parcel.marketValue,
    stackCount: 1 + tags.length,
  };
}

describe('demo county outcomes', () => {
  it('has the team reach a share of the county, distress lists first', () => {
    expect(county.outcomes.length / county.parcels.length).toBeGreaterThan(0.09);
    expect(county.outcomes.length / county.parcels.length).toBeLessThan(0.2);
    const listed = new Set(Object.values(county.distress).flat());
    const reached = county.outcomes.filter((o) => listed.has(o.parcelIndex)).length;
    expect(reached / listed.size).toBeGreaterThan(2 * (county.outcomes.length / county.parcels.length));
    expect(new Set(county.outcomes.map((o) => o.outcome))).toEqual(new Set(['contacted', 'appointment', 'under_contract', 'won', 'dead']));
    expect(positive.length / county.outcomes.length).toBeGreaterThan(0.15);
    expect(positive.length / county.outcomes.length).toBeLessThan(0.4);
  });

  it('turns more conversations into deals where the owner is motivated', () => {
    const rate = (holds: (index: number) => boolean) => {
      const worked = county.outcomes.filter((o) => holds(o.parcelIndex));
      return worked.filter((o) => isPositiveOutcome(o.outcome)).length / worked.length;
    };
    const delinquent = new Set(county.distress.taxDelinquent);
    expect(rate((i) => delinquent.has(i))).toBeGreaterThan(1.3 * rate((i) => !delinquent.has(i)));
    const absentee = (i: number) => county.owners[county.parcels[i]!.ownerId]!.mailing !== county.parcels[i]!.address;
    expect(rate(absentee)).toBeGreaterThan(1.3 * rate((i) => !absentee(i)));
  });

  it('carries a signal a model finds, far from perfect', () => {
    const inputs = county.outcomes.map((o) => inputOf(o.parcelIndex));
    const labels = Uint8Array.from(county.outcomes, (o) => (isPositiveOutcome(o.outcome) ? 1 : 0));
    const { metrics } = trainMotivationModel(trainingSetOf(inputs, labels));
    expect(metrics.rocAuc).toBeGreaterThan(0.65);
    expect(metrics.rocAuc).toBeLessThan(0.92);
  });

  it('writes the outcomes of the driving-for-dollars parcels into that list as its lead status', () => {
    const { files } = buildCountyFiles(county);
    const vacant = files.find((f) => f.key === 'vacant')!;
    const statuses = new Set(vacant.rows.map((row) => row[vacant.header.indexOf('Lead Status')]));
    expect(statuses).toContain('New Lead');
    expect([...statuses].some((s) => ['Appointment Set', 'Under Contract', 'Won Deal', 'Dead Deal', 'Contacted'].includes(s!))).toBe(true);
  });
});
