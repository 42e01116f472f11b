import type { HomeFacts, Sale } from './hedonic-model.js';
import { dayNumber } from './market-index.js';

export interface CompsOptions {
  /** Comps kept, nearest similar first. */
  maxComps: number;
  /** How far to look, in miles. */
  maxMiles: number;
  /** Living area within this share of the subject's (0.3 = ±30 %). */
  sqftTolerance: number;
  /** Sales older than this many months are not comps. */
  maxMonths: number;
}

export const DEFAULT_COMPS: CompsOptions = { maxComps: 8, maxMiles: 2, sqftTolerance: 0.3, maxMonths: 12 };

export interface CompCandidate {
  sale: Sale;
  /** Miles from the subject; null when either lacks coordinates (matched by ZIP instead). */
  miles: number | null;
  months: number;
  /** Share of the comps' weight, summing to 1. */
  weight: number;
}

const MILES_PER_DEGREE = 69.17;

/** Straight-line miles on a local flat projection: exact enough within a county. */
export function milesBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dx = (a.lon - b.lon) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180)) * MILES_PER_DEGREE;
  const dy = (a.lat - b.lat) * MILES_PER_DEGREE;
  return Math.sqrt(dx * dx + dy * dy);
}

const hasCoordinates = (home: HomeFacts): home is HomeFacts & { lat: number; lon: number } =>
  home.lat !== undefined && home.lon !== undefined && Number.isFinite(home.lat) && Number.isFinite(home.lon);

/**
 * Picks comparable sales for a subject valued on `date` from sales that closed
 * before it: nearby (or in its ZIP when coordinates are missing), of similar living
 * area, recent. When fewer than three similar sales are near, the size rule is
 * relaxed before the area is widened. Weights favour near, recent, similar-sized
 * sales; the adjustments for their differences come from the valuation model.
 */
export function findComps(subject: HomeFacts, date: string, pool: readonly Sale[], options: CompsOptions = DEFAULT_COMPS): CompCandidate[] {
  const day = dayNumber(date);
  const located = hasCoordinates(subject);
  const scored: { sale: Sale; miles: number | null; months: number; sizeGap: number }[] = [];
  for (const sale of pool) {
    const months = (day - dayNumber(sale.date)) / 30.44;
    if (months <= 0 || months > options.maxMonths) continue;
    let miles: number | null = null;
    if (located && hasCoordinates(sale)) {
      miles = milesBetween(subject, sale);
      if (miles > options.maxMiles) continue;
    } else if (!subject.zip || sale.zip !== subject.zip) {
      continue;
    }
    scored.push({ sale, miles, months, sizeGap: Math.abs(sale.sqft / subject.sqft - 1) });
  }
  const similar = scored.filter((c) => c.sizeGap <= options.sqftTolerance);
  const chosen = (similar.length >= 3 ? similar : scored)
    .sort((a, b) => (a.miles ?? 0) - (b.miles ?? 0) || a.months - b.months)
    .slice(0, options.maxComps);
  const raw = chosen.map((c) => 1 / ((c.miles ?? options.maxMiles / 2) + 0.2) / (1 + c.months / 6) / (1 + 2 * c.sizeGap));
  const total = raw.reduce((a, b) => a + b, 0);
  return chosen.map((c, i) => ({ sale: c.sale, miles: c.miles, months: c.months, weight: raw[i]! / total }));
}
