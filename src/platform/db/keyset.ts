import { AppError } from '../http/errors.js';
import { isUuid } from './database.js';

/**
 * Keyset (cursor) pagination shared by the list screens. A sort is a list of key
 * expressions in one direction, none of them null (an unknown value sorts last
 * through an "is known" key before it), ending in a unique key; an index over the
 * same expressions, tenant first, answers "the rows after this one" as a single row
 * comparison, whatever the depth of the page.
 */

export type KeyType = 'int' | 'numeric' | 'bool' | 'text' | 'uuid' | 'timestamptz';

export interface SortKey {
  sql: string;
  type: KeyType;
}

/** Keys of one sort, compared in one direction. */
export interface KeysetOrder {
  keys: readonly SortKey[];
  descending: boolean;
}

const KEY_PATTERNS: Record<KeyType, (value: string) => boolean> = {
  int: (value) => /^-?\d{1,18}$/.test(value),
  numeric: (value) => /^-?\d{1,30}(\.\d{1,30})?$/.test(value),
  bool: (value) => value === 'true' || value === 'false',
  text: (value) => value.length <= 1000,
  uuid: isUuid,
  timestamptz: (value) => value.length <= 40 && /^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:\d\d)?|Z)?$/.test(value),
};

const PG_TYPES: Record<KeyType, string> = {
  int: 'bigint',
  numeric: 'numeric',
  bool: 'boolean',
  text: 'text',
  uuid: 'uuid',
  timestamptz: 'timestamptz',
};

/** Where a page starts: after the row whose keys these are, in this part of a multi-part sort. */
export interface CursorPosition {
  part: number;
  keys: string[];
}

/** The opaque cursor of a position; the sort name is kept so a cursor cannot be replayed under another sort. */
export function encodeCursor(sort: string, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: sort, p: position.part, k: position.keys })).toString('base64url');
}

/** The position of a cursor made by `encodeCursor` for this sort; a 400 for anything else. */
export function decodeCursor(cursor: string, sort: string, parts: readonly KeysetOrder[]): CursorPosition {
  const invalid = () =>
    new AppError('bad_request', 'The cursor is not one this list gave out for this sort; start again from the first page');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof decoded !== 'object' || decoded === null) throw invalid();
  const { s, p, k } = decoded as { s?: unknown; p?: unknown; k?: unknown };
  if (s !== sort || typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= parts.length) throw invalid();
  const keys = parts[p]!.keys;
  if (!Array.isArray(k) || k.length !== keys.length) throw invalid();
  if (!k.every((value, i) => typeof value === 'string' && KEY_PATTERNS[keys[i]!.type](value))) throw invalid();
  return { part: p, keys: k as string[] };
}

export function orderByOf(order: KeysetOrder): string {
  return order.keys.map((key) => `${key.sql} ${order.descending ? 'desc' : 'asc'}`).join(', ');
}

/** The keys of each row as text, selected as k0, k1, …, to make the next cursor from the last row. */
export function keyColumnsOf(order: KeysetOrder): string {
  return order.keys.map((key, i) => `(${key.sql})::text as k${i}`).join(', ');
}

export function keysOfRow(order: KeysetOrder, row: object): string[] {
  return order.keys.map((_, i) => String((row as Record<string, unknown>)[`k${i}`]));
}

/** "(keys) < (values)" for the rows after a position, its values appended to `params`. */
export function afterPositionOf(order: KeysetOrder, keys: readonly string[], params: unknown[]): string {
  const values = order.keys.map((key, i) => {
    params.push(keys[i]);
    return `$${params.length}::${PG_TYPES[key.type]}`;
  });
  return `(${order.keys.map((key) => key.sql).join(', ')}) ${order.descending ? '<' : '>'} (${values.join(', ')})`;
}
