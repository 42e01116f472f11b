/**
 * Rule-based parser for one-line US addresses: a tokenizer, then the last line
 * (ZIP, state) read from the right, then the delivery line (box, route or
 * number + street + units) read from the left, and what is left before the
 * state is the city. Values come out in USPS Publication 28 form.
 *
 * Written for bulk imports: no regular expressions on the hot path, one pass
 * over the characters, table lookups in Maps.
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- Ch names character codes, compared with charCodeAt() numbers on purpose */
import {
  DIRECTIONALS,
  DIRECTIONAL_WORDS,
  LEADING_ZERO_ZIP_STATES,
  MAX_STATE_WORDS,
  NUMBER_WORDS,
  ORDINAL_WORDS,
  SAINT_PLACE_WORDS,
  STATES,
  STREET_SUFFIXES,
  STRONG_SUFFIXES,
  TENS_WORDS,
  UNAMBIGUOUS_UNITS,
  UNIT_DESIGNATORS,
  UNIT_WITHOUT_NUMBER,
  ordinal,
} from './usps-tables.js';

export interface ParsedUnit {
  /** C2 standard designator, or '#' when only a number was given. */
  type: string;
  id: string | null;
}

export interface ParsedAddress {
  number: string | null;
  predirectional: string | null;
  street: string | null;
  suffix: string | null;
  postdirectional: string | null;
  /** Secondary units in the order written ("BLDG 100 STE 120" → two). */
  units: ParsedUnit[];
  poBox: string | null;
  /** Rural route or highway contract route, "RR 2" / "HC 1" (its box is in poBox). */
  route: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  zip4: string | null;
}

export interface Tokens {
  words: string[];
  /** breaks[i]: a comma, semicolon or line break follows words[i]. */
  breaks: boolean[];
}

// ---------------------------------------------------------------------------
// Tokenizer

const enum Ch {
  Hash = 35,
  Amp = 38,
  Apos = 39,
  Comma = 44,
  Dash = 45,
  Dot = 46,
  Slash = 47,
  D0 = 48,
  D9 = 57,
  Semi = 59,
  A = 65,
  E = 69,
  N = 78,
  S = 83,
  W = 87,
  Z = 90,
  Backtick = 96,
  Nl = 10,
  Cr = 13,
}

/**
 * Splits an address into uppercase words. Periods and apostrophes vanish
 * ("N." → N, "P.O." → PO, "O'Neil" → ONEIL); hyphens and slashes stay inside
 * words ("123-45", "1/2"); '#' and '&' are words of their own ("APT#4" → APT # 4);
 * commas, semicolons and line breaks mark a break after the previous word.
 */
export function tokenize(line: string): Tokens {
  const words: string[] = [];
  const breaks: boolean[] = [];
  const s = line.toUpperCase();
  // The current word is pending + s.slice(start, i); pending only fills when a
  // dropped character (a period, an apostrophe) interrupts a word.
  let pending = '';
  let start = -1;
  let nonAscii = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= Ch.A && c <= Ch.Z) || (c >= Ch.D0 && c <= Ch.D9)) {
      if (start < 0) start = i;
    } else if (c === Ch.Dot || c === Ch.Apos || c === Ch.Backtick || c === 0x2019 || c === 0x2018) {
      if (start >= 0) {
        pending += s.slice(start, i);
        start = -1;
      }
    } else if (c === Ch.Dash || c === Ch.Slash) {
      if (start < 0 && pending !== '') start = i; // "P.O.-" keeps joining; a leading dash is dropped
    } else if (c > 127 && c !== 0xa0 && c !== 0xbd && !isUnicodeSpace(c)) {
      nonAscii = true;
      if (start < 0) start = i;
    } else {
      if (start >= 0 || pending !== '') {
        pushWord(words, breaks, start >= 0 ? pending + s.slice(start, i) : pending);
        pending = '';
        start = -1;
      }
      if (c === Ch.Comma || c === Ch.Semi || c === Ch.Nl || c === Ch.Cr) {
        if (words.length > 0) breaks[words.length - 1] = true;
      } else if (c === Ch.Hash) {
        words.push('#');
        breaks.push(false);
      } else if (c === Ch.Amp) {
        words.push('&');
        breaks.push(false);
      } else if (c === 0xbd) {
        words.push('1/2'); // '½' written as one character
        breaks.push(false);
      }
    }
  }
  if (start >= 0 || pending !== '') pushWord(words, breaks, start >= 0 ? pending + s.slice(start) : pending);
  if (nonAscii) {
    for (let i = 0; i < words.length; i++) words[i] = stripAccents(words[i] as string);
  }
  return { words, breaks };
}

function pushWord(words: string[], breaks: boolean[], word: string): void {
  let w = word;
  // Trailing joiners carry nothing ("MAIN-" → MAIN).
  let n = w.length;
  while (n > 0 && (w.charCodeAt(n - 1) === Ch.Dash || w.charCodeAt(n - 1) === Ch.Slash)) n--;
  if (n === 0) return;
  if (n < w.length) w = w.slice(0, n);
  const glue = gluedPrefix(w);
  if (glue > 0) {
    // "SUITE100", "APT4B", "RR2": designator and number written together
    words.push(w.slice(0, glue));
    breaks.push(false);
    w = w.slice(glue);
  }
  words.push(w);
  breaks.push(false);
}

/** Designators (and route kinds) that people glue to their number. */
const GLUED_PREFIXES = ['SUITE', 'APT', 'STE', 'UNIT', 'ROOM', 'RM', 'BLDG', 'LOT', 'SPC', 'TRLR', 'PMB', 'RR', 'HC'];

/** Length of a designator glued to a number at the start of w ("STE100" → 3), else 0. */
function gluedPrefix(w: string): number {
  const c0 = w.charCodeAt(0);
  if (c0 < Ch.A || c0 > Ch.Z || w.length < 3) return 0;
  for (const p of GLUED_PREFIXES) {
    if (w.length > p.length && w.startsWith(p) && isDigit(w.charCodeAt(p.length))) return p.length;
  }
  return 0;
}

function isUnicodeSpace(c: number): boolean {
  return (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0x202f || c === 0x205f || c === 0xfeff;
}

function stripAccents(w: string): string {
  // PEÑA and PENA must match; USPS addresses are plain ASCII.
  return w.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

// ---------------------------------------------------------------------------
// Word predicates (char codes, no regular expressions)

function isDigits(w: string): boolean {
  if (w.length === 0) return false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < Ch.D0 || c > Ch.D9) return false;
  }
  return true;
}

function hasDigit(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= Ch.D0 && c <= Ch.D9) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= Ch.D0 && c <= Ch.D9;
}

function isLetter(c: number): boolean {
  return c >= Ch.A && c <= Ch.Z;
}

/** An ordinal written with digits ("1ST", "2ND", "3D", "13TH") → its number; otherwise -1. */
function ordinalNumber(w: string): number {
  let i = 0;
  while (i < w.length && isDigit(w.charCodeAt(i))) i++;
  if (i === 0 || i === w.length) return -1;
  const tail = w.slice(i);
  if (tail === 'ST' || tail === 'ND' || tail === 'RD' || tail === 'TH' || tail === 'D') return Number(w.slice(0, i));
  return -1;
}

