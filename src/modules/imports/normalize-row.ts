import { createHash } from 'node:crypto';
import { normalizeAddress, type NormalizedAddress } from '../properties/address/normalize-address.js';
import { normalizeEmail, splitEmails } from '../properties/contacts/email.js';
import { ownerNameKey, parseOwnerName, type ParsedOwner } from '../properties/contacts/owner-name.js';
import { normalizePhone, splitPhones } from '../properties/contacts/phone.js';
import { parseOutcome, type Outcome } from '../scoring/outcomes.js';
import type { ColumnMapping, ImportField } from './fields.js';

/** The parcel facts a row gives, in database units; absent ones are undefined. */
export interface ParcelFacts {
  apn?: string;
  county?: string;
  fips?: string;
  latitude?: number;
  longitude?: number;
  property_type?: string;
  beds?: number;
  baths?: number;
  living_sqft?: number;
  lot_sqft?: number;
  year_built?: number;
  assessed_value?: number;
  market_value?: number;
  last_sale_date?: string;
  last_sale_price?: number;
  mortgage_balance?: number;
  /** What the list says of the mortgage when it may give no balance: unknown (absent) is not "no". */
  free_and_clear?: boolean;
  tax_owed?: number;
  occupancy?: string;
}

export interface OwnerRecord {
  parsed: ParsedOwner;
  nameKey: string;
  mailing: NormalizedAddress | null;
  phones: { e164: string; lineType: string }[];
  emails: string[];
}

/** A value a row gave that cannot be used: it is left out, and the rest of the row is imported. */
export interface DroppedValue {
  /** Index of the cell in the row. */
  column: number;
  /** The field the column is mapped to; null for a column the mapping leaves out. */
  field: ImportField | null;
  /** The value as given, less any characters that cannot be stored. */
  value: string;
  reason: string;
}

export interface NormalizedRow {
  rowNumber: number;
  address: NormalizedAddress | null;
  facts: ParcelFacts;
  owners: OwnerRecord[];
  /** What came of working the lead, when the list says. */
  outcome?: Outcome;
  /** Values left out of the row, each with its reason; not part of the hash. */
  warnings: DroppedValue[];
  /** Digest of the normalized content above: the same row imported again has the same hash. */
  hash: string;
}

/** `cells` are the row's cells as they can be stored: the raw record kept with a reject or a warning. */
export type RowOutcome =
  { ok: true; row: NormalizedRow; cells: string[] } | { ok: false; rowNumber: number; reasons: string[]; cells: string[] };

const CURRENT_YEAR = new Date().getUTCFullYear();
const MONEY = /^-?\$?\s*-?[\d,]*\.?\d+$/;
/** The largest amount a numeric(14, 2) column holds. */
const MAX_AMOUNT = 999_999_999_999;
/** The largest lot a 32-bit integer of square feet holds (about 49,000 acres). */
const MAX_LOT_SQFT = 2_000_000_000;
/**
 * Cells that say a value is missing, read as empty: nothing is lost, so nothing is
 * reported. Spreadsheet error values (#N/A, #REF!…) count as missing too.
 */
const MISSING = new Set([
  'n/a',
  'na',
  '#n/a',
  'none',
  'null',
  'nil',
  'unknown',
  '-',
  '--',
  '?',
  '#value!',
  '#ref!',
  '#div/0!',
  '#name?',
  '#num!',
  '#null!',
]);
const MISSING_MAX_LENGTH = 7;
/** NUL (PostgreSQL cannot store it) and unpaired UTF-16 surrogates (not text; no JSON carries them to the database). */
// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const UNSTORABLE = /\u0000|\p{Cs}/gu;
// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const HAS_UNSTORABLE = /\u0000|\p{Cs}/u;
const UNKNOWN_OWNER = 'Unknown owner';

/** Column index of each mapped field, resolved once per import from the header row. */
export type FieldColumns = Partial<Record<ImportField, number>>;

export function resolveColumns(headers: string[], mapping: ColumnMapping): { columns: FieldColumns; missing: string[] } {
  const columns: FieldColumns = {};
  const missing: string[] = [];
  for (const [header, field] of Object.entries(mapping.columns)) {
    const index = headers.indexOf(header);
    if (index === -1) missing.push(header);
    else columns[field] = index;
  }
  return { columns, missing };
}

/** The text without NUL bytes and unpaired surrogates, the characters PostgreSQL cannot take. */
export function storableText(value: string): string {
  return HAS_UNSTORABLE.test(value) ? value.replace(UNSTORABLE, '') : value;
}

