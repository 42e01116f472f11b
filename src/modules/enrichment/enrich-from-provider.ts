import type { Tx } from '../../platform/db/database.js';
import type { EnrichmentDeps } from './enrichment-deps.js';
import type { CandidateParcel, ExternalProvider, ExternalRequest } from './external-providers.js';
import { planFill } from './plan-fill.js';
import type { ProviderAnswer } from './provider-answer.js';
import type { ProviderSetting } from './provider-settings.js';
import { sourceOf, type CallOutcome } from './providers.js';
import { recordStatuses, type ParcelStatus } from './record-status.js';
import { SpendingLimit, spendOf, type Budgets } from './spending-limit.js';
import { writeParcelFields, type ParcelFieldChange } from './write-parcel-fields.js';
import { timeZoneAt } from './zip-geography.js';

/** Calls reserved, sent and recorded together. */
const SLICE = 50;

export type OutcomeCounts = Partial<Record<CallOutcome | 'skipped', number>>;

interface Ask {
  parcel: CandidateParcel;
  request: ExternalRequest;
}

interface CallRecord extends Ask {
  /** The call's row, reserved before it was sent; none for answers from the cache and refusals. */
  reservation?: string;
  outcome: CallOutcome;
  answer: ProviderAnswer | null;
  attempts: number;
  cost: number;
  durationMs: number;
  error: string | null;
}

/** Runs `work` on every item with at most `limit` running at once. */
async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Asks one external provider about the parcels of a batch that lack what it
 * gives (and, unless `force`, were not answered before). Each ask is answered
 * from the tenant's cache when it can be (free), refused when its cost would
 * break a budget, or sent through the provider's timeout, retries and circuit
 * breaker. Every call is recorded with its outcome, attempts, cost and duration.
 *
 * Calls are reserved before they are sent: under a per-tenant lock, the budgets
 * are checked against everything spent or reserved so far, and each call gets a
 * 'pending' row carrying its cost. So jobs running at once, in any process, never
 * spend past a budget together, and a call cut off by a crash stays counted.
 */
export async function enrichFromProvider(
  deps: EnrichmentDeps,
  tenantId: string,
  provider: ExternalProvider,
  setting: ProviderSetting,
  budgets: Budgets,
  parcelIds: string[],
  force: boolean,
): Promise<OutcomeCounts> {
  const counts: OutcomeCounts = {};
  const parcels = await deps.db.withTenant(tenantId, (tx) =>
    tx.query<CandidateParcel & { status: string | null }>(
      `select p.id, p.address_line1, p.city, p.state, p.zip, p.latitude, p.longitude, p.location_precision, p.time_zone,
              p.beds::float8 as beds, p.baths::float8 as baths, p.living_sqft, p.lot_sqft, p.year_built, e.status
         from parcels p left join parcel_enrichments e on e.parcel_id = p.id and e.provider = $2
        where p.id = any($1::uuid[])`,
      [parcelIds, provider.name],
    ),
  );
  const asks: Ask[] = [];
  const unaskable: ParcelStatus[] = [];
  for (const parcel of parcels) {
    if (!provider.wants(parcel) || (!force && (parcel.status === 'done' || parcel.status === 'not_found'))) continue;
    const request = provider.requestFor(parcel);
    if (request) asks.push({ parcel, request });
    else unaskable.push({ parcelId: parcel.id, status: 'skipped', detail: 'no street address to look up' });
  }
  if (unaskable.length > 0) {
    await deps.db.withTenant(tenantId, (tx) => recordStatuses(tx, provider.name, unaskable));
    counts.skipped = unaskable.length;
  }

  const cost = setting.costPerCall ?? 0;
  for (let from = 0; from < asks.length; from += SLICE) {
    const { settled, toSend } = await deps.db.withTenant(tenantId, (tx) =>
      reserveCalls(tx, provider.name, asks.slice(from, from + SLICE), cost, budgets),
    );
    const records: CallRecord[] = [...settled];
    await forEachConcurrently(toSend, deps.concurrency, async (ask) => {
      const call = await provider.caller.call((signal) => ask.request.ask(signal));
      if (call.ok) {
        records.push({
          ...ask,
          outcome: call.value.found ? 'ok' : 'not_found',
          answer: call.value,
          attempts: call.attempts,
          cost,
          durationMs: call.durationMs,
          error: null,
        });
      } else {
        // Only an answer is charged: a failed call's reservation is given back when it is recorded.
        records.push({
          ...ask,
          outcome: call.outcome,
          answer: null,
          attempts: call.attempts,
          cost: 0,
          durationMs: call.durationMs,
          error: call.error,
        });
      }
    });
    await deps.db.withTenant(tenantId, (tx) => recordCalls(tx, provider, records, deps.cacheDays));
    for (const record of records) counts[record.outcome] = (counts[record.outcome] ?? 0) + 1;
  }
  return counts;
}

/**
 * Splits a slice of asks into those settled without a call (answered from the
 * cache, or refused by a budget) and those to send, each with its 'pending' row.
 * The advisory lock makes the check and the reservation one step per tenant.
 */