/** "1/2", "3/4". */
function isFraction(w: string): boolean {
  const slash = w.indexOf('/');
  return slash > 0 && slash < w.length - 1 && isDigits(w.slice(0, slash)) && isDigits(w.slice(slash + 1));
}

/**
 * A house number: starts with a digit ("123", "123-45", "12A") but is not an
 * ordinal ("5TH" is a street), or a Wisconsin/Illinois grid number (N79W5406, W156).
 */
function isHouseNumber(w: string): boolean {
  const c0 = w.charCodeAt(0);
  if (isDigit(c0)) return ordinalNumber(w) < 0;
  return w.length >= 2 && isCompassLetter(c0) && isDigit(w.charCodeAt(1)) && gridNumber(w);
}

function isCompassLetter(c: number): boolean {
  return c === Ch.N || c === Ch.S || c === Ch.E || c === Ch.W;
}

/** Grid numbers: a directional letter followed by digits, maybe twice (W156N9762). */
function gridNumber(w: string): boolean {
  let letters = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (isLetter(c)) {
      if (!isCompassLetter(c)) return false;
      letters++;
    } else if (!isDigit(c)) return false;
  }
  return letters <= 2;
}

function isSingleLetter(w: string): boolean {
  return w.length === 1 && isLetter(w.charCodeAt(0));
}

/** Something that can follow a unit designator: "4", "4B", "A", "1-A", "C1S". */
function isUnitId(w: string): boolean {
  if (w === '#' || w === '&') return false;
  if (hasDigit(w)) return true;
  return w.length <= 2 && !STREET_SUFFIXES.has(w);
}

function zipParts(w: string): [string, string | null] | null {
  if (w.length === 5 && isDigits(w)) return [w, null];
  if (w.length === 9 && isDigits(w)) return [w.slice(0, 5), w.slice(5)];
  if (w.length === 10 && w.charCodeAt(5) === Ch.Dash && isDigits(w.slice(0, 5)) && isDigits(w.slice(6))) return [w.slice(0, 5), w.slice(6)];
  return null;
}

// ---------------------------------------------------------------------------
// Street-name standardization shared with the accuracy scorer

const HIGHWAY_WORDS = new Set(['HIGHWAY', 'HWY', 'HIWAY', 'HWAY', 'HIGHWY', 'HIWY', 'HGWY', 'HGHWY']);
const ROUTE_WORDS = new Set(['ROUTE', 'RTE', 'RT']);
const ROAD_WORDS = new Set(['ROAD', 'RD']);
const COUNTY_LIKE = new Set(['COUNTY', 'CO', 'STATE', 'TOWNSHIP', 'TWP', 'RANCH']);

/**
 * Words of a street name in standard form: ordinal words → 5TH, 2D → 2ND,
 * "TWENTY FIRST" → 21ST, and a highway or route word before its number spelled
 * out ("CITY HWY 16" → CITY HIGHWAY 16).
 */
export function standardizeNameWords(words: readonly string[], from = 0, to = words.length): string {
  let out = '';
  for (let i = from; i < to; i++) {
    let w = words[i] as string;
    const tens = TENS_WORDS.get(w);
    if (tens !== undefined && i + 1 < to && (ORDINAL_WORDS.get(words[i + 1] as string) ?? 10) < 10) {
      w = ordinal(tens + (ORDINAL_WORDS.get(words[i + 1] as string) as number));
      i++;
    } else if (i + 1 < to && hasDigit(words[i + 1] as string) && isRoadTypeWord(words, i)) {
      w = HIGHWAY_WORDS.has(w) ? 'HIGHWAY' : ROUTE_WORDS.has(w) ? 'ROUTE' : 'ROAD';
    } else {
      const dash = w.indexOf('-');
      if (dash > 0) {
        // TWENTY-FIRST
        const t = TENS_WORDS.get(w.slice(0, dash));
        const u = ORDINAL_WORDS.get(w.slice(dash + 1));
        if (t !== undefined && u !== undefined && u < 10) w = ordinal(t + u);
      } else {
        const n = ORDINAL_WORDS.get(w);
        if (n !== undefined) w = ordinal(n);
        else {
          const d = ordinalNumber(w);
          if (d >= 0) w = ordinal(d);
        }
      }
    }
    out = out === '' ? w : `${out} ${w}`;
  }
  return out;
}

/** A highway or route word, or ROAD after COUNTY/STATE ("ANDERSON COUNTY RD 312"): it types a number after it. */
function isRoadTypeWord(words: readonly string[], k: number): boolean {
  const w = words[k] as string;
  return HIGHWAY_WORDS.has(w) || ROUTE_WORDS.has(w) || (ROAD_WORDS.has(w) && k > 0 && COUNTY_LIKE.has(words[k - 1] as string));
}

// ---------------------------------------------------------------------------
// Highways and other names that put their type before an identifier

/** First words of a pre-typed name whose type may be glued to the id with a hyphen ("SR-9", "I-95"). */
const HYPHEN_HEADS = new Set(['I', 'IH', 'US', 'SR', 'CR', 'FM', 'SH', 'HWY', 'RT', 'RTE']);
/** Words before a ZIP-looking number that make it an id instead ("ROUTE 12345", "BOX 12345"). */
const ID_TAKERS = new Set([
  '#',
  'BOX',
  'POB',
  'POBOX',
  'NO',
  'HWY',
  'HIGHWAY',
  'ROUTE',
  'RTE',
  'RT',
  'SR',
  'CR',
  'FM',
  'US',
  'I',
  'IH',
  'INTERSTATE',
  'SH',
  'RR',
  'HC',
]);
/** Route modifiers written after a highway number ("US 31 BYPASS", "HWY A1A ALT"). */
const ROUTE_MODIFIERS: ReadonlyMap<string, string> = new Map([
  ['ALT', 'ALT'],
  ['ALTERNATE', 'ALT'],
  ['BUS', 'BUS'],
  ['BUSINESS', 'BUS'],
  ['BYP', 'BYP'],
  ['BYPASS', 'BYP'],
  ['TRUCK', 'TRUCK'],
]);

interface Match {
  name: string;
  next: number;
}

function wordAt(words: readonly string[], k: number, limit: number): string {
  return k < limit ? (words[k] as string) : '';
}

/**
 * A name of the form TYPE ID at words[p]: "US HWY 278" → US HIGHWAY 278,
 * "SR 9" → STATE ROUTE 9, "CO RD 12" → COUNTY ROAD 12, "I-95" → INTERSTATE 95,
 * "AVENUE H". The type is spelled out so every spelling gives one name.
 */
