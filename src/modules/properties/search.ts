import { normalizeAddress } from './address/normalize-address.js';

/**
 * The property search behind `q`, over the maintained `parcels.search_text` (address,
 * city, ZIP, APN, owner names, phones and e-mails; lower case, without accents) and
 * its word vector. Each word of the search must start a word of the property, in any
 * order; a search is also read as an address ("123 north main street" finds
 * "123 N MAIN ST"); a phone number matches in any punctuation, and its last digits
 * anywhere in the number.
 */

/** Lower case without accents, as `fold_search_text` stores it. */
export function foldSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Words as the vector splits them: letters and digits, everything else a separator. */
function wordsOf(text: string): string[] {
  return foldSearchText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A tsquery of every word. Words of one or two characters match exactly (a
 * direction, a suffix, an initial): as prefixes they would match most properties.
 */
function allWordsQuery(words: readonly string[]): string {
  return words.map((word) => (word.length >= 3 ? `${word}:*` : word)).join(' & ');
}

export interface SearchCondition {
  /** SQL over `parcels p` with one `?` per value. */
  sql: string;
  values: string[];
}

export function searchConditionOf(q: string): SearchCondition {
  const words = wordsOf(q);
  if (words.length === 0) return { sql: 'false', values: [] };
  const queries = new Set([allWordsQuery(words)]);
  const asAddress = normalizeAddress(q).line1;
  if (asAddress) {
    const addressWords = wordsOf(asAddress);
    if (addressWords.length > 0) queries.add(allWordsQuery(addressWords));
  }
  const conditions = [...queries].map(() => `p.search_vector @@ to_tsquery('simple', ?)`);
  const values = [...queries];
  const digits = q.replace(/\D/g, '');
  if (!/\p{L}/u.test(q) && digits.length >= 4) {
    // A phone number or the part of one, typed with any punctuation.
    conditions.push('p.search_text like ?');
    values.push(`%${digits}%`);
  }
  return { sql: `(${conditions.join(' or ')})`, values };
}
