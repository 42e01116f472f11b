import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * Walks every operation of the published OpenAPI document with hostile path ids, query
 * values and bodies, signed in as a tenant owner so authenticated routes run their
 * handlers. Whatever arrives, the answer is never a 5xx, and every 4xx is the uniform
 * error body with the request id of its X-Request-Id header.
 *
 * Runs are seeded per operation, so a failure reproduces: rerun with REOS_FUZZ_SEED and
 * the seed and path printed in the report.
 */

const BASE_SEED = Number(process.env.REOS_FUZZ_SEED ?? 20_260_409);
const RUNS_PER_OPERATION = Number(process.env.REOS_FUZZ_RUNS ?? 20);
const ERROR_CODES = new Set([
  'validation',
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'request_timeout',
  'conflict',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'rate_limited',
  'headers_too_large',
]);

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
};

interface Operation {
  method: string;
  path: string;
  operationId: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema }[];
  body?: Schema;
}

/** Strings a schema accepts that have broken parsers, queries and templates before. */
const AWKWARD_TEXT = [
  '',
  ' ',
  '\t\n\r',
  '😀🏠',
  'ｆｕｌｌｗｉｄｔｈ',
  '\u202etxt.exe',
  "O'Brien; DROP TABLE parcels; --",
  '../../../etc/passwd',
  '%',
  '%00',
  '%s%n%d',
  '\\',
  '"',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  'null',
  'NaN',
  '1e400',
  '-0',
  '0x10',
];

/** Values a schema does not expect: wrong types, forbidden text, absurd sizes. */
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  2 ** 64,
  5e-324,
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFF',
  'x'.repeat(20_000),
  [],
  {},
  [[[[]]]],
  [{ a: 1 }],
  { a: { b: { c: { d: 'deep' } } } },
  { ['k\u0000']: 1 },
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
];

const HOSTILE_IDS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDC00x',
  'x'.repeat(101),
  'x'.repeat(3000),
  '..',
  '../..',
  '..%2F..%2Fetc',
  '%',
  '%zz',
  '%E0%A4%A',
  'not-a-uuid',
  '99999999999999999999999',
  '-1',
  '0',
  '1e400',
  '😀',
  ' ',
  "'; drop table tenants; --",
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '123e4567-e89b-12d3-a456-426614174000\u0000',
];

/** Text the API must refuse with 400 wherever it appears: NUL bytes and unpaired surrogates. */
const FORBIDDEN_TEXT = ['\u0000', 'a\u0000b', '\uD800', '\uDFFF', '\uDBFFz'];

const RAW_QUERIES = ['%', '%E0%A4%A', '%ED%A0%80=1', '&&&', '=', '==x', 'limit=1&limit=2', 'a[b]=1', '__proto__=x', 'q=%00'];

/** Percent-encodes any string, lone surrogates included (as their WTF-8 bytes, which no decoder accepts). */
function encodeAny(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

/** A path segment: encoded, or as typed when it is printable ASCII (so raw `%`, `..` and quotes arrive too). */
const segment = (value: string, raw: boolean) => (raw && /^[\x21-\x7e]*$/.test(value) && !value.includes('/') ? value : encodeAny(value));

function clampText(text: string, schema: Schema): string {
  let out = schema.maxLength !== undefined ? text.slice(0, schema.maxLength) : text;
  if (schema.minLength !== undefined && out.length < schema.minLength) out = out.padEnd(schema.minLength, 'x');
  return out;
}

const awkwardText = (schema: Schema) =>
  fc.oneof(fc.constantFrom(...AWKWARD_TEXT), fc.string({ unit: 'grapheme', maxLength: 40 })).map((text) => clampText(text, schema));

function numberFor(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (integer ? Number.MIN_SAFE_INTEGER : -1e308);
  const max = schema.maximum ?? (integer ? Number.MAX_SAFE_INTEGER : 1e308);
  const edges = [min, max, 0, 1, -1, 0.5, 2 ** 31, -(2 ** 31) - 1, 1e15, 1e300].filter(
    (n) => n >= min && n <= max && (!integer || Number.isInteger(n)),
  );
  const within = integer
    ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof(within, fc.constantFrom(...edges));
}

interface Pools {
  ids: string[];
  slug: string;
}

/**
 * Values of the schema's shape. With `mutate`, any node may instead be a hostile value,
 * so a body is valid but for one bad field as often as it is wholly wrong.
 */
function valueFor(schema: Schema, pools: Pools, mutate: boolean): fc.Arbitrary<unknown> {
  const shaped = shapedValueFor(schema, pools, mutate);
  return mutate ? fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_VALUES) }) : shaped;
}