export function matchPreTyped(words: readonly string[], p: number, limit: number): Match | null {
  if (p >= limit) return null;
  let q = p;
  let prefix = '';
  if (words[q] === 'OLD' && q + 1 < limit) {
    prefix = 'OLD ';
    q++;
  }
  let w = words[q] as string;
  let glued: string | null = null;
  const dash = w.indexOf('-');
  if (dash > 0 && HYPHEN_HEADS.has(w.slice(0, dash))) {
    glued = w.slice(dash + 1);
    w = w.slice(0, dash);
  }
  let type: string | null = null;
  let strictId = false;
  q++;
  if (glued === null) {
    if (HIGHWAY_WORDS.has(w)) type = 'HIGHWAY';
    else if (
      w === 'US' ||
      w === 'USHWY' ||
      w === 'USH' ||
      (w === 'U' && wordAt(words, q, limit) === 'S') ||
      (w === 'UNITED' && wordAt(words, q, limit) === 'STATES')
    ) {
      if (w === 'U' || w === 'UNITED') q++;
      if (HIGHWAY_WORDS.has(wordAt(words, q, limit)) || ROUTE_WORDS.has(wordAt(words, q, limit))) q++;
      type = 'US HIGHWAY';
    } else if (w === 'STATE' || (w === 'ST' && (HIGHWAY_WORDS.has(wordAt(words, q, limit)) || ROUTE_WORDS.has(wordAt(words, q, limit))))) {
      const t = wordAt(words, q, limit);
      if (HIGHWAY_WORDS.has(t)) type = 'STATE HIGHWAY';
      else if (ROUTE_WORDS.has(t)) type = 'STATE ROUTE';
      else if (ROAD_WORDS.has(t)) type = 'STATE ROAD';
      if (type !== null) q++;
    } else if (w === 'SR') type = 'STATE ROUTE';
    else if (w === 'SH') type = 'STATE HIGHWAY';
    else if (w === 'COUNTY' || w === 'COUNTRY' || w === 'CO' || w === 'CNTY' || (w === 'C' && wordAt(words, q, limit) === 'R')) {
      // COUNTRY ROAD is a common misspelling of COUNTY ROAD
      const t = wordAt(words, q, limit);
      if (w === 'C' || ROAD_WORDS.has(t)) type = 'COUNTY ROAD';
      else if (w !== 'COUNTRY' && HIGHWAY_WORDS.has(t)) type = 'COUNTY HIGHWAY';
      else if (w !== 'COUNTRY' && ROUTE_WORDS.has(t)) type = 'COUNTY ROUTE';
      if (type !== null) q++;
    } else if (w === 'CR') type = 'COUNTY ROAD';
    else if (w === 'TOWNSHIP' || w === 'TWP') {
      const t = wordAt(words, q, limit);
      if (ROAD_WORDS.has(t)) type = 'TOWNSHIP ROAD';
      else if (HIGHWAY_WORDS.has(t)) type = 'TOWNSHIP HIGHWAY';
      if (type !== null) q++;
    } else if (w === 'FM' || (w === 'F' && wordAt(words, q, limit) === 'M')) {
      if (w === 'F') q++;
      type = 'FM';
    } else if (w === 'FARM' && wordAt(words, q, limit) === 'TO' && wordAt(words, q + 1, limit) === 'MARKET') {
      q += 2;
      if (ROAD_WORDS.has(wordAt(words, q, limit))) q++;
      type = 'FM';
    } else if (w === 'RANCH' && ROAD_WORDS.has(wordAt(words, q, limit))) {
      q++;
      type = 'RANCH ROAD';
    } else if (ROUTE_WORDS.has(w)) {
      type = 'ROUTE';
      strictId = true;
    } else if (w === 'INTERSTATE' || w === 'I' || w === 'IH') {
      type = 'INTERSTATE';
      strictId = true;
    } else if (w === 'AVENUE' || w === 'AVE' || w === 'AV') {
      type = 'AVENUE';
      strictId = true;
    } else if ((w === 'LOOP' || w === 'SPUR' || ROAD_WORDS.has(w)) && isDigits(wordAt(words, q, limit))) {
      type = ROAD_WORDS.has(w) ? 'ROAD' : w; // Texas "LOOP 410", "SPUR 591"; "RD 32"
    }
  } else {
    type =
      w === 'I' || w === 'IH'
        ? 'INTERSTATE'
        : w === 'US'
          ? 'US HIGHWAY'
          : w === 'SR'
            ? 'STATE ROUTE'
            : w === 'CR'
              ? 'COUNTY ROAD'
              : w === 'SH'
                ? 'STATE HIGHWAY'
                : w === 'FM'
                  ? 'FM'
                  : w === 'HWY'
                    ? 'HIGHWAY'
                    : 'ROUTE';
  }
  if (type === null) return null;
  let id = glued;
  if (id === null) {
    // "HIGHWAY NO 130", "STATE HIGHWAY #50"
    while (q < limit && (words[q] === 'NO' || words[q] === 'NUMBER' || words[q] === '#')) q++;
    if (q >= limit) return null;
    const t = words[q] as string;
    if (t === '&') return null;
    if (hasDigit(t)) {
      if (strictId && ordinalNumber(t) >= 0) return null; // "AVENUE 5TH"? not a pre-typed name
      id = t;
    } else if (strictId ? isSingleLetter(t) : t.length <= 3 && !STREET_SUFFIXES.has(t) && !UNIT_DESIGNATORS.has(t)) {
      id = t;
    } else return null;
    q++;
  }
  let name = `${prefix}${type} ${id}`;
  const modifier = q < limit ? ROUTE_MODIFIERS.get(words[q] as string) : undefined;
  if (modifier !== undefined) {
    name += ` ${modifier}`;
    q++;
  } else if (q < limit && STREET_SUFFIXES.has(words[q] as string)) {
    // "ROUTE 66 RD", "AVENUE C PARK RD": the real suffix comes later.
    return null;
  }
  return { name, next: q };
}

/** A street name given as label words, in standard form (pre-typed highways, a lone directional spelled out). */
export function standardizeStreetWords(words: readonly string[]): string {
  const clean = words.filter((w) => w !== '#');
  if (clean.length === 1) {
    const d = DIRECTIONALS.get(clean[0] as string);
    if (d !== undefined) return DIRECTIONAL_WORDS.get(d) as string;
  }
  const m = matchPreTyped(clean, 0, clean.length);
  if (m !== null) {
    const rest = standardizeNameWords(clean, m.next);
    return rest === '' ? m.name : `${m.name} ${rest}`;
  }
  return standardizeNameWords(clean);
}

// ---------------------------------------------------------------------------
// Units

const LEVEL_WORDS = new Set(['LEVEL', 'LVL', 'FLOOR', 'FL', 'FLR']);
const FLOOR_WORDS = new Set(['FL', 'FLR', 'FLOOR']);

/** "2ND", "SECOND", "GROUND" → floor number ("2", "GROUND") when used before FLOOR; otherwise null. */
function floorNumber(w: string): string | null {
  const n = ORDINAL_WORDS.get(w);
  if (n !== undefined) return String(n);
  if (w === 'GROUND') return w;
  const d = ordinalNumber(w);
  return d >= 0 ? String(d) : null;
}

/** "NO 102": number sign written as a word, only before a last identifier with a digit ("OLD NUMBER 6 HWY" is a name). */
function isNumberWord(words: readonly string[], breaks: readonly boolean[], u: number, end: number): boolean {
  const w = words[u];
  return (w === 'NO' || w === 'NUMBER') && u + 1 < end && hasDigit(words[u + 1] as string) && (u + 2 >= end || breaks[u + 1] === true);
}

/**
 * Does a secondary unit start at words[u]? Used to end the street name and the
 * city. strict: only with an identifier after it (inside a city, "SAULT STE
 * MARIE" has no unit).
 */
