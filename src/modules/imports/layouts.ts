import type { ColumnMapping, ImportField } from './fields.js';
import { storableText } from './normalize-row.js';

/** Headers compared without case, spaces or punctuation: "Owner 1 First-Name" → "owner1firstname". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Header spellings seen in county lists and the common list providers' exports,
 * by field. The first matching column wins, so more specific spellings come first.
 */
const SYNONYMS: Record<ImportField, string[]> = {
  apn: [
    'apn',
    'parcelnumber',
    'parcelno',
    'parcelid',
    'parcel',
    'pin',
    'assessorparcelnumber',
    'taxid',
    'folio',
    'accountnumber',
    'propertyid',
  ],
  county: ['county', 'propertycounty', 'countyname', 'situscounty'],
  fips: ['fips', 'fipscode', 'countyfips'],
  situs_address: [
    'propertyaddress',
    'propertyaddressfull',
    'propertyaddressline1',
    'situsaddress',
    'situs',
    'propertylocation',
    'siteaddress',
    'siteaddr',
    'address',
    'streetaddress',
    'propertystreet',
    'fulladdress',
    'location',
  ],
  situs_unit: ['propertyunit', 'unit', 'unitnumber', 'propertyaddressunit', 'situsunit'],
  situs_city: ['propertycity', 'propertyaddresscity', 'situscity', 'sitecity', 'city'],
  situs_state: ['propertystate', 'propertyaddressstate', 'situsstate', 'sitestate', 'state'],
  situs_zip: [
    'propertyzip',
    'propertyzipcode',
    'propertyaddresszipcode',
    'propertyaddresszip',
    'situszip',
    'situszipcode',
    'sitezip',
    'zip',
    'zipcode',
    'postalcode',
  ],
  owner_name: [
    'ownername',
    'owner1name',
    'ownername1',
    'owner',
    'owner1',
    'ownerfullname',
    'owner1fullname',
    'taxpayer',
    'taxpayername',
    'name',
    'decedent',
    'decedentname',
  ],
  owner_first_name: ['owner1firstname', 'ownerfirstname', 'firstname', 'first'],
  owner_last_name: ['owner1lastname', 'ownerlastname', 'lastname', 'last'],
  owner2_name: ['owner2name', 'owner2', 'owner2fullname', 'coowner', 'secondowner'],
  mailing_address: [
    'mailingaddress',
    'mailaddress',
    'mailaddr',
    'owneraddress',
    'ownermailingaddress',
    'owneraddressline1',
    'mailingstreet',
    'mailingaddressline1',
  ],
  mailing_city: ['mailingcity', 'mailcity', 'ownercity', 'owneraddresscity'],
  mailing_state: ['mailingstate', 'mailstate', 'ownerstate', 'owneraddressstate'],
  mailing_zip: ['mailingzip', 'mailingzipcode', 'mailzip', 'ownerzip', 'owneraddresszip', 'owneraddresszipcode'],
  phone: [
    'phone',
    'phone1',
    'phonenumber',
    'phone1number',
    'phonenumber1',
    'mobile',
    'mobilephone',
    'cell',
    'cellphone',
    'ownerphone',
    'phones',
    'primaryphone',
  ],
  phone2: ['phone2', 'phone2number', 'phonenumber2', 'secondaryphone', 'landline', 'homephone'],
  phone3: ['phone3', 'phone3number', 'phonenumber3', 'otherphone', 'workphone'],
  email: ['email', 'email1', 'emailaddress', 'owneremail', 'emails', 'primaryemail'],
  email2: ['email2', 'secondaryemail', 'email2address'],
  property_type: ['propertytype', 'landuse', 'usecode', 'type', 'propertyclass', 'propertyusetype'],
  beds: ['bedrooms', 'beds', 'totalbedrooms', 'bedroomcount', 'br'],
  baths: ['bathrooms', 'baths', 'totalbathrooms', 'totalbaths', 'bathroomcount', 'ba'],
  living_sqft: [
    'buildingsqft',
    'livingarea',
    'livingsqft',
    'squarefootage',
    'squarefeet',
    'sqft',
    'buildingsquarefeet',
    'livingsquarefeet',
    'heatedarea',
    'gla',
  ],
  lot_sqft: ['lotsizesqft', 'lotsqft', 'lotsquarefeet', 'lotsize', 'lotarea'],
  lot_acres: ['lotacres', 'acres', 'acreage', 'lotsizeacres'],
  year_built: ['yearbuilt', 'effectiveyearbuilt', 'yrbuilt', 'builtyear'],
  assessed_value: ['totalassessedvalue', 'assessedvalue', 'assessedtotal', 'taxassessedvalue', 'totalassessed'],
  market_value: ['estvalue', 'estimatedvalue', 'marketvalue', 'totalmarketvalue', 'appraisedvalue', 'avm', 'value', 'justvalue'],
  last_sale_date: ['lastsalerecordingdate', 'lastsaledate', 'saledate', 'lastsolddate', 'deeddate', 'recordingdate', 'lastsaledt'],
  last_sale_price: ['lastsaleamount', 'lastsaleprice', 'saleprice', 'lastsoldprice', 'saleamount', 'lastsaleamt'],
  free_and_clear: ['freeandclear', 'freeclear', 'ownedfreeandclear', 'freeandclearflag', 'freeandclearyn', 'mortgagefree'],
  mortgage_balance: [
    'totalopenloans',
    'openmortgagebalance',
    'mortgagebalance',
    'estimatedmortgagebalance',
    'loanbalance',
    'totalloans',
    'liens',
  ],
  tax_owed: ['taxowed', 'amountdue', 'taxdue', 'delinquentamount', 'totaldue', 'taxdelinquentamount', 'balancedue', 'delinquenttaxes'],
  occupancy: ['occupancy', 'owneroccupied', 'occupied', 'vacant', 'vacancy'],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'lon', 'lng', 'long'],
  // Not a bare "Status": code-enforcement and tax lists use it for their own case status.
  outcome: ['outcome', 'leadoutcome', 'leadstatus', 'leadstage', 'dealstatus', 'dealstage'],
};

