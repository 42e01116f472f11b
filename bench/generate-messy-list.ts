/**
 * Writes a messy list CSV in a layout none of the other generators use — a county
 * export with odd headers in another order, extra columns nobody maps, the same
 * house spelled many ways (N / North / N., St / Street / St., "Apt 4" / "#4" /
 * the unit in its own column, any case, doubled spaces, the whole address in one
 * cell, ZIP+4, New England ZIPs that lost their leading zero) — and returns what
 * is true about it: how many parcels it names, which rows must be rejected and
 * how many rows carry a value that must be left out.
 *
 * Planted on purpose: about 4 % of rows carry a junk phone or email (each such
 * row must import with a warning), a few APN rows whose address cannot be read
 * (imported by APN, the address left out), a few rows with neither an address nor
 * an APN, and a few with an impossible location (a state outside the US, or a
 * ZIP that cannot be one and nothing else placing the house). Seeded: the same
 * file every run.
 */
import fs from 'node:fs';
import { mulberry32 } from '../src/platform/random/mulberry32.js';

export const MESSY_HEADER = [
  'Record ID',
  'OWNER NAME 1',
  'Site Addr',
  'Unit #',
  'SITE CITY',
  'Site State',
  'Situs Zip Code',
  'Parcel #',
  'County Name',
  'Mail Addr',
  'Mail City',
  'Mail State',
  'Mail Zip',
  'Phone Number 1',
  'Phone Number 2',
  'E-Mail',
  'Yr Built',
  'Beds',
  'Baths',
  'Living Sq Ft',
  'Assessed Total',
  'Last Sale Dt',
  'Last Sale Amt',
  'Notes',
  'Legal Desc',
  'Marketing Flag',
];

/** What the file holds, known from how it was written. */
export interface MessyListTruth {
  rows: number;
  /** Distinct parcels named by the rows that must import. */
  parcels: number;
  /** Line numbers in the file (the header is line 1) of the rows that must be rejected. */
  rejectedLines: number[];
  /** Rows that must import with at least one value left out. */
  warnedRows: number;
  /** Of those, rows with a junk phone or email. */
  junkContactRows: number;
}

const STREETS = ['Main', 'Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Walnut', 'Lincoln', 'Jackson', 'Franklin', 'Willow', 'Chestnut'];
const ORDINALS: [string, string][] = [
  ['1st', 'First'],
  ['2nd', 'Second'],
  ['3rd', 'Third'],
  ['5th', 'Fifth'],
];
const SUFFIXES = [
  ['Street', 'St', 'St.', 'STREET', 'ST'],
  ['Avenue', 'Ave', 'Ave.', 'AVE', 'Av'],
  ['Road', 'Rd', 'Rd.', 'ROAD'],
  ['Drive', 'Dr', 'Dr.', 'DRIVE'],
  ['Court', 'Ct', 'CT'],
  ['Lane', 'Ln', 'LN'],
];
const DIRECTIONS: [string, string][] = [
  ['N', 'North'],
  ['S', 'South'],
  ['E', 'East'],
  ['W', 'West'],
];
/** City, state spellings, ZIP prefix, county: two New England towns whose ZIPs start with 0. */
const PLACES: [string, string[], string, string][] = [
  ['Springfield', ['IL', 'Illinois', 'il'], '627', 'Sangamon'],
  ['Peoria', ['IL', 'Ill.'], '616', 'Peoria'],
  ['Worcester', ['MA', 'Mass', 'Massachusetts'], '016', 'Worcester'],
  ['Trenton', ['NJ', 'New Jersey'], '086', 'Mercer'],
  ['Madison', ['WI', 'Wisconsin'], '537', 'Dane'],
  ['Toledo', ['OH', 'Ohio'], '436', 'Lucas'],
];
const FIRST = ['John', 'Mary', 'James', 'Linda', 'Robert', 'Susan', 'Michael', 'Karen', 'David', 'Nancy', 'Carlos', 'Mei'];
const LAST = ['Smith', 'Johnson', 'Garcia', 'Miller', 'Davis', 'Lopez', 'Wilson', 'Anderson', 'Nguyen', 'Patel', 'Kowalski', 'OBrien'];
const ENTITIES = ['HOLDINGS LLC', 'PROPERTIES LLC', 'INVESTMENTS INC', 'FAMILY TRUST'];
const AREA_CODES = ['217', '309', '312', '508', '609', '608', '419', '773'];
const JUNK_PHONES = ['(000) 000-0000', '123-456-7890', '555-1234', '999-999-9999', '(312) 555-01', '1-800-FLOWERS', 'call after 5'];
const JUNK_EMAILS = [
  'john@@example.com',
  'jane.example.com',
  'bob@example',
  'jane@example..com',
  '@example.com',
  'sue@exa mple.com',
  'bob@-example.com',
];
const UNREADABLE = ['SEE LEGAL DESCRIPTION', 'VACANT LAND', 'NO SITUS ADDRESS', 'ROW'];
const FOREIGN_STATES = ['ZZ', 'Ontario', 'XX', 'Quebec', 'Baja California'];
const NOTES = ['', '', '', 'called 3x; left vm', 'DNC?', 'tenant occupied, "nice" yard', 'see file 12,3', 'n/a'];