function isUnitStart(words: readonly string[], breaks: readonly boolean[], u: number, end: number, strict = false): boolean {
  const w = words[u] as string;
  if (w === '#') return true;
  const next = u + 1 < end ? (words[u + 1] as string) : null;
  const d = UNIT_DESIGNATORS.get(w);
  if (d === undefined) {
    if (next === null) return false;
    if (FLOOR_WORDS.has(next) && floorNumber(w) !== null) return true;
    return isNumberWord(words, breaks, u, end);
  }
  if (next === null || breaks[u] === true) return !strict && (UNAMBIGUOUS_UNITS.has(w) || UNIT_WITHOUT_NUMBER.has(d));
  if (next === '#' || isUnitId(next)) return true;
  if (strict) return false;
  if (UNAMBIGUOUS_UNITS.has(w)) return true;
  return (d === 'LOWR' || d === 'UPPR') && LEVEL_WORDS.has(next);
}

/** Extends a unit id by a trailing letter or directional that ends its group ("APT 13 C", "UNIT 2 EAST"). */
function idTail(words: readonly string[], k: number, limit: number): boolean {
  if (k !== limit - 1) return false;
  const w = words[k] as string;
  return isSingleLetter(w) || DIRECTIONALS.has(w);
}

/**
 * Reads secondary units at words[j..limit): "APT 4", "# 4", "STE D",
 * "2ND FLOOR" → FL 2, "REAR", "NO 102" → # 102. With allowBare, a bare number
 * right after the street ("123 MAIN ST 4") is a unit with type '#'.
 * Returns the index after the units.
 */
function readUnits(
  words: readonly string[],
  breaks: readonly boolean[],
  j: number,
  limit: number,
  units: ParsedUnit[],
  allowBare: boolean,
): number {
  while (j < limit) {
    const w = words[j] as string;
    const next = j + 1 < limit ? (words[j + 1] as string) : null;
    let type: string | null = null;
    let id: string | null = null;
    let after = j;
    const d = w === '#' || isNumberWord(words, breaks, j, limit) ? '#' : UNIT_DESIGNATORS.get(w);
    if (d !== undefined) {
      let k = j + 1;
      if (d !== '#' && k < limit && words[k] === '#' && breaks[j] !== true) k++;
      const candidate = k < limit && breaks[k - 1] !== true ? (words[k] as string) : null;
      if (candidate !== null && (d === '#' ? candidate !== '#' && candidate !== '&' : isUnitId(candidate))) {
        type = d;
        id = d === 'FL' ? (floorNumber(candidate) ?? candidate) : candidate;
        after = k + 1;
      } else if (d !== '#' && (UNAMBIGUOUS_UNITS.has(w) || UNIT_WITHOUT_NUMBER.has(d) || k > j + 1)) {
        type = d;
        after = k;
        if ((d === 'LOWR' || d === 'UPPR') && after < limit && LEVEL_WORDS.has(words[after] as string)) after++;
      } else if (d === '#') {
        after = j + 1; // a stray '#'
      } else break;
    } else if (next !== null && FLOOR_WORDS.has(next) && floorNumber(w) !== null) {
      type = 'FL';
      id = floorNumber(w);
      after = j + 2;
    } else if (allowBare && (hasDigit(w) || (isSingleLetter(w) && (!DIRECTIONALS.has(w) || j + 1 === limit || breaks[j] === true)))) {
      type = '#';
      id = w;
      after = j + 1;
    } else break;
    if (id !== null && breaks[after - 1] !== true && idTail(words, after, limit)) {
      id = `${id} ${words[after] as string}`;
      after++;
    }
    if (type !== null) units.push({ type, id });
    j = after;
    allowBare = false;
  }
  return j;
}

/** Designators that hold other units (a suite is in a building, on a floor). */
const OUTER_UNITS: ReadonlySet<string> = new Set(['BLDG', 'FL', 'DEPT']);

/** The innermost unit: the last one written that is not a building, floor or department, else the last one. */
export function innermostUnit(units: readonly ParsedUnit[]): ParsedUnit | undefined {
  for (let i = units.length - 1; i >= 0; i--) if (!OUTER_UNITS.has((units[i] as ParsedUnit).type)) return units[i];
  return units[units.length - 1];
}

/**
 * A secondary unit given as label words ("Suite 1515", "# 132", "Second Floor",
 * "Rear", "3r"), in standard form; a bare identifier gets type '#'.
 */
export function standardizeUnitWords(words: readonly string[]): ParsedUnit | null {
  if (words.length === 0) return null;
  const units: ParsedUnit[] = [];
  const breaks = words.map(() => false);
  const j = readUnits(words, breaks, 0, words.length, units, true);
  if (j === words.length && units.length > 0) return innermostUnit(units) as ParsedUnit;
  const d = UNIT_DESIGNATORS.get(words[0] as string);
  if (d !== undefined) return { type: d, id: words.length > 1 ? join(words, 1, words.length) : null };
  const from = words[0] === '#' ? 1 : 0;
  return { type: '#', id: from < words.length ? join(words, from, words.length) : null };
}

// ---------------------------------------------------------------------------
// PO boxes and routes

const BOX_WORDS = new Set(['BOX', 'BX', 'DRAWER', 'DRAWR']);
const BOX_STARTS = new Set(['PO', 'P', 'POST', 'POB', 'POBOX', 'POBX', 'POSTOFFICE', 'BOX', 'BX', 'DRAWER', 'DRAWR']);

interface BoxMatch {
  box: string;
  next: number;
}

/** The box id at words[q] (after '#' or NO), with a trailing letter glued on ("BOX 164 A" → 164A). */
function boxId(words: readonly string[], breaks: readonly boolean[], q: number, limit: number): BoxMatch | null {
  while (q < limit && (words[q] === '#' || words[q] === 'NO' || words[q] === 'NUMBER')) q++;
  if (q >= limit) return null;
  const t = words[q] as string;
  if (!(hasDigit(t) || (t.length <= 2 && isLetter(t.charCodeAt(0))))) return null;
  const letter = q + 1 < limit && breaks[q] !== true ? (words[q + 1] as string) : '';
  if (isDigits(t) && isSingleLetter(letter) && (!DIRECTIONALS.has(letter) || q + 2 === limit)) return { box: t + letter, next: q + 2 };
  return { box: t, next: q + 1 };
}

/** "PO BOX 12", "P O BOX 12", "POB 12", "POST OFFICE BOX 12", "BOX 12", "PO 12". */
function matchPoBox(words: readonly string[], breaks: readonly boolean[], i: number, limit: number): BoxMatch | null {
  const w = words[i] as string;
  if (!BOX_STARTS.has(w)) return null;
  let q: number;
  if (w === 'PO' || (w === 'P' && wordAt(words, i + 1, limit) === 'O') || (w === 'POST' && wordAt(words, i + 1, limit) === 'OFFICE')) {
    q = w === 'PO' ? i + 1 : i + 2;
    if (BOX_WORDS.has(wordAt(words, q, limit)) || wordAt(words, q, limit) === 'B') q++;
    else if (!hasDigit(wordAt(words, q, limit))) return null; // "PO 12", "POST OFFICE 20387"
  } else if (w === 'POSTOFFICE') {
    q = BOX_WORDS.has(wordAt(words, i + 1, limit)) ? i + 2 : i + 1;
  } else if (w === 'P' || w === 'POST') {
    return null;
  } else {
    q = i + 1;
  }
  return boxId(words, breaks, q, limit);
}

