/**
 * The demo county as the files a team actually gets: the assessor's parcel roll
 * and five distress lists, each in the layout of its source (county treasurer,
 * PropStream, BatchLeads, a city's hand-kept code-enforcement sheet,
 * DealMachine's driving-for-dollars export), with that source's spellings,
 * number and date formats, repeated rows and typos.
 */
import type { Outcome } from '../scoring/outcomes.js';
import { DRIVE_BY_NOTES, INSPECTORS, VIOLATIONS } from './county-words.js';
import { streetLine, type DemoAddress, type DemoCounty, type DemoOwner, type DemoParcel, type DistressKey } from './county-model.js';
import { seededRandom, type Random } from './seeded-random.js';
import { misspellStreet, spellCity, spellStreetLine, spellUnit } from './spell-address.js';

export type DemoFileKey = 'roll' | DistressKey;

export interface DemoListFile {
  key: DemoFileKey;
  fileName: string;
  listName: string;
  tags: string[];
  /** The export layout the import should recognise (see imports/layouts.ts). */
  layout: 'county' | 'propstream' | 'batchleads' | 'dealmachine' | 'generic';
  header: string[];
  rows: string[][];
}

/** The demo's lists: names (which mark a tenant as holding the demo), distress tags and the layout each file is in. */
export const DEMO_LISTS: Record<DemoFileKey, Pick<DemoListFile, 'listName' | 'tags' | 'layout'>> = {
  roll: { listName: 'Ashford County parcel roll', tags: [], layout: 'county' },
  taxDelinquent: { listName: 'Tax delinquent — Ashford County Treasurer', tags: ['tax_delinquent'], layout: 'county' },
  preForeclosure: { listName: 'Pre-foreclosure (PropStream)', tags: ['pre_foreclosure'], layout: 'propstream' },
  probate: { listName: 'Probate filings (BatchLeads)', tags: ['probate'], layout: 'batchleads' },
  codeViolations: { listName: 'Code violations — city code enforcement', tags: ['code_violation'], layout: 'generic' },
  vacant: { listName: 'Driving for dollars — vacant (DealMachine)', tags: ['vacant'], layout: 'dealmachine' },
};

export interface DemoFiles {
  files: DemoListFile[];
  /** Distinct misspelled addresses in the hand-kept sheet: each becomes a parcel of its own, flagged for review. */
  lookAlikes: number;
}

const money = (value: number) => `$${value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
const cents = (value: number) => `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const usDate = (iso: string | null, pad = true) => {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return pad ? `${m}/${d}/${y}` : `${Number(m)}/${Number(d)}/${y}`;
};
const num = (value: number | null) => (value === null ? '' : String(value));
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function phoneText(phone: string, rnd: Random): string {
  const [a, b, c] = [phone.slice(0, 3), phone.slice(3, 6), phone.slice(6)];
  return rnd.pick([`(${a}) ${b}-${c}`, `${a}-${b}-${c}`, phone, `${a}.${b}.${c}`, `+1 ${a} ${b} ${c}`]);
}

/** "John & Mary Smith", "John Smith & Mary Jones", or the entity's name. */
function fullName(owner: DemoOwner): string {
  if (owner.kind !== 'person' && owner.kind !== 'couple') return owner.lastName;
  const [a, b] = owner.people;
  if (!b) return `${a!.first} ${a!.last}`;
  return b.last === a!.last ? `${a!.first} & ${b.first} ${a!.last}` : `${a!.first} ${a!.last} & ${b.first} ${b.last}`;
}

/** Rows are grouped per parcel (a parcel may take several rows), and the groups shuffled, as exports come. */
function shuffled(groups: string[][][], rnd: Random): string[][] {
  return rnd.shuffle(groups).flat();
}

function roll(county: DemoCounty, rnd: Random): DemoListFile {
  const year = county.asOf.slice(0, 4);
  const rows = county.parcels.map((p) => {
    const owner = county.owners[p.ownerId]!;
    return [
      p.apn,
      year,
      owner.countyName,
      spellStreetLine(p.address, rnd, 'assessor'),
      p.address.city.toUpperCase(),
      p.address.state,
      p.address.zip,
      county.county,
      spellStreetLine(owner.mailing, rnd, 'assessor'),
      owner.mailing.city.toUpperCase(),
      owner.mailing.state,
      owner.mailing.zip,
      p.type,
      p.type === 'Land' ? '' : p.ownerOccupied ? 'OWNER OCCUPIED' : 'NON-OWNER OCCUPIED',
      num(p.beds),
      num(p.baths),
      num(p.livingSqft),
      num(p.lotSqft),
      num(p.yearBuilt),
      String(p.assessedValue),
      String(p.marketValue),
      usDate(p.lastSaleDate),
      num(p.lastSalePrice),
      String(p.mortgageBalance),
      p.latitude.toFixed(6),
      p.longitude.toFixed(6),
    ];
  });
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return {
    key: 'roll',
    ...DEMO_LISTS.roll,
    fileName: `ashford-county-parcel-roll-${year}.csv`,
    header: [
      'Parcel Number',
      'Tax Year',
      'Owner Name',
      'Situs Address',
      'Situs City',
      'Situs State',
      'Situs Zip',
      'County',
      'Mailing Address',
      'Mailing City',
      'Mailing State',
      'Mailing Zip',
      'Land Use',
      'Occupancy',
      'Bedrooms',
      'Bathrooms',
      'Living Area',
      'Lot Size SqFt',
      'Year Built',
      'Assessed Value',
      'Market Value',
      'Last Sale Date',
      'Last Sale Price',
      'Open Mortgage Balance',
      'Latitude',
      'Longitude',
    ],
    rows,
  };
}

