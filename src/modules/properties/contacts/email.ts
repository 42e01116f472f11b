/**
 * Email cleanup for imported lists.
 *
 * A compact, pragmatic check rather than RFC 5322: it accepts the addresses
 * people really have and rejects what list exports really get wrong (missing @,
 * spaces, doubled dots, no top-level domain). Quoted local parts, IP-literal
 * domains and non-ASCII addresses are rejected; they do not occur in owner data
 * often enough to be worth the false positives.
 *
 * The whole address is lowercased, local part included. RFC 5321 lets a server
 * treat the local part case-sensitively, but the large providers do not, and
 * one spelling per address is what deduplication across lists needs.
 */

export type NormalizedEmail = { ok: true; email: string } | { ok: false; reason: string };

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAILTO = /^mailto:/i;
const WHITESPACE = /\s/;
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
/** Labels of letters, digits and inner hyphens; an alphabetic or punycode top-level domain. */
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const SEPARATORS = /[\s,;|]+/;
const ANGLE_BRACKETED = /<([^<>]*)>/g;
const LEADING_LABEL = /^[a-z][a-z0-9 _-]*:/i;
const PLACEHOLDERS = new Set(['n/a', 'na', 'none', 'null', 'unknown', '-', '--', '?']);

function reject(reason: string): NormalizedEmail {
  return { ok: false, reason };
}

/** Trims, strips `mailto:` and a `Name <address>` wrapper, lowercases, and checks the shape. */
export function normalizeEmail(raw: string): NormalizedEmail {
  let s = raw.trim();
  if (MAILTO.test(s)) {
    s = s.slice(7);
    const query = s.indexOf('?');
    if (query !== -1) s = s.slice(0, query);
  }
  const open = s.lastIndexOf('<');
  if (open !== -1 && s.endsWith('>')) s = s.slice(open + 1, -1);
  s = s.trim();
  if (s.length === 0) return reject('email is empty');
  if (s.length > MAX_LENGTH) return reject(`email is longer than ${MAX_LENGTH} characters`);
  if (WHITESPACE.test(s)) return reject('email contains spaces');
  s = s.toLowerCase();

  const at = s.indexOf('@');
  if (at === -1) return reject('email has no @');
  if (s.indexOf('@', at + 1) !== -1) return reject('email has more than one @');
  if (at === 0) return reject('email has nothing before the @');
  if (at === s.length - 1) return reject('email has no domain after the @');
  if (s.includes('..')) return reject('email has consecutive dots');

  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > MAX_LOCAL_LENGTH) return reject(`email has more than ${MAX_LOCAL_LENGTH} characters before the @`);
  if (local.charCodeAt(0) === 46 || local.charCodeAt(local.length - 1) === 46) {
    return reject('email starts or ends with a dot before the @');
  }
  if (!LOCAL_PART.test(local)) return reject('email has characters not allowed before the @');
  if (!domain.includes('.')) return reject('email domain has no top-level domain (like .com)');
  if (!DOMAIN.test(domain)) return reject('email domain is not valid');
  return { ok: true, email: s };
}

/**
 * Splits a cell holding several addresses ("a@x.com; b@y.com", "Email1: a@x.com
 * Email2: b@y.com", "Ann <a@x.com>, Bob <b@y.com>") into candidates for
 * {@link normalizeEmail}. Words without an @ next to real addresses are labels
 * and are dropped; a cell with no @ at all comes back whole, so the import can
 * report it, unless it is a placeholder such as "N/A" (then nothing comes back).
 */
export function splitEmails(raw: string): string[] {
  const s = raw.trim();
  if (s.length === 0 || PLACEHOLDERS.has(s.toLowerCase())) return [];
  if (s.includes('<')) {
    const bracketed: string[] = [];
    for (const match of s.matchAll(ANGLE_BRACKETED)) {
      const inner = match[1]!.trim();
      if (inner.includes('@')) bracketed.push(inner);
    }
    if (bracketed.length > 0) return bracketed;
  }
  const found: string[] = [];
  for (const part of s.split(SEPARATORS)) {
    const token = part.replace(LEADING_LABEL, (label) => (MAILTO.test(label) ? label : ''));
    if (token.includes('@')) found.push(token);
  }
  return found.length > 0 ? found : [s];
}