function shapedValueFor(schema: Schema, pools: Pools, mutate: boolean): fc.Arbitrary<unknown> {
  const base = baseValueFor(schema, pools, mutate);
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function baseValueFor(schema: Schema, pools: Pools, mutate: boolean): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => valueFor(alternative, pools, mutate)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.oneof(fc.uuid(), fc.constantFrom(...pools.ids));
      if (schema.format === 'email') return fc.oneof(fc.emailAddress(), fc.constantFrom("o'brien+tag@example.test", 'UPPER@EXAMPLE.TEST'));
      if (schema.format === 'date-time' || schema.format === 'date') {
        const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
        return schema.format === 'date' ? date.map((d) => d.slice(0, 10)) : date;
      }
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return awkwardText(schema);
    case 'integer':
      return numberFor(schema, true);
    case 'number':
      return numberFor(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueFor(schema.items ?? {}, pools, mutate), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
      });
    case 'object':
    case undefined: {
      if (!schema.properties && schema.type === undefined) return fc.jsonValue({ maxDepth: 2 });
      const properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, valueFor(property, pools, mutate)]),
      );
      const record = fc.record(properties, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
      if (typeof schema.additionalProperties !== 'object') return record;
      const extra = fc.dictionary(fc.string({ maxLength: 20 }), valueFor(schema.additionalProperties, pools, mutate), {
        maxKeys: 3,
      });
      return fc.tuple(record, extra).map(([known, more]) => ({ ...more, ...known }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * A body as JSON text. Clean: of the schema's shape, with awkward but allowed values. Hostile:
 * mutated, wholly wrong, padded with extra keys, nested absurdly or not JSON at all.
 */
function bodyFor(schema: Schema | undefined, pools: Pools, hostile: boolean): fc.Arbitrary<string | undefined> {
  if (!hostile) return schema ? valueFor(schema, pools, false).map((value) => JSON.stringify(value)) : fc.constant(undefined);
  const wrong = fc.oneof(
    fc.constantFrom(...HOSTILE_VALUES).map((value) => JSON.stringify(value)),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.nat({ max: 3 }).map((level) => '['.repeat(10 ** level) + ']'.repeat(10 ** level)),
    fc.nat({ max: 3 }).map((level) => '{"a":'.repeat(10 ** level) + '1' + '}'.repeat(10 ** level)),
    fc.constantFrom('', '{', '{"a":1,}', 'null', '"\\u0000"', '{"a":"\\ud800"}', '\u0000', '[1,2', 'not json'),
  );
  if (!schema) return fc.option(wrong, { nil: undefined });
  const withExtraKey = fc
    .tuple(
      valueFor(schema, pools, false),
      fc.constantFrom('extra', '__proto__', 'constructor', 'k\u0000', ''),
      fc.constantFrom(...HOSTILE_VALUES),
    )
    .map(([value, key, extra]) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? JSON.stringify({ ...value, [key]: extra })
        : JSON.stringify(value),
    );
  const asArray = valueFor(schema, pools, false).map((value) => JSON.stringify([value]));
  return fc.oneof(
    { weight: 4, arbitrary: valueFor(schema, pools, true).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: wrong },
    { weight: 1, arbitrary: withExtraKey },
    { weight: 1, arbitrary: asArray },
  );
}

/**
 * The value with forbidden text planted in one of its strings or keys (the `at`-th, counting in
 * document order), or as a key of its own when it has neither.
 */
function plant(value: unknown, forbidden: string, at: number): unknown {
  const root: Record<string, unknown> = { value: structuredClone(value) };
  const slots: (() => void)[] = [];
  const visit = (holder: Record<string, unknown>, key: string) => {
    const current = holder[key];
    if (typeof current === 'string') slots.push(() => (holder[key] = current + forbidden));
    else if (typeof current === 'object' && current !== null) {
      const container = current as Record<string, unknown>;
      for (const name of Object.keys(container)) {
        if (!Array.isArray(current)) {
          slots.push(() => {
            container[name + forbidden] = container[name];
            delete container[name];
          });
        }
        visit(container, name);
      }
    }
  };
  visit(root, 'value');
  if (slots.length > 0) slots[at % slots.length]!();
  else if (typeof root.value === 'object' && root.value !== null && !Array.isArray(root.value)) {
    (root.value as Record<string, unknown>)[forbidden] = 1;
  } else root.value = forbidden;
  return root.value;
}

const validPathValue = (param: { name: string; schema: Schema }, pools: Pools) =>
  param.name === 'tenant' ? fc.constant(pools.slug) : shapedValueFor(param.schema, pools, false).map((value) => String(value));

function pathParamFor(param: { name: string; schema: Schema }, pools: Pools, hostile: boolean): fc.Arbitrary<string> {
  const valid = validPathValue(param, pools);
  if (!hostile) return valid.map((value) => encodeAny(value));
  return fc
    .tuple(fc.oneof(valid, fc.constantFrom(...HOSTILE_IDS), fc.string({ unit: 'grapheme', maxLength: 30 })), fc.boolean())
    .map(([value, raw]) => segment(value, raw));
}

function queryFor(params: { name: string; schema: Schema }[], pools: Pools, hostile: boolean): fc.Arbitrary<string> {
  const hostileValues = HOSTILE_VALUES.filter((value) => typeof value !== 'object').map(String);
  const pairs = params.map((param) =>
    fc.option(
      fc
        .tuple(
          fc.oneof(
            shapedValueFor(param.schema, pools, false).map((value) => String(value)),
            ...(hostile ? [fc.constantFrom(...hostileValues, ...HOSTILE_IDS)] : []),
          ),
          fc.boolean().map((raw) => raw && hostile),
        )
        .map(([value, raw]) => `${param.name}=${raw && /^[\x21-\x7e]*$/.test(value) && !/[&#]/.test(value) ? value : encodeAny(value)}`),
      { nil: undefined },
    ),
  );
  if (!hostile) return fc.tuple(...pairs).map((chosen) => chosen.filter((pair) => pair !== undefined).join('&'));
  const extra = fc.option(
    fc.oneof(
      fc.constantFrom(...RAW_QUERIES),
      fc
        .tuple(fc.constantFrom('extra', 'k\u0000', '\uD800', 'limit'), fc.constantFrom(...HOSTILE_IDS))
        .map(([key, value]) => `${encodeAny(key)}=${encodeAny(value)}`),
    ),
    { nil: undefined },
  );
  return fc.tuple(fc.tuple(...pairs), extra).map(([chosen, more]) => [...chosen, more].filter((pair) => pair !== undefined).join('&'));
}

function operationsOf(document: {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        parameters?: { in: string; name: string; schema: Schema }[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operationId: operation.operationId,
      pathParams: (operation.parameters ?? []).filter((p) => p.in === 'path'),
      queryParams: (operation.parameters ?? []).filter((p) => p.in === 'query'),
      body: operation.requestBody?.content['application/json']?.schema,
    })),
  );
}

function urlOf(operation: Operation, segments: string[], query: string): string {
  let url = operation.path;
  operation.pathParams.forEach((param, i) => (url = url.replace(`{${param.name}}`, segments[i]!)));
  return query ? `${url}?${query}` : url;
}

interface FuzzRequest {
  url: string;
  body: string | undefined;
  /** The request carries forbidden text, so it must be refused with 400. */
  mustRefuse: boolean;
}

function cleanOrHostileRequest(operation: Operation, pools: Pools, hostile: boolean): fc.Arbitrary<FuzzRequest> {
  const params = fc.tuple(...operation.pathParams.map((param) => pathParamFor(param, pools, hostile)));
  return fc.record({
    url: fc.tuple(params, queryFor(operation.queryParams, pools, hostile)).map(([segments, query]) => urlOf(operation, segments, query)),
    body: bodyFor(operation.body, pools, hostile),
    mustRefuse: fc.constant(false),
  });
}

/** A clean request but for forbidden text in one path parameter, query value, body string or key. */
function forbiddenTextRequest(operation: Operation, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const targets = [
    'unknown query value',
    ...(operation.pathParams.length > 0 ? ['path'] : []),
    ...(operation.queryParams.length > 0 ? ['query'] : []),
    ...(operation.body ? ['body'] : []),
  ];
  return fc
    .record({
      segments: fc.tuple(...operation.pathParams.map((param) => validPathValue(param, pools))),
      query: fc.tuple(...operation.queryParams.map((param) => shapedValueFor(param.schema, pools, false).map((value) => String(value)))),
      body: operation.body ? valueFor(operation.body, pools, false) : fc.constant(undefined),
      target: fc.constantFrom(...targets),
      forbidden: fc.constantFrom(...FORBIDDEN_TEXT),
      at: fc.nat(),
    })
    .map(({ segments, query, body, target, forbidden, at }) => {
      const values = [...segments];
      const pairs = operation.queryParams.map((param, i): [string, string] => [param.name, query[i]!]);
      if (target === 'path') values[at % values.length] += forbidden;
      if (target === 'query') pairs[at % pairs.length]![1] += forbidden;
      if (target === 'unknown query value') pairs.push(['note', forbidden]);
      const sent = target === 'body' ? plant(body, forbidden, at) : body;
      return {
        url: urlOf(operation, values.map(encodeAny), pairs.map(([name, value]) => `${name}=${encodeAny(value)}`).join('&')),
        body: sent === undefined ? undefined : JSON.stringify(sent),
        mustRefuse: true,
      };
    });
}

/** Requests that reach the handler, hostile ones, and ones carrying forbidden text somewhere. */
function requestsFor(operation: Operation, pools: Pools): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 2, arbitrary: cleanOrHostileRequest(operation, pools, false) },
    { weight: 2, arbitrary: cleanOrHostileRequest(operation, pools, true) },
    { weight: 1, arbitrary: forbiddenTextRequest(operation, pools) },
  );
}

