/**
 * What a parcel is scored on: the signals the enrichment derives (null where the
 * data cannot tell, or before enrichment has run) and a few parcel facts.
 */
export interface ScoringInput {
  parcelId: string;
  absentee: boolean | null;
  outOfState: boolean | null;
  yearsOwned: number | null;
  equityPercent: number | null;
  freeAndClear: boolean | null;
  taxDelinquent: boolean | null;
  vacant: boolean | null;
  entityOwned: boolean | null;
  trustOrEstate: boolean | null;
  ownerParcelCount: number | null;
  distressListCount: number | null;
  /** The distress tags of the parcel's lists (tax_delinquent, probate, pre_foreclosure, …). */
  distressTags: string[];
  yearBuilt: number | null;
  livingSqft: number | null;
  marketValue: number | null;
  stackCount: number;
}

/** Tags with a signal of their own; any other tag counts as "other distress". */
const NAMED_TAGS = ['tax_delinquent', 'vacant', 'probate', 'pre_foreclosure', 'code_violation'] as const;

/** A signal holds when enrichment says so or one of the parcel's lists carries its tag. */
export const isTaxDelinquent = (input: ScoringInput) => input.taxDelinquent === true || input.distressTags.includes('tax_delinquent');
export const isVacant = (input: ScoringInput) => input.vacant === true || input.distressTags.includes('vacant');
/**
 * The same as known facts: true when either source says so, false when enrichment says
 * not, null when nothing tells. Not being on a tax-delinquent list says nothing of the taxes.
 */
export const taxDelinquentState = (input: ScoringInput): boolean | null => (isTaxDelinquent(input) ? true : input.taxDelinquent);
export const vacantState = (input: ScoringInput): boolean | null => (isVacant(input) ? true : input.vacant);
export const otherDistressTags = (input: ScoringInput) =>
  input.distressTags.filter((tag) => !(NAMED_TAGS as readonly string[]).includes(tag));

const NOTHING_KNOWN: ScoringInput = Object.freeze({
  parcelId: '',
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
  stackCount: 0,
});

/** The words of a reason whose signal the data does not tell: "equity: unknown". */
export const unknownLabel = (key: string) => reasonLabel(key, NOTHING_KNOWN);

/** 182000 → "182,000"; toLocaleString is slow enough to show in a rescoring of every parcel. */
const whole = (value: number) => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * The words a reason is shown with, from the parcel's own values: "22 years owned",
 * "64 % equity". A learned model also credits absences ("occupied", "mortgaged"),
 * so each signal has words for both.
 */
export function reasonLabel(key: string, input: ScoringInput): string {
  const either = (holds: boolean | null, yes: string, no: string) => (holds === null ? `${yes}: unknown` : holds ? yes : no);
  switch (key) {
    case 'baseline':
      return 'baseline';
    case 'absentee':
      return either(input.absentee, 'absentee owner', 'owner lives there');
    case 'outOfState':
      return either(input.outOfState, 'owner out of state', 'owner in state');
    case 'taxDelinquent':
      return isTaxDelinquent(input) ? 'tax delinquent' : either(input.taxDelinquent, 'tax delinquent', 'taxes paid');
    case 'vacant':
      return isVacant(input) ? 'vacant' : either(input.vacant, 'vacant', 'occupied');
    case 'probate':
      return input.distressTags.includes('probate') ? 'probate' : 'no probate';
    case 'preForeclosure':
      return input.distressTags.includes('pre_foreclosure') ? 'pre-foreclosure' : 'no foreclosure filing';
    case 'codeViolation':
      return input.distressTags.includes('code_violation') ? 'code violation' : 'no code violation';
    case 'otherDistress': {
      const tags = otherDistressTags(input);
      return tags.length > 0 ? `other distress: ${tags.join(', ').replaceAll('_', ' ')}` : 'no other distress';
    }
    case 'trustOrEstate':
      return either(input.trustOrEstate, 'owned by a trust or estate', 'not a trust or estate');
    case 'freeAndClear':
      return either(input.freeAndClear, 'free and clear', 'mortgaged');
    case 'entityOwned':
      return either(input.entityOwned, 'owned by a company', 'owned by a person');
    case 'portfolioOwner':
      return input.ownerParcelCount === null
        ? 'properties of the owner: unknown'
        : `owner has ${input.ownerParcelCount} ${input.ownerParcelCount === 1 ? 'property' : 'properties'}`;
    case 'yearsOwned':
      return input.yearsOwned === null
        ? 'years owned: unknown'
        : `${Math.floor(input.yearsOwned)} ${Math.floor(input.yearsOwned) === 1 ? 'year' : 'years'} owned`;
    case 'equityPercent':
      return input.equityPercent === null ? 'equity: unknown' : `${Math.round(input.equityPercent)} % equity`;
    case 'distressLists':
      return input.distressListCount === null
        ? 'distress lists: unknown'
        : `on ${input.distressListCount} distress ${input.distressListCount === 1 ? 'list' : 'lists'}`;
    case 'yearBuilt':
      return input.yearBuilt === null ? 'year built: unknown' : `built ${input.yearBuilt}`;
    case 'livingSqft':
      return input.livingSqft === null ? 'living area: unknown' : `${whole(input.livingSqft)} sq ft`;
    case 'marketValue':
      return input.marketValue === null ? 'value: unknown' : `value $${whole(input.marketValue)}`;
    case 'stackCount':
      return `on ${input.stackCount} ${input.stackCount === 1 ? 'list' : 'lists'}`;
    case 'other':
      return 'other factors';
    default:
      return key;
  }
}
