/**
 * Scores normalizeAddress against the hand-labelled addresses of the usaddress
 * project (/work/shared/data/addresses, XML: one <AddressString> per address,
 * each token wrapped in a tag naming its part). Shared by
 * bench/address-accuracy.ts and the unit test that guards against regressions.
 *
 * Mapping from usaddress labels to our fields, each label value standardized
 * with the same USPS tables the parser uses:
 * - number: AddressNumber (contiguous tokens joined with a space, e.g. W148 N9748;
 *   a spelled-out number as digits, ONE → 1; a '#' dropped) plus AddressNumberSuffix
 *   (a letter glued on: 12A; a fraction after a space: 9 1/2).
 * - predirectional / postdirectional: StreetNamePre/PostDirectional via the directional table.
 * - street: StreetNamePreModifier + StreetNamePreType + StreetName in written
 *   order, through standardizeStreetWords (ordinals 5TH; pre-typed roads spelled
 *   out, "US HWY 278" → US HIGHWAY 278, "AVENUE H"; a lone directional spelled
 *   out, Pub 28 "NORTH ST"): our schema has no pre-type field, the type is part
 *   of the name. StreetNamePostModifier ("AVON ST EXT") has no field and is left out.
 * - suffix: StreetNamePostType via C1 (kept as written when not in C1, and then never matched).
 * - unitType / unitNumber: OccupancyType + OccupancyIdentifier through the parser's
 *   unit reader (an identifier alone is type '#'; "# 4" too); when there is no
 *   Occupancy label, SubaddressType/Identifier (BLDG 300) — our schema holds one unit.
 * - poBox: USPSBoxID; rural and highway-contract routes (USPSBoxGroupType/ID) are our street "RR 2" / "HC 1".
 * - city: PlaceName words; state: StateName via the state table; zip: first 5 digits
 *   of ZipCode (a 4-digit ZIP after CT, MA, ME, NH, NJ, PR, RI, VT, VI, AE padded, as the parser does).
 *
 * Label canonicalization. The files mix labelling schemes (us50_train tags
 * "North" in "9878 North Metro Pkwy" as StreetName; us50_messiest tags the "SE"
 * of "222 7th St SE" as a predirectional), so positions decide, as Publication 28
 * defines them, and every rewrite is counted and reported:
 * - R1 a directional labelled StreetNamePostType (or the stray tag "suffix") is the postdirectional;
 * - R2 a StreetNamePreDirectional written after the street name is the postdirectional;
 * - R3 a StreetNamePostType written before the street name is a pre-type (part of the name: "Highway 34");
 * - R4 a directional opening a multi-word StreetName, with no predirectional label, is the predirectional;
 * - R5 a directional closing a multi-word StreetName, with no type or postdirectional label, is the postdirectional (Utah grid "S 300 W").
 *
 * Scored subset. Skipped: intersections (IntersectionSeparator, CornerOf),
 * NotAddress, AddressNumber tokens that are not contiguous (grid and duplicated
 * addresses), and addresses with no delivery line that are recipient-, building-
 * or landmark-only (place-only lines such as "Bethel, AK 99559" are scored on
 * city, state and ZIP). Addresses that also
 * carry a Recipient, BuildingName or LandmarkName are scored as a separate
 * group ("with extras"): a one-line normalizer is not meant to read envelopes.
 */
import fs from 'node:fs';
import { normalizeAddress, type NormalizedAddress } from '../src/modules/properties/address/normalize-address.js';
import { standardizeStreetWords, standardizeUnitWords, tokenize } from '../src/modules/properties/address/parse-address.js';
import {
  DIRECTIONALS,
  LEADING_ZERO_ZIP_STATES,
  NUMBER_WORDS,
  STATES,
  STREET_SUFFIXES,
} from '../src/modules/properties/address/usps-tables.js';

export const FIELDS = [
  'number',
  'predirectional',
  'street',
  'suffix',
  'postdirectional',
  'unitType',
  'unitNumber',
  'poBox',
  'city',
  'state',
  'zip',
] as const;
export type Field = (typeof FIELDS)[number];
export type Expected = Record<Field, string | null>;

export interface LabeledToken {
  tag: string;
  text: string;
}

export interface LabeledAddress {
  /** The address as written: the text content with the tags removed. */
  input: string;
  tokens: LabeledToken[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });
}

/** Reads a usaddress XML file (a flat structure; a small regex reader is enough). */
export function readLabeledFile(file: string): LabeledAddress[] {
  const xml = fs.readFileSync(file, 'utf8');
  const out: LabeledAddress[] = [];
  for (const m of xml.matchAll(/<AddressString>([\s\S]*?)<\/AddressString>/g)) {
    const body = m[1] as string;
    const tokens: LabeledToken[] = [];
    for (const t of body.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) tokens.push({ tag: t[1] as string, text: decode(t[2] as string) });
    out.push({ input: decode(body.replace(/<[^>]+>/g, '')).trim(), tokens });
  }
  return out;
}

export type SkipReason = 'intersection' | 'not an address' | 'non-contiguous numbers' | 'no delivery line';
export type Canonicalization = 'R1' | 'R2' | 'R3' | 'R4' | 'R5';