interface RouteMatch {
  route: string;
  box: string | null;
  next: number;
}

/** "RR 2 BOX 15", "RURAL ROUTE 2", "RFD 3", "RTE 2 BOX 15", "HC 1 BOX 5", "STAR ROUTE 24 BOX 45". */
function matchRoute(words: readonly string[], breaks: readonly boolean[], i: number, limit: number): RouteMatch | null {
  const w = words[i] as string;
  let kind: 'RR' | 'HC' | null = null;
  let q = i + 1;
  let needsBox = false;
  if (w === 'RR' || w === 'RFD') kind = 'RR';
  else if (w === 'R' && wordAt(words, i + 1, limit) === 'R') {
    kind = 'RR';
    q++;
  } else if (w === 'RURAL' && ROUTE_WORDS.has(wordAt(words, i + 1, limit))) {
    kind = 'RR';
    q++;
  } else if (w === 'HC' || w === 'HCR') kind = 'HC';
  else if (
    (w === 'STAR' && ROUTE_WORDS.has(wordAt(words, i + 1, limit))) ||
    (w === 'HIGHWAY' && wordAt(words, i + 1, limit) === 'CONTRACT')
  ) {
    kind = 'HC';
    q++;
    if (ROUTE_WORDS.has(wordAt(words, q, limit))) q++;
  } else if (ROUTE_WORDS.has(w)) {
    kind = 'RR';
    needsBox = true;
  }
  if (kind === null) return null;
  while (q < limit && (words[q] === '#' || words[q] === 'NO')) q++;
  if (q >= limit || !isDigits(words[q] as string)) return null;
  const route = `${kind} ${String(Number(words[q]))}`;
  q++;
  let box: string | null = null;
  if (BOX_WORDS.has(wordAt(words, q, limit))) {
    const b = boxId(words, breaks, q + 1, limit);
    if (b !== null) {
      box = b.box;
      q = b.next;
    }
  }
  if (needsBox && box === null) return null;
  return { route, box, next: q };
}

// ---------------------------------------------------------------------------
// Parser

/** Words that start two-word city names; used when the city must be cut from a suffix-less street. */
const CITY_PREFIXES = new Set([
  'SAINT',
  'ST',
  'STE',
  'SAN',
  'SANTA',
  'LOS',
  'LAS',
  'LA',
  'EL',
  'DE',
  'DES',
  'NEW',
  'EAST',
  'WEST',
  'NORTH',
  'SOUTH',
  'FORT',
  'FT',
  'MOUNT',
  'MT',
  'PORT',
  'PALM',
  'GRAND',
]);
/** Abbreviations of SAINT, MOUNT, FORT, POINT that open place names. */
const SAINT_LIKE = new Set(['ST', 'STE', 'MT', 'FT', 'PT', 'SAINT']);
const COUNTRY_WORDS = new Set(['USA', 'US', 'AMERICA']);

/** Last words of multi-word state names, so multi-word lookups run only when they can match. */
const STATE_LAST_WORDS: ReadonlySet<string> = new Set(
  [...STATES.keys()].filter((k) => k.includes(' ')).map((k) => k.slice(k.lastIndexOf(' ') + 1)),
);

/** chooseSuffix: no suffix, and the last two words of the run are the city ("… OAK PARK IL"). */
const CITY_ENDS_IN_SUFFIX_WORD = -2;

function emptyParsed(): ParsedAddress {
  return {
    number: null,
    predirectional: null,
    street: null,
    suffix: null,
    postdirectional: null,
    units: [],
    poBox: null,
    route: null,
    city: null,
    state: null,
    zip: null,
    zip4: null,
  };
}

function join(words: readonly string[], from: number, to: number): string {
  let out = words[from] as string;
  for (let i = from + 1; i < to; i++) out += ` ${words[i] as string}`;
  return out;
}

/** Index after the comma-free run of words that starts at i (the run includes the word carrying the break). */
function segmentEnd(breaks: readonly boolean[], i: number, end: number): number {
  let j = i;
  while (j < end && breaks[j] !== true) j++;
  return j < end ? j + 1 : end;
}

interface StateMatch {
  start: number;
  code: string;
}

function findState(words: readonly string[], end: number): StateMatch | null {
  if (end <= 0) return null;
  const last = words[end - 1] as string;
  if (STATE_LAST_WORDS.has(last)) {
    for (let n = Math.min(MAX_STATE_WORDS, end); n >= 2; n--) {
      const code = STATES.get(join(words, end - n, end));
      if (code !== undefined) return { start: end - n, code };
    }
  }
  const code = STATES.get(last);
  return code === undefined ? null : { start: end - 1, code };
}

/** A city that cannot be one: a number, an ordinal, a floor ("1500 BROADWAY 21ST FL" is not in Florida). */
const DIRECTIONAL_NAMES = new Set(DIRECTIONAL_WORDS.values());

/** A street that is nothing but a directional word, with no suffix: what is left when a suffix was taken for a state. */
function bareDirectional(body: ParsedAddress): boolean {
  return body.street !== null && body.suffix === null && body.predirectional === null && DIRECTIONAL_NAMES.has(body.street);
}

function implausibleCity(city: string | null): boolean {
  if (city === null) return true;
  const space = city.indexOf(' ');
  const first = space < 0 ? city : city.slice(0, space);
  return hasDigit(city) || ORDINAL_WORDS.has(first) || UNIT_DESIGNATORS.has(first);
}

/**
 * Parses a tokenized address. hintCity: the city from a separate column, as
 * words; when the line ends with it, those words are the city.
 */
