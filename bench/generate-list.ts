/**
 * Writes a synthetic list CSV the way real exports look: mixed case, abbreviations
 * and spelled-out words, units as "#4" or "Apt 4", county-style owner names, phones
 * in every format, about 1 % bad rows, and a share of rows that repeat an earlier
 * property spelled differently (half of them without the APN).
 */
import fs from 'node:fs';
import { mulberry32 } from '../src/platform/random/mulberry32.js';

const STREETS = [
  'Main',
  'Oak',
  'Maple',
  'Cedar',
  'Pine',
  'Elm',
  'Washington',
  'Lake',
  'Hill',
  'Park',
  'Sunset',
  'Highland',
  'Ridge',
  'Church',
  'Mill',
  'River',
  'Spring',
  'Forest',
  'Meadow',
  'Lincoln',
  'Jackson',
  'Franklin',
  'Cherry',
  'Walnut',
  'Willow',
  'Chestnut',
  'Dogwood',
  'Magnolia',
  'Poplar',
  'Hickory',
];
const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th', '9th', '10th', '11th', '12th'];
const SUFFIXES: [string, string[]][] = [
  ['ST', ['Street', 'St', 'St.', 'STREET', 'Str']],
  ['AVE', ['Avenue', 'Ave', 'Ave.', 'AVENUE', 'Av']],
  ['RD', ['Road', 'Rd', 'Rd.', 'ROAD']],
  ['DR', ['Drive', 'Dr', 'Dr.', 'DRIVE']],
  ['LN', ['Lane', 'Ln', 'LANE']],
  ['CT', ['Court', 'Ct', 'CRT']],
  ['BLVD', ['Boulevard', 'Blvd', 'BLVD.']],
  ['PL', ['Place', 'Pl']],
];
const DIRECTIONS: [string, string][] = [
  ['N', 'North'],
  ['S', 'South'],
  ['E', 'East'],
  ['W', 'West'],
];
const CITIES: [string, string, string][] = [
  ['Springfield', 'IL', '627'],
  ['Decatur', 'IL', '625'],
  ['Peoria', 'IL', '616'],
  ['Champaign', 'IL', '618'],
  ['Bloomington', 'IL', '617'],
];
const FIRST = [
  'John',
  'Mary',
  'James',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
];
const ENTITIES = ['Holdings LLC', 'Properties LLC', 'Investments Inc', 'Realty Group LLC', 'Family Trust', 'Capital LP'];
const AREA_CODES = ['217', '309', '312', '630', '708', '773', '815', '847'];

export const HEADER = [
  'APN',
  'Property Address',
  'City',
  'State',
  'Zip',
  'Owner Name',
  'Mailing Address',
  'Mailing City',
  'Mailing State',
  'Mailing Zip',
  'Bedrooms',
  'Bathrooms',
  'Building Sqft',
  'Year Built',
  'Est. Value',
  'Total Open Loans',
  'Last Sale Date',
  'Last Sale Amount',
  'Phone',
  'Email',
];