export interface Labeled {
  expected: Expected;
  /** Carries Recipient, BuildingName or LandmarkName besides the address. */
  extras: boolean;
  rewrites: Canonicalization[];
}

const words = (text: string): string[] => tokenize(text).words;
const joinOrNull = (w: string[], sep = ' '): string | null => (w.length === 0 ? null : w.join(sep));

/** The expected normalized fields of one labelled address, or why it is not scored. */
export function expectedOf(address: LabeledAddress): Labeled | { skip: SkipReason } {
  const tags = new Set(address.tokens.map((t) => t.tag));
  if (tags.has('IntersectionSeparator') || tags.has('CornerOf')) return { skip: 'intersection' };
  if (tags.has('NotAddress')) return { skip: 'not an address' };
  const extras = tags.has('Recipient') || tags.has('BuildingName') || tags.has('LandmarkName');
  if (
    !tags.has('AddressNumber') &&
    !tags.has('StreetName') &&
    !tags.has('USPSBoxID') &&
    !tags.has('USPSBoxType') &&
    !tags.has('USPSBoxGroupID')
  ) {
    // Place-only lines ("Bethel, AK 99559") are scored on city, state and ZIP.
    if (extras || !(tags.has('PlaceName') || tags.has('StateName') || tags.has('ZipCode'))) return { skip: 'no delivery line' };
  }
  const numberAt = address.tokens.flatMap((t, i) => (t.tag === 'AddressNumber' ? [i] : []));
  for (let k = 1; k < numberAt.length; k++)
    if ((numberAt[k] as number) !== (numberAt[k - 1] as number) + 1) return { skip: 'non-contiguous numbers' };

  const rewrites: Canonicalization[] = [];
  // Work on a copy of the tokens with tags rewritten by position (R1–R3).
  const toks = address.tokens.map((t) => ({ tag: t.tag, w: words(t.text) }));
  const firstName = toks.findIndex((t) => t.tag === 'StreetName');
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as { tag: string; w: string[] };
    const isDir = t.w.length > 0 && DIRECTIONALS.has(t.w.join(''));
    if ((t.tag === 'StreetNamePostType' || t.tag === 'suffix') && isDir) {
      t.tag = 'StreetNamePostDirectional';
      rewrites.push('R1');
    } else if (t.tag === 'StreetNamePreDirectional' && firstName >= 0 && i > firstName) {
      t.tag = 'StreetNamePostDirectional';
      rewrites.push('R2');
    } else if (t.tag === 'StreetNamePostType' && firstName >= 0 && i < firstName) {
      t.tag = 'StreetNamePreType';
      rewrites.push('R3');
    }
  }
  const of = (...names: string[]): string[] => toks.filter((t) => names.includes(t.tag)).flatMap((t) => t.w);

  // Number
  const numberWords = of('AddressNumber').filter((w) => w !== '#');
  let number = joinOrNull(numberWords.map((w) => NUMBER_WORDS.get(w) ?? w));
  const numberSuffix = of('AddressNumberSuffix');
  if (number !== null && numberSuffix.length > 0) {
    const s = numberSuffix.join(' ');
    number = s.includes('/') ? `${number} ${s}` : `${number}${s}`;
  }
  const prefix = of('AddressNumberPrefix');
  if (number !== null && prefix.filter((w) => w !== '#').length > 0) number = `${prefix.filter((w) => w !== '#').join('')}${number}`;

  // Street name words, R4 / R5
  let nameWords = of('StreetNamePreModifier', 'StreetNamePreType', 'StreetName');
  let pre = of('StreetNamePreDirectional');
  let post = of('StreetNamePostDirectional');
  const typeWords = of('StreetNamePostType');
  const plainName = of('StreetName');
  if (pre.length === 0 && plainName.length >= 2 && DIRECTIONALS.has(plainName[0] as string) && nameWords[0] === plainName[0]) {
    pre = [plainName[0] as string];
    nameWords = nameWords.slice(1);
    rewrites.push('R4');
  }
  if (
    post.length === 0 &&
    typeWords.length === 0 &&
    plainName.length >= 2 &&
    nameWords.length >= 2 &&
    DIRECTIONALS.has(nameWords[nameWords.length - 1] as string)
  ) {
    post = [nameWords[nameWords.length - 1] as string];
    nameWords = nameWords.slice(0, -1);
    rewrites.push('R5');
  }
  // "NO" after a suffix is North, as the parser reads it ("13TH AVE NO").
  const dir = (w: string[]): string | null =>
    w.length === 0 ? null : (DIRECTIONALS.get(w.join('')) ?? (w.join('') === 'NO' ? 'N' : w.join(' ')));
  const typeJoined = joinOrNull(typeWords);

  // Unit
  let unitWords = of('OccupancyType', 'OccupancyIdentifier');
  if (unitWords.length === 0) unitWords = of('SubaddressType', 'SubaddressIdentifier');
  const unit = standardizeUnitWords(unitWords);

  // Boxes and routes
  const boxId = of('USPSBoxID').filter((w) => w !== '#');
  const groupType = of('USPSBoxGroupType');
  const groupId = of('USPSBoxGroupID').filter((w) => w !== '#');
  let street = nameWords.length === 0 ? null : standardizeStreetWords(nameWords);
  if (groupType.length > 0) {
    const hc = groupType.some((w) => w === 'HC' || w === 'HCR' || w === 'STAR' || w === 'CONTRACT');
    street = `${hc ? 'HC' : 'RR'} ${groupId.map((w) => (/^\d+$/.test(w) ? String(Number(w)) : w)).join(' ')}`;
  }

  // Last line
  let zipDigits = of('ZipCode')
    .join('')
    .replace(/[^0-9]/g, '');
  const stateJoined = joinOrNull(of('StateName'));
  const stateCode = stateJoined === null ? null : (STATES.get(stateJoined) ?? stateJoined);
  // Same rule as the parser: a 4-digit ZIP after a state whose ZIPs start with 0 lost that zero.
  if (zipDigits.length === 4 && LEADING_ZERO_ZIP_STATES.has(stateCode ?? '')) zipDigits = `0${zipDigits}`;

  const expected: Expected = {
    number,
    predirectional: dir(pre),
    street,
    suffix: typeJoined === null ? null : (STREET_SUFFIXES.get(typeJoined) ?? STREET_SUFFIXES.get(typeWords.join('')) ?? typeJoined),
    postdirectional: dir(post),
    unitType: unit?.type ?? null,
    unitNumber: unit?.id ?? null,
    poBox: joinOrNull(boxId, ''),
    city: joinOrNull(of('PlaceName')),
    state: stateCode,
    zip: zipDigits.length >= 5 ? zipDigits.slice(0, 5) : zipDigits.length > 0 ? zipDigits : null,
  };
  return { expected, extras, rewrites };
}

