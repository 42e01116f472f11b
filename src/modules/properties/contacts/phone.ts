import {
  ParseError,
  getCountryCallingCode,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
  type PhoneNumber,
} from 'libphonenumber-js/max';

/**
 * Phone cleanup for imported lists, on libphonenumber's full ("max") metadata,
 * which is what makes `isValid()` check real number ranges and `getType()` work.
 *
 * Decisions:
 * - Letters are rejected ("1-800-FLOWERS"): in owner data they are nearly always
 *   junk or a label, and spelling words out as digits would invent numbers.
 *   Known labels ("Cell:", "(M)", "home", "Phone1:") are removed first.
 * - Validity is libphonenumber's: a real area code and exchange. 555-01xx
 *   fiction numbers and placeholders such as 0000000000 are rejected.
 * - A US number's digits do not say whether it is a mobile or a landline, so
 *   libphonenumber answers FIXED_LINE_OR_MOBILE and we report `unknown`, not a
 *   guess. Only skip-tracing or a carrier lookup can tell.
 */

export type PhoneLineType = 'mobile' | 'landline' | 'voip' | 'toll_free' | 'unknown';

export type NormalizedPhone = { ok: true; e164: string; lineType: PhoneLineType; extension: string | null } | { ok: false; reason: string };

const HAS_LETTER_OR_HASH = /[a-z#]/i;
const HAS_LETTER = /[a-z]/i;
const NON_DIGITS = /\D+/g;
/** "Phone 1:", "Cell:", "Tel.:" in front of the number. */
const LEADING_LABEL = /^\s*[a-z][a-z0-9 ._#-]*:\s*/i;
/** Words that say what kind of phone it is, wherever they appear. */
const LABEL_WORDS =
  /\b(?:cell(?:ular)?|mobile|mob|wireless|home|work|office|business|landline|fax|voip|main|tel|phone|ph|primary|direct|other|personal|residence|res|hm|wk|[cmhwl])\b\.?/gi;
/** A trailing extension: "x12", "ext. 12", "extension 12", "#12". */
const EXTENSION = /[\s,]*(?:extension|ext|ex|xtn|x|#)\s*[.:]?\s*(\d{1,7})\s*$/i;

const LINE_TYPES: Partial<Record<NonNullable<NumberType>, PhoneLineType>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  VOIP: 'voip',
  TOLL_FREE: 'toll_free',
};

const PARSE_ERRORS: Record<string, string> = {
  NOT_A_NUMBER: 'phone has no digits',
  INVALID_COUNTRY: 'phone has an unknown country code',
  TOO_SHORT: 'phone has too few digits',
  TOO_LONG: 'phone has too many digits',
  INVALID_LENGTH: 'phone has the wrong number of digits',
};

type ParsedOutcome = { ok: true; e164: string; lineType: PhoneLineType } | { ok: false; reason: string };

/**
 * libphonenumber parses about 50,000 numbers a second; lists repeat numbers
 * (one owner, many parcels), so outcomes are remembered by their digits.
 */
const CACHE_LIMIT = 50_000;
const cache = new Map<string, ParsedOutcome>();
const callingCodes = new Map<CountryCode, string>();

function callingCodeOf(country: CountryCode): string {
  let code = callingCodes.get(country);
  if (code === undefined) {
    code = getCountryCallingCode(country);
    callingCodes.set(country, code);
  }
  return code;
}

function allSameDigit(digits: string): boolean {
  const first = digits.charCodeAt(0);
  for (let i = 1; i < digits.length; i++) if (digits.charCodeAt(i) !== first) return false;
  return true;
}

/**
 * Normalizes one phone to E.164 with its line type and extension, or says in a
 * few words why it cannot (the reason goes into the row's reject message).
 * Numbers without "+" are read as numbers of `defaultCountry`.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'US'): NormalizedPhone {
  let s = raw.trim();
  if (s.length === 0) return { ok: false, reason: 'phone is empty' };
  let extension: string | null = null;
  if (HAS_LETTER_OR_HASH.test(s)) {
    s = s.replace(LEADING_LABEL, '').replace(LABEL_WORDS, ' ');
    const ext = EXTENSION.exec(s);
    if (ext) {
      extension = ext[1]!;
      s = s.slice(0, ext.index);
    }
    if (HAS_LETTER.test(s)) return { ok: false, reason: 'phone contains letters' };
  }
  const plus = s.indexOf('+');
  const international = plus !== -1 && s.slice(0, plus).replace(NON_DIGITS, '').length === 0;
  const digits = s.replace(NON_DIGITS, '');
  if (digits.length === 0) return { ok: false, reason: 'phone has no digits' };

  const key = international ? `+${digits}` : `${defaultCountry}${digits}`;
  let outcome = cache.get(key);
  if (outcome === undefined) {
    outcome = parseDigits(digits, international, defaultCountry);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, outcome);
  }
  return outcome.ok ? { ok: true, e164: outcome.e164, lineType: outcome.lineType, extension } : outcome;
}

function parseDigits(digits: string, international: boolean, defaultCountry: CountryCode): ParsedOutcome {
  const callingCode = callingCodeOf(defaultCountry);
  if (!international && callingCode === '1' && !digits.startsWith('011')) {
    // North American numbers: ten digits, or eleven with the leading 1.
    if (digits.length === 7) return { ok: false, reason: 'phone is missing its area code' };
    if (digits.length < 10) return { ok: false, reason: 'phone has too few digits' };
    if (digits.length > 11 || (digits.length === 11 && digits.charCodeAt(0) !== 49)) {
      return { ok: false, reason: 'phone has too many digits' };
    }
    if (allSameDigit(digits.length === 11 ? digits.slice(1) : digits)) {
      return { ok: false, reason: 'phone is a placeholder (all digits the same)' };
    }
  } else if (digits.length >= 7 && allSameDigit(digits)) {
    return { ok: false, reason: 'phone is a placeholder (all digits the same)' };
  }

  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(international ? `+${digits}` : digits, { defaultCountry, extract: false });
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, reason: PARSE_ERRORS[error.message] ?? 'not a phone number' };
    throw error;
  }
  if (!phone.isValid()) {
    const length = validatePhoneNumberLength(phone.number);
    if (length !== undefined) return { ok: false, reason: PARSE_ERRORS[length] ?? 'phone has the wrong number of digits' };
    const where = phone.countryCallingCode === callingCode ? defaultCountry : (phone.country ?? `+${phone.countryCallingCode}`);
    return { ok: false, reason: `not a valid ${where} phone number` };
  }
  const type = phone.getType();
  return { ok: true, e164: phone.number, lineType: (type && LINE_TYPES[type]) ?? 'unknown' };
}

const HARD_SEPARATORS = /[;,|\n\r\t]+|\s+(?:or|and|&)\s+|\s*&\s*/i;
/** "Phone1:", "Cell 2:", "Home Phone:" labels, which also separate numbers; not "ext:". */
const INNER_LABELS = /\b(?!(?:ext|extension|ex|xtn|x)\b)[a-z][a-z0-9_#]*(?:\s+[a-z0-9_#]+)?\s*:/gi;
const WHITESPACE_RUN = /\s+/;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * Splits a cell holding several phones ("555-123-4567; 555-987-6543",
 * "5551234567/5559876543", "Phone1: … Phone2: …", two ten-digit numbers
 * separated by a space) into candidates for {@link normalizePhone}. A slash
 * splits only when each side has a whole number, so "(555)/123-4567" stays one.
 * Pieces without digits ("N/A", "none") are dropped.
 */
export function splitPhones(raw: string): string[] {
  const s = raw.trim();
  if (s.length === 0) return [];
  const out: string[] = [];
  const labelled = HAS_LETTER.test(s) ? s.replace(INNER_LABELS, ';') : s;
  for (const part of labelled.split(HARD_SEPARATORS)) {
    const piece = part.trim();
    if (piece.length === 0 || digitCount(piece) === 0) continue;
    if (piece.includes('/')) {
      const halves = piece.split('/');
      if (halves.every((half) => digitCount(half) >= 7)) {
        for (const half of halves) out.push(half.trim());
        continue;
      }
    }
    if (digitCount(piece) >= 20 && !piece.includes('+')) {
      const numbers = splitRunTogether(piece);
      if (numbers) {
        out.push(...numbers);
        continue;
      }
    }
    out.push(piece);
  }
  return out;
}

/**
 * "213 373 4253 310 555 1234" → two numbers: groups of words adding up to ten
 * digits (eleven with a leading 1). Null when the words do not group that way.
 */
function splitRunTogether(piece: string): string[] | null {
  const numbers: string[] = [];
  let words: string[] = [];
  let digits = '';
  for (const word of piece.split(WHITESPACE_RUN)) {
    words.push(word);
    digits += word.replace(NON_DIGITS, '');
    if ((digits.length === 10 && digits.charCodeAt(0) !== 49) || (digits.length === 11 && digits.charCodeAt(0) === 49)) {
      numbers.push(words.join(' '));
      words = [];
      digits = '';
    } else if (digits.length > 11) {
      return null;
    }
  }
  return words.length === 0 && numbers.length > 1 ? numbers : null;
}
