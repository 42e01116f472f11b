import { noMatch, type ParcelAddress, type ProviderAnswer, type ProviderFacts } from './provider-answer.js';
import { getJson, httpFailure, numberIn } from './provider-http.js';
import { ProviderError } from './resilient-call.js';

/**
 * ATTOM property detail (paid, API key in the `apikey` header): the assessor's
 * facts of one property by its two-line address.
 * GET /propertyapi/v1.0.0/property/detail?address1=<street>&address2=<city, state zip>
 */

export interface AttomQuery {
  address1: string;
  address2: string;
  /** The normalized input, the cache key. */
  key: string;
}

/** Needs the street line and either city and state or the ZIP. */
export function attomQueryOf(parcel: ParcelAddress): AttomQuery | null {
  if (!parcel.address_line1) return null;
  const place = parcel.city && parcel.state ? `${parcel.city}, ${parcel.state}` : null;
  const address2 = [place, parcel.zip].filter(Boolean).join(' ');
  if (!address2) return null;
  const address1 = parcel.address_line1.toUpperCase().replace(/\s+/g, ' ').trim();
  return { address1, address2: address2.toUpperCase(), key: `${address1}|${address2.toUpperCase()}` };
}

/** The detail and the basic profile spell the same keys in different case (lotsize2, lotSize2): read them without case. */
function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerKeys(inner)]));
}

type Node = Record<string, unknown>;
const at = (node: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((current, key) => (current as Node | undefined)?.[key], node);

const withoutResult = (document: unknown) =>
  at(document, 'status', 'msg') === 'SuccessWithoutResult' || at(document, 'status', 'code') === 1;

/**
 * The answer: {status: {code, msg, total}, property: [{identifier, lot, building, summary, location, address}]}.
 * Status code 1, "SuccessWithoutResult", is ATTOM's "no such property" (sent with HTTP 200 or 400).
 * ATTOM writes 0 where the county records have nothing: zeros are read as unknown.
 */
export function readAttomAnswer(status: number, body: unknown): ProviderAnswer {
  const document = lowerKeys(body);
  if ((status === 200 || status === 400) && withoutResult(document)) return noMatch();
  const message = at(document, 'status', 'msg');
  if (status !== 200) throw httpFailure(status, typeof message === 'string' ? message : undefined);
  const properties = at(document, 'property');
  if (!Array.isArray(properties)) throw new ProviderError('the answer has no property list', false);
  const property = properties[0] as unknown;
  if (!property) return noMatch();
  const facts: ProviderFacts = {
    beds: numberIn(at(property, 'building', 'rooms', 'beds'), 1, 100),
    baths: numberIn(at(property, 'building', 'rooms', 'bathstotal'), 0.5, 100),
    living_sqft: numberIn(
      at(property, 'building', 'size', 'livingsize') ?? at(property, 'building', 'size', 'universalsize'),
      1,
      10_000_000,
    ),
    lot_sqft: numberIn(at(property, 'lot', 'lotsize2'), 1, 2_000_000_000),
    year_built: numberIn(at(property, 'summary', 'yearbuilt'), 1700, new Date().getUTCFullYear() + 1),
    latitude: numberIn(at(property, 'location', 'latitude'), -90, 90),
    longitude: numberIn(at(property, 'location', 'longitude'), -180, 180),
  };
  for (const field of ['living_sqft', 'lot_sqft', 'year_built'] as const)
    if (facts[field] !== undefined) facts[field] = Math.round(facts[field]);
  const defined = Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as ProviderFacts;
  const matched = at(property, 'address', 'oneline');
  return { found: true, facts: defined, matched: typeof matched === 'string' ? matched : null };
}

export async function askAttom(baseUrl: string, apiKey: string, query: AttomQuery, signal: AbortSignal): Promise<ProviderAnswer> {
  const url = new URL(`${baseUrl}/propertyapi/v1.0.0/property/detail`);
  url.search = new URLSearchParams({ address1: query.address1, address2: query.address2 }).toString();
  const { status, body } = await getJson(url, { apikey: apiKey }, signal);
  return readAttomAnswer(status, body);
}