export interface FieldScore {
  /** Addresses where the label or the output has a value for this field. */
  relevant: number;
  correct: number;
}

export interface GroupScore {
  addresses: number;
  /** Every field equal (both absent counts as equal). */
  exact: number;
  fields: Record<Field, FieldScore>;
}

export interface Mismatch {
  input: string;
  field: Field;
  expected: string | null;
  actual: string | null;
}

export interface FileScore {
  total: number;
  skipped: Record<SkipReason, number>;
  clean: GroupScore;
  withExtras: GroupScore;
  rewrites: Record<Canonicalization, number>;
  mismatches: Mismatch[];
  /** The inputs, for timing runs. */
  inputs: string[];
}

function emptyGroup(): GroupScore {
  const fields = {} as Record<Field, FieldScore>;
  for (const f of FIELDS) fields[f] = { relevant: 0, correct: 0 };
  return { addresses: 0, exact: 0, fields };
}

/** Scores normalize (normalizeAddress by default) on the labelled addresses of one file. */
export function scoreAddresses(
  addresses: LabeledAddress[],
  normalize: (line: string) => NormalizedAddress = (l) => normalizeAddress(l),
): FileScore {
  const score: FileScore = {
    total: addresses.length,
    skipped: { intersection: 0, 'not an address': 0, 'non-contiguous numbers': 0, 'no delivery line': 0 },
    clean: emptyGroup(),
    withExtras: emptyGroup(),
    rewrites: { R1: 0, R2: 0, R3: 0, R4: 0, R5: 0 },
    mismatches: [],
    inputs: [],
  };
  for (const address of addresses) {
    score.inputs.push(address.input);
    const labeled = expectedOf(address);
    if ('skip' in labeled) {
      score.skipped[labeled.skip]++;
      continue;
    }
    for (const r of new Set(labeled.rewrites)) score.rewrites[r]++;
    const actual = normalize(address.input);
    const group = labeled.extras ? score.withExtras : score.clean;
    group.addresses++;
    let all = true;
    for (const f of FIELDS) {
      const e = labeled.expected[f];
      const a = actual[f];
      if (e === null && a === null) continue;
      group.fields[f].relevant++;
      if (e === a) group.fields[f].correct++;
      else {
        all = false;
        if (!labeled.extras) score.mismatches.push({ input: address.input, field: f, expected: e, actual: a });
      }
    }
    if (all) group.exact++;
  }
  return score;
}

/** Correct share over the addresses where the field is present in the label or the output (1 when never present). */
export function fieldAccuracy(s: FieldScore): number {
  return s.relevant === 0 ? 1 : s.correct / s.relevant;
}

/** Mean of the field accuracies over the fields that occur in the group. */
export function meanFieldAccuracy(g: GroupScore): number {
  const used = FIELDS.filter((f) => g.fields[f].relevant > 0);
  return used.length === 0 ? 1 : used.reduce((sum, f) => sum + fieldAccuracy(g.fields[f]), 0) / used.length;
}

/** Micro-average: correct field values over all relevant field values. */
export function overallFieldAccuracy(g: GroupScore): number {
  let relevant = 0;
  let correct = 0;
  for (const f of FIELDS) {
    relevant += g.fields[f].relevant;
    correct += g.fields[f].correct;
  }
  return relevant === 0 ? 1 : correct / relevant;
}
