/**
 * A seeded, synthetic county (Ashford County, IL) for the demo tenant: parcels
 * on town street grids, subdivisions, a lake and county roads; facts and values
 * that hang together (size, age, neighbourhood); owners of every kind with
 * portfolios and absentee mailing addresses; three years of sales, mortgages,
 * the distress (tax delinquency, probate, pre-foreclosure, code violations,
 * vacancy) the demo lists are drawn from, and what came of working the parcels.
 * Pure: nothing is written here.
 */
import { assignOwners } from './assign-owners.js';
import { FEMALE_NAMES, LENDERS, MALE_NAMES, SURNAMES, COUNTY } from './county-words.js';
import {
  clamp,
  round,
  type DemoCounty,
  type DemoOwner,
  type DemoParcel,
  type DemoSale,
  type DistressKey,
  type Neighborhood,
  type ParcelFacts,
  type Place,
  type PropertyType,
} from './county-model.js';
import { assignOutcomes } from './county-outcomes.js';
import { layOutParcels } from './lay-out-parcels.js';
import { seededRandom, type Random } from './seeded-random.js';

export const DEFAULT_DEMO_SEED = 62640;
export const DEFAULT_DEMO_PARCELS = 20_000;

export interface GenerateCountyOptions {
  seed?: number;
  parcels?: number;
  /** The day the county is seen from (YYYY-MM-DD); sales run up to it. Default: today. */
  asOf?: string;
}

const DAY = 86_400_000;
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

interface NeighborhoodProfile {
  years: [number, number];
  sqft: number;
  ppsf: number;
  lot: [number, number];
  mix: readonly (readonly [PropertyType, number])[];
}

const PROFILES: Record<Neighborhood, NeighborhoodProfile> = {
  downtown: {
    years: [1885, 1935],
    sqft: 1250,
    ppsf: 64,
    lot: [3500, 6000],
    mix: [
      ['Single Family', 62],
      ['Multi-Family', 32],
      ['Land', 6],
    ],
  },
  historic: {
    years: [1888, 1940],
    sqft: 2150,
    ppsf: 98,
    lot: [7000, 14000],
    mix: [
      ['Single Family', 86],
      ['Multi-Family', 12],
      ['Land', 2],
    ],
  },
  'old town': {
    years: [1900, 1955],
    sqft: 1350,
    ppsf: 76,
    lot: [5000, 8000],
    mix: [
      ['Single Family', 78],
      ['Multi-Family', 17],
      ['Land', 5],
    ],
  },
  midcentury: {
    years: [1946, 1975],
    sqft: 1280,
    ppsf: 94,
    lot: [7500, 11000],
    mix: [
      ['Single Family', 92],
      ['Multi-Family', 5],
      ['Land', 3],
    ],
  },
  suburban: {
    years: [1976, 2000],
    sqft: 1900,
    ppsf: 120,
    lot: [9000, 15000],
    mix: [
      ['Single Family', 95],
      ['Land', 5],
    ],
  },
  new: {
    years: [2001, 2024],
    sqft: 2300,
    ppsf: 145,
    lot: [8500, 13000],
    mix: [
      ['Single Family', 90],
      ['Land', 10],
    ],
  },
  lake: { years: [1985, 2022], sqft: 2900, ppsf: 178, lot: [12000, 30000], mix: [['Single Family', 100]] },
  rural: {
    years: [1885, 1998],
    sqft: 1700,
    ppsf: 88,
    lot: [21780, 130680],
    mix: [
      ['Land', 58],
      ['Single Family', 29],
      ['Mobile Home', 13],
    ],
  },
  park: { years: [1972, 2012], sqft: 1000, ppsf: 0, lot: [0, 0], mix: [['Mobile Home', 100]] },
};
const TOWN_FACTOR: Record<string, number> = { Ashford: 1, Millbrook: 0.9, 'Prairie Grove': 0.87, Carver: 0.8 };
const TAX_RATE: Record<string, number> = { Ashford: 0.0236, Millbrook: 0.0221, 'Prairie Grove': 0.0228, Carver: 0.0212 };