/** The county treasurer's delinquent list: PINs, taxpayer as billed, amounts with cents; some parcels owe for two years. */
function taxDelinquent(county: DemoCounty, parcels: DemoParcel[], rnd: Random): DemoListFile {
  const year = Number(county.asOf.slice(0, 4)) - 1;
  const groups = parcels.map((p) => {
    const owner = county.owners[p.ownerId]!;
    const years = p.troubled
      ? rnd.between(1, 3)
      : rnd.weighted([
          [1, 80],
          [2, 20],
        ] as const);
    const row = (taxYear: number, owed: number) => [
      p.apn,
      String(taxYear),
      owner.countyName + (owner.people.length > 1 && rnd.chance(0.06) ? ' ETAL' : ''),
      spellStreetLine(p.address, rnd, 'treasurer'),
      rnd.chance(0.9) ? p.address.city.toUpperCase() : '',
      p.address.zip,
      spellStreetLine(owner.mailing, rnd, 'treasurer'),
      owner.mailing.city.toUpperCase(),
      owner.mailing.state,
      owner.mailing.zip,
      cents(owed),
      String(years),
      rnd.pick(['', '', 'Forfeited', 'Offered at sale', 'Payment plan']),
    ];
    const owed = Math.round(p.annualTax * years * (1.03 + 0.015 * rnd.int(8)) * 100) / 100;
    // A parcel behind for two tax years shows up once per year; the newest row comes last.
    return years > 1 && rnd.chance(0.35) ? [row(year - 1, Math.round(p.annualTax * 109) / 100), row(year, owed)] : [row(year, owed)];
  });
  return {
    key: 'taxDelinquent',
    ...DEMO_LISTS.taxDelinquent,
    fileName: `treasurer-delinquent-${year}.csv`,
    header: [
      'PIN',
      'Tax Year',
      'Taxpayer',
      'Property Location',
      'City',
      'Zip',
      'Mailing Address',
      'Mail City',
      'Mail State',
      'Mail Zip',
      'Amount Due',
      'Years Delinquent',
      'Sale Status',
    ],
    rows: shuffled(groups, rnd),
  };
}

/** A PropStream pre-foreclosure export: unit in its own column, owners split into first and last name, ISO dates. */
function preForeclosure(county: DemoCounty, parcels: DemoParcel[], rnd: Random): DemoListFile {
  const groups = parcels.map((p) => {
    const owner = county.owners[p.ownerId]!;
    const second = owner.people[1];
    const estimate = Math.round((p.marketValue * (0.94 + 0.14 * rnd.next())) / 1000) * 1000;
    const defaultDate = addDays(county.asOf, -rnd.between(20, 200));
    return [
      [
        spellStreetLine(p.address, rnd, 'vendor', { unit: false }),
        spellUnit(p.address, rnd),
        spellCity(p.address.city, rnd, 'vendor'),
        p.address.state,
        p.address.zip,
        county.county,
        p.apn,
        owner.kind === 'couple' ? owner.people[0]!.first : owner.firstName,
        owner.lastName,
        second?.first ?? '',
        second?.last ?? '',
        spellStreetLine(owner.mailing, rnd, 'vendor'),
        spellCity(owner.mailing.city, rnd, 'vendor'),
        owner.mailing.state,
        owner.mailing.zip,
        p.type,
        num(p.beds),
        num(p.baths),
        num(p.livingSqft),
        num(p.lotSqft),
        num(p.yearBuilt),
        String(p.assessedValue),
        p.lastSaleDate ?? '',
        num(p.lastSalePrice),
        String(p.mortgageBalance),
        String(estimate),
        String(estimate - p.mortgageBalance),
        p.lender ?? '',
        String(Math.round(p.mortgageBalance * (0.03 + 0.05 * rnd.next()))),
        defaultDate,
        rnd.chance(0.4) ? addDays(defaultDate, rnd.between(90, 240)) : '',
        owner.phones[0] ? phoneText(owner.phones[0], rnd) : '',
        owner.phones[1] ? phoneText(owner.phones[1], rnd) : '',
        owner.emails[0] ?? '',
      ],
    ];
  });
  return {
    key: 'preForeclosure',
    ...DEMO_LISTS.preForeclosure,
    fileName: 'propstream-preforeclosure-export.csv',
    header: [
      'Address',
      'Unit #',
      'City',
      'State',
      'Zip',
      'County',
      'APN',
      'Owner 1 First Name',
      'Owner 1 Last Name',
      'Owner 2 First Name',
      'Owner 2 Last Name',
      'Mailing Address',
      'Mailing City',
      'Mailing State',
      'Mailing Zip',
      'Property Type',
      'Bedrooms',
      'Total Bathrooms',
      'Building Sqft',
      'Lot Size Sqft',
      'Effective Year Built',
      'Total Assessed Value',
      'Last Sale Recording Date',
      'Last Sale Amount',
      'Total Open Loans',
      'Est. Value',
      'Est. Equity',
      'Lender Name',
      'Default Amount',
      'Default Date',
      'Auction Date',
      'Phone 1',
      'Phone 2',
      'Email 1',
    ],
    rows: shuffled(groups, rnd),
  };
}

