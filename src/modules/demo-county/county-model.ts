/**
 * The demo county's records: addresses, parcels, owners and sales, as the
 * generator makes them and the list files are written from.
 */
import type { DemoOutcome } from './county-outcomes.js';
import { COUNTY, type Town } from './county-words.js';

export interface DemoAddress {
  /** House number; empty for a PO box. */
  number: string;
  predir: string | null;
  /** Street name as signs write it: "5th", "Lincoln", "Fox Run", "County Road 1200", "Route 36". */
  street: string;
  /** USPS abbreviation in title case: "St", "Ave"… */
  suffix: string | null;
  postdir: string | null;
  unitType: 'Apt' | 'Unit' | 'Lot' | 'Ste' | null;
  unit: string | null;
  poBox: string | null;
  city: string;
  state: string;
  zip: string;
}

export type PropertyType = 'Single Family' | 'Condo' | 'Multi-Family' | 'Land' | 'Mobile Home';
export type Neighborhood = 'downtown' | 'historic' | 'old town' | 'midcentury' | 'suburban' | 'new' | 'lake' | 'rural' | 'park';

export interface DemoParcel {
  index: number;
  apn: string;
  address: DemoAddress;
  latitude: number;
  longitude: number;
  town: string;
  neighborhood: Neighborhood;
  type: PropertyType;
  beds: number | null;
  baths: number | null;
  livingSqft: number | null;
  lotSqft: number | null;
  yearBuilt: number | null;
  marketValue: number;
  assessedValue: number;
  annualTax: number;
  lastSaleDate: string | null;
  lastSalePrice: number | null;
  mortgageBalance: number;
  lender: string | null;
  ownerId: number;
  ownerOccupied: boolean;
  vacant: boolean;
  /** Facing hardship: drives tax delinquency, code violations and foreclosure. */
  troubled: boolean;
}

export type OwnerKind = 'person' | 'couple' | 'llc' | 'corporation' | 'trust' | 'estate' | 'bank' | 'government' | 'church';

export interface Person {
  gender: 'm' | 'f';
  first: string;
  middle: string | null;
  last: string;
}

export interface DemoOwner {
  id: number;
  kind: OwnerKind;
  /** The assessor's spelling: "SMITH JOHN A & MARY B", "PRAIRIE STATE HOLDINGS LLC". */
  countyName: string;
  /** How list vendors split it: first "John & Mary", last "Smith"; entities all in `last`. */
  firstName: string;
  lastName: string;
  people: Person[];
  mailing: DemoAddress;
  phones: string[];
  emails: string[];
  /** Born before 1950: the owners probate lists are made of. */
  elderly: boolean;
}

export interface DemoSale {
  parcelIndex: number;
  date: string;
  price: number;
  buyer: string;
  seller: string;
}

export interface DemoCounty {
  seed: number;
  asOf: string;
  county: string;
  state: string;
  parcels: DemoParcel[];
  owners: DemoOwner[];
  /** Every recorded sale of the last three years, oldest first. */
  sales: DemoSale[];
  /** Parcels each distress list names, by list key; a parcel may be on several. */
  distress: Record<DistressKey, number[]>;
  /** The parcels the demo team worked, with what came of it. */
  outcomes: DemoOutcome[];
}

export type DistressKey = 'taxDelinquent' | 'probate' | 'preForeclosure' | 'codeViolations' | 'vacant';

/** A parcel's place and buildings, before owners and sales are decided. */
export type ParcelFacts = Omit<
  DemoParcel,
  'apn' | 'ownerId' | 'ownerOccupied' | 'lastSaleDate' | 'lastSalePrice' | 'mortgageBalance' | 'lender' | 'vacant' | 'troubled'
>;

/** Where a parcel lies, before anything is built on it. */
export interface Place {
  address: DemoAddress;
  latitude: number;
  longitude: number;
  town: Town;
  neighborhood: Neighborhood;
  /** Set for places that are a unit of a condominium building or a lot in a mobile home park. */
  fixedType?: PropertyType;
  buildingYear?: number;
}

export function addressOf(parts: Partial<DemoAddress> & Pick<DemoAddress, 'number' | 'street' | 'city' | 'zip'>): DemoAddress {
  return { predir: null, suffix: null, postdir: null, unitType: null, unit: null, poBox: null, state: COUNTY.state, ...parts };
}

/** The canonical street line: "1204 N 5th St Apt 4", "PO Box 1432". */
export function streetLine(a: DemoAddress): string {
  if (a.poBox) return `PO Box ${a.poBox}`;
  const parts = [a.number, a.predir, a.street, a.suffix, a.postdir].filter(Boolean);
  if (a.unit) parts.push(`${a.unitType ?? '#'} ${a.unit}`);
  return parts.join(' ');
}

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
export const round = (value: number, step: number) => Math.round(value / step) * step;