const BY_HEADER = new Map<string, ImportField>();
for (const [field, spellings] of Object.entries(SYNONYMS) as [ImportField, string[]][]) {
  for (const spelling of spellings) if (!BY_HEADER.has(spelling)) BY_HEADER.set(spelling, field);
}

/** Known export layouts, recognised by headers only they use. */
const LAYOUTS: { name: string; label: string; signature: string[] }[] = [
  { name: 'propstream', label: 'PropStream export', signature: ['owner1firstname', 'totalopenloans', 'lastsalerecordingdate'] },
  { name: 'batchleads', label: 'BatchLeads export', signature: ['propertyaddress', 'ownerfirstname', 'phone1', 'email1'] },
  { name: 'dealmachine', label: 'DealMachine export', signature: ['propertyaddressfull', 'propertyaddresscity', 'propertyaddresszipcode'] },
  { name: 'county', label: 'County list', signature: ['parcelnumber', 'situsaddress'] },
  { name: 'county', label: 'County list', signature: ['parcelid', 'taxpayer'] },
  { name: 'county', label: 'County list', signature: ['pin', 'amountdue'] },
];

export interface MappingProposal {
  layout: { name: string; label: string };
  mapping: ColumnMapping;
  /** Headers left unmapped, for the user to assign or ignore. */
  unmapped: string[];
}

/** Proposes which column holds which field, and names the export layout when it recognises it. */
export function proposeMapping(headers: string[], headerRow = 1): MappingProposal {
  const keys = new Set(headers.map(headerKey));
  const layout = LAYOUTS.find((candidate) => candidate.signature.every((header) => keys.has(header))) ?? {
    name: 'generic',
    label: 'Generic list',
  };
  const columns: Record<string, ImportField> = {};
  const taken = new Set<ImportField>();
  const unmapped: string[] = [];
  for (const header of headers) {
    const field = BY_HEADER.get(headerKey(header));
    if (field && !taken.has(field)) {
      columns[header] = field;
      taken.add(field);
    } else {
      unmapped.push(header);
    }
  }
  return { layout: { name: layout.name, label: layout.label }, mapping: { headerRow, columns }, unmapped };
}

/**
 * Blank headers get a placeholder name and repeated ones a number, so each column has a unique name.
 * Characters the database cannot store are left out, as they are from cells.
 */
export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((value, index) => {
    const base = storableText(value).trim() || `Column ${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}
