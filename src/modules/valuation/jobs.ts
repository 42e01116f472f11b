import type { Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { forEachTenant } from '../tenants/each-tenant.js';
import { retrainValuationIfStale } from './service.js';

/** Weekly (Sunday 05:00 UTC): relearns the valuation model of every tenant whose sales grew, so values follow the market. */
export function retrainValuationModelsJob(db: Database): JobDefinition {
  return {
    name: 'retrain-valuation-models',
    cron: '0 5 * * 0',
    batchSize: 1,
    retryLimit: 1,
    expireInSeconds: 6 * 3600,
    handler: async (_envelope, { log }) => {
      for (const { tenantId, result, error } of await forEachTenant(db, (tenantId) => retrainValuationIfStale(db, tenantId))) {
        if (error) log.error({ err: error, tenantId }, 'valuation model retraining failed');
        else log.info({ tenantId, version: result!.model?.version ?? null, reason: result!.reason }, 'valuation model retraining');
      }
    },
  };
}
