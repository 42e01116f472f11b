import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { EnrichmentDeps } from './enrichment-deps.js';
import { ENRICHMENT_REQUESTED } from './enrichment-events.js';
import { scopeFilter, type EnrichmentScope } from './enrichment-scope.js';
import { readEnrichmentSettings, readProviderSettings, type EnrichmentSettings, type ProviderSetting } from './provider-settings.js';
import { PROVIDER_NAMES, PROVIDERS, type ProviderName } from './providers.js';
import { spendByProvider } from './spending-limit.js';
import type { CostReport, EnrichmentSettingsUpdate, EnrichmentSettingsView, ProviderUpdate, ProviderView, RunRequest } from './schema.js';

const presentSettings = (settings: EnrichmentSettings): EnrichmentSettingsView => ({
  dailyBudget: settings.daily,
  monthlyBudget: settings.monthly,
  autoEnrich: settings.autoEnrich,
});

export async function getEnrichmentSettings(db: Database, tenantId: string): Promise<EnrichmentSettingsView> {
  return presentSettings(await db.withTenant(tenantId, readEnrichmentSettings));
}

export async function updateEnrichmentSettings(
  db: Database,
  tenantId: string,
  actor: Actor,
  update: EnrichmentSettingsUpdate,
): Promise<EnrichmentSettingsView> {
  return db.withTenant(tenantId, async (tx) => {
    const before = presentSettings(await readEnrichmentSettings(tx));
    const after = { ...before, ...update };
    await tx.query(
      `insert into enrichment_settings (daily_budget, monthly_budget, auto_enrich) values ($1, $2, $3)
       on conflict (tenant_id) do update set daily_budget = excluded.daily_budget, monthly_budget = excluded.monthly_budget,
              auto_enrich = excluded.auto_enrich, updated_at = now()`,
      [after.dailyBudget, after.monthlyBudget, after.autoEnrich],
    );
    await recordAudit(tx, actor, {
      action: 'enrichment.settings_updated',
      entityType: 'enrichment_settings',
      entityId: null,
      before,
      after,
    });
    return after;
  });
}

async function providerViews(deps: EnrichmentDeps, tx: Tx): Promise<ProviderView[]> {
  const settings = await readProviderSettings(tx);
  const spendOf = new Map((await spendByProvider(tx)).map((row) => [row.provider, row]));
  return PROVIDER_NAMES.map((name) => {
    const external = deps.external.find((provider) => provider.name === name);
    const spent = spendOf.get(name);
    return {
      name,
      label: PROVIDERS[name].label,
      paid: PROVIDERS[name].paid,
      offline: PROVIDERS[name].offline,
      configured: external?.configured ?? true,
      enabled: settings[name].enabled,
      costPerCall: settings[name].costPerCall,
      breaker: external?.caller.breakerState ?? null,
      spentToday: spent?.today ?? 0,
      spentThisMonth: spent?.thisMonth ?? 0,
      callsToday: spent?.callsToday ?? 0,
    };
  });
}

export async function listProviders(deps: EnrichmentDeps, tenantId: string): Promise<{ items: ProviderView[] }> {
  return { items: await deps.db.withTenant(tenantId, (tx) => providerViews(deps, tx)) };
}

/** Turns a provider on or off for the tenant and sets its price. A paid provider cannot run without a price: budgets count it. */
export async function updateProvider(
  deps: EnrichmentDeps,
  tenantId: string,
  actor: Actor,
  name: ProviderName,
  update: ProviderUpdate,
): Promise<ProviderView> {
  return deps.db.withTenant(tenantId, async (tx) => {
    const before: ProviderSetting = (await readProviderSettings(tx))[name];
    const after: ProviderSetting = {
      enabled: update.enabled ?? before.enabled,
      costPerCall: update.costPerCall === undefined ? before.costPerCall : update.costPerCall,
    };
    if (PROVIDERS[name].paid && after.enabled && after.costPerCall === null) {
      throw new AppError('validation', `Set costPerCall (US dollars per call) before enabling ${name}: budgets are counted from it`);
    }
    await tx.query(
      `insert into provider_settings (provider, enabled, cost_per_call) values ($1, $2, $3)
       on conflict (tenant_id, provider) do update set enabled = excluded.enabled, cost_per_call = excluded.cost_per_call, updated_at = now()`,
      [name, after.enabled, after.costPerCall],
    );
    await recordAudit(tx, actor, {
      action: 'enrichment.provider_updated',
      entityType: 'enrichment_provider',
      entityId: name,
      before: { ...before },
      after: { ...after },
    });
    return (await providerViews(deps, tx)).find((view) => view.name === name)!;
  });
}

