/**
 * The fields a list column can be mapped to. Column headers of common exports
 * are matched to these through the synonyms in `layouts.ts`.
 */
export const IMPORT_FIELDS = {
  apn: 'Parcel number (APN)',
  county: 'County',
  fips: 'County FIPS code',
  situs_address: 'Property address (street line or whole address)',
  situs_unit: 'Property unit',
  situs_city: 'Property city',
  situs_state: 'Property state',
  situs_zip: 'Property ZIP',
  owner_name: 'Owner name (full)',
  owner_first_name: 'Owner first name',
  owner_last_name: 'Owner last name',
  owner2_name: 'Second owner name',
  mailing_address: 'Mailing address',
  mailing_city: 'Mailing city',
  mailing_state: 'Mailing state',
  mailing_zip: 'Mailing ZIP',
  phone: 'Phone',
  phone2: 'Phone 2',
  phone3: 'Phone 3',
  email: 'Email',
  email2: 'Email 2',
  property_type: 'Property type',
  beds: 'Bedrooms',
  baths: 'Bathrooms',
  living_sqft: 'Living area (sq ft)',
  lot_sqft: 'Lot size (sq ft)',
  lot_acres: 'Lot size (acres)',
  year_built: 'Year built',
  assessed_value: 'Assessed value',
  market_value: 'Market value',
  last_sale_date: 'Last sale date',
  last_sale_price: 'Last sale price',
  mortgage_balance: 'Open mortgage / liens',
  free_and_clear: 'Free and clear (yes: no open mortgage; no: mortgaged)',
  tax_owed: 'Tax owed',
  occupancy: 'Occupancy (owner-occupied, vacant…)',
  latitude: 'Latitude',
  longitude: 'Longitude',
  outcome: 'Outcome of working the lead (contacted, appointment, under contract, won, dead)',
} as const;

export type ImportField = keyof typeof IMPORT_FIELDS;

export const isImportField = (value: string): value is ImportField => Object.hasOwn(IMPORT_FIELDS, value);

/** A confirmed mapping: source column index → field. Unmapped columns are ignored. */
export interface ColumnMapping {
  headerRow: number;
  columns: Record<string, ImportField>;
}