/** A small, fast, seeded generator so every run writes the same file. */
function random(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

interface Property {
  apn: string;
  number: number;
  direction: number;
  street: string;
  suffix: number;
  unit: number;
  city: number;
  zip: string;
  owner: string;
  /** Mailing street for absentee owners: the same on every row of the property. */
  mailing: string | null;
  beds: number;
  baths: number;
  sqft: number;
  year: number;
  value: number;
  loans: number;
  phone: string;
}

function csv(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes `rows` data rows (plus the header) to `file`; `duplicateShare` of them repeat earlier properties. */
export async function generateList(file: string, rows: number, options: { duplicateShare?: number; seed?: number } = {}): Promise<void> {
  const rnd = random(options.seed ?? 42);
  const duplicateShare = options.duplicateShare ?? 0.25;
  const properties: Property[] = [];
  const out = fs.createWriteStream(file);
  const write = (line: string) =>
    out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));

  const spell = (p: Property, variant: boolean): string => {
    const [, suffixSpellings] = SUFFIXES[p.suffix]!;
    const direction = p.direction >= 0 ? DIRECTIONS[p.direction]! : undefined;
    const parts = [String(p.number)];
    if (direction) parts.push(variant ? direction[1] : direction[0]);
    parts.push(variant ? p.street.toUpperCase() : p.street, rnd.pick(suffixSpellings));
    if (p.unit > 0) parts.push(variant ? `#${p.unit}` : rnd.pick(['Apt', 'Unit', 'APT']) + ` ${p.unit}`);
    const line = parts.join(variant && rnd.next() < 0.3 ? '  ' : ' ');
    return rnd.next() < 0.2 ? line.toUpperCase() : line;
  };

  await write(HEADER.join(',') + '\n');
  for (let i = 0; i < rows; i++) {
    const repeat = properties.length > 100 && rnd.next() < duplicateShare;
    let p: Property;
    if (repeat) {
      p = properties[rnd.int(properties.length)]!;
    } else {
      const zip3 = CITIES[rnd.int(CITIES.length)]![2];
      const last = rnd.pick(LAST);
      const entity = rnd.next() < 0.15;
      p = {
        apn: `${String(rnd.int(1000)).padStart(3, '0')}-${String(rnd.int(1000)).padStart(3, '0')}-${String(properties.length % 100).padStart(2, '0')}`,
        number: 1 + rnd.int(9999),
        direction: rnd.next() < 0.3 ? rnd.int(4) : -1,
        street: rnd.next() < 0.15 ? rnd.pick(ORDINALS) : rnd.pick(STREETS),
        suffix: rnd.int(SUFFIXES.length),
        unit: rnd.next() < 0.1 ? 1 + rnd.int(30) : 0,
        city: CITIES.findIndex((c) => c[2] === zip3),
        zip: `${zip3}${String(rnd.int(100)).padStart(2, '0')}`,
        owner: entity
          ? `${last.toUpperCase()} ${rnd.pick(ENTITIES).toUpperCase()}`
          : `${last.toUpperCase()} ${rnd.pick(FIRST).toUpperCase()}${rnd.next() < 0.3 ? ` & ${rnd.pick(FIRST).toUpperCase()}` : ''}`,
        mailing: rnd.next() < 0.35 ? `${100 + rnd.int(900)} ${rnd.pick(STREETS)} Ave` : null,
        beds: 1 + rnd.int(5),
        baths: 1 + rnd.int(4) / 2,
        sqft: 600 + rnd.int(3400),
        year: 1900 + rnd.int(124),
        value: 50_000 + rnd.int(450_000),
        loans: rnd.next() < 0.4 ? 0 : rnd.int(300_000),
        phone: `${rnd.pick(AREA_CODES)}${200 + rnd.int(800)}${String(rnd.int(10_000)).padStart(4, '0')}`,
      };
      properties.push(p);
    }
    const [cityName, state] = CITIES[p.city]!;
    const situs = spell(p, repeat);
    const mailing = p.mailing ?? situs;
    const phone =
      rnd.next() < 0.5
        ? `(${p.phone.slice(0, 3)}) ${p.phone.slice(3, 6)}-${p.phone.slice(6)}`
        : rnd.next() < 0.5
          ? `${p.phone.slice(0, 3)}.${p.phone.slice(3, 6)}.${p.phone.slice(6)}`
          : `1${p.phone}`;
    const bad = rnd.next() < 0.01 ? rnd.int(3) : -1;
    const row = [
      repeat && rnd.next() < 0.5 ? '' : p.apn,
      situs,
      repeat ? cityName.toUpperCase() : cityName,
      state,
      bad === 0 ? p.zip.slice(0, 3) + 'X1' : p.zip,
      p.owner,
      mailing,
      cityName,
      state,
      p.zip,
      p.beds,
      p.baths,
      p.sqft,
      bad === 1 ? 3021 : p.year,
      `$${p.value.toLocaleString('en-US')}`,
      p.loans,
      `${1 + rnd.int(12)}/${1 + rnd.int(28)}/${2000 + rnd.int(24)}`,
      100_000 + rnd.int(300_000),
      phone,
      bad === 2 ? 'owner@@example' : rnd.next() < 0.3 ? `${p.owner.split(' ')[0]!.toLowerCase()}${p.number}@example.com` : '',
    ];
    await write(row.map(csv).join(',') + '\n');
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
