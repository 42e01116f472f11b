import { noMatch, type ParcelAddress, type ProviderAnswer } from './provider-answer.js';
import { getJson, httpFailure, numberIn } from './provider-http.js';
import { ProviderError } from './resilient-call.js';

/**
 * The US Census Geocoder (free, no key): a street address in one line to the
 * coordinates interpolated along its TIGER address range.
 * GET /geocoder/locations/onelineaddress?address=…&benchmark=Public_AR_Current&format=json
 */

/** The one-line address sent, which is also the cache key; null without a street line. */
export function censusQueryOf(parcel: ParcelAddress): string | null {
  if (!parcel.address_line1) return null;
  const line = [parcel.address_line1, parcel.city, [parcel.state, parcel.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return line.toUpperCase().replace(/\s+/g, ' ').trim();
}

interface CensusBody {
  result?: { addressMatches?: { matchedAddress?: string; coordinates?: { x?: unknown; y?: unknown } }[] };
  errors?: unknown[];
}

/** The answer in the documented JSON form: result.addressMatches[], each with coordinates {x: longitude, y: latitude}. */
export function readCensusAnswer(status: number, body: unknown): ProviderAnswer {
  const document = (body ?? {}) as CensusBody;
  if (status !== 200) throw httpFailure(status, typeof document.errors?.[0] === 'string' ? document.errors[0] : undefined);
  const matches = document.result?.addressMatches;
  if (!Array.isArray(matches)) throw new ProviderError('the answer has no result.addressMatches', false);
  const match = matches[0];
  if (!match) return noMatch();
  const latitude = numberIn(match.coordinates?.y, -90, 90);
  const longitude = numberIn(match.coordinates?.x, -180, 180);
  if (latitude === undefined || longitude === undefined) throw new ProviderError('a match without coordinates', false);
  return { found: true, facts: { latitude, longitude }, matched: match.matchedAddress ?? null };
}

export async function askCensusGeocoder(baseUrl: string, address: string, signal: AbortSignal): Promise<ProviderAnswer> {
  const url = new URL(`${baseUrl}/geocoder/locations/onelineaddress`);
  url.search = new URLSearchParams({ address, benchmark: 'Public_AR_Current', format: 'json' }).toString();
  const { status, body } = await getJson(url, {}, signal);
  return readCensusAnswer(status, body);
}
