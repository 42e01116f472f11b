import { systemActor } from '../../platform/auth/principal.js';
import { isUuid, type Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { ENRICHMENT_COMPLETED, SIGNALS_REDERIVED } from '../enrichment/enrichment-events.js';
import { forEachTenant } from '../tenants/each-tenant.js';
import {
  MODEL_ACTIVATED,
  TRAINING_REQUESTED,
  WEIGHTS_CHANGED,
  refitActiveModel,
  rescoreParcels,
  retrainTenant,
  trainCandidate,
} from './service.js';

/** Rescores the parcels whose signals changed, or all of them when the weights or the active model changed. */
export function rescoreParcelsJob(db: Database): JobDefinition<{ parcelIds?: unknown }> {
  return {
    name: 'rescore-parcels',
    // Enrichment recomputes the signals: each batch it completes carries its parcel ids.
    subscribes: [ENRICHMENT_COMPLETED, WEIGHTS_CHANGED, MODEL_ACTIVATED],
    batchSize: 1,
    retryLimit: 3,
    retryDelaySeconds: 30,
    expireInSeconds: 4 * 3600,
    handler: async ({ tenantId, data }, { log }) => {
      if (!tenantId) throw new Error('rescore-parcels needs a tenant');
      const parcelIds = Array.isArray(data.parcelIds) ? data.parcelIds.filter(isUuid) : 'all';
      const result = await rescoreParcels(db, tenantId, parcelIds);
      log.info(result, 'parcels rescored');
    },
  };
}

/** Trains a candidate model when someone asks for one. */
export function trainModelJob(db: Database): JobDefinition {
  return {
    name: 'train-motivation-model',
    subscribes: [TRAINING_REQUESTED],
    batchSize: 1,
    retryLimit: 1,
    expireInSeconds: 3600,
    handler: async ({ tenantId, requestId }, { log }) => {
      if (!tenantId) throw new Error('train-motivation-model needs a tenant');
      const model = await trainCandidate(db, tenantId, { ...systemActor('model training'), requestId });
      log.info({ modelId: model.id, version: model.version, metrics: { rocAuc: model.metrics.rocAuc } }, 'motivation model trained');
    },
  };
}

/** Learns the active model again once the enrichment derived the tenant's signals again by newer rules. */
export function refitModelJob(db: Database): JobDefinition {
  return {
    name: 'refit-motivation-model',
    subscribes: [SIGNALS_REDERIVED],
    batchSize: 1,
    retryLimit: 1,
    expireInSeconds: 3600,
    handler: async ({ tenantId, requestId }, { log }) => {
      if (!tenantId) throw new Error('refit-motivation-model needs a tenant');
      const result = await refitActiveModel(db, tenantId, { ...systemActor('signals derived again'), requestId });
      log.info({ version: result.model?.version ?? null, reason: result.reason }, 'motivation model refit');
    },
  };
}

/** Weekly (Sunday 04:30 UTC): retrains every tenant whose outcomes changed and activates the new model unless it is worse. */
export function retrainModelsJob(db: Database): JobDefinition {
  return {
    name: 'retrain-motivation-models',
    cron: '30 4 * * 0',
    batchSize: 1,
    retryLimit: 1,
    expireInSeconds: 6 * 3600,
    handler: async (_envelope, { log }) => {
      for (const { tenantId, result, error } of await forEachTenant(db, (tenantId) => retrainTenant(db, tenantId))) {
        if (error) log.error({ err: error, tenantId }, 'motivation model retraining failed');
        else
          log.info(
            { tenantId, version: result!.candidate?.version ?? null, activated: result!.activated, reason: result!.reason },
            'motivation model retraining',
          );
      }
    },
  };
}