/** A BatchLeads probate list: the decedent as owner, skip-traced phones and emails, the personal representative. */
function probate(county: DemoCounty, parcels: DemoParcel[], rnd: Random): DemoListFile {
  const groups = parcels.map((p) => {
    const owner = county.owners[p.ownerId]!;
    const decedent = owner.people[0];
    const representative = decedent
      ? `${rnd.pick(['Mary', 'James', 'Linda', 'Robert', 'Susan', 'David', 'Karen', 'Michael'])} ${decedent.last}`
      : '';
    const filed = addDays(county.asOf, -rnd.between(10, 330));
    const estimate = Math.round((p.marketValue * (0.93 + 0.15 * rnd.next())) / 500) * 500;
    return [
      [
        spellStreetLine(p.address, rnd, 'vendor'),
        spellCity(p.address.city, rnd, 'vendor'),
        p.address.state,
        p.address.zip,
        owner.firstName,
        owner.lastName,
        spellStreetLine(owner.mailing, rnd, 'vendor'),
        spellCity(owner.mailing.city, rnd, 'vendor'),
        owner.mailing.state,
        owner.mailing.zip,
        owner.phones[0] ? phoneText(owner.phones[0], rnd) : '',
        owner.phones[0] ? rnd.pick(['Mobile', 'Landline', 'Mobile']) : '',
        owner.phones[1] ? phoneText(owner.phones[1], rnd) : '',
        owner.phones[1] ? rnd.pick(['Mobile', 'Landline']) : '',
        owner.emails[0] ?? '',
        owner.emails[1] ?? '',
        num(p.beds),
        num(p.baths),
        num(p.livingSqft),
        num(p.yearBuilt),
        money(estimate),
        money(estimate - p.mortgageBalance),
        `${filed.slice(0, 4)}-PR-${String(rnd.between(100, 999)).padStart(4, '0')}`,
        usDate(filed, false),
        representative,
        rnd.pick(['', 'Hale & Dorsey PC', 'Law Office of K. Brandt', 'Ashford Legal Aid']),
      ],
    ];
  });
  return {
    key: 'probate',
    ...DEMO_LISTS.probate,
    fileName: 'batchleads-probate.csv',
    header: [
      'Property Address',
      'Property City',
      'Property State',
      'Property Zip',
      'Owner First Name',
      'Owner Last Name',
      'Mailing Address',
      'Mailing City',
      'Mailing State',
      'Mailing Zip',
      'Phone 1',
      'Phone 1 Type',
      'Phone 2',
      'Phone 2 Type',
      'Email 1',
      'Email 2',
      'Bedrooms',
      'Bathrooms',
      'Square Footage',
      'Year Built',
      'Estimated Value',
      'Estimated Equity',
      'Case Number',
      'Filing Date',
      'Personal Representative',
      'Attorney',
    ],
    rows: shuffled(groups, rnd),
  };
}

/**
 * The city's code-enforcement log, kept by hand: no owner, no state, the city
 * often left out, every spelling habit — and a few typos that make a look-alike.
 */
