import { formatDate, formatDateTime, formatMoney, formatNumber } from './format';

type FieldKind = 'text' | 'code' | 'money' | 'number' | 'area' | 'year' | 'date' | 'instant' | 'coordinate' | 'yes-no';

interface FieldSpec {
  label: string;
  kind: FieldKind;
}

interface FieldGroup {
  title: string;
  fields: Record<string, FieldSpec>;
}

/**
 * How the stored columns of a parcel read to a person, grouped as on a property card.
 * A column the server adds later still shows, under "Other", with a label made from its name.
 */
export const FIELD_GROUPS: FieldGroup[] = [
  {
    title: 'Location',
    fields: {
      address_line1: { label: 'Street address', kind: 'text' },
      city: { label: 'City', kind: 'text' },
      state: { label: 'State', kind: 'text' },
      zip: { label: 'ZIP', kind: 'code' },
      zip4: { label: 'ZIP+4', kind: 'code' },
      county: { label: 'County', kind: 'text' },
      fips: { label: 'County FIPS', kind: 'code' },
      apn: { label: 'Parcel number (APN)', kind: 'code' },
      latitude: { label: 'Latitude', kind: 'coordinate' },
      longitude: { label: 'Longitude', kind: 'coordinate' },
    },
  },
  {
    title: 'Address parts',
    fields: {
      address_number: { label: 'House number', kind: 'text' },
      address_predirectional: { label: 'Pre-direction', kind: 'text' },
      address_street: { label: 'Street name', kind: 'text' },
      address_suffix: { label: 'Street suffix', kind: 'text' },
      address_postdirectional: { label: 'Post-direction', kind: 'text' },
      address_unit_type: { label: 'Unit type', kind: 'text' },
      address_unit_number: { label: 'Unit number', kind: 'text' },
    },
  },
  {
    title: 'Building',
    fields: {
      property_type: { label: 'Property type', kind: 'text' },
      beds: { label: 'Bedrooms', kind: 'number' },
      baths: { label: 'Bathrooms', kind: 'number' },
      living_sqft: { label: 'Living area', kind: 'area' },
      lot_sqft: { label: 'Lot size', kind: 'area' },
      year_built: { label: 'Year built', kind: 'year' },
      occupancy: { label: 'Occupancy', kind: 'text' },
    },
  },
  {
    title: 'Value, sale and debt',
    fields: {
      market_value: { label: 'Market value', kind: 'money' },
      assessed_value: { label: 'Assessed value', kind: 'money' },
      last_sale_price: { label: 'Last sale price', kind: 'money' },
      last_sale_date: { label: 'Last sale date', kind: 'date' },
      mortgage_balance: { label: 'Open mortgage / liens', kind: 'money' },
      free_and_clear: { label: 'Free and clear', kind: 'yes-no' },
      tax_owed: { label: 'Tax owed', kind: 'money' },
    },
  },
  {
    title: 'Record',
    fields: {
      created_at: { label: 'First seen', kind: 'instant' },
      updated_at: { label: 'Last updated', kind: 'instant' },
      address_key: { label: 'Address match key', kind: 'code' },
      id: { label: 'Record ID', kind: 'code' },
    },
  },
];

/** Shown in the page header (lists and tags), so not repeated in the grid. */
const SHOWN_ELSEWHERE = new Set(['stack_count', 'distress_tags']);

const KNOWN_FIELDS = new Map(FIELD_GROUPS.flatMap((group) => Object.entries(group.fields)));

/** The groups with every stored field placed: known ones where they belong, the rest under "Other". */
export function groupFields(fields: Record<string, unknown>): { title: string; fields: [string, FieldSpec][] }[] {
  const groups = FIELD_GROUPS.map((group) => ({
    title: group.title,
    fields: Object.entries(group.fields).filter(([name]) => name in fields),
  }));
  const other = Object.keys(fields)
    .filter((name) => !KNOWN_FIELDS.has(name) && !SHOWN_ELSEWHERE.has(name))
    .map((name): [string, FieldSpec] => [name, { label: humanize(name), kind: 'text' }]);
  if (other.length > 0) groups.push({ title: 'Other', fields: other });
  return groups.filter((group) => group.fields.length > 0);
}

export function fieldLabel(name: string): string {
  return KNOWN_FIELDS.get(name)?.label ?? humanize(name);
}

function humanize(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A value as a person reads it, with its unit. Values may arrive as text (the
 * history keeps them as the database printed them, e.g. "3.0"), so numbers are parsed.
 */
export function formatFieldValue(name: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const kind = KNOWN_FIELDS.get(name)?.kind ?? 'text';
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  switch (kind) {
    case 'money':
      return Number.isFinite(number) ? formatMoney(number) : String(value);
    case 'number':
      return Number.isFinite(number) ? formatNumber(number) : String(value);
    case 'area':
      return Number.isFinite(number) ? `${formatNumber(number)} sq ft` : String(value);
    case 'coordinate':
      return Number.isFinite(number) ? number.toFixed(6) : String(value);
    case 'date':
      // A calendar day: read as local midnight, so it never shifts a day by time zone.
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(`${value}T00:00:00`) : String(value);
    case 'yes-no':
      // The history keeps the value as the database printed it ("true").
      return value === true || value === 'true' ? 'Yes' : value === false || value === 'false' ? 'No' : String(value);
    case 'instant':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? formatDateTime(value) : String(value);
    default:
      return Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export function isCodeField(name: string): boolean {
  return KNOWN_FIELDS.get(name)?.kind === 'code';
}
