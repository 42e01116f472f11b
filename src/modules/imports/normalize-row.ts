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

export interface NormalizedRow {
  rowNumber: number;
  address: NormalizedAddress | null;
  facts: ParcelFacts;
  owners: OwnerRecord[];
  /** What came of working the lead, when the list says. */
  outcome?: Outcome;
  /** Digest of everything above: the same row imported again has the same hash. */
  hash: string;
}

export type RowOutcome = { ok: true; row: NormalizedRow } | { ok: false; rowNumber: number; reasons: string[] };

const CURRENT_YEAR = new Date().getUTCFullYear();
const MONEY = /^-?\$?\s*-?[\d,]*\.?\d+$/;

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

/**
 * Turns one raw row into normalized parcel, owner and contact data, or into the
 * list of reasons it cannot be imported. Never throws on bad data.
 */
export function normalizeRow(rowNumber: number, cells: string[], columns: FieldColumns): RowOutcome {
  const reasons: string[] = [];
  const get = (field: ImportField): string => {
    const index = columns[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
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
      reasons.push(`${label} is not a number: "${raw}"`);
      return undefined;
    }
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      reasons.push(`${label} ${raw} is out of range`);
      return undefined;
    }
    return options.integer ? Math.round(value) : value;
  };

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
    else reasons.push(`FIPS code must be 5 digits: "${fips}"`);
  }

  const yearRaw = get('year_built');
  if (yearRaw) {
    const year = Number(yearRaw);
    if (!Number.isInteger(year) || year < 1700 || year > CURRENT_YEAR + 1) reasons.push(`impossible year built: "${yearRaw}"`);
    else if (year > 0) facts.year_built = year;
  }
  facts.beds = number('beds', 'bedrooms', { min: 0, max: 100 });
  facts.baths = number('baths', 'bathrooms', { min: 0, max: 100 });
  facts.living_sqft = number('living_sqft', 'living area', { integer: true, min: 0, max: 10_000_000 });
  facts.lot_sqft = number('lot_sqft', 'lot size', { integer: true, min: 0, max: 2_000_000_000 });
  const acres = number('lot_acres', 'lot acres', { min: 0, max: 1_000_000 });
  if (facts.lot_sqft === undefined && acres !== undefined) facts.lot_sqft = Math.round(acres * 43_560);
  facts.assessed_value = number('assessed_value', 'assessed value', { min: 0, max: 1e12 });
  facts.market_value = number('market_value', 'market value', { min: 0, max: 1e12 });
  facts.last_sale_price = number('last_sale_price', 'last sale price', { min: 0, max: 1e12 });
  facts.mortgage_balance = number('mortgage_balance', 'open mortgage', { min: 0, max: 1e12 });
  facts.tax_owed = number('tax_owed', 'tax owed', { min: 0, max: 1e12 });
  facts.latitude = number('latitude', 'latitude', { min: -90, max: 90 });
  facts.longitude = number('longitude', 'longitude', { min: -180, max: 180 });
  const saleDate = get('last_sale_date');
  if (saleDate) {
    const date = parseDate(saleDate);
    if (date) facts.last_sale_date = date;
    else reasons.push(`last sale date is not a date: "${saleDate}"`);
  }

  const zipRaw = get('situs_zip');
  const zip = zipRaw ? normalizeZip(zipRaw) : undefined;
  if (zipRaw && !zip) reasons.push(`bad ZIP code: "${zipRaw}"`);
  const line = [get('situs_address'), get('situs_unit') && `#${get('situs_unit').replace(/^#/, '')}`].filter(Boolean).join(' ');
  const address = line
    ? normalizeAddress(line, { city: get('situs_city') || undefined, state: get('situs_state') || undefined, zip: zip || undefined })
    : null;
  if (!address?.key && !facts.apn)
    reasons.push(line ? `property address cannot be read: "${line}"` : 'missing property address (and no APN)');

  const owners = ownersOf(get, reasons);
  const outcome = parseOutcome(get('outcome'));
  if (outcome === undefined)
    reasons.push(`unknown outcome "${get('outcome')}": use contacted, appointment, under contract, won or dead, or leave it empty`);
  if (reasons.length > 0) return { ok: false, rowNumber, reasons };
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
  return { ok: true, row: { rowNumber, address, facts, owners, ...(outcome ? { outcome } : {}), hash } };
}

function ownersOf(get: (field: ImportField) => string, reasons: string[]): OwnerRecord[] {
  const composed = [get('owner_first_name'), get('owner_last_name')].filter(Boolean).join(' ');
  const primary = get('owner_name')
    ? parseOwnerName(get('owner_name'))
    : composed
      ? parseOwnerName(composed, { order: 'first-last' })
      : null;
  const mailingLine = get('mailing_address');
  const mailingZipRaw = get('mailing_zip');
  const mailingZip = mailingZipRaw ? normalizeZip(mailingZipRaw) : undefined;
  if (mailingZipRaw && !mailingZip) reasons.push(`bad mailing ZIP code: "${mailingZipRaw}"`);
  const mailing = mailingLine
    ? normalizeAddress(mailingLine, {
        city: get('mailing_city') || undefined,
        state: get('mailing_state') || undefined,
        zip: mailingZip || undefined,
      })
    : null;

  const phones: OwnerRecord['phones'] = [];
  for (const field of ['phone', 'phone2', 'phone3'] as const) {
    for (const raw of splitPhones(get(field))) {
      const phone = normalizePhone(raw);
      if (!phone.ok) reasons.push(`malformed phone "${raw}": ${phone.reason}`);
      else if (!phones.some((p) => p.e164 === phone.e164)) phones.push({ e164: phone.e164, lineType: phone.lineType });
    }
  }
  const emails: string[] = [];
  for (const field of ['email', 'email2'] as const) {
    for (const raw of splitEmails(get(field))) {
      const email = normalizeEmail(raw);
      if (!email.ok) reasons.push(`malformed email "${raw}": ${email.reason}`);
      else if (!emails.includes(email.email)) emails.push(email.email);
    }
  }

  const owners: OwnerRecord[] = [];
  if (primary && primary.kind !== 'unknown') owners.push({ parsed: primary, nameKey: ownerNameKey(primary), mailing, phones, emails });
  const second = get('owner2_name') ? parseOwnerName(get('owner2_name')) : null;
  if (second && second.kind !== 'unknown') owners.push({ parsed: second, nameKey: ownerNameKey(second), mailing, phones: [], emails: [] });
  if (owners.length === 0 && (phones.length > 0 || emails.length > 0)) {
    reasons.push('phones or emails without an owner name');
  }
  return owners;
}

/** 5-digit ZIP, or ZIP+4 kept as given; 3–4 digit values lost their leading zeros in a spreadsheet. */
export function normalizeZip(raw: string): string | undefined {
  const digits = raw.replace(/\s/g, '');
  const match = /^(\d{3,5})(?:-?(\d{4}))?$/.exec(digits);
  if (!match) return undefined;
  const zip5 = match[1]!.padStart(5, '0');
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