function codeViolations(county: DemoCounty, parcels: DemoParcel[], rnd: Random): { file: DemoListFile; lookAlikes: number } {
  const year = county.asOf.slice(2, 4);
  let caseNumber = 1000;
  const misspelled = new Set<string>();
  const groups = parcels.map((p) => {
    const cases = rnd.chance(0.18) ? 2 : 1;
    const rows: string[][] = [];
    for (let c = 0; c < cases; c++) {
      let address: DemoAddress = p.address;
      const typo = rnd.chance(0.015) ? misspellStreet(p.address, rnd) : undefined;
      if (typo) {
        address = typo;
        misspelled.add(`${typo.zip}|${streetLine(typo).toUpperCase()}`);
      }
      const opened = addDays(county.asOf, -rnd.between(5, 700));
      rows.push([
        `CE-${year}-${String(caseNumber++).padStart(5, '0')}`,
        usDate(opened, false),
        spellStreetLine(address, rnd, 'hand'),
        spellCity(p.address.city, rnd, 'hand'),
        p.address.zip,
        rnd.pick(VIOLATIONS),
        rnd.pick(INSPECTORS),
        rnd.pick(['Open', 'Open', 'Re-inspect', 'Citation issued', 'Closed - complied']),
        rnd.chance(0.3) ? 'owner not responding' : '',
      ]);
    }
    return rows;
  });
  return {
    file: {
      key: 'codeViolations',
      ...DEMO_LISTS.codeViolations,
      fileName: 'code-enforcement-cases.csv',
      header: ['Case #', 'Date Opened', 'Address', 'City', 'Zip', 'Violation', 'Inspector', 'Status', 'Notes'],
      rows: shuffled(groups, rnd),
    },
    lookAlikes: misspelled.size,
  };
}

/** DealMachine's lead statuses for the demo team's outcomes. */
const LEAD_STATUS: Record<Outcome, string> = {
  contacted: 'Contacted',
  appointment: 'Appointment Set',
  under_contract: 'Under Contract',
  won: 'Won Deal',
  dead: 'Dead Deal',
};

/**
 * A DealMachine export of the team's driving-for-dollars sessions: full one-line
 * addresses, owner full names, tags, and the lead status the team keeps there
 * (imported as the parcel's outcome).
 */
function vacant(county: DemoCounty, parcels: DemoParcel[], rnd: Random): DemoListFile {
  const outcomeOf = new Map(county.outcomes.map((o) => [o.parcelIndex, o.outcome]));
  const groups = parcels.map((p) => {
    const outcome = outcomeOf.get(p.index);
    const owner = county.owners[p.ownerId]!;
    const line = spellStreetLine(p.address, rnd, 'vendor');
    const city = spellCity(p.address.city, rnd, 'vendor');
    const notes = [rnd.pick(DRIVE_BY_NOTES)];
    if (rnd.chance(0.4)) notes.push(rnd.pick(DRIVE_BY_NOTES));
    const row = () => [
      `${line}, ${city}, ${p.address.state} ${p.address.zip}`,
      line,
      city,
      p.address.state,
      p.address.zip,
      fullName(owner),
      spellStreetLine(owner.mailing, rnd, 'vendor'),
      spellCity(owner.mailing.city, rnd, 'vendor'),
      owner.mailing.state,
      owner.mailing.zip,
      owner.phones[0] ? phoneText(owner.phones[0], rnd) : '',
      owner.emails[0] ?? '',
      addDays(county.asOf, -rnd.between(1, 400)),
      ['Vacant', ...new Set(notes)].join('; '),
      outcome ? LEAD_STATUS[outcome] : rnd.pick(['New Lead', 'New Lead', 'Mailers Sent']),
    ];
    // Driven past twice now and then.
    return rnd.chance(0.06) ? [row(), row()] : [row()];
  });
  return {
    key: 'vacant',
    ...DEMO_LISTS.vacant,
    fileName: 'dealmachine-driving-for-dollars.csv',
    header: [
      'Property Address Full',
      'Property Address Line 1',
      'Property Address City',
      'Property Address State',
      'Property Address Zipcode',
      'Owner 1 Full Name',
      'Owner Address Line 1',
      'Owner Address City',
      'Owner Address State',
      'Owner Address Zip',
      'Phone 1',
      'Email 1',
      'Date Added',
      'Tags',
      'Lead Status',
    ],
    rows: shuffled(groups, rnd),
  };
}

/** The six files, the roll first; the same county gives the same bytes. */
export function buildCountyFiles(county: DemoCounty): DemoFiles {
  const rnd = seededRandom(county.seed).fork('files');
  const on = (key: DistressKey) => county.distress[key].map((i) => county.parcels[i]!);
  const code = codeViolations(county, on('codeViolations'), rnd.fork('codeViolations'));
  return {
    files: [
      roll(county, rnd.fork('roll')),
      taxDelinquent(county, on('taxDelinquent'), rnd.fork('taxDelinquent')),
      preForeclosure(county, on('preForeclosure'), rnd.fork('preForeclosure')),
      probate(county, on('probate'), rnd.fork('probate')),
      code.file,
      vacant(county, on('vacant'), rnd.fork('vacant')),
    ],
    lookAlikes: code.lookAlikes,
  };
}

export function toCsv(file: Pick<DemoListFile, 'header' | 'rows'>): string {
  const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [file.header, ...file.rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