export function parseTokens(tokens: Tokens, hintCity: readonly string[] | null = null): ParsedAddress {
  const { words, breaks } = tokens;
  let end = words.length;
  if (end === 0) return emptyParsed();

  // Country at the very end ("…, USA", "United States").
  if (end >= 3 && words[end - 1] === 'STATES' && words[end - 2] === 'UNITED') end -= 2;
  else if (
    end >= 5 &&
    words[end - 1] === 'AMERICA' &&
    words[end - 2] === 'OF' &&
    words[end - 3] === 'STATES' &&
    words[end - 4] === 'UNITED'
  )
    end -= 4;
  else if (
    end >= 3 &&
    COUNTRY_WORDS.has(words[end - 1] as string) &&
    (zipParts(words[end - 2] as string) !== null || STATES.has(words[end - 2] as string))
  )
    end -= 1;
  else if (end >= 4 && words[end - 1] === 'A' && words[end - 2] === 'S' && words[end - 3] === 'U') end -= 3;

  // ZIP, ZIP+4, "12345 6789", or a 4-digit ZIP that lost its leading zero after a state that has them.
  let zip: string | null = null;
  let zip4: string | null = null;
  if (end >= 2) {
    const last = words[end - 1] as string;
    let z = zipParts(last);
    let zipStart = end - 1;
    if (z === null && last.length === 4 && isDigits(last)) {
      const prev = words[end - 2] as string;
      if (prev.length === 5 && isDigits(prev) && end >= 3) {
        z = [prev, last];
        zipStart = end - 2;
      } else if (LEADING_ZERO_ZIP_STATES.has(STATES.get(prev) ?? '')) {
        z = [`0${last}`, null];
      }
    }
    if (z !== null && zipStart >= 1) {
      const prev = words[zipStart - 1] as string;
      const takenAsId =
        !STATES.has(prev) &&
        (ID_TAKERS.has(prev) ||
          UNIT_DESIGNATORS.has(prev) ||
          (ROAD_WORDS.has(prev) && zipStart >= 2 && COUNTY_LIKE.has(words[zipStart - 2] as string)));
      const alone = zipStart === 1 && isHouseNumber(prev) && breaks[0] !== true;
      if (!takenAsId && !alone) {
        zip = z[0];
        zip4 = z[1];
        end = zipStart;
      }
    }
  }

  // State: right before the ZIP, or after a comma, or (weakly) just last.
  let state: string | null = null;
  let stateWeak = false;
  let bodyEnd = end;
  const st = findState(words, end);
  if (st !== null && (st.start >= 1 || zip !== null)) {
    state = st.code;
    bodyEnd = st.start;
    // NE is also a directional ("1180 PEACHTREE ST, NE"): without a ZIP it must prove itself.
    stateWeak = zip === null && (!(st.start >= 1 && breaks[st.start - 1] === true) || words[st.start] === 'NE');
  }

  let body = parseBody(words, breaks, bodyEnd, state !== null || zip !== null, hintCity);
  if (stateWeak && (implausibleCity(body.city) || bareDirectional(body) || (hintCity !== null && body.city !== hintCity.join(' ')))) {
    // "123 MAIN CT", "22 W WASHINGTON": the supposed state was the street's last word.
    // So it was when it left a bare directional for the street ("12 W PINE CT": not West in Pine, Connecticut),
    // or when a city column names another city than the words before it ("12 N OAK CT" in Trenton).
    state = null;
    body = parseBody(words, breaks, end, zip !== null, hintCity);
  }
  body.state = state;
  body.zip = zip;
  body.zip4 = zip4;
  return body;
}

/** Everything before the state: delivery line and city; a line ending with the hinted city has it cut off first. */
function parseBody(
  words: readonly string[],
  breaks: readonly boolean[],
  stop: number,
  cityExpected: boolean,
  hintCity: readonly string[] | null,
): ParsedAddress {
  const r = emptyParsed();
  let e = stop;
  let expected = cityExpected;
  if (hintCity !== null && hintCity.length > 0 && hintCity.length < e) {
    let same = true;
    for (let k = 0; k < hintCity.length; k++) {
      if (words[e - hintCity.length + k] !== hintCity[k]) {
        same = false;
        break;
      }
    }
    if (same) {
      r.city = join(words, e - hintCity.length, e);
      e -= hintCity.length;
      expected = false;
    }
  }
  parseDeliveryAndCity(words, breaks, 0, e, r, expected);
  return r;
}

function parseDeliveryAndCity(
  words: readonly string[],
  breaks: readonly boolean[],
  start: number,
  end: number,
  out: ParsedAddress,
  cityExpected: boolean,
): void {
  let i = start;
  if (i >= end) return;

  // Units written first: "APT 4 10A MAIN ST", "DEPT 0669 PO BOX 120001", "SUITE 200, BLDG 17, 7000 PEACHTREE RD".
  if (words[i] === '#' && i + 2 < end && isHouseNumber(words[i + 1] as string) && !hasDigit(words[i + 2] as string)) {
    i++; // "# 2 TURNER RD": the number sign before a house number
  } else {
    while (i < end && isUnitStart(words, breaks, i, end, true)) {
      const next = readUnits(words, breaks, i, end, out.units, false);
      if (next === i) break;
      i = next;
    }
    if (i >= end) return;
  }

  let box = matchPoBox(words, breaks, i, end);
  const route = box === null ? matchRoute(words, breaks, i, end) : null;
  if (box === null && route === null && !isHouseNumber(words[i] as string) && matchPreTyped(words, i, end) === null) {
    // No house number but a PO box further on ("MSC 410833 PO BOX 415000 …"): the box is the delivery line.
    for (let b = i + 1; b < end && box === null; b++) if (BOX_STARTS.has(words[b] as string)) box = matchPoBox(words, breaks, b, end);
  }
  if (box !== null) {
    out.poBox = box.box;
    let j = box.next;
    // "PO BOX 628 HWY 231 LAKE BUTLER": a rural box with its road.
    const typed = j < end && breaks[j - 1] !== true ? matchPreTyped(words, j, segmentEnd(breaks, j, end)) : null;
    if (typed !== null) {
      out.street = typed.name;
      j = typed.next;
    }
    readTail(words, breaks, j, end, out, false);
    return;
  }
  if (route !== null) {
    out.route = route.route;
    out.poBox = route.box;
    readTail(words, breaks, route.next, end, out, false);
    return;
  }

  const firstSegEnd = segmentEnd(breaks, i, end);
  const numberWord = NUMBER_WORDS.get(words[i] as string);
  if (isHouseNumber(words[i] as string) && !(i + 1 < end && FLOOR_WORDS.has(words[i + 1] as string))) {
    let number = words[i] as string;
    i++;
    if (i < end && breaks[i - 1] !== true) {
      const w = words[i] as string;
      if (isLetter(number.charCodeAt(0)) && gridNumber(w) && isLetter(w.charCodeAt(0)) && hasDigit(w)) {
        number += ` ${w}`; // W148 N9748
        i++;
      } else if (isFraction(w)) {
        number += ` ${w}`; // 123 1/2
        i++;
      } else if (
        isSingleLetter(w) &&
        !DIRECTIONALS.has(w) &&
        i + 1 < end &&
        breaks[i] !== true &&
        numberSuffixFollows(words[i + 1] as string)
      ) {
        number += w; // 214 B SOUTH BLVD → 214B
        i++;
      }
    }
    out.number = number;
  } else if (numberWord !== undefined && i + 2 < firstSegEnd && !STREET_SUFFIXES.has(words[i + 1] as string)) {
    // "ONE S DEARBORN ST"
    out.number = numberWord;
    i++;
  } else if (cityExpected && firstSegEnd === end && !anyDigit(words, i, end) && matchPreTyped(words, i, end) === null) {
    // "New Iberia, LA 70560": no number and nothing but one run of words before the state.
    out.city = join(words, i, end);
    return;
  }
  if (i >= end) return;
  // A unit between number and street: "6910 # G MARY CAROLINE CIR".
  if (words[i] === '#' && i + 2 < end) i = readUnits(words, breaks, i, i + 2, out.units, false);
  const j = readStreet(words, breaks, i, end, out, cityExpected);
  readTail(words, breaks, j, end, out, true);
}