/** Each operation's own seed, so adding a route does not change the requests sent to the others. */
function seedOf(operation: Operation): number {
  let hash = BASE_SEED;
  for (const char of operation.operationId) hash = Math.imul(hash ^ char.charCodeAt(0), 16_777_619) >>> 0;
  return hash;
}

describe.skipIf(skipDatabase())('API fuzzing', () => {
  let t: TestApp;
  let owner: TestTenant['owner'];
  let token: string;
  let pools: Pools;

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await t.make.tenant();
    owner = tenant.owner;
    token = await t.make.bearer(owner);
    const headers = { authorization: `Bearer ${token}` };
    // A real property, so routes on property ids run their handlers past "not found".
    const lead = await t.app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers,
      payload: { address: '12 Main St, Springfield, IL 62701', source: 'fuzz', email: 'seller@example.test' },
    });
    expect(lead.statusCode, lead.body).toBe(201);
    const properties = (await t.app.inject({ method: 'GET', url: '/api/v1/properties', headers })).json() as { items: { id: string }[] };
    pools = { ids: properties.items.map((p) => p.id), slug: tenant.slug };
    expect(pools.ids.length).toBeGreaterThan(0);
  });
  afterAll(() => t?.close());

  it('answers every operation of /openapi.json without a 5xx, and every 4xx in the uniform error body', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    // The live stream answers a valid request with a stream that stays open for minutes;
    // its refusals and its events are tested in activity.test.ts.
    const operations = operationsOf(document).filter((operation) => operation.operationId !== 'getStream');
    expect(operations.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const operation of operations) {
      // Signing out and ending sessions are operations too: sign in again when one ended ours.
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      if (me.statusCode === 401) token = await t.make.bearer(owner);
      const details = await fc.check(
        fc.asyncProperty(requestsFor(operation, pools), async ({ url, body, mustRefuse }) => {
          const response = await t.app.inject({
            method: operation.method as 'GET',
            url,
            // Failed sign-ins among the requests throttle this address, not the one the test signs in from.
            remoteAddress: '10.77.0.1',
            headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { payload: body }),
          });
          const summary = `${operation.method} ${url.slice(0, 300)} body=${String(body).slice(0, 300)} -> ${response.statusCode} ${response.body.slice(0, 500)}`;
          if (response.statusCode >= 500) throw new Error(`server error: ${summary}`);
          if (mustRefuse && response.statusCode !== 400) throw new Error(`forbidden text not refused with 400: ${summary}`);
          if (response.statusCode < 400) return;
          let error: Record<string, unknown> | undefined;
          try {
            error = (JSON.parse(response.body) as { error?: Record<string, unknown> }).error;
          } catch {
            // reported below
          }
          const uniform =
            error !== undefined &&
            ERROR_CODES.has(String(error.code)) &&
            typeof error.message === 'string' &&
            typeof error.requestId === 'string' &&
            error.requestId === response.headers['x-request-id'] &&
            Object.keys(error).every((key) => ['code', 'message', 'details', 'requestId'].includes(key));
          if (!uniform) throw new Error(`not the uniform error body: ${summary}`);
        }),
        { numRuns: RUNS_PER_OPERATION, seed: seedOf(operation), endOnFailure: true },
      );
      if (details.failed) failures.push(`${operation.operationId}: ${String(details.errorInstance)}\n${fc.defaultReportMessage(details)}`);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