function describe(rnd: Random, place: Place, index: number, asOfYear: number): ParcelFacts {
  const profile = PROFILES[place.neighborhood];
  const type = place.fixedType ?? rnd.weighted(profile.mix);
  const townFactor = TOWN_FACTOR[place.town.name] ?? 1;
  const condition = Math.exp(0.12 * rnd.normal());
  const lastYear = Math.min(profile.years[1], asOfYear - 1);
  let year: number | null = place.buildingYear ?? rnd.between(profile.years[0], lastYear);
  let beds: number | null = null;
  let baths: number | null = null;
  let sqft: number | null = null;
  let lot: number | null = rnd.between(profile.lot[0], profile.lot[1]);
  let value: number;
  switch (type) {
    case 'Single Family': {
      sqft = Math.round(clamp(profile.sqft * Math.exp(0.27 * rnd.normal()), 620, 6800) / 10) * 10;
      beds = clamp(Math.round(sqft / 650 + 0.7 + 0.5 * rnd.normal()), 1, 6);
      const modern = year >= 1976 ? 0.5 : 0;
      baths = clamp(round(1 + (sqft - 950) / 850 + modern + 0.35 * rnd.normal(), 0.5), 1, 5);
      const age = asOfYear - year;
      const ageFactor = place.neighborhood === 'historic' ? 1 : clamp(1.08 - age * 0.0025, 0.78, 1.08);
      value = sqft * profile.ppsf * townFactor * condition * ageFactor + (lot ?? 0) * (place.neighborhood === 'rural' ? 0.09 : 0.6);
      break;
    }
    case 'Multi-Family': {
      const units = rnd.weighted([
        [2, 60],
        [3, 18],
        [4, 22],
      ] as const);
      sqft = Math.round((units * 880 * Math.exp(0.15 * rnd.normal())) / 10) * 10;
      beds = units * 2 - (rnd.chance(0.4) ? 1 : 0);
      baths = units + (rnd.chance(0.2) ? 0.5 : 0);
      lot = rnd.between(5500, 9500);
      value = units * (place.neighborhood === 'downtown' ? 46_000 : 57_000) * townFactor * condition;
      break;
    }
    case 'Condo': {
      const lake = place.neighborhood === 'lake';
      sqft = Math.round(rnd.between(lake ? 1050 : 650, lake ? 2100 : 1500) / 10) * 10;
      beds = sqft < 900 ? 1 : sqft < 1400 ? 2 : 3;
      baths = beds === 1 ? 1 : beds === 2 ? rnd.pick([1.5, 2]) : rnd.pick([2, 2.5]);
      lot = null;
      value = sqft * (lake ? 160 : 112) * townFactor * condition;
      break;
    }
    case 'Mobile Home': {
      sqft = rnd.pick([840, 924, 980, 1064, 1216, 1280, 1456]);
      beds = sqft < 1000 ? 2 : 3;
      baths = sqft < 1000 ? 1 : 2;
      year = rnd.between(1972, 2012);
      if (place.neighborhood === 'park') lot = null;
      else lot = rnd.between(21780, 130680);
      value = (11_000 + (year - 1970) * 850 + sqft * 11) * condition + (lot ?? 0) * 0.1;
      break;
    }
    case 'Land': {
      year = null;
      if (place.neighborhood === 'rural') {
        const acres = clamp(Math.round(40 * Math.exp(0.8 * rnd.normal())), 5, 320);
        lot = acres * 43_560;
        value = acres * 9_800 * Math.exp(0.1 * rnd.normal());
      } else {
        value = (lot ?? 6000) * (place.neighborhood === 'new' ? 3.2 : 1.6) * townFactor * condition;
      }
      break;
    }
  }
  const marketValue = round(value, 100);
  const assessedValue = round(marketValue * (0.3 + 0.035 * rnd.next()), 10);
  return {
    index,
    address: place.address,
    latitude: Math.round(place.latitude * 1e6) / 1e6,
    longitude: Math.round(place.longitude * 1e6) / 1e6,
    town: place.town.name,
    neighborhood: place.neighborhood,
    type,
    beds,
    baths,
    livingSqft: sqft,
    lotSqft: lot,
    yearBuilt: year,
    marketValue,
    assessedValue,
    annualTax: Math.round(marketValue * (TAX_RATE[place.town.name] ?? 0.023) * 100) / 100,
  };
}