/** The cells with unstorable characters removed, each cleaned cell reported; the same array when none needed it. */
function storableCells(cells: string[], columns: FieldColumns, warnings: DroppedValue[]): string[] {
  let clean = cells;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === undefined || !HAS_UNSTORABLE.test(cell)) continue;
    if (clean === cells) clean = [...cells];
    clean[i] = cell.replace(UNSTORABLE, '');
    const field = (Object.entries(columns) as [ImportField, number][]).find(([, index]) => index === i)?.[0] ?? null;
    warnings.push({ column: i, field, value: clean[i]!, reason: 'removed NUL bytes or unpaired surrogates, which cannot be stored' });
  }
  return clean;
}

/**
 * Turns one raw row into normalized parcel, owner and contact data. A value that
 * fails its check is left out and reported in `warnings`; the row is refused, with
 * every reason, only when it names no property (neither a readable address nor an
 * APN) or an impossible location (see docs/imports.md). Never throws on bad data.
 */
export function normalizeRow(rowNumber: number, rawCells: string[], columns: FieldColumns): RowOutcome {
  const warnings: DroppedValue[] = [];
  const cells = storableCells(rawCells, columns, warnings);
  const reasons: string[] = [];
  const get = (field: ImportField): string => {
    const index = columns[field];
    if (index === undefined) return '';
    const value = (cells[index] ?? '').trim();
    return value.length <= MISSING_MAX_LENGTH && MISSING.has(value.toLowerCase()) ? '' : value;
  };
  const drop = (field: ImportField, value: string, reason: string) => {
    warnings.push({ column: columns[field]!, field, value, reason });
  };
  const number = (
    field: ImportField,
    label: string,
    options: { integer?: boolean; min?: number; max?: number } = {},
  ): number | undefined => {
    const raw = get(field);
    if (!raw) return undefined;
    const cleaned = raw.replace(/[$,\s]/g, '');
    const value = MONEY.test(raw) || /^-?\d*\.?\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
    if (!Number.isFinite(value)) {
      drop(field, raw, `${label} is not a number: "${raw}"`);
      return undefined;
    }
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      drop(field, raw, `${label} ${raw} is out of range`);
      return undefined;
    }
    return options.integer ? Math.round(value) : value;
  };
  const amount = (field: ImportField, label: string) => number(field, label, { min: 0, max: MAX_AMOUNT });

  const facts: ParcelFacts = {};
  const text = (field: ImportField & keyof ParcelFacts) => {
    const value = get(field);
    if (value) (facts as Record<string, unknown>)[field] = value.slice(0, 200);
  };
  text('county');
  text('property_type');
  text('occupancy');
  const apn = get('apn').toUpperCase();
  if (apn) facts.apn = apn.slice(0, 100);
  const fips = get('fips');
  if (fips) {
    if (/^\d{5}$/.test(fips)) facts.fips = fips;
    else drop('fips', fips, `FIPS code must be 5 digits: "${fips}"`);
  }

  const yearRaw = get('year_built');
  if (yearRaw) {
    const year = Number(yearRaw);
    if (!Number.isInteger(year) || year < 1700 || year > CURRENT_YEAR + 1)
      drop('year_built', yearRaw, `impossible year built: "${yearRaw}"`);
    else facts.year_built = year;
  }
  facts.beds = number('beds', 'bedrooms', { min: 0, max: 99 });
  facts.baths = number('baths', 'bathrooms', { min: 0, max: 99 });
  facts.living_sqft = number('living_sqft', 'living area', { integer: true, min: 0, max: 10_000_000 });
  facts.lot_sqft = number('lot_sqft', 'lot size', { integer: true, min: 0, max: MAX_LOT_SQFT });
  const acres = number('lot_acres', 'lot acres', { min: 0, max: MAX_LOT_SQFT / 43_560 });
  if (facts.lot_sqft === undefined && acres !== undefined) facts.lot_sqft = Math.round(acres * 43_560);
  facts.assessed_value = amount('assessed_value', 'assessed value');
  facts.market_value = amount('market_value', 'market value');
  facts.last_sale_price = amount('last_sale_price', 'last sale price');
  facts.mortgage_balance = amount('mortgage_balance', 'open mortgage');
  const freeAndClear = get('free_and_clear');
  if (freeAndClear) {
    const said = yesOrNo(freeAndClear);
    if (said === undefined) drop('free_and_clear', freeAndClear, `free and clear is neither yes nor no: "${freeAndClear}"`);
    else facts.free_and_clear = said;
  }
  facts.tax_owed = amount('tax_owed', 'tax owed');
  facts.latitude = number('latitude', 'latitude', { min: -90, max: 90 });
  facts.longitude = number('longitude', 'longitude', { min: -180, max: 180 });
  const saleDate = get('last_sale_date');
  if (saleDate) {
    const date = parseDate(saleDate);
    if (date) facts.last_sale_date = date;
    else drop('last_sale_date', saleDate, `last sale date is not a date: "${saleDate}"`);
  }

  // Where the property is. A state outside the US and its territories is a place this
  // platform cannot hold; a ZIP that cannot be one is only dropped while something
  // else (a city, a state, an APN) still places the row.
  const stateRaw = get('situs_state');
  if (stateRaw && !isUsState(stateRaw)) reasons.push(`impossible location: state "${stateRaw}" is not a US state or territory`);
  const zipRaw = get('situs_zip');
  const zip = zipRaw ? normalizeZip(zipRaw) : undefined;
  const unit = get('situs_unit');
  const line = [get('situs_address'), unit && `#${unit.replace(/^#/, '')}`].filter(Boolean).join(' ');
  const address = line ? normalizeAddress(line, { city: get('situs_city') || undefined, state: stateRaw || undefined, zip }) : null;
  if (zipRaw && !zip) {
    if (address?.key && !facts.apn && !address.zip && !address.city && !address.state)
      reasons.push(`impossible location: ZIP code "${zipRaw}" cannot be a ZIP code, and the row names no city or state`);
    else drop('situs_zip', zipRaw, `bad ZIP code: "${zipRaw}"`);
  }
  if (!address?.key) {
    if (!facts.apn) reasons.push(line ? `property address cannot be read: "${line}"` : 'missing property address (and no APN)');
    else if (line) drop(get('situs_address') ? 'situs_address' : 'situs_unit', line, `property address cannot be read: "${line}"`);
  }

  const { owners, mailing, phones, emails } = ownersOf(get, drop);
  if (owners.length === 0 && (phones.length > 0 || emails.length > 0)) {
    // Contacts without a readable name are kept with "the owner" of this mailing address
    // or, without one, of this property: never pooled with another property's.
    const place = mailing?.key ? '' : (address?.key ?? `${(facts.fips ?? facts.county ?? '').toUpperCase()}|${facts.apn ?? ''}`);
    owners.push({ parsed: { kind: 'unknown', display: UNKNOWN_OWNER }, nameKey: `?${place}`, mailing, phones, emails });
  }
  const outcomeRaw = get('outcome');
  const outcome = parseOutcome(outcomeRaw);
  if (outcome === undefined)
    drop(
      'outcome',
      outcomeRaw,
      `unknown outcome "${outcomeRaw}": use contacted, appointment, under contract, won or dead, or leave it empty`,
    );
  if (reasons.length > 0) return { ok: false, rowNumber, reasons: [...reasons, ...warnings.map((w) => w.reason)], cells };
  for (const key of Object.keys(facts) as (keyof ParcelFacts)[]) if (facts[key] === undefined) delete facts[key];
  // A row without an outcome hashes as it did before outcomes existed.
  const digested: unknown[] = [
    address?.key ?? null,
    address?.line1 ?? null,
    address?.city ?? null,
    facts,
    owners.map((o) => [o.nameKey, o.mailing?.key ?? null, o.phones, o.emails]),
  ];
  if (outcome) digested.push(outcome);
  const hash = createHash('sha1').update(JSON.stringify(digested)).digest('base64url');
  return { ok: true, row: { rowNumber, address, facts, owners, ...(outcome ? { outcome } : {}), warnings, hash }, cells };
}

