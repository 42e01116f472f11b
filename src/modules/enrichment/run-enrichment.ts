import type { Database } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { deriveSignals } from './derive-signals.js';
import { enrichFromProvider, type OutcomeCounts } from './enrich-from-provider.js';
import { enrichGeography } from './enrich-geography.js';
import type { EnrichmentDeps } from './enrichment-deps.js';
import { ENRICHMENT_COMPLETED } from './enrichment-events.js';
import { scopeFilter, type EnrichmentScope } from './enrichment-scope.js';
import { readEnrichmentSettings, readProviderSettings } from './provider-settings.js';
import type { ExternalProviderName } from './providers.js';

/** Parcels per batch: each batch is one transaction for the offline providers. */
export const DEFAULT_CHUNK = 5000;

export interface RunOptions {
  /** Ask external providers again about parcels they answered before (the cache still answers within its lifetime). */
  force?: boolean;
  runId?: string;
  requestId?: string | null;
  chunkSize?: number;
  onProgress?: (parcelsDone: number) => void;
  /** Publish each batch as enriched, which rescores it; false when the caller scores them itself. Default true. */
  announce?: boolean;
}

export interface RunSummary {
  parcels: number;
  /** Parcels whose fields the offline geography changed. */
  geographyChanged: number;
  /** Calls to each external provider that ran, by outcome. */
  calls: Partial<Record<ExternalProviderName, OutcomeCounts>>;
  seconds: number;
}

/** The scope's parcel ids in id order, one batch at a time, each read in its own short transaction. */
async function* batchesOf(db: Database, tenantId: string, scope: EnrichmentScope, size: number): AsyncGenerator<string[]> {
  const { sql, params } = scopeFilter(scope);
  const n = params.length;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db.withTenant(tenantId, (tx) =>
      tx.query<{ id: string }>(
        `select p.id from parcels p ${sql ? `${sql} and` : 'where'} p.id > $${n + 1} order by p.id limit $${n + 2}`,
        [...params, after, size],
      ),
    );
    if (rows.length > 0) yield rows.map((row) => row.id);
    if (rows.length < size) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * Enriches the parcels of a scope, batch by batch: the offline providers
 * (geography, then signals) in one transaction per batch, then each external
 * provider the installation configured and the tenant enabled. Safe to run
 * again: offline results are recomputed, external answers come from the cache
 * or are skipped once a provider has answered.
 */
export async function runEnrichment(
  deps: EnrichmentDeps,
  tenantId: string,
  scope: EnrichmentScope,
  options: RunOptions = {},
): Promise<RunSummary> {
  const started = Date.now();
  const { settings, budgets } = await deps.db.withTenant(tenantId, async (tx) => ({
    settings: await readProviderSettings(tx),
    budgets: await readEnrichmentSettings(tx),
  }));
  const external = deps.external.filter((provider) => provider.configured && settings[provider.name].enabled);
  const summary: RunSummary = { parcels: 0, geographyChanged: 0, calls: {}, seconds: 0 };
  for await (const parcelIds of batchesOf(deps.db, tenantId, scope, options.chunkSize ?? DEFAULT_CHUNK)) {
    await deps.db.withTenant(tenantId, async (tx) => {
      if (settings.geography.enabled) summary.geographyChanged += await enrichGeography(tx, parcelIds);
      if (settings.signals.enabled) await deriveSignals(tx, parcelIds);
    });
    for (const provider of external) {
      const counts = await enrichFromProvider(
        deps,
        tenantId,
        provider,
        settings[provider.name],
        budgets,
        parcelIds,
        options.force ?? false,
      );
      const total = (summary.calls[provider.name] ??= {});
      for (const [outcome, count] of Object.entries(counts) as [keyof OutcomeCounts, number][])
        total[outcome] = (total[outcome] ?? 0) + count;
    }
    if (options.announce ?? true) {
      await deps.db.withTenant(tenantId, (tx) =>
        publishEvent(tx, {
          type: ENRICHMENT_COMPLETED,
          payload: { runId: options.runId ?? null, parcelIds },
          requestId: options.requestId,
        }),
      );
    }
    summary.parcels += parcelIds.length;
    options.onProgress?.(summary.parcels);
  }
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}
