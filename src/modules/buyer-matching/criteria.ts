import type { Tx } from '../../platform/db/database.js';
import { DEFAULT_WEEKLY_SEND_CAP } from './sends.js';

/**
 * What a buy box can ask of a deal, in the order reasons are shown. The names are
 * the ones buy boxes list as `required`.
 */
export const CRITERIA = [
  'location',
  'price',
  'propertyType',
  'strategy',
  'financing',
  'proofOfFunds',
  'arv',
  'beds',
  'baths',
  'sqft',
  'yearBuilt',
  'rehab',
  'closingSpeed',
] as const;
export type Criterion = (typeof CRITERIA)[number];

export type Weights = Record<Criterion, number>;

/**
 * Location 40, price within budget 25, property type 15, strategy and financing 10
 * (5 each), proof of funds on file 10; the rest weigh nothing until a tenant says so,
 * but a box can still require them.
 */
export const DEFAULT_WEIGHTS: Weights = {
  location: 40,
  price: 25,
  propertyType: 15,
  strategy: 5,
  financing: 5,
  proofOfFunds: 10,
  arv: 0,
  beds: 0,
  baths: 0,
  sqft: 0,
  yearBuilt: 0,
  rehab: 0,
  closingSpeed: 0,
};

/**
 * How a deal fares on one criterion of a box. `unstated`: the box names no
 * preference, which earns half the points; `unknown`: the deal lacks the fact, which
 * earns none but never excludes.
 */
export type CriterionStatus = 'met' | 'unstated' | 'unknown' | 'unmet';

/** The codes the matching query gives each status (see match-query.ts). */
export const STATUS_BY_CODE: Record<number, CriterionStatus> = { 2: 'met', 1: 'unstated', 0: 'unknown', [-1]: 'unmet' };
export const SHARE_BY_STATUS: Record<CriterionStatus, number> = { met: 1, unstated: 0.5, unknown: 0, unmet: 0 };

export interface MatchSettings {
  weights: Weights;
  weeklySendCap: number;
}

export async function readMatchSettings(tx: Tx): Promise<MatchSettings> {
  const [row] = await tx.query<{ weights: Partial<Weights>; weekly_send_cap: number }>(
    'select weights, weekly_send_cap from buyer_match_settings',
  );
  return {
    weights: { ...DEFAULT_WEIGHTS, ...(row?.weights ?? {}) },
    weeklySendCap: row?.weekly_send_cap ?? DEFAULT_WEEKLY_SEND_CAP,
  };
}