/** Lists repeat a handful of state spellings: each is looked up once. */
const stateSpellings = new Map<string, boolean>();
function isUsState(raw: string): boolean {
  let known = stateSpellings.get(raw);
  if (known === undefined) {
    known = normalizeAddress('', { state: raw }).state !== null;
    if (stateSpellings.size >= 1000) stateSpellings.clear();
    stateSpellings.set(raw, known);
  }
  return known;
}

type Drop = (field: ImportField, value: string, reason: string) => void;

/** The named owners, with the row's mailing address, phones and emails (which go to the first of them). */
function ownersOf(get: (field: ImportField) => string, drop: Drop) {
  const nameField = get('owner_name') ? 'owner_name' : get('owner_last_name') ? 'owner_last_name' : 'owner_first_name';
  const name = nameField === 'owner_name' ? get('owner_name') : [get('owner_first_name'), get('owner_last_name')].filter(Boolean).join(' ');
  const primary = name ? parseOwnerName(name, nameField === 'owner_name' ? {} : { order: 'first-last' }) : null;
  if (primary?.kind === 'unknown') drop(nameField, name, `owner name cannot be read: "${name}"`);
  const secondName = get('owner2_name');
  const second = secondName ? parseOwnerName(secondName) : null;
  if (second?.kind === 'unknown') drop('owner2_name', secondName, `second owner name cannot be read: "${secondName}"`);

  const mailingLine = get('mailing_address');
  const mailingZipRaw = get('mailing_zip');
  const mailingZip = mailingZipRaw ? normalizeZip(mailingZipRaw) : undefined;
  if (mailingZipRaw && !mailingZip) drop('mailing_zip', mailingZipRaw, `bad mailing ZIP code: "${mailingZipRaw}"`);
  const mailing = mailingLine
    ? normalizeAddress(mailingLine, {
        city: get('mailing_city') || undefined,
        state: get('mailing_state') || undefined,
        zip: mailingZip,
      })
    : null;

  const phones: OwnerRecord['phones'] = [];
  for (const field of ['phone', 'phone2', 'phone3'] as const) {
    const cell = get(field);
    if (!cell) continue;
    const candidates = splitPhones(cell);
    if (candidates.length === 0) drop(field, cell, `malformed phone "${cell}": phone has no digits`);
    for (const raw of candidates) {
      const phone = normalizePhone(raw);
      if (!phone.ok) drop(field, raw, `malformed phone "${raw}": ${phone.reason}`);
      else if (!phones.some((p) => p.e164 === phone.e164)) phones.push({ e164: phone.e164, lineType: phone.lineType });
    }
  }
  const emails: string[] = [];
  for (const field of ['email', 'email2'] as const) {
    for (const raw of splitEmails(get(field))) {
      const email = normalizeEmail(raw);
      if (!email.ok) drop(field, raw, `malformed email "${raw}": ${email.reason}`);
      else if (!emails.includes(email.email)) emails.push(email.email);
    }
  }

  const named = [primary, second].filter((owner): owner is ParsedOwner => owner !== null && owner.kind !== 'unknown');
  const owners: OwnerRecord[] = named.map((parsed, i) => ({
    parsed,
    nameKey: ownerNameKey(parsed),
    mailing,
    phones: i === 0 ? phones : [],
    emails: i === 0 ? emails : [],
  }));
  return { owners, mailing, phones, emails };
}

