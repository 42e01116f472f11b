import { isUuid, type Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { forEachTenant } from '../tenants/each-tenant.js';
import { ABANDONED_AFTER_HOURS, settleAbandonedCalls } from './enrich-from-provider.js';
import type { EnrichmentDeps } from './enrichment-deps.js';
import { ENRICHMENT_REQUESTED, PARCELS_CHANGED } from './enrichment-events.js';
import type { EnrichmentScope } from './enrichment-scope.js';
import { readEnrichmentSettings } from './provider-settings.js';
import { rederiveOutdatedSignals } from './rederive-signals.js';
import { runEnrichment } from './run-enrichment.js';

export interface EnrichJobData {
  /** The event that queued the job, set by the dispatcher. */
  eventType?: string;
  runId?: string;
  scope?: EnrichmentScope;
  force?: boolean;
  /** PARCELS_CHANGED carries one of these instead of a scope. */
  importId?: string;
  parcelIds?: string[];
}

/** The scope a job payload names; a malformed payload fails the job rather than enriching the wrong parcels. */
function scopeOfJob(data: EnrichJobData): EnrichmentScope {
  const scope: Record<string, unknown> = data.scope ?? (data.importId ? { importId: data.importId } : { parcelIds: data.parcelIds });
  if (typeof scope.importId === 'string' && isUuid(scope.importId)) return { importId: scope.importId };
  if (typeof scope.listId === 'string' && isUuid(scope.listId)) return { listId: scope.listId };
  if (Array.isArray(scope.parcelIds) && scope.parcelIds.every(isUuid)) return { parcelIds: scope.parcelIds };
  if (typeof scope.filter === 'object' && scope.filter !== null) return { filter: scope.filter };
  throw new Error('enrich-parcels needs importId, parcelIds, listId or filter');
}

/**
 * Enriches the parcels an event names: a run someone asked for, or the parcels
 * an import added or changed (only while the tenant's auto-enrich is on).
 * Idempotent: a retried job recomputes offline results and finds external
 * answers done or cached.
 */
export function enrichParcelsJob(deps: EnrichmentDeps): JobDefinition<EnrichJobData> {
  return {
    name: 'enrich-parcels',
    subscribes: [ENRICHMENT_REQUESTED, PARCELS_CHANGED],
    batchSize: 1,
    retryLimit: 3,
    retryDelaySeconds: 60,
    expireInSeconds: ABANDONED_AFTER_HOURS * 3600,
    handler: async ({ tenantId, requestId, data }, { jobId, log }) => {
      if (!tenantId) throw new Error('enrich-parcels needs a tenant');
      const scope = scopeOfJob(data);
      if (data.eventType === PARCELS_CHANGED) {
        const settings = await deps.db.withTenant(tenantId, readEnrichmentSettings);
        if (!settings.autoEnrich) {
          log.info('enrichment after imports is off for this tenant');
          return;
        }
      }
      const runId = data.runId ?? jobId;
      const summary = await runEnrichment(deps, tenantId, scope, { force: data.force ?? false, runId, requestId });
      log.info({ runId, ...summary }, 'enrichment finished');
    },
  };
}

/** Hourly: closes provider-call reservations left by runs that stopped (see settleAbandonedCalls). */
export function settleAbandonedCallsJob(db: Database): JobDefinition {
  return {
    name: 'settle-abandoned-provider-calls',
    cron: '23 * * * *',
    batchSize: 1,
    retryLimit: 1,
    handler: async (_envelope, { log }) => {
      for (const { tenantId, result, error } of await forEachTenant(db, (tenantId) => db.withTenant(tenantId, settleAbandonedCalls))) {
        if (error) log.error({ err: error, tenantId }, 'settling abandoned provider calls failed');
        else if (result) log.warn({ tenantId, calls: result }, 'provider calls whose run stopped were closed; their cost stays counted');
      }
    },
  };
}

/**
 * Every ten minutes: derives again, in every tenant, the signals that older rules
 * derived, and rescores them (see rederiveOutdatedSignals). After an upgrade that
 * changes the rules this does the work once; otherwise it finds nothing to do.
 */
export function rederiveOutdatedSignalsJob(db: Database): JobDefinition {
  return {
    name: 'rederive-outdated-signals',
    cron: '*/10 * * * *',
    batchSize: 1,
    retryLimit: 1,
    expireInSeconds: ABANDONED_AFTER_HOURS * 3600,
    handler: async (_envelope, { log }) => {
      for (const { tenantId, result, error } of await forEachTenant(db, (tenantId) => rederiveOutdatedSignals(db, tenantId))) {
        if (error) log.error({ err: error, tenantId }, 'deriving signals again by the current rules failed');
        else if (result!.parcels > 0) log.info({ tenantId, parcels: result!.parcels }, 'signals derived again by the current rules');
      }
    },
  };
}
