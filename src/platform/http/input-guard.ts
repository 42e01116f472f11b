import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import type { FieldError } from './validation.js';

/**
 * NUL cannot be stored in a PostgreSQL text or jsonb value, and an unpaired UTF-16
 * surrogate has no UTF-8 form (it would be stored as U+FFFD, silently changing the value).
 */
const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** No request body the API takes nests deeper than this; deeper ones are abuse, not data. */
const MAX_BODY_DEPTH = 32;

/** Enough problems for a client to fix its request, few enough to keep the error body small. */
const MAX_REPORTED = 10;

/** Why a string cannot be stored as it was sent, or undefined when it can. */
export function unstorableReason(text: string): string | undefined {
  if (text.includes(NUL)) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}

/** A field name fit for an error message: the bad characters shown as U+FFFD, and not endless. */
function printable(name: string): string {
  const shown = name.replaceAll(NUL, '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}

/** Parsed data (JSON, query strings and path parameters come as plain or null-prototype objects), not a Buffer or stream. */
function isParsedData(value: unknown): value is unknown[] | Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Every string and object key of a parsed request part that cannot be stored, and any
 * value nested deeper than maxDepth, named the way validation errors name fields
 * (`owner.phones.0`). Walked with an explicit stack, so deep nesting cannot exhaust the call stack.
 */
export function findRefusedInput(value: unknown, maxDepth = Infinity): FieldError[] {
  const problems: FieldError[] = [];
  const pending: { value: unknown; field: string; depth: number }[] = [{ value, field: '', depth: 0 }];
  while (pending.length > 0 && problems.length < MAX_REPORTED) {
    const { value: current, field, depth } = pending.pop()!;
    if (typeof current === 'string') {
      const reason = unstorableReason(current);
      if (reason) problems.push({ field, message: reason });
      continue;
    }
    if (!isParsedData(current)) continue;
    if (depth >= maxDepth) {
      problems.push({ field, message: `nests deeper than ${maxDepth} levels` });
      continue;
    }
    const isArray = Array.isArray(current);
    const entries = isArray ? current.map((item, index) => [String(index), item] as const) : Object.entries(current);
    // Pushed in reverse so values are reported in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      const child = field ? `${field}.${printable(key)}` : printable(key);
      const keyReason = isArray ? undefined : unstorableReason(key);
      if (keyReason) problems.push({ field: child, message: `is a field name that ${keyReason}` });
      else pending.push({ value: item, field: child, depth: depth + 1 });
    }
  }
  return problems.slice(0, MAX_REPORTED);
}

/** True when every `%` of the text starts a valid UTF-8 escape, as decodeURIComponent requires. */
function isWellEncoded(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

function checkQueryEncoding(url: string): void {
  const start = url.indexOf('?');
  if (start < 0) return;
  // The query parser keeps a badly escaped value as raw text; say so instead of passing it on.
  const pieces = url.slice(start + 1).split('&');
  if (!pieces.every(isWellEncoded)) throw new AppError('bad_request', 'The query string has malformed percent-encoding');
}

const PARTS = [
  { name: 'params', read: (request: FastifyRequest) => request.params, maxDepth: Infinity },
  { name: 'querystring', read: (request: FastifyRequest) => request.query, maxDepth: Infinity },
  { name: 'body', read: (request: FastifyRequest) => request.body, maxDepth: MAX_BODY_DEPTH },
] as const;

/**
 * Refuses, before any route's own hooks, validation or handler, text that no handler
 * or database should see: NUL bytes and unpaired surrogates in any path parameter,
 * query value or body field (keys included), malformed escapes in the query string,
 * and bodies nested absurdly deep.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    checkQueryEncoding(request.url);
    for (const part of PARTS) {
      const problems = findRefusedInput(part.read(request), part.maxDepth).map((p) => ({ ...p, field: p.field || part.name }));
      if (problems.length > 0) {
        throw new AppError('validation', `Invalid ${part.name}: ` + problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
      }
    }
  });
}
