import type { Tx } from './database.js';

/**
 * How many rows a list screen's filter matches, without scanning the tenant. The
 * planner's estimate comes first (planning only, cached per tenant and filter for a
 * minute); when it is large the estimate is the answer, which the screen shows as
 * "about …". Otherwise the rows are counted up to EXACT_UP_TO (the count stops there),
 * and past that the estimate stands. Counting first would walk the rows of a rare
 * combination of filters far to find a thousand of them.
 */
export const EXACT_UP_TO = 1000;
/** Estimates above this are not counted: the planner is not that far wrong on one table's filters. */
const COUNT_BELOW_ESTIMATE = 10 * EXACT_UP_TO;

const ESTIMATE_TTL_MS = 60_000;
const ESTIMATE_CACHE_SIZE = 1000;
const estimates = new Map<string, { rows: number; at: number }>();

export interface ListCount {
  total: number;
  totalExact: boolean;
}

/**
 * The count of `select 1 <fromWhere>` (a FROM clause and its WHERE, parameters
 * numbered from $1), for the tenant of `tx`. `estimateFromWhere`, when given, selects
 * the same rows in a form the planner estimates better.
 */
export async function countRows(
  tx: Tx,
  tenantId: string,
  fromWhere: string,
  params: readonly unknown[],
  estimateFromWhere = fromWhere,
): Promise<ListCount> {
  const estimate = await estimateRows(tx, tenantId, estimateFromWhere, params);
  if (estimate > COUNT_BELOW_ESTIMATE) return { total: estimate, totalExact: false };
  const [bounded] = await tx.query<{ rows: number }>(
    `select count(*)::int as rows from (select 1 ${fromWhere} limit ${EXACT_UP_TO + 1}) matching`,
    params,
  );
  if (bounded!.rows <= EXACT_UP_TO) return { total: bounded!.rows, totalExact: true };
  // More than EXACT_UP_TO rows were seen: an estimate below that is known to be wrong.
  return { total: Math.max(EXACT_UP_TO + 1, estimate), totalExact: false };
}

/** The planner's estimate of the rows of `select 1 <fromWhere>`, cached per tenant and filter for a minute. */
export async function estimateRows(tx: Tx, tenantId: string, fromWhere: string, params: readonly unknown[]): Promise<number> {
  const cacheKey = `${tenantId}\u0000${fromWhere}\u0000${JSON.stringify(params)}`;
  const cached = estimates.get(cacheKey);
  if (cached && Date.now() - cached.at < ESTIMATE_TTL_MS) return cached.rows;
  const [explained] = await tx.query<{ 'QUERY PLAN': unknown }>(`explain (format json) select 1 ${fromWhere}`, params);
  const raw = explained!['QUERY PLAN'];
  const [plan] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: { 'Plan Rows': number } }];
  const rows = Math.round(plan.Plan['Plan Rows']);
  if (estimates.size >= ESTIMATE_CACHE_SIZE) estimates.delete(estimates.keys().next().value!);
  estimates.set(cacheKey, { rows, at: Date.now() });
  return rows;
}