/** Illinois-style PINs, township-section-block-parcel: "14-22-137-012"; condominium units add "-1004". */
function assignApns(parcels: ParcelFacts[], places: Place[]): string[] {
  const counters = new Map<string, number>();
  const buildings = new Map<string, { base: string; next: number }>();
  const south = COUNTY.center.lat - 0.22;
  const west = COUNTY.center.lon - 0.3;
  return parcels.map((parcel, i) => {
    const place = places[i]!;
    const township =
      place.neighborhood === 'rural'
        ? String(30 + Math.floor((parcel.latitude - south) / 0.11) * 3 + Math.floor((parcel.longitude - west) / 0.2)).padStart(2, '0')
        : place.town.township;
    const section = String(
      1 + ((((Math.floor((parcel.latitude - south) / 0.0145) * 6 + Math.floor((parcel.longitude - west) / 0.019)) % 36) + 36) % 36),
    ).padStart(2, '0');
    if (place.fixedType === 'Condo') {
      const key = `${place.address.number}|${place.address.street}`;
      let building = buildings.get(key);
      if (!building) {
        const n = counters.get(`${township}-${section}`) ?? 0;
        counters.set(`${township}-${section}`, n + 1);
        building = {
          base: `${township}-${section}-${String(100 + Math.floor(n / 40)).padStart(3, '0')}-${String((n % 40) + 1).padStart(3, '0')}`,
          next: 1001,
        };
        buildings.set(key, building);
      }
      return `${building.base}-${building.next++}`;
    }
    const n = counters.get(`${township}-${section}`) ?? 0;
    counters.set(`${township}-${section}`, n + 1);
    return `${township}-${section}-${String(100 + Math.floor(n / 40)).padStart(3, '0')}-${String((n % 40) + 1).padStart(3, '0')}`;
  });
}

/** Home prices rose about 4.5 % a year over the long run here; the last three years faster. */
function priceAt(value: number, yearsAgo: number): number {
  return value / Math.pow(yearsAgo < 3 ? 1.06 : 1.045, yearsAgo);
}

function remainingBalance(principal: number, annualRate: number, monthsPaid: number): number {
  const r = annualRate / 12;
  const n = 360;
  if (monthsPaid >= n) return 0;
  return (principal * (Math.pow(1 + r, n) - Math.pow(1 + r, monthsPaid))) / (Math.pow(1 + r, n) - 1);
}

/** 30-year mortgage rates by year the loan was made (rounded history). */
function rateIn(year: number): number {
  if (year < 1990) return 0.1;
  if (year < 2001) return 0.075;
  if (year < 2009) return 0.062;
  if (year < 2020) return 0.042;
  if (year < 2022) return 0.03;
  return 0.068;
}

