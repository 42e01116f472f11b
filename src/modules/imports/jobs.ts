import type { Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { runImport } from './run-import.js';
import { IMPORT_QUEUED } from './service.js';

/**
 * Runs a queued import. A worker that dies mid-import leaves whole batches behind;
 * the retry resumes after the last one.
 */
export function runImportJob(db: Database): JobDefinition<{ importId: string }> {
  return {
    name: 'run-import',
    subscribes: [IMPORT_QUEUED],
    batchSize: 1,
    retryLimit: 3,
    retryDelaySeconds: 30,
    expireInSeconds: 6 * 3600,
    handler: async ({ tenantId, data }, { log }) => {
      if (!tenantId) throw new Error('run-import needs a tenant');
      const result = await runImport(db, tenantId, data.importId);
      log.info({ importId: data.importId, ...result }, 'import finished');
    },
  };
}