/** Calls and spend per provider and per UTC day over the last `days` days, today included. */
export async function costReport(db: Database, tenantId: string, days: number): Promise<CostReport> {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<{ day: string; provider: string; outcome: string; calls: number; charged: number; cost: number }>(
      // Hours, not days: a day of the session's time zone may be 23 or 25 hours long.
      `select to_char(called_at at time zone 'UTC', 'YYYY-MM-DD') as day, provider, outcome, count(*)::int as calls,
              (count(*) filter (where cost > 0))::int as charged, sum(cost)::float8 as cost
         from provider_calls
        where called_at >= date_trunc('day', now(), 'UTC') - make_interval(hours => 24 * ($1::int - 1))
        group by 1, 2, 3 order by 1, 2, 3`,
      [days],
    ),
  );
  const today = new Date();
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1)));
  const report: CostReport = {
    from: from.toISOString().slice(0, 10),
    to: today.toISOString().slice(0, 10),
    totalCost: 0,
    totalCalls: 0,
    providers: [],
    daily: [],
  };
  const providers = new Map<string, CostReport['providers'][number]>();
  const daily = new Map<string, CostReport['daily'][number]>();
  for (const row of rows) {
    const provider = providers.get(row.provider) ?? { provider: row.provider, calls: 0, chargedCalls: 0, cost: 0, outcomes: {} };
    providers.set(row.provider, provider);
    const day = daily.get(`${row.day}|${row.provider}`) ?? { day: row.day, provider: row.provider, calls: 0, cost: 0, outcomes: {} };
    daily.set(`${row.day}|${row.provider}`, day);
    for (const bucket of [provider, day]) {
      bucket.calls += row.calls;
      bucket.cost = roundMoney(bucket.cost + row.cost);
      bucket.outcomes[row.outcome] = (bucket.outcomes[row.outcome] ?? 0) + row.calls;
    }
    provider.chargedCalls += row.charged;
    report.totalCalls += row.calls;
    report.totalCost = roundMoney(report.totalCost + row.cost);
  }
  report.providers = [...providers.values()];
  report.daily = [...daily.values()];
  return report;
}

/** Costs are kept to the ten-thousandth of a dollar; sums are shown at that precision. */
const roundMoney = (value: number) => Math.round(value * 10_000) / 10_000;

interface SignalsRow {
  absentee: boolean | null;
  out_of_state: boolean | null;
  years_owned: number | null;
  equity: number | null;
  equity_percent: number | null;
  free_and_clear: boolean | null;
  tax_delinquent: boolean | null;
  vacant: boolean | null;
  entity_owned: boolean | null;
  trust_or_estate: boolean | null;
  owner_parcel_count: number | null;
  distress_list_count: number;
  distress_tags: string[];
  computed_at: Date;
}