/** 5-digit ZIP, or ZIP+4 kept as given (00000 is none); 3–4 digit values lost their leading zeros in a spreadsheet. */
export function normalizeZip(raw: string): string | undefined {
  const digits = raw.replace(/\s/g, '');
  const match = /^(\d{3,5})(?:-?(\d{4}))?$/.exec(digits);
  if (!match) return undefined;
  const zip5 = match[1]!.padStart(5, '0');
  if (zip5 === '00000') return undefined; // a placeholder: no ZIP code is all zeros
  return match[2] ? `${zip5}-${match[2]}` : zip5;
}

/** ISO (2021-03-04), US (3/4/2021, 3/4/21) and compact (20210304) dates, as ISO. */
export function parseDate(raw: string): string | undefined {
  let year: number;
  let month: number;
  let day: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(raw))) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(raw))) {
    const y = Number(match[3]);
    [year, month, day] = [
      match[3]!.length === 2 ? (y > (CURRENT_YEAR % 100) + 1 ? 1900 + y : 2000 + y) : y,
      Number(match[1]),
      Number(match[2]),
    ];
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(raw))) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return undefined;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    year < 1800 ||
    year > CURRENT_YEAR + 1
  )
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** A list's yes or no (Y, TRUE, 1, X; N, FALSE, 0); undefined for anything else. */
function yesOrNo(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (['y', 'yes', 'true', 't', '1', 'x'].includes(word)) return true;
  if (['n', 'no', 'false', 'f', '0'].includes(word)) return false;
  return undefined;
}

/**
 * Digest of the cells a row's mapped columns hold, as read: a row the list took in
 * before, cell for cell under the same mapping, is known without being normalized
 * again. `rules` names the reading of addresses and names, so a release that reads
 * them differently normalizes every row once more.
 */
export function rawDigest(cells: readonly string[], columns: FieldColumns, rules = NORMALIZE_RULES): string {
  const mapped = Object.entries(columns).map(([field, index]) => [field, cells[index] ?? '']);
  return (
    'raw:' +
    createHash('sha1')
      .update(JSON.stringify([rules, mapped]))
      .digest('base64url')
  );
}

/** Raise it whenever normalizing the same cells can give another row (an address or name parser fix, a new field). */
export const NORMALIZE_RULES = 1;