function anyDigit(words: readonly string[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (hasDigit(words[k] as string)) return true;
  return false;
}

/** After "11719 B": the next word is a real name word, so B belongs to the number ("2964 L B J FWY" it does not). */
function numberSuffixFollows(w: string): boolean {
  if (DIRECTIONALS.has(w)) return true;
  if (STREET_SUFFIXES.has(w) || hasDigit(w) || w.length < 3) return false;
  for (let i = 0; i < w.length; i++) if (!isLetter(w.charCodeAt(i))) return false;
  return true;
}

function isBoxStart(words: readonly string[], breaks: readonly boolean[], u: number, end: number): boolean {
  return BOX_STARTS.has(words[u] as string) && matchPoBox(words, breaks, u, end) !== null;
}

/** Reads predirectional, street name, suffix and postdirectional from words[i]; returns the index after. */
function readStreet(
  words: readonly string[],
  breaks: readonly boolean[],
  i: number,
  end: number,
  out: ParsedAddress,
  cityExpected: boolean,
): number {
  const segEnd = segmentEnd(breaks, i, end);
  // The city may sit in this same run of words when nothing separates it from the state.
  const cityInSegment = cityExpected && segEnd === end;

  // Pre-typed names: "US HWY 278", "N COUNTY ROAD 12", "S AVENUE H".
  let pre: string | null = null;
  let p = i;
  if (DIRECTIONALS.has(words[p] as string) && p + 1 < segEnd && matchPreTyped(words, p + 1, segEnd) !== null) {
    pre = DIRECTIONALS.get(words[p] as string) as string;
    p++;
  }
  const typed = matchPreTyped(words, p, segEnd);
  if (typed !== null) {
    out.predirectional = pre;
    out.street = typed.name;
    return readPostdirectional(words, breaks, typed.next, segEnd, end, out);
  }

  // Where the units (or a PO box) start: they end the name.
  let u = i + 1;
  while (u < segEnd && !isUnitStart(words, breaks, u, end) && !isBoxStart(words, breaks, u, end)) u++;

  // With no comma before the state, the city ends this run of words; cut off the
  // cities that are recognisable by shape first ("SALT LAKE CITY", "OAK PARK").
  let cityHere = cityInSegment && u === segEnd;
  let nameLimit = u;
  if (cityHere && words[u - 1] === 'CITY' && u - i >= 3) {
    nameLimit -= u - i >= 4 && STREET_SUFFIXES.has(words[u - 2] as string) ? 3 : 2;
    out.city = join(words, nameLimit, u);
    cityHere = false;
  }
  let k = chooseSuffix(words, i, nameLimit, cityHere);
  if (k === CITY_ENDS_IN_SUFFIX_WORD) {
    out.city = join(words, nameLimit - 2, nameLimit);
    nameLimit -= 2;
    cityHere = false;
    k = chooseSuffix(words, i, nameLimit, false);
  }
  if (k >= 0) {
    const raw = words[k] as string;
    if (isRoadTypeWord(words, k) && k + 1 < nameLimit && hasDigit(words[k + 1] as string)) {
      // "CITY HIGHWAY 16", "AL HWY 157", "SCENIC HWY 98": the highway word types the number that follows.
      let e = k + 2;
      const modifier = e < nameLimit ? ROUTE_MODIFIERS.get(words[e] as string) : undefined;
      setName(words, i, e, out, false);
      if (modifier !== undefined) {
        out.street = `${out.street as string} ${modifier}`;
        e++;
      }
      return readPostdirectional(words, breaks, e, nameLimit, end, out);
    }
    setName(words, i, k, out, false);
    out.suffix = STREET_SUFFIXES.get(raw) as string;
    return readPostdirectional(words, breaks, k + 1, nameLimit, end, out);
  }

  // No suffix: "500 SOUTH CENTRAL", "1000 WOODLAWN CHICAGO IL", "43 N 1250 W ST GEORGE UT".
  let nameEnd = nameLimit;
  if (cityHere) {
    const cityLen = nameEnd - i >= 3 && CITY_PREFIXES.has(words[nameEnd - 2] as string) ? 2 : 1;
    if (nameEnd - cityLen > i) {
      out.city = join(words, nameEnd - cityLen, nameEnd);
      nameEnd -= cityLen;
    }
  }
  const nameStart = nameEnd - i >= 2 && DIRECTIONALS.has(words[i] as string) ? i + 1 : i;
  // A number after the name is a unit ("1020 W BRYN MAWR 211", "1056 W NORTHSHORE 1 W").
  const last = words[nameEnd - 1] as string;
  if (
    nameEnd - nameStart >= 3 &&
    hasDigit(words[nameEnd - 2] as string) &&
    !hasDigit(words[nameEnd - 3] as string) &&
    (isSingleLetter(last) || DIRECTIONALS.has(last))
  ) {
    out.units.push({ type: '#', id: `${words[nameEnd - 2] as string} ${last}` });
    nameEnd -= 2;
  } else if (nameEnd - nameStart >= 2 && hasDigit(last) && !hasDigit(words[nameEnd - 2] as string)) {
    out.units.push({ type: '#', id: last });
    nameEnd -= 1;
  }
  setName(words, i, nameEnd, out, true);
  return u;
}

/** Is there a strong suffix in words[from..to) (not an ST that opens "ST LOUIS")? */
function strongSuffixIn(words: readonly string[], from: number, to: number): boolean {
  for (let c = from; c < to; c++) {
    const w = words[c] as string;
    if (
      STRONG_SUFFIXES.has(STREET_SUFFIXES.get(w) ?? '') &&
      !(SAINT_LIKE.has(w) && c + 1 < to && SAINT_PLACE_WORDS.has(words[c + 1] as string))
    )
      return true;
  }
  return false;
}

function suffixIn(words: readonly string[], from: number, to: number): boolean {
  for (let c = from; c < to; c++) if (STREET_SUFFIXES.has(words[c] as string)) return true;
  return false;
}

/**
 * Picks the suffix position in words[i+1..u), -1 for none, or
 * CITY_ENDS_IN_SUFFIX_WORD when the only candidate ends the city.
 */
function chooseSuffix(words: readonly string[], i: number, u: number, cityHere: boolean): number {
  let k = -1;
  for (let c = i + 1; c < u; c++) {
    const w = words[c] as string;
    const std = STREET_SUFFIXES.get(w);
    if (std === undefined) continue;
    const strong = STRONG_SUFFIXES.has(std);
    if (c === i + 1 && DIRECTIONALS.has(words[i] as string)) {
      // "100 NORTH ST", "641 S ST NW": the directional is the name. "7 N WELLS", "5050 S DR MARTIN LUTHER KING BLVD" it is not.
      if (!strong || suffixIn(words, c + 1, u)) continue;
      const rest = u - (c + 1);
      if (!(rest === 0 || cityHere || (rest === 1 && DIRECTIONALS.has(words[c + 1] as string)))) continue;
    }
    if (SAINT_LIKE.has(w) && c + 1 < u) {
      const next = words[c + 1] as string;
      // "PORT ST LUCIE BLVD", "ROYAL ST GEORGES LN": Saint inside the name.
      if (!STREET_SUFFIXES.has(next) && !DIRECTIONALS.has(next) && next !== 'NO' && strongSuffixIn(words, c + 2, u)) continue;
      // "… LINDBERGH ST LOUIS MO": the city.
      if (cityHere && SAINT_PLACE_WORDS.has(next)) continue;
    }
    // "27 WASHINGTON OAK PARK IL": a weak suffix word closing the run is the end of the city.
    if (cityHere && c === u - 1 && !strong && c - i >= 2) return CITY_ENDS_IN_SUFFIX_WORD;
    k = c;
    break;
  }
  if (k < 0) return -1;
  for (;;) {
    const strong = STRONG_SUFFIXES.has(STREET_SUFFIXES.get(words[k] as string) as string);
    let next = -1;
    if (strong) {
      // "19TH STREET CT", "ARTS CIRCLE DR", "ULSTER ST PKWY": the first is part of the name.
      if (k + 1 < u && STRONG_SUFFIXES.has(STREET_SUFFIXES.get(words[k + 1] as string) ?? '')) next = k + 1;
    } else if (k + 1 < u && STREET_SUFFIXES.has(words[k + 1] as string)) {
      next = k + 1; // FLINT HILL RD, LAKE SHORE DR
    } else if (k + 2 < u && STRONG_SUFFIXES.has(STREET_SUFFIXES.get(words[k + 2] as string) ?? '')) {
      next = k + 2; // OAK GROVE CHURCH RD, BALLAST PT W BLVD
    }
    if (next < 0) break;
    if (cityHere) {
      const nextStrong = STRONG_SUFFIXES.has(STREET_SUFFIXES.get(words[next] as string) as string);
      if (next + 1 >= u && !nextStrong) break; // "… CEDAR PARK LAKE FOREST IL": FOREST is the city
      if (SAINT_LIKE.has(words[next] as string) && next + 1 < u && SAINT_PLACE_WORDS.has(words[next + 1] as string)) break;
    }
    k = next;
  }
  return k;
}

/**
 * Sets predirectional and street from the name words[from..to). A directional
 * closing the name is the postdirectional when abbreviated after a word
 * ("2110 SAINT JOHN W ST") or, with gridNumbers, after a number ("43 N 1250 W");
 * "2900 E RD", "NINE NORTH DR" and "OCEAN ISLE WEST BLVD" keep it in the name
 * (spelled out, it is as often part of the name as a direction in the labelled data).
 */
function setName(words: readonly string[], from: number, to: number, out: ParsedAddress, gridNumbers: boolean): void {
  if (to <= from) return;
  if (to - from >= 2 && DIRECTIONALS.has(words[from] as string)) {
    out.predirectional = DIRECTIONALS.get(words[from] as string) as string;
    from++;
  }
  const last = words[to - 1] as string;
  if (to - from >= 2 && DIRECTIONALS.has(last) && !DIRECTIONALS.has(words[to - 2] as string)) {
    const afterNumber = hasDigit(words[to - 2] as string);
    if (afterNumber ? gridNumbers : last.length <= 2) {
      out.postdirectional = DIRECTIONALS.get(last) as string;
      to--;
    }
  }
  if (to - from === 1 && DIRECTIONALS.has(words[from] as string)) {
    // A lone directional is the name itself, spelled out (Pub 28: "NORTH ST").
    out.street = DIRECTIONAL_WORDS.get(DIRECTIONALS.get(words[from] as string) as string) as string;
    return;
  }
  out.street = standardizeNameWords(words, from, to);
}

const COMPASS_NS = new Set(['N', 'S']);
const COMPASS_EW = new Set(['E', 'W']);

/** After the suffix (or a pre-typed name): the postdirectional, if one is written there. */
function readPostdirectional(
  words: readonly string[],
  breaks: readonly boolean[],
  j: number,
  limit: number,
  end: number,
  out: ParsedAddress,
): number {
  if (j >= limit || j >= end) return j;
  const w = words[j] as string;
  // "S E" / "N. W." → SE / NW, unless the E opens a city ("N E GRAND RAPIDS").
  if (
    COMPASS_NS.has(w) &&
    j + 1 < limit &&
    breaks[j] !== true &&
    COMPASS_EW.has(words[j + 1] as string) &&
    closesStreet(words, breaks, j + 1, end)
  ) {
    if (out.postdirectional === null) out.postdirectional = w + (words[j + 1] as string);
    return j + 2;
  }
  let d = DIRECTIONALS.get(w);
  if (d === undefined && w === 'NO' && !(j + 1 < end && hasDigit(words[j + 1] as string))) d = 'N';
  if (d === undefined) return j;
  // A spelled-out directional followed by more words may open the city ("… ST SOUTH HOLLAND").
  if (w.length <= 2 || closesStreet(words, breaks, j, end)) {
    if (out.postdirectional === null) out.postdirectional = d;
    return j + 1;
  }
  return j;
}

/** Nothing but units, a number, a comma or the end follows words[j] ("NORTH 1001", "NORTH, …", "NORTH ST PETERSBURG"). */
function closesStreet(words: readonly string[], breaks: readonly boolean[], j: number, end: number): boolean {
  if (breaks[j] === true || j + 1 >= end) return true;
  const next = words[j + 1] as string;
  return hasDigit(next) || SAINT_LIKE.has(next) || isUnitStart(words, breaks, j + 1, end) || isBoxStart(words, breaks, j + 1, end);
}

/**
 * After the street: units, then the city. Comma-separated groups are read in
 * turn; units and a PO box at the front of each group are taken, and the city
 * is the last group's remaining words (earlier leftovers, such as building
 * names, are dropped).
 */
function readTail(
  words: readonly string[],
  breaks: readonly boolean[],
  j: number,
  end: number,
  out: ParsedAddress,
  afterStreet: boolean,
): void {
  let allowBare = afterStreet;
  let cityFrom = -1;
  let cityTo = -1;
  let first = true;
  while (j < end) {
    const gEnd = segmentEnd(breaks, j, end);
    // "1800 M ST, NW, …" / "1105 BOLTON RD, NW ATLANTA": a postdirectional cut off by a comma.
    if (afterStreet && first && j > 0 && breaks[j - 1] === true && out.postdirectional === null && out.street !== null) {
      const w = words[j] as string;
      const d = DIRECTIONALS.get(w);
      if (d !== undefined && w.length <= 2 && (w.length === 2 || j + 1 === gEnd)) {
        out.postdirectional = d;
        j++;
      } else if (
        COMPASS_NS.has(w) &&
        j + 1 < gEnd &&
        COMPASS_EW.has(words[j + 1] as string) &&
        (j + 2 === gEnd || isUnitStart(words, breaks, j + 2, gEnd))
      ) {
        out.postdirectional = w + (words[j + 1] as string); // "…, N.E."
        j += 2;
      }
    }
    first = false;
    while (j < gEnd) {
      const box = matchPoBox(words, breaks, j, gEnd);
      if (box !== null) {
        if (out.poBox === null) out.poBox = box.box;
        j = box.next;
        allowBare = false;
        continue;
      }
      const next = readUnits(words, breaks, j, gEnd, out.units, allowBare);
      allowBare = false;
      if (next > j) {
        j = next;
        continue;
      }
      // Words that are not a unit: the city (or, in an earlier group, a building name).
      let u = j + 1;
      while (u < gEnd && !isUnitStart(words, breaks, u, gEnd, true) && !isBoxStart(words, breaks, u, gEnd)) u++;
      // A city has no digits: "… DEPT 472 806009965 KANSAS CITY" starts at KANSAS.
      let from = j;
      while (from < u && hasDigit(words[from] as string)) from++;
      if (from < u) {
        cityFrom = from;
        cityTo = u;
      }
      j = u;
    }
    j = gEnd;
  }
  if (cityFrom >= 0 && out.city === null) out.city = join(words, cityFrom, cityTo);
}