/** Where a property stands with every provider, its signals, and which of its fields enrichment wrote. */
export async function propertyEnrichment(deps: EnrichmentDeps, tenantId: string, propertyId: string) {
  return deps.db.withTenant(tenantId, async (tx) => {
    const [parcel] = await tx.query<{
      latitude: number | null;
      longitude: number | null;
      location_precision: 'source' | 'geocoded' | 'zip_centroid' | null;
      time_zone: string | null;
      provenance: Record<string, { source: string; at: string }>;
    }>('select latitude, longitude, location_precision, time_zone, provenance from parcels where id = $1', [propertyId]);
    if (!parcel) throw notFound('Property');
    const statuses = await tx.query<{ provider: string; status: 'done'; detail: string | null; updated_at: Date }>(
      'select provider, status, detail, updated_at from parcel_enrichments where parcel_id = $1',
      [propertyId],
    );
    const [signals] = await tx.query<SignalsRow>(
      `select absentee, out_of_state, years_owned::float8 as years_owned, equity::float8 as equity, equity_percent::float8 as equity_percent,
              free_and_clear, tax_delinquent, vacant, entity_owned, trust_or_estate, owner_parcel_count, distress_list_count, distress_tags, computed_at
         from parcel_signals where parcel_id = $1`,
      [propertyId],
    );
    const settings = await readProviderSettings(tx);
    const statusOf = new Map(statuses.map((row) => [row.provider, row]));
    return {
      propertyId,
      location: {
        latitude: parcel.latitude,
        longitude: parcel.longitude,
        precision: parcel.location_precision,
        timeZone: parcel.time_zone,
      },
      providers: PROVIDER_NAMES.map((name) => {
        // Signals are a row of their own; their time is when they were computed.
        const row =
          name === 'signals' ? signals && { status: 'done' as const, detail: null, updated_at: signals.computed_at } : statusOf.get(name);
        return {
          provider: name,
          label: PROVIDERS[name].label,
          configured: deps.external.find((provider) => provider.name === name)?.configured ?? true,
          enabled: settings[name].enabled,
          status: row?.status ?? null,
          detail: row?.detail ?? null,
          updatedAt: row?.updated_at.toISOString() ?? null,
        };
      }),
      signals: signals ? presentSignals(signals) : null,
      provenance: Object.fromEntries(Object.entries(parcel.provenance).filter(([, origin]) => origin.source.startsWith('enrichment:'))),
    };
  });
}

function presentSignals(row: SignalsRow) {
  return {
    absentee: row.absentee,
    outOfState: row.out_of_state,
    yearsOwned: row.years_owned,
    equity: row.equity,
    equityPercent: row.equity_percent,
    freeAndClear: row.free_and_clear,
    taxDelinquent: row.tax_delinquent,
    vacant: row.vacant,
    entityOwned: row.entity_owned,
    trustOrEstate: row.trust_or_estate,
    ownerParcelCount: row.owner_parcel_count,
    distressListCount: row.distress_list_count,
    distressTags: row.distress_tags,
    computedAt: row.computed_at.toISOString(),
  };
}

function scopeOfRequest(request: RunRequest): EnrichmentScope {
  const scopes: EnrichmentScope[] = [];
  if (request.propertyIds) scopes.push({ parcelIds: [...new Set(request.propertyIds)] });
  if (request.listId) scopes.push({ listId: request.listId });
  if (request.filter) scopes.push({ filter: request.filter });
  if (scopes.length !== 1)
    throw new AppError('validation', 'Name the properties to enrich with exactly one of propertyIds, listId and filter');
  return scopes[0]!;
}

/**
 * Queues an enrichment run: the event is written with the audit record, and a
 * worker picks the run up (`enrich-parcels` job). Answers with the run id the
 * job logs under and how many properties the scope holds now.
 */
export async function requestEnrichment(db: Database, tenantId: string, actor: Actor, request: RunRequest) {
  const scope = scopeOfRequest(request);
  const runId = randomUUID();
  return db.withTenant(tenantId, async (tx) => {
    if ('listId' in scope && (await tx.query('select 1 from lists where id = $1', [scope.listId])).length === 0) throw notFound('List');
    const { sql, params } = scopeFilter(scope);
    const [count] = await tx.query<{ parcels: number }>(`select count(*)::int as parcels from parcels p ${sql}`, params);
    if ('parcelIds' in scope && count!.parcels < scope.parcelIds.length) {
      throw new AppError(
        'not_found',
        `${scope.parcelIds.length - count!.parcels} of the ${scope.parcelIds.length} properties do not exist`,
      );
    }
    const force = request.force ?? false;
    await publishEvent(tx, { type: ENRICHMENT_REQUESTED, payload: { runId, scope, force }, requestId: actor.requestId });
    const described = 'parcelIds' in scope ? { properties: scope.parcelIds.length } : scope;
    await recordAudit(tx, actor, {
      action: 'enrichment.requested',
      entityType: 'enrichment_run',
      entityId: runId,
      after: { ...described, parcels: count!.parcels, force },
    });
    return { runId, parcels: count!.parcels, status: 'queued' as const };
  });
}