async function reserveCalls(
  tx: Tx,
  provider: string,
  slice: Ask[],
  cost: number,
  budgets: Budgets,
): Promise<{ settled: CallRecord[]; toSend: (Ask & { reservation: string })[] }> {
  await tx.query(`select pg_advisory_xact_lock(hashtextextended('provider budget ' || current_tenant_id()::text, 0))`);
  const rows = await tx.query<{ request_key: string; response: ProviderAnswer }>(
    'select request_key, response from provider_cache where provider = $1 and request_key = any($2::text[]) and expires_at > now()',
    [provider, slice.map((ask) => ask.request.key)],
  );
  const cached = new Map(rows.map((row) => [row.request_key, row.response]));
  const limit = new SpendingLimit(budgets, await spendOf(tx));
  const settled: CallRecord[] = [];
  const granted: Ask[] = [];
  for (const ask of slice) {
    const hit = cached.get(ask.request.key);
    if (hit) {
      settled.push({ ...ask, outcome: 'cached', answer: hit, attempts: 0, cost: 0, durationMs: 0, error: null });
      continue;
    }
    const reservation = limit.reserve(cost);
    if (reservation.ok) granted.push(ask);
    else settled.push({ ...ask, outcome: 'over_budget', answer: null, attempts: 0, cost: 0, durationMs: 0, error: reservation.reason });
  }
  if (granted.length === 0) return { settled, toSend: [] };
  const reserved = await tx.query<{ id: string; parcel_id: string }>(
    `insert into provider_calls (provider, parcel_id, request_key, outcome, cost)
     select $1, parcel_id, request_key, 'pending', $3 from jsonb_to_recordset($2::jsonb) as x(parcel_id uuid, request_key text)
     returning id::text, parcel_id`,
    [provider, JSON.stringify(granted.map((ask) => ({ parcel_id: ask.parcel.id, request_key: ask.request.key }))), cost],
  );
  // One ask per parcel: the parcel names its reservation.
  const reservationOf = new Map(reserved.map((row) => [row.parcel_id, row.id]));
  return { settled, toSend: granted.map((ask) => ({ ...ask, reservation: reservationOf.get(ask.parcel.id)! })) };
}

/** No enrichment job runs longer than this (its expiry): a reservation this old belongs to a run that stopped. */
export const ABANDONED_AFTER_HOURS = 6;

/**
 * Closes the reservations of calls whose run stopped before recording them (a
 * crash, a killed process). Whether the provider charged is unknown, so the
 * reserved cost stays counted; the outcome says what happened. Returns how many.
 */
export async function settleAbandonedCalls(tx: Tx): Promise<number> {
  const settled = await tx.query(
    `update provider_calls set outcome = 'error', error = 'the run stopped before the answer was recorded; the reserved cost stays counted'
      where outcome = 'pending' and called_at < now() - make_interval(hours => $1)
     returning id`,
    [ABANDONED_AFTER_HOURS],
  );
  return settled.length;
}

/** The calls, the answers worth keeping, the facts they add and where each parcel now stands, in one transaction. */
async function recordCalls(tx: Tx, provider: ExternalProvider, records: CallRecord[], cacheDays: number): Promise<void> {
  const row = (r: CallRecord) => ({
    id: r.reservation ?? null,
    parcel_id: r.parcel.id,
    request_key: r.request.key,
    outcome: r.outcome,
    attempts: r.attempts,
    cost: r.cost,
    duration_ms: r.durationMs,
    error: r.error,
  });
  const recordset = `jsonb_to_recordset($1::jsonb) as x(id bigint, parcel_id uuid, request_key text, outcome text, attempts int, cost numeric, duration_ms int, error text)`;
  // Sent calls settle their reservation; answers from the cache and refusals are recorded as they are.
  await tx.query(
    `update provider_calls c set outcome = x.outcome, attempts = x.attempts, cost = x.cost, duration_ms = x.duration_ms, error = x.error
       from ${recordset} where c.id = x.id`,
    [JSON.stringify(records.filter((r) => r.reservation).map(row))],
  );
  await tx.query(
    `insert into provider_calls (provider, parcel_id, request_key, outcome, attempts, cost, duration_ms, error)
     select $2, parcel_id, request_key, outcome, attempts, cost, duration_ms, error from ${recordset}`,
    [JSON.stringify(records.filter((r) => !r.reservation).map(row)), provider.name],
  );
  const answered = records.filter((r) => r.outcome === 'ok' || r.outcome === 'not_found');
  if (cacheDays > 0 && answered.length > 0) {
    await tx.query(
      `insert into provider_cache (provider, request_key, response, expires_at)
       select $1, request_key, response, now() + make_interval(days => $3)
         from jsonb_to_recordset($2::jsonb) as x(request_key text, response jsonb)
       on conflict (tenant_id, provider, request_key) do update set response = excluded.response, fetched_at = now(), expires_at = excluded.expires_at`,
      [provider.name, JSON.stringify(answered.map((r) => ({ request_key: r.request.key, response: r.answer }))), cacheDays],
    );
  }
  const changes: ParcelFieldChange[] = [];
  const statuses = records.map((record): ParcelStatus => {
    const { answer } = record;
    if (answer?.found) {
      const { change, filled } = planFill(record.parcel, answer.facts, timeZoneAt);
      if (change) changes.push(change);
      return {
        parcelId: record.parcel.id,
        status: 'done',
        detail: filled.length > 0 ? `filled ${filled.join(', ')}` : 'matched; nothing new',
      };
    }
    if (answer) return { parcelId: record.parcel.id, status: 'not_found', detail: 'the provider does not know this address' };
    if (record.outcome === 'over_budget') return { parcelId: record.parcel.id, status: 'over_budget', detail: record.error };
    return { parcelId: record.parcel.id, status: 'failed', detail: `${record.outcome}: ${record.error}` };
  });
  await writeParcelFields(tx, sourceOf(provider.name), changes);
  await recordStatuses(tx, provider.name, statuses);
}
