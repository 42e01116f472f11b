import type { Tx } from './database.js';

/**
 * How many rows a list screen's filter matches, without scanning the tenant. The
 * planner is asked first (planning only, cached per tenant and filter for a minute):
 * how many rows it expects, and what counting up to EXACT_UP_TO of them would cost.
 * When it expects many, or a thousand and more that are dear to reach, the estimate is
 * the answer, which the screen shows as "about …". Otherwise the rows are counted up to
 * EXACT_UP_TO (the count stops there), and past that the estimate stands.
 */
export const EXACT_UP_TO = 1000;
/** Estimates above this are not counted: the planner is not that far wrong on one table's filters. */
const COUNT_BELOW_ESTIMATE = 10 * EXACT_UP_TO;
/**
 * Planner cost units (about one 8 kB page read each) a count of more than EXACT_UP_TO
 * expected rows may take. A walk of an index to a thousand rows plans at a few
 * thousand; hashing a tenant's scores to join them plans at 13,000 and took 135 ms on
 * PGlite at 200,000 parcels.
 */
const COUNT_COST_BUDGET = 6_000;

const ESTIMATE_TTL_MS = 60_000;
const ESTIMATE_CACHE_SIZE = 1000;
const plans = new Map<string, CountPlan & { at: number }>();

interface CountPlan {
  /** The rows the planner expects `select 1 <fromWhere>` to return. */
  rows: number;
  /** The planner's cost of counting them up to EXACT_UP_TO + 1. */
  countCost: number;
}

export interface ListCount {
  total: number;
  totalExact: boolean;
}

export interface CountOptions {
  /** The same rows in a form the planner estimates better. */
  estimateFromWhere?: string;
  /**
   * The count reads every matching row whatever the limit (a search's set-returning
   * function does): past EXACT_UP_TO expected rows it would pay for all of them.
   */
  readsEveryMatch?: boolean;
}

/**
 * The count of `select 1 <fromWhere>` (a FROM clause and its WHERE, parameters
 * numbered from $1), for the tenant of `tx`.
 */
export async function countRows(
  tx: Tx,
  tenantId: string,
  fromWhere: string,
  params: readonly unknown[],
  { estimateFromWhere = fromWhere, readsEveryMatch = false }: CountOptions = {},
): Promise<ListCount> {
  const plan = await planCount(tx, tenantId, estimateFromWhere, params);
  const estimate = plan.rows;
  const dear = readsEveryMatch || plan.countCost > COUNT_COST_BUDGET;
  if (estimate > COUNT_BELOW_ESTIMATE || (estimate > EXACT_UP_TO && dear)) {
    return { total: estimate, totalExact: false };
  }
  const [bounded] = await tx.query<{ rows: number }>(boundedCount(fromWhere), params);
  if (bounded!.rows <= EXACT_UP_TO) return { total: bounded!.rows, totalExact: true };
  // More than EXACT_UP_TO rows were seen: an estimate below that is known to be wrong.
  return { total: Math.max(EXACT_UP_TO + 1, estimate), totalExact: false };
}

/** The planner's estimate of the rows of `select 1 <fromWhere>`, cached per tenant and filter for a minute. */
export async function estimateRows(tx: Tx, tenantId: string, fromWhere: string, params: readonly unknown[]): Promise<number> {
  return (await planCount(tx, tenantId, fromWhere, params)).rows;
}

function boundedCount(fromWhere: string): string {
  return `select count(*)::int as rows from (select 1 ${fromWhere} limit ${EXACT_UP_TO + 1}) matching`;
}

interface PlanNode {
  'Node Type': string;
  'Plan Rows': number;
  'Total Cost': number;
  Plans?: PlanNode[];
}

async function planCount(tx: Tx, tenantId: string, fromWhere: string, params: readonly unknown[]): Promise<CountPlan> {
  const cacheKey = `${tenantId}\u0000${fromWhere}\u0000${JSON.stringify(params)}`;
  const cached = plans.get(cacheKey);
  if (cached && Date.now() - cached.at < ESTIMATE_TTL_MS) return cached;
  const [explained] = await tx.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${boundedCount(fromWhere)}`, params);
  const raw = explained!['QUERY PLAN'];
  const [{ Plan: count }] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
  // Below the limit the planner estimates the filter's rows unbounded.
  const limit = limitNodeOf(count);
  const plan = { rows: Math.round(limit?.Plans?.[0]?.['Plan Rows'] ?? count['Plan Rows']), countCost: count['Total Cost'] };
  if (plans.size >= ESTIMATE_CACHE_SIZE) plans.delete(plans.keys().next().value!);
  plans.set(cacheKey, { ...plan, at: Date.now() });
  return plan;
}

function limitNodeOf(node: PlanNode): PlanNode | undefined {
  if (node['Node Type'] === 'Limit') return node;
  for (const child of node.Plans ?? []) {
    const found = limitNodeOf(child);
    if (found) return found;
  }
  return undefined;
}
