import { addressKey } from './address-key.js';
import { innermostUnit, parseTokens, tokenize, type ParsedAddress } from './parse-address.js';
import { STATES } from './usps-tables.js';

export interface NormalizedAddress {
  input: string;
  /** House number: "123", "123-45" (hyphen kept), "12A", "123 1/2", "W148 N9748". */
  number: string | null;
  /** N, S, E, W, NE, NW, SE, SW. */
  predirectional: string | null;
  /** Street name, uppercase; ordinals as 5TH; pre-typed roads spelled out ("US HIGHWAY 278", "COUNTY ROAD 12"). */
  street: string | null;
  /** USPS suffix abbreviation (Publication 28 appendix C1): ST, AVE, BLVD… */
  suffix: string | null;
  postdirectional: string | null;
  /**
   * Innermost secondary unit designator (C2): APT, STE, UNIT… or '#' when only
   * '#' or a bare number was written. With several ("BLDG 100 STE 120") the
   * innermost counts; line1 keeps them all.
   */
  unitType: string | null;
  unitNumber: string | null;
  /** PO box number ("PO BOX 123" → "123"); for rural and highway-contract routes, the box on the route. */
  poBox: string | null;
  city: string | null;
  /** Two-letter code (states, DC, territories, military). */
  state: string | null;
  /** Five digits, leading zeros kept. */
  zip: string | null;
  zip4: string | null;
  /** The standardized delivery line: "123 N MAIN ST APT 4", "PO BOX 123", "RR 2 BOX 15". */
  line1: string | null;
  /** Stable matching key; format documented in address-key.ts. */
  key: string | null;
}

export interface AddressHints {
  city?: string;
  state?: string;
  zip?: string;
}

/**
 * Parses a one-line US address and standardizes it to USPS Publication 28.
 *
 * hints carry separate city/state/ZIP columns of an import. A non-empty,
 * recognisable hint wins over what the line says (a dedicated column is more
 * reliable than parsing); the line fills whatever the hints leave out. When the
 * line ends with the hinted city, those words are read as the city, which keeps
 * them out of the street.
 *
 * ZIP codes: a 4-digit ZIP is padded to 5 ("2134" → "02134") when it comes from
 * the zip hint (a numeric spreadsheet column drops leading zeros) or, in the
 * line, when it follows a state whose ZIPs start with 0 (CT, MA, ME, NH, NJ, PR,
 * RI, VT, VI, AE). Anywhere else a 4-digit number is not taken as a ZIP.
 *
 * Units without a designator: a bare number right after the street ("123 MAIN
 * ST 4", "1020 W BRYN MAWR 211") is a unit with type '#', as is a single
 * non-directional letter there ("720 10TH AVE SW A").
 *
 * A line with both a street address and a PO box keeps both; its key is the
 * PO box's (see address-key.ts). Words that fit nowhere (building names,
 * "ATTN …") are left out of every field.
 */
export function normalizeAddress(line: string, hints?: AddressHints): NormalizedAddress {
  const hintCity = hints?.city !== undefined ? tokenize(hints.city).words : null;
  const parsed = parseTokens(tokenize(line), hintCity !== null && hintCity.length > 0 ? hintCity : null);

  if (hintCity !== null && hintCity.length > 0) parsed.city = hintCity.join(' ');
  if (hints?.state !== undefined) {
    const code = STATES.get(tokenize(hints.state).words.join(' '));
    if (code !== undefined) parsed.state = code;
  }
  if (hints?.zip !== undefined) {
    const zip = zipFromColumn(hints.zip);
    if (zip !== null) {
      if (zip[1] === null && parsed.zip === zip[0]) zip[1] = parsed.zip4;
      parsed.zip = zip[0];
      parsed.zip4 = zip[1];
    }
  }
  return present(line, parsed);
}

/** A ZIP column value: "62701", "62701-1234", "627011234", "2134", "21341234". */
export function zipFromColumn(value: string): [string, string | null] | null {
  let digits = '';
  let dash = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += value[i];
    else if (c === 45 && dash < 0) dash = digits.length;
    else if (c !== 32) return null;
  }
  if (dash >= 0 && dash < 5 && dash >= 3) digits = digits.slice(0, dash).padStart(5, '0') + digits.slice(dash);
  switch (digits.length) {
    case 3:
    case 4:
      return [digits.padStart(5, '0'), null];
    case 5:
      return [digits, null];
    case 8:
      return [`0${digits.slice(0, 4)}`, digits.slice(4)];
    case 9:
      return [digits.slice(0, 5), digits.slice(5)];
    default:
      return null;
  }
}

function present(input: string, p: ParsedAddress): NormalizedAddress {
  const unit = innermostUnit(p.units);
  const result: NormalizedAddress = {
    input,
    number: p.number,
    predirectional: p.predirectional,
    street: p.route ?? p.street,
    suffix: p.route === null ? p.suffix : null,
    postdirectional: p.route === null ? p.postdirectional : null,
    unitType: unit?.type ?? null,
    unitNumber: unit?.id ?? null,
    poBox: p.poBox,
    city: p.city,
    state: p.state,
    zip: p.zip,
    zip4: p.zip4,
    line1: line1(p),
    key: null,
  };
  result.key = addressKey(result);
  return result;
}

function line1(p: ParsedAddress): string | null {
  if (p.route !== null) return p.poBox === null ? p.route : `${p.route} BOX ${p.poBox}`;
  if (p.poBox !== null) return `PO BOX ${p.poBox}`;
  const parts: string[] = [];
  if (p.number !== null) parts.push(p.number);
  if (p.predirectional !== null) parts.push(p.predirectional);
  if (p.street !== null) parts.push(p.street);
  if (p.suffix !== null) parts.push(p.suffix);
  if (p.postdirectional !== null) parts.push(p.postdirectional);
  for (const u of p.units) parts.push(u.id === null ? u.type : `${u.type} ${u.id}`);
  return parts.length === 0 ? null : parts.join(' ');
}