export function generateCounty(options: GenerateCountyOptions = {}): DemoCounty {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const total = options.parcels ?? DEFAULT_DEMO_PARCELS;
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const today = dayOf(asOf);
  const asOfYear = Number(asOf.slice(0, 4));
  const windowStart = today - 3 * 365;
  const rnd = seededRandom(seed);

  const places = layOutParcels(rnd.fork('layout'), total);
  const factsRnd = rnd.fork('facts');
  const described = places.map((place, i) => describe(factsRnd, place, i, asOfYear));
  const apns = assignApns(described, places);
  const { owners, ownerOf, occupied } = assignOwners(rnd.fork('owners'), described, asOfYear);

  const salesRnd = rnd.fork('sales');
  const sales: DemoSale[] = [];
  const flippers = owners.filter((o) => o.kind === 'llc' || o.kind === 'corporation');
  const previousOwner = () => {
    const p = { first: salesRnd.pick(salesRnd.chance(0.5) ? MALE_NAMES : FEMALE_NAMES), last: salesRnd.pick(SURNAMES) };
    return `${p.first} ${p.last}`;
  };
  const displayOf = (owner: DemoOwner) =>
    owner.people.length > 0 && (owner.kind === 'person' || owner.kind === 'couple')
      ? owner.people.map((p) => `${p.first} ${p.last}`).join(' & ')
      : owner.lastName;

  const parcels: DemoParcel[] = described.map((parcel, i) => {
    const owner = owners[ownerOf[i]!]!;
    const institutional = owner.kind === 'government' || owner.kind === 'church';
    const turnover = { 'Single Family': 0.085, Condo: 0.1, 'Multi-Family': 0.09, Land: 0.03, 'Mobile Home': 0.08 }[parcel.type];
    // Estates and trusts are held, not bought: their owners bought long ago.
    const heldLong = owner.kind === 'estate' || owner.kind === 'trust' || owner.elderly;
    // A house built in the last three years has been sold at least once, by its builder.
    const newBuild = parcel.type !== 'Land' && parcel.yearBuilt !== null && parcel.yearBuilt >= asOfYear - 3;
    const soldRecently = !institutional && (newBuild || (!heldLong && salesRnd.chance(1 - Math.pow(1 - turnover, 3))));
    let lastSaleDate: string | null = null;
    let lastSalePrice: number | null = null;
    let purchaseDay: number | null = null;
    if (soldRecently) {
      let day = windowStart + salesRnd.int(today - windowStart);
      if (parcel.yearBuilt && parcel.yearBuilt >= asOfYear - 3) day = Math.max(day, dayOf(`${parcel.yearBuilt}-06-01`));
      day = Math.min(day, today - 1);
      const years = (today - day) / 365;
      const bankOwned = owner.kind === 'bank';
      const price = round(priceAt(parcel.marketValue, years) * (bankOwned ? 0.78 : Math.exp(0.06 * salesRnd.normal())), 500);
      // Some of the houses that sold were flipped: bought cheap by an investor, resold after a rehab.
      const flipFrom =
        !bankOwned && parcel.type === 'Single Family' && flippers.length > 0 && salesRnd.chance(0.1) && day - windowStart > 310;
      if (flipFrom) {
        const flipper = salesRnd.pick(flippers.filter((f) => f.id !== owner.id));
        const boughtDay = day - salesRnd.between(90, 300);
        const boughtPrice = round(price * (0.62 + 0.1 * salesRnd.next()), 500);
        const seller = previousOwner();
        sales.push({ parcelIndex: i, date: isoOf(boughtDay), price: boughtPrice, buyer: flipper.lastName, seller });
        sales.push({ parcelIndex: i, date: isoOf(day), price, buyer: displayOf(owner), seller: flipper.lastName });
      } else {
        sales.push({
          parcelIndex: i,
          date: isoOf(day),
          price,
          buyer: displayOf(owner),
          seller: bankOwned ? `${previousOwner()} (sheriff's sale)` : previousOwner(),
        });
      }
      lastSaleDate = isoOf(day);
      lastSalePrice = price;
      purchaseDay = day;
    } else if (!institutional && !salesRnd.chance(parcel.yearBuilt && parcel.yearBuilt < 1990 ? 0.08 : 0.03)) {
      // Bought before the window: how long ago follows the owner's age.
      const meanYears = heldLong ? 24 : 11;
      const earliest = Math.max(parcel.yearBuilt ?? 1965, 1965, asOfYear - 60);
      const years = clamp(3.05 + salesRnd.next() * -Math.log(1 - salesRnd.next()) * meanYears, 3.05, asOfYear - earliest);
      const day = today - Math.round(years * 365);
      lastSaleDate = isoOf(day);
      lastSalePrice = round(priceAt(parcel.marketValue, years) * Math.exp(0.08 * salesRnd.normal()), 100);
      purchaseDay = day;
    }

    let mortgageBalance = 0;
    let lender: string | null = null;
    if (purchaseDay !== null && lastSalePrice !== null && owner.kind !== 'bank' && !institutional) {
      const investor = owner.kind === 'llc' || owner.kind === 'corporation';
      const freeAndClear = investor ? 0.45 : owner.kind === 'estate' || owner.kind === 'trust' ? 0.75 : parcel.type === 'Land' ? 0.7 : 0.24;
      if (!salesRnd.chance(freeAndClear)) {
        const purchaseYear = Number(isoOf(purchaseDay).slice(0, 4));
        // Many owners refinanced since buying: the loan is as old as the last refinance.
        const refinanced = purchaseYear < 2021 && salesRnd.chance(0.45);
        const loanYear = refinanced ? salesRnd.between(Math.max(purchaseYear, 2012), 2021) : purchaseYear;
        const loanDay = refinanced ? dayOf(`${loanYear}-0${1 + salesRnd.int(9)}-15`) : purchaseDay;
        const basis = refinanced
          ? priceAt(parcel.marketValue, (today - loanDay) / 365) * 0.75
          : lastSalePrice * (investor ? 0.75 : 0.8 + 0.165 * salesRnd.next());
        const months = Math.max(0, Math.floor((today - loanDay) / 30.44));
        mortgageBalance = round(remainingBalance(basis, rateIn(loanYear), months), 100);
        if (salesRnd.chance(0.08)) mortgageBalance += round(parcel.marketValue * (0.05 + 0.1 * salesRnd.next()), 100); // a home-equity line
        if (mortgageBalance > 0) lender = salesRnd.pick(LENDERS);
      }
    }
    // Spelled out rather than spread: spreading 20,000 wide objects costs most of a second.
    return {
      index: parcel.index,
      apn: apns[i]!,
      address: parcel.address,
      latitude: parcel.latitude,
      longitude: parcel.longitude,
      town: parcel.town,
      neighborhood: parcel.neighborhood,
      type: parcel.type,
      beds: parcel.beds,
      baths: parcel.baths,
      livingSqft: parcel.livingSqft,
      lotSqft: parcel.lotSqft,
      yearBuilt: parcel.yearBuilt,
      marketValue: parcel.marketValue,
      assessedValue: parcel.assessedValue,
      annualTax: parcel.annualTax,
      ownerId: owner.id,
      ownerOccupied: occupied[i]!,
      lastSaleDate,
      lastSalePrice,
      mortgageBalance,
      lender,
      vacant: false,
      troubled: false,
    };
  });
  sales.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.parcelIndex - b.parcelIndex));

  const distress = markDistress(rnd.fork('distress'), parcels, owners);
  const outcomes = assignOutcomes(rnd.fork('outcomes'), parcels, owners, distress, asOf);
  return { seed, asOf, county: COUNTY.name, state: COUNTY.state, parcels, owners, sales, distress, outcomes };
}