interface Parcel {
  apn: string | null;
  number: number;
  direction: number;
  street: string;
  ordinal: number;
  suffix: number;
  unit: number;
  place: number;
  zip: string;
  owner: { first: string; last: string } | { entity: string };
  mailing: string | null;
  phone: string;
  year: number;
  beds: number;
  baths: number;
  sqft: number;
  value: number;
}

function csv(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes `rows` data rows (plus the header) to `file` and returns what is true about them. */
export async function generateMessyList(file: string, rows: number, options: { seed?: number } = {}): Promise<MessyListTruth> {
  const next = mulberry32(options.seed ?? 20_240_611);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;

  const parcels: Parcel[] = [];
  const rejectedLines: number[] = [];
  let warnedRows = 0;
  let junkContactRows = 0;
  let nextApn = 1;
  const newParcel = (): Parcel => {
    const place = int(PLACES.length);
    return {
      apn: chance(0.9) ? `${String(10 + place)}-${String(nextApn++).padStart(7, '0')}` : null,
      number: 1 + int(9899),
      direction: chance(0.35) ? int(DIRECTIONS.length) : -1,
      street: pick(STREETS),
      ordinal: chance(0.12) ? int(ORDINALS.length) : -1,
      suffix: int(SUFFIXES.length),
      unit: chance(0.12) ? 1 + int(40) : 0,
      place,
      zip: `${PLACES[place]![2]}${String(1 + int(98)).padStart(2, '0')}`,
      owner: chance(0.15) ? { entity: `${pick(LAST).toUpperCase()} ${pick(ENTITIES)}` } : { first: pick(FIRST), last: pick(LAST) },
      mailing: chance(0.3) ? `PO Box ${100 + int(9000)}` : null,
      phone: `${pick(AREA_CODES)}${200 + int(7) * 100 + 22 + int(70)}${String(1000 + int(9000))}`,
      year: 1900 + int(123),
      beds: 1 + int(5),
      baths: 1 + int(5) / 2,
      sqft: 600 + int(3400),
      value: 40_000 + int(460_000),
    };
  };

  /** One of the many ways a list writes the parcel's street line (and maybe its unit). */
  const streetLine = (p: Parcel, unitInLine: boolean): string => {
    const words = [String(p.number)];
    if (p.direction >= 0) {
      const [short, long] = DIRECTIONS[p.direction]!;
      words.push(pick([short, long, `${short}.`]));
    }
    words.push(p.ordinal >= 0 ? pick(ORDINALS[p.ordinal]!) : p.street);
    words.push(pick(SUFFIXES[p.suffix]!));
    if (unitInLine && p.unit > 0) words.push(pick([`Apt ${p.unit}`, `#${p.unit}`, `Unit ${p.unit}`, `APT. ${p.unit}`, `# ${p.unit}`]));
    const line = words.join(chance(0.15) ? '  ' : ' ');
    const cased = next();
    return cased < 0.25 ? line.toUpperCase() : cased < 0.35 ? line.toLowerCase() : line;
  };

  const out = fs.createWriteStream(file);
  const write = (line: string) =>
    out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(MESSY_HEADER.map(csv).join(',') + '\n');

  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    const bad = next();
    const cells: Record<string, string | number> = { 'Record ID': `R-${100_000 + i}`, Notes: pick(NOTES) };
    if (bad < 0.006) {
      // Planted rows that must be rejected, about parcels nobody else names.
      rejectedLines.push(line);
      const p = newParcel();
      const [city, states] = PLACES[p.place]!;
      Object.assign(cells, {
        'OWNER NAME 1': 'DOE JANE',
        'Phone Number 1': `(${p.phone.slice(0, 3)}) ${p.phone.slice(3, 6)}-${p.phone.slice(6)}`,
      });
      if (bad < 0.003) Object.assign(cells, { 'SITE CITY': city, 'Site State': states[0]!, 'Situs Zip Code': p.zip });
      else if (bad < 0.005)
        Object.assign(cells, {
          'Site Addr': streetLine(p, true),
          'SITE CITY': 'Somewhere',
          'Site State': pick(FOREIGN_STATES),
          'Parcel #': p.apn ?? '',
        });
      else Object.assign(cells, { 'Site Addr': streetLine(p, true), 'Situs Zip Code': pick(['ABCDE', '9O21O', 'ZIP']) });
      await write(MESSY_HEADER.map((h) => csv(cells[h] ?? '')).join(',') + '\n');
      continue;
    }

    const repeat = parcels.length > 50 && chance(0.3);
    const p = repeat ? parcels[int(parcels.length)]! : newParcel();
    if (!repeat) parcels.push(p);
    const [city, states, , county] = PLACES[p.place]!;
    let warned = false;

    // The parcel's first row names it fully; later rows may leave the APN or the address out.
    const withApn = p.apn !== null && (!repeat || chance(0.6));
    const apnOnly = repeat && withApn && chance(0.02);
    const unreadable = repeat && withApn && !apnOnly && chance(0.004);
    cells['Parcel #'] = withApn ? p.apn! : '';
    cells['County Name'] = withApn ? pick([county, county.toUpperCase(), county, '']) : pick([county, '']);
    const zip = p.zip.startsWith('0') && chance(0.4) ? p.zip.slice(1) : chance(0.15) ? `${p.zip}-${String(1000 + int(9000))}` : p.zip;
    if (unreadable) {
      cells['Site Addr'] = pick(UNREADABLE);
      warned = true;
    } else if (!apnOnly) {
      const unitColumn = p.unit > 0 && chance(0.3);
      if (unitColumn) cells['Unit #'] = pick([String(p.unit), `#${p.unit}`]);
      const street = streetLine(p, !unitColumn);
      cells['Site Addr'] = chance(0.1) ? `${street}, ${city.toUpperCase()}, ${states[0]} ${p.zip}` : street;
    }
    cells['SITE CITY'] = pick([city, city.toUpperCase(), city.toLowerCase(), city]);
    cells['Site State'] = pick(states);
    cells['Situs Zip Code'] = zip;

    const owner = 'entity' in p.owner ? p.owner.entity : p.owner;
    if (chance(0.95)) {
      cells['OWNER NAME 1'] =
        typeof owner === 'string'
          ? owner
          : pick([
              `${owner.last.toUpperCase()} ${owner.first.toUpperCase()}`,
              `${owner.last}, ${owner.first}`,
              `${owner.first} ${owner.last}`,
            ]);
    }
    if (p.mailing) Object.assign(cells, { 'Mail Addr': p.mailing, 'Mail City': city, 'Mail State': states[0]!, 'Mail Zip': p.zip });
    const digits = p.phone;
    if (chance(0.7))
      cells['Phone Number 1'] = pick([
        `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
        `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`,
        `1${digits}`,
        `+1 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`,
      ]);
    if (chance(0.3)) cells['E-Mail'] = `${'first' in p.owner ? p.owner.first : 'info'}.${p.number}@example.com`.toLowerCase();
    if (chance(0.04)) {
      if (chance(0.6)) cells[chance(0.5) ? 'Phone Number 1' : 'Phone Number 2'] = pick(JUNK_PHONES);
      else cells['E-Mail'] = pick(JUNK_EMAILS);
      junkContactRows++;
      warned = true;
    }
    if (warned) warnedRows++;

    Object.assign(cells, {
      'Yr Built': p.year,
      Beds: p.beds,
      Baths: p.baths,
      'Living Sq Ft': chance(0.5) ? p.sqft.toLocaleString('en-US') : p.sqft,
      'Assessed Total': chance(0.5) ? `$${p.value.toLocaleString('en-US')}` : p.value,
      'Last Sale Dt': pick([`${1 + int(12)}/${1 + int(28)}/${2000 + int(24)}`, `20${10 + int(14)}-0${1 + int(9)}-1${int(9)}`, '']),
      'Last Sale Amt': chance(0.7) ? 50_000 + int(400_000) : '',
      'Legal Desc': `LOT ${1 + int(40)} BLK ${1 + int(12)} ${p.street.toUpperCase()} ADDN`,
      'Marketing Flag': pick(['Y', 'N', '', 'y']),
    });
    await write(MESSY_HEADER.map((h) => csv(cells[h] ?? '')).join(',') + '\n');
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { rows, parcels: parcels.length, rejectedLines, warnedRows, junkContactRows };
}