/**
 * Decides which parcels are in trouble and which lists name them. Hardship
 * clusters (an estate left empty falls behind on taxes and draws code
 * complaints), so a share of parcels lands on two, three or four lists.
 */
function markDistress(rnd: Random, parcels: DemoParcel[], owners: DemoOwner[]): Record<DistressKey, number[]> {
  const lists: Record<DistressKey, number[]> = { taxDelinquent: [], probate: [], preForeclosure: [], codeViolations: [], vacant: [] };
  for (const parcel of parcels) {
    const owner = owners[parcel.ownerId]!;
    if (owner.kind === 'government' || owner.kind === 'church') continue;
    const estate = owner.kind === 'estate';
    const building = parcel.type !== 'Land';
    const old = (parcel.yearBuilt ?? 2000) < 1945;
    const absentee = !parcel.ownerOccupied;
    const leverage = parcel.marketValue > 0 ? parcel.mortgageBalance / parcel.marketValue : 0;
    let propensity =
      0.032 +
      (estate ? 0.4 : 0) +
      (old ? 0.035 : 0) +
      (absentee && owner.people.length > 0 ? 0.03 : 0) +
      (parcel.neighborhood === 'downtown' ? 0.04 : 0) +
      (leverage > 0.85 ? 0.06 : 0) +
      (parcel.type === 'Mobile Home' ? 0.03 : 0) -
      (parcel.neighborhood === 'lake' ? 0.02 : 0);
    if (owner.kind === 'bank') propensity = 0.5;
    parcel.troubled = rnd.chance(propensity);
    parcel.vacant = building && (owner.kind === 'bank' || rnd.chance(estate ? 0.5 : parcel.troubled ? 0.4 : 0.008));
    const troubled = parcel.troubled;

    if (owner.kind !== 'bank' && rnd.chance(troubled ? 0.5 : estate ? 0.3 : 0.045)) lists.taxDelinquent.push(parcel.index);
    const single = owner.kind === 'person' || (owner.kind === 'trust' && owner.people.length === 1);
    if (estate ? rnd.chance(0.8) : single && owner.elderly && rnd.chance(troubled ? 0.25 : 0.025)) lists.probate.push(parcel.index);
    if (parcel.mortgageBalance > 0 && owner.kind !== 'bank' && rnd.chance(troubled ? 0.45 : leverage > 0.85 ? 0.06 : 0.009))
      lists.preForeclosure.push(parcel.index);
    if (building && rnd.chance(parcel.vacant ? 0.55 : troubled ? 0.4 : old && absentee ? 0.06 : 0.018))
      lists.codeViolations.push(parcel.index);
    // The driving-for-dollars team sees most empty houses, and a few that only look empty.
    if (building && (parcel.vacant ? rnd.chance(0.85) : rnd.chance(troubled ? 0.1 : 0.008))) lists.vacant.push(parcel.index);
  }
  return lists;
}
